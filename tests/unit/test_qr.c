/* Unit tests: the QR code drawing (core/base/qr.c). The drawing is read
 * back into modules and compared with libqrencode's own matrix, so a
 * shifted row, a lost margin or swapped halves fail; sizes are those the
 * research measured (33 x 17 cells for a 33-character address). */
#include "t.h"
#include "qr.h"
#include "qr_dl.h" /* the program loads libqrencode itself; so do we */
#include <stdlib.h>
#include <string.h>

/* Module (x, y) of the drawing, margin included: light? */
static bool drawn_light(const struct qr_art *a, bool ascii, int x, int y)
{
	if (ascii)
		return a->lines[y][2 * x] == '#';
	const char *p = a->lines[y / 2];
	for (int i = 0; i < x; i++) /* one cell: a space, or a 3-byte block */
		p += *p == ' ' ? 1 : 3;
	if (*p == ' ')
		return false;
	if (!strncmp(p, "\xe2\x96\x88", 3))
		return true;
	return y % 2 ? !strncmp(p, "\xe2\x96\x84", 3) : !strncmp(p, "\xe2\x96\x80", 3);
}

static void compare(const char *text, bool ascii)
{
	struct qr_art a;
	CHECK(qr_art_make(text, ascii, &a) == 0); /* loads libqrencode first */
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
	int bad = 0, size = q->width + 2 * QR_MARGIN;
	CHECK(a.cols == (ascii ? 2 * size : size));
	CHECK(a.nlines == (ascii ? size : (size + 1) / 2));
	for (int y = 0; y < (ascii ? size : 2 * a.nlines); y++)
		for (int x = 0; x < size; x++) {
			int mx = x - QR_MARGIN, my = y - QR_MARGIN;
			bool want = mx < 0 || my < 0 || mx >= q->width || my >= q->width ||
				    !(q->data[my * q->width + mx] & 1);
			bad += drawn_light(&a, ascii, x, y) != want;
		}
	if (bad)
		T_FAIL("%s (%s): %d modules differ", text, ascii ? "ascii" : "half blocks", bad);
	qr_art_free(&a);
	QRcode_free(q);
}

static void test_modules(void)
{
	compare("https://microsoft.com/devicelogin", false);
	compare("https://microsoft.com/devicelogin", true);
	compare("http://127.0.0.1:45678/device", false);
	compare("https://example.com/a/much/longer/verification/address?user_code=WDJB-MJHT&x=1", false);
}

static void test_sizes(void)
{
	struct qr_art a;
	CHECK(qr_art_make("https://microsoft.com/devicelogin", false, &a) == 0);
	CHECK(a.cols == 33 && a.nlines == 17); /* 29 modules + 2 x 2 margin */
	qr_art_free(&a);
}

T_SUITE(qr) = {
	{"modules", test_modules},
	{"sizes", test_sizes},
	{0},
};
