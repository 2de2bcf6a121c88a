/* qr.h: a QR code of a short address, drawn in terminal cells
 * (libqrencode, loaded on first use by qr_dl.c, makes the modules). Facts behind the choices are in the
 * kiosk research notes (../shared/research/device-flow.md):
 *   - half blocks: one cell is one module wide and two tall, so a 33-char
 *     address (29 modules, margin 2) takes 33 x 17 cells;
 *   - the light modules and the margin are the drawn ink, for light text
 *     on a dark background (a phone reads that code inverted); a margin
 *     of 2 scanned in the research, 1 did not;
 *   - ASCII: "##" per light module, one line per module row (twice as
 *     tall: only where it fits);
 *   - the block characters are East-Asian "ambiguous" width: terminals that
 *     draw them wide break the code, so the address and code are always
 *     printed beside it. */
#ifndef ONRAMP_QR_H
#define ONRAMP_QR_H
#include <stdbool.h>

#define QR_MARGIN 2

struct qr_art {
	char **lines; /* UTF-8 or ASCII, each cols cells wide */
	int nlines, cols;
};

/* The drawing of text's QR code; -1 when it cannot be made (libqrencode
 * missing included). */
int qr_art_make(const char *text, bool ascii, struct qr_art *out);
void qr_art_free(struct qr_art *a);
#endif
