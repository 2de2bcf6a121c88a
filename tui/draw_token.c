/* Manage's new token (t, then y): the connection it is for, the token
 * whole (the done screen's drawing: draw_done.c), and that the old one
 * no longer works. Leaving asks first, as on the done screen. */
#include "tui.h"
#include "i18n.h"
#include "util.h"
#include <curses.h>

void draw_new_token(const struct wizard *w, const struct tui_look *look)
{
	char line[400];
	int y = LINES >= 20 ? 2 : 1, width = COLS - 6;
	draw_title(look, _("onramp \xc2\xb7 New token"), NULL);
	curs_set(0);
	str_fmt(line, sizeof(line), _("A new API token for %s."), w->new_token_for);
	y += draw_wrapped(y, 3, width, 2, line, look->attr[ROLE_OK]);
	y += draw_wrapped(y, 3, width, 2, _("The old token no longer works: give this one to the applications that used it."),
			  look->attr[ROLE_NORMAL]) + (LINES >= 20);
	draw_token(w, look, y);
	draw_token_keys(w, look);
}
