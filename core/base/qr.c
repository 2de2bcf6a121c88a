/* qr.c: QR codes as terminal text (qr.h). */
#include "qr.h"
#include "util.h"
#include "qr_dl.h"
#include <stdlib.h>
#include <string.h>

/* Is module (x, y) light? Outside the symbol (the margin) it is. */
static bool light(const QRcode *q, int x, int y)
{
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return true;
	return !(q->data[y * q->width + x] & 1);
}

static char *half_block_line(const QRcode *q, int y, int cols)
{
	static const char *const cell[4] = {" ", "\xe2\x96\x84", "\xe2\x96\x80",
					    "\xe2\x96\x88"}; /* none, lower, upper, full */
	char *line = xmalloc((size_t)cols * 3 + 1), *p = line;
	for (int x = -QR_MARGIN; x < q->width + QR_MARGIN; x++) {
		int c = (light(q, x, y) ? 2 : 0) | (light(q, x, y + 1) ? 1 : 0);
		size_t n = strlen(cell[c]);
		memcpy(p, cell[c], n);
		p += n;
	}
	*p = 0;
	return line;
}

static char *ascii_line(const QRcode *q, int y, int cols)
{
	char *line = xmalloc((size_t)cols + 1);
	for (int x = -QR_MARGIN, i = 0; x < q->width + QR_MARGIN; x++, i += 2)
		line[i] = line[i + 1] = light(q, x, y) ? '#' : ' ';
	line[cols] = 0;
	return line;
}

int qr_art_make(const char *text, bool ascii, struct qr_art *out)
{
	const char *why;
	QRcode *q;
	int rows;
	memset(out, 0, sizeof(*out));
	/* Without libqrencode there is no code; the callers show the address. */
	if (!qr_dl_load(&why) || !(q = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1)))
		return -1;
	rows = q->width + 2 * QR_MARGIN;
	out->cols = ascii ? rows * 2 : rows;
	out->nlines = ascii ? rows : (rows + 1) / 2;
	out->lines = xcalloc((size_t)out->nlines, sizeof(char *));
	for (int i = 0; i < out->nlines; i++)
		out->lines[i] = ascii ? ascii_line(q, i - QR_MARGIN, out->cols)
				      : half_block_line(q, 2 * i - QR_MARGIN, out->cols);
	QRcode_free(q);
	return 0;
}

void qr_art_free(struct qr_art *a)
{
	for (int i = 0; i < a->nlines; i++)
		free(a->lines[i]);
	free(a->lines);
	memset(a, 0, sizeof(*a));
}
