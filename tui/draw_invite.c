/* The done screen of a wizard started from an invite: no token (it goes
 * to the platform's application), only what became of the delivery
 * (core/kiosk/sender.h's words). */
#include "tui.h"
#include "sender.h"
#include <curses.h>

void draw_done_invite(const struct wizard *w, const struct tui_look *look)
{
	struct kiosk_words k;
	int y = 2, width = COLS - 6;
	kiosk_words(&w->s, &k);
	draw_title(look, k.ok ? _("onramp \xc2\xb7 Connected") : _("onramp \xc2\xb7 Checked"), NULL);
	curs_set(0);
	y += draw_wrapped(y, 3, width, 3, k.head, look->attr[k.ok ? ROLE_OK : k.final ? ROLE_FAIL : ROLE_NORMAL]) + 1;
	draw_wrapped(y, 3, width, LINES - y - 2, k.detail, look->attr[ROLE_MUTED]);
	draw_help(look, _("Enter finish"));
}
