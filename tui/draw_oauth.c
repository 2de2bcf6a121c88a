/* The browser sign-in screen: the address to open, what happens next, and
 * the box for the address the browser ends on. */
#include "oauth_flow.h"
#include "tui.h"
#include "util.h"
#include <curses.h>
#include <string.h>

/* The address in whole-width pieces, no breaks added inside, so it can be
 * copied line by line or with the terminal's selection. */
static int draw_address(int y, int width, int max_rows, const char *url, const struct tui_look *look)
{
	size_t len = strlen(url), step = (size_t)width;
	int rows = 0;
	char piece[512];
	if (step >= sizeof(piece))
		step = sizeof(piece) - 1;
	for (size_t at = 0; at < len && rows < max_rows; at += step, rows++) {
		bool last_row = rows == max_rows - 1 && at + step < len;
		size_t n = len - at < step ? len - at : step;
		memcpy(piece, url + at, n);
		piece[n] = 0;
		draw_text(y + rows, 3, width, last_row ? "(the address goes on: make the window larger to see it all)" : piece,
			  last_row ? look->attr[ROLE_INVALID] : look->attr[ROLE_SELECTED]);
	}
	return rows;
}

/* The pasted text: dots unless revealed; its end when it is wider than
 * the box. */
static void draw_paste(int y, int width, const struct wizard *w, const struct tui_look *look)
{
	const struct secbuf *p = &w->oauth_paste;
	char shown[512];
	size_t n = p->len, from = n > (size_t)width - 1 ? n - ((size_t)width - 1) : 0;
	attron(look->attr[ROLE_SELECTED]);
	mvhline(y, 3, ' ', width);
	attroff(look->attr[ROLE_SELECTED]);
	if (w->form->reveal) {
		str_clean(shown, sizeof(shown), p->p + from, n - from);
	} else {
		size_t dots = n - from < sizeof(shown) - 1 ? n - from : sizeof(shown) - 1;
		memset(shown, look->ascii ? '*' : '.', dots);
		shown[dots] = 0;
	}
	draw_text(y, 4, width - 2, shown, look->attr[ROLE_SELECTED]);
	move(y, 4 + text_width(shown));
	curs_set(1);
}

void draw_authorize(const struct wizard *w, const struct tui_look *look)
{
	const struct oauth_flow *f = w->oauth;
	int y = 2, width = COLS - 6;
	char title[160];
	str_fmt(title, sizeof(title), "onramp \xc2\xb7 Sign in to %s", w->sys->name);
	draw_title(look, title, NULL);
	y += draw_wrapped(y, 3, width, 2, "1. Open this address in a web browser, on this computer or any other:",
			  look->attr[ROLE_NORMAL]);
	y += draw_address(y, width, LINES - 14 > 2 ? LINES - 14 : 2, f->auth_url, look) + 1;
	y += draw_wrapped(y, 3, width, 2, "2. Sign in there and allow access.", look->attr[ROLE_NORMAL]);
	y += draw_wrapped(y, 3, width, 2, f->listen_note, look->attr[ROLE_MUTED]);
	y += draw_wrapped(y, 3, width, 2,
			  "3. Or copy the address the browser ends on (even an error page) and paste it here, then press Enter:",
			  look->attr[ROLE_NORMAL]);
	if (f->problem[0])
		draw_wrapped(y + 1, 3, width, 2, f->problem, look->attr[ROLE_INVALID]);
	draw_help(look, w->form->reveal ? "Enter continue  F2 hide  Ctrl-U clear  Esc back to the form"
					: "Enter continue  F2 show  Ctrl-U clear  Esc back to the form");
	draw_paste(y, width, w, look);
}
