/* The sign-in on another device (RFC 8628, core/net/device_flow.h): the
 * short address as a QR code (core/base/qr.h) with the address and the
 * code always printed beside it, and how long the code lasts. Where the
 * code does not fit (a small window, or ASCII at 80 x 24) only the words
 * show: they are enough to sign in. */
#include "device_flow.h"
#include "qr.h"
#include "tui.h"
#include "util.h"
#include <curses.h>
#include <string.h>

#define TEXT_MIN 30 /* columns the words need beside the code */

/* The QR code at the left when it fits; returns the column the words
 * start at. */
static int draw_qr(const struct device_flow *f, const struct tui_look *look, int top)
{
	struct qr_art art;
	const char *target = f->verification_uri_complete[0] ? f->verification_uri_complete : f->verification_uri;
	int x = 3;
	if (qr_art_make(target, look->ascii, &art) != 0)
		return x;
	if (art.nlines <= LINES - top - 2 && art.cols + TEXT_MIN + 6 <= COLS) {
		for (int i = 0; i < art.nlines; i++)
			mvaddstr(top + i, 2, art.lines[i]); /* the ink in the plain colour: light on dark */
		x = 2 + art.cols + 3;
	}
	qr_art_free(&art);
	return x;
}

void draw_device(const struct wizard *w, const struct tui_look *look)
{
	const struct device_flow *f = session_device(&w->s);
	char title[160], line[200];
	int top = 2, x, width, y;
	str_fmt(title, sizeof(title), "onramp \xc2\xb7 Sign in to %s on your phone", session_system(&w->s)->name);
	draw_title(look, title, NULL);
	curs_set(0);
	if (f->state == DEVICE_ASKING) {
		draw_wrapped(top, 3, COLS - 6, 2, "Asking for a sign-in code ...", look->attr[ROLE_MUTED]);
		draw_help(look, "Esc back");
		return;
	}
	x = draw_qr(f, look, top - 1);
	width = COLS - x - 2;
	y = top;
	y += draw_wrapped(y, x, width, 2, x > 3 ? "1. Scan the code with your phone, or open:" : "1. On your phone, open:",
			  look->attr[ROLE_NORMAL]);
	y += draw_wrapped(y, x + 3, width - 3, 3, f->verification_uri, look->attr[ROLE_SELECTED]) + 1;
	y += draw_wrapped(y, x, width, 2, f->verification_uri_complete[0] ? "2. Check that it shows this code:"
									  : "2. Enter this code:", look->attr[ROLE_NORMAL]);
	draw_text(y++, x + 3, width - 3, f->user_code, look->attr[ROLE_SELECTED] | A_BOLD);
	y++;
	y += draw_wrapped(y, x, width, 2, "3. Sign in there and allow access. onramp goes on by itself.", look->attr[ROLE_NORMAL]);
	y++;
	int left = device_flow_left_s(f);
	str_fmt(line, sizeof(line), "Waiting for the phone: the code lasts %d:%02d more.%s", left / 60, left % 60,
		f->slowed ? " (The provider asked onramp to check less often.)" : "");
	draw_wrapped(y, x, width, 3, line, look->attr[ROLE_MUTED]);
	draw_help(look, "Esc back to the form");
}
