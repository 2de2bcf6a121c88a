/* Success: the connection id, its API token (shown this once) and where it
 * was saved. */
#include "tui.h"
#include "util.h"
#include <curses.h>

void draw_done(const struct wizard *w, const struct tui_look *look)
{
	char line[600];
	int y = 2, width = COLS - 6;
	const struct connect_result *res = session_result(&w->s);
	if (!res)
		return;
	draw_title(look, "onramp \xc2\xb7 Connected", NULL);
	curs_set(0);
	str_fmt(line, sizeof(line), "%s is connected. The credentials are sealed and saved.", session_system(&w->s) ? session_system(&w->s)->name : "The system");
	y += draw_wrapped(y, 3, width, 2, line, look->attr[ROLE_OK]) + 1;
	if (session_probe(&w->s) && !probe_verified(session_probe(&w->s)))
		y += draw_wrapped(y, 3, width, 2, "Note: the server answered, but onramp cannot verify the credentials for this system.", look->attr[ROLE_FAIL]) + 1;
	draw_text(y, 3, 20, "Connection ID:", look->attr[ROLE_LABEL]);
	draw_text(y++, 24, width - 21, res->id, look->attr[ROLE_NORMAL]);
	draw_text(y, 3, 20, "API token:", look->attr[ROLE_LABEL]);
	if (w->o.result_fd >= 0) { /* the caller has it: it goes nowhere else */
		y += draw_wrapped(y, 24, width - 21, 2, "handed to the application that started onramp", look->attr[ROLE_NORMAL]);
	} else {
		draw_text(y++, 24, COLS - 25, res->token.p, look->attr[ROLE_SELECTED]);
		y += draw_wrapped(y, 24, width - 21, 2, "Copy the token now: it is shown only this once.", look->attr[ROLE_MUTED]);
	}
	draw_text(y, 3, 20, "Saved in:", look->attr[ROLE_LABEL]);
	draw_wrapped(y, 24, width - 21, 2, res->where, look->attr[ROLE_NORMAL]);
	draw_help(look, "Enter finish (clears the token from the screen)  q quit");
}
