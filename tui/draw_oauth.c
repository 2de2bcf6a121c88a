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
	if (max_rows < 1)
		max_rows = 1;
	for (size_t at = 0; at < len && rows < max_rows; at += step, rows++) {
		bool cut = rows == max_rows - 1 && at + step < len;
		size_t n = len - at < step ? len - at : step;
		memcpy(piece, url + at, n);
		piece[n] = 0;
		draw_text(y + rows, 3, width, cut ? _("(more: make the window larger)") : piece,
			  cut ? look->attr[ROLE_INVALID] : look->attr[ROLE_SELECTED]);
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
	if (session_form(&w->s)->reveal) {
		str_clean(shown, sizeof(shown), p->p + from, n - from);
	} else { /* the same mask as the form's secret fields */
		const char *dot = look->ascii ? "*" : "\xe2\x80\xa2";
		shown[0] = 0;
		for (size_t i = from; i < n && strlen(shown) + 4 < sizeof(shown); i++)
			strcat(shown, dot);
	}
	draw_text(y, 4, width - 2, shown, look->attr[ROLE_SELECTED]);
	move(y, 4 + text_width(shown));
	curs_set(1);
}

/* Rows the screen needs besides the address: the full layout has steps
 * and blank lines, the compact one (small windows) only what is needed to
 * act, so the whole address still fits at 60 x 16. */
#define FULL_ROWS 11
#define COMPACT_ROWS 7

void draw_authorize(const struct wizard *w, const struct tui_look *look)
{
	const struct oauth_flow *f = session_oauth(&w->s);
	if (!f) { /* the sign-in on another device, or through the platform */
		if (session_device(&w->s))
			draw_device(w, look);
		else if (session_relay(&w->s))
			draw_relay(w, look);
		return;
	}
	int width = COLS - 6, url_rows = (int)((strlen(f->auth_url) + (size_t)width - 1) / (size_t)width);
	bool compact = url_rows + FULL_ROWS > LINES - 1;
	int y = compact ? 1 : 2;
	char title[160];
	str_fmt(title, sizeof(title), _("onramp \xc2\xb7 Sign in to %s"), session_system(&w->s)->name);
	draw_title(look, title, NULL);
	y += draw_wrapped(y, 3, width, 2,
			  compact ? _("Open this address in a browser and allow access:")
				  : _("1. Open this address in a web browser, on this computer or any other:"),
			  look->attr[ROLE_NORMAL]);
	y += draw_address(y, width, LINES - 1 - y - (compact ? COMPACT_ROWS - 1 : FULL_ROWS - 2), f->auth_url, look);
	if (!compact) {
		y++;
		y += draw_wrapped(y, 3, width, 2, _("2. Sign in there and allow access."), look->attr[ROLE_NORMAL]);
	}
	y += draw_wrapped(y, 3, width, 2, f->listen_note, look->attr[ROLE_MUTED]);
	y += draw_wrapped(y, 3, width, 2,
			  compact ? _("Or paste the address the browser ends on, then Enter:")
				  : _("3. Or copy the address the browser ends on (even an error page) and paste it here, then press Enter:"),
			  look->attr[ROLE_NORMAL]);
	if (f->problem[0])
		draw_wrapped(y + 1, 3, width, LINES - 2 - y > 2 ? 2 : 1, f->problem, look->attr[ROLE_INVALID]);
	draw_help(look, session_form(&w->s)->reveal ? _("Enter continue  F2 hide  Ctrl-U clear  Esc back")
					: _("Enter continue  F2 show  Ctrl-U clear  Esc back"));
	draw_paste(y, width, w, look);
}
