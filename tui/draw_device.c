/* The sign-in on another device (RFC 8628, core/net/device_flow.h): the
 * short address as a QR code (core/base/qr.h) with the address and the
 * code always printed beside it, and how long the code lasts. Where the
 * code does not fit (a small window, or ASCII at 80 x 24) only the words
 * show: they are enough to sign in. */
#include "device_flow.h"
#include "invite.h"
#include "relay_flow.h"
#include "qr.h"
#include "tui.h"
#include "util.h"
#include <curses.h>
#include <string.h>

#define TEXT_MIN 30 /* columns the words need beside the code */

/* The QR code at the left when it fits; returns the column the words
 * start at. */
static int draw_qr(const char *target, const struct tui_look *look, int top)
{
	struct qr_art art;
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
	str_fmt(title, sizeof(title), _("onramp \xc2\xb7 Sign in to %s on your phone"), session_system(&w->s)->name);
	draw_title(look, title, NULL);
	curs_set(0);
	if (f->state == DEVICE_ASKING) {
		draw_wrapped(top, 3, COLS - 6, 2, _("Asking for a sign-in code ..."), look->attr[ROLE_MUTED]);
		draw_help(look, _("Esc back"));
		return;
	}
	x = draw_qr(f->verification_uri_complete[0] ? f->verification_uri_complete : f->verification_uri, look,
		    top - 1);
	width = COLS - x - 2;
	y = top;
	y += draw_wrapped(y, x, width, 2,
			  x > 3 ? _("1. Scan the code with your phone, or open:") : _("1. On your phone, open:"),
			  look->attr[ROLE_NORMAL]);
	y += draw_wrapped(y, x + 3, width - 3, 3, f->verification_uri, look->attr[ROLE_SELECTED]) + 1;
	y += draw_wrapped(y, x, width, 2,
			  f->verification_uri_complete[0] ? _("2. Check that it shows this code:") : _("2. Enter this code:"),
			  look->attr[ROLE_NORMAL]);
	draw_text(y++, x + 3, width - 3, f->user_code, look->attr[ROLE_SELECTED] | A_BOLD);
	y++;
	y += draw_wrapped(y, x, width, 2, _("3. Sign in there and allow access. onramp goes on by itself."),
			  look->attr[ROLE_NORMAL]);
	y++;
	int left = device_flow_left_s(f);
	str_fmt(line, sizeof(line), _("Waiting for the phone: the code lasts %d:%02d more.%s"), left / 60, left % 60,
		f->slowed ? _(" (The provider asked onramp to check less often.)") : "");
	draw_wrapped(y, x, width, 3, line, look->attr[ROLE_MUTED]);
	draw_help(look, _("Esc back to the form"));
}

/* The sign-in through the invite's platform (the relay): the link as a QR
 * code, and each stage as the platform reports it. */
void draw_relay(const struct wizard *w, const struct tui_look *look)
{
	const struct relay_flow *f = session_relay(&w->s);
	const char *platform = w->s.o.invite ? w->s.o.invite->platform : _("the platform");
	const char *done = look->ascii ? "[x] " : "\xe2\x9c\x93 ", *todo = look->ascii ? "[ ] " : "\xc2\xb7 ";
	char title[160], step[3][200];
	int x, width, y = 2;
	str_fmt(title, sizeof(title), _("onramp \xc2\xb7 Sign in to %s on your phone"), session_system(&w->s)->name);
	draw_title(look, title, NULL);
	curs_set(0);
	if (f->state == RELAY_ASKING) {
		draw_wrapped(y, 3, COLS - 6, 2, _("Asking the platform for a sign-in link ..."), look->attr[ROLE_MUTED]);
		draw_help(look, _("Esc back"));
		return;
	}
	x = draw_qr(f->qr, look, 1);
	width = COLS - x - 2;
	if (text_width(f->start) <= width - 2) {
		y += draw_wrapped(y, x, width, 2,
				  x > 3 ? _("Scan the code with your phone, or open:") : _("On your phone, open:"),
				  look->attr[ROLE_NORMAL]);
		draw_text(y++, x + 2, width - 2, f->start, look->attr[ROLE_SELECTED]);
		y++;
	} else { /* a link never breaks: on its own line under the code */
		int below = x > 3 ? LINES - 4 : y;
		y += draw_wrapped(y, x, width, 2,
				  x > 3 ? _("Scan the code with your phone, or open the link below.")
					: _("On your phone, open:"),
				  look->attr[ROLE_NORMAL]) +
		     1;
		draw_text(below, 3, COLS - 4, f->start, look->attr[ROLE_SELECTED]);
		y += x > 3 ? 0 : 2;
	}
	str_fmt(step[0], sizeof(step[0]), _("%sThe phone opens the link"), f->state >= RELAY_OPENED ? done : todo);
	str_fmt(step[1], sizeof(step[1]), _("%sSign in at %s and allow access"), f->state >= RELAY_CHECKING ? done : todo,
		session_system(&w->s)->name);
	str_fmt(step[2], sizeof(step[2]), _("%s%s checks the connection"), f->state >= RELAY_CONNECTED ? done : todo,
		platform);
	for (int i = 0; i < 3; i++)
		y += draw_wrapped(y, x, width, 2, step[i],
				  look->attr[(int)f->state > RELAY_WAITING + i ? ROLE_OK : ROLE_NORMAL]);
	y++;
	draw_wrapped(y, x, width, 3, f->message, look->attr[ROLE_MUTED]);
	draw_help(look, _("Esc back to the form"));
}
