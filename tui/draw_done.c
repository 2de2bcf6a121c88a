/* Success: the connection id, its API token (shown this once), where it
 * was saved, and below them the proof that data flows: the first purchase
 * orders read through the new connection (core/data/preview.h). The token
 * comes first and on a line of its own where the screen is narrow, so the
 * preview never pushes it off or cuts it. */
#include "tui.h"
#include "preview_view.h"
#include "sync.h"
#include "util.h"
#include <curses.h>

#define VALUE_X 24 /* where values start, after the labels */

/* The token, whole: beside its label when it fits, else on the next line. */
int draw_token(const struct wizard *w, const struct tui_look *look, int y)
{
	const char *token = wizard_token(w);
	int x = VALUE_X, width = COLS - VALUE_X - 1;
	draw_text(y, 3, 20, _("API token:"), look->attr[ROLE_LABEL]);
	if (!token) /* the caller has it (--result-fd): it goes nowhere else */
		return y + draw_wrapped(y, x, COLS - x - 3, 2, _("handed to the application that started onramp"),
					look->attr[ROLE_NORMAL]);
	if (text_width(token) > width)
		x = 3, width = COLS - 4, y++;
	draw_text(y++, x, width, token, look->attr[ROLE_SELECTED]);
	return y + draw_wrapped(y, x, COLS - x - 3, 2,
				w->copied ? _("Sent to the terminal's clipboard. Not every terminal supports this: paste it "
					    "somewhere to check.")
					  : _("Copy it now (c copies it): it is shown only once."),
				look->attr[w->copied ? ROLE_OK : ROLE_MUTED]);
}

/* The bottom lines: the question before the token goes, or the keys. */
void draw_token_keys(const struct wizard *w, const struct tui_look *look)
{
	if (w->leaving) {
		draw_question(look, _("Have you saved the token? It is not shown again. (y/n)"));
		draw_help(look, _("y yes, clear it  n no, keep it on the screen  F1 help"));
	} else if (!done_token_shown(w)) {
		draw_help(look, w->o.kiosk ? _("Enter finish  F1 help") : _("Enter finish  q quit  F1 help"));
	} else {
		draw_help(look, w->o.kiosk ? _("c copy token  Enter finish (clears the token)  F1 help")
					   : _("c copy token  Enter finish (clears the token)  q quit  F1 help"));
	}
}

/* One order, its cells at fixed columns; the total is right-aligned. */
static void draw_order(const struct data_preview *p, int r, int y, const int cw[PV_COLS], int attr)
{
	char cell[128];
	int x = 5;
	for (int i = 0; i < PV_COLS; i++) {
		const char *text = preview_cell(&p->rows[r], i, cell, sizeof(cell));
		int pad = i == PV_TOTAL ? cw[i] - text_width(text) : 0;
		draw_text(y, x + (pad > 0 ? pad : 0), cw[i], text, attr);
		x += cw[i] + PV_GAP;
	}
}

/* The preview from row y to row last: what was read, or why not. */
static void draw_preview(const struct data_preview *p, const struct tui_look *look, int y, int last)
{
	int width = COLS - 6, cw[PV_COLS];
	if (y > last)
		return;
	if (p->failed && !p->no_reader) {
		y += draw_wrapped(y, 3, width, last - y + 1, p->err.message, look->attr[ROLE_FAIL]);
		draw_wrapped(y, 3, width, last - y + 1, p->err.hint, look->attr[ROLE_MUTED]);
		return;
	}
	y += draw_wrapped(y, 3, width, last - y + 1, preview_status(p),
			  look->attr[p->done && !p->no_reader ? ROLE_OK : ROLE_MUTED]);
	preview_columns(p, width - 2, cw);
	for (int r = 0; r < p->nrows && y <= last; r++)
		draw_order(p, r, y++, cw, look->attr[ROLE_NORMAL]);
}

void draw_done(const struct wizard *w, const struct tui_look *look)
{
	char line[600];
	bool roomy = LINES >= 20; /* below, no blank lines: the preview needs the rows */
	int y = roomy ? 2 : 1, width = COLS - 6;
	const struct connect_result *res = session_result(&w->s);
	const char *sync;
	if (!res)
		return;
	if (w->s.o.invite) { /* the platform has the token: none here */
		draw_done_invite(w, look);
		return;
	}
	draw_title(look, _("onramp \xc2\xb7 Connected"), NULL);
	curs_set(0);
	str_fmt(line, sizeof(line), _("%s is connected; the credentials are sealed."), session_system(&w->s)->name);
	y += draw_wrapped(y, 3, width, 2, line, look->attr[ROLE_OK]);
	/* who signed in, as the server said it ("credentials verified" when it
	 * names no one) */
	if (session_probe(&w->s)) {
		str_fmt(line, sizeof(line), _("Sign-in: %s"), probe_stage(session_probe(&w->s), STAGE_AUTH)->detail);
		y += draw_wrapped(y, 3, width, 1, line, look->attr[ROLE_NORMAL]);
	}
	y += roomy;
	if (session_probe(&w->s) && !probe_verified(session_probe(&w->s)))
		y += draw_wrapped(y, 3, width, 2, _("Note: the server answered, but onramp cannot verify the credentials for this system."), look->attr[ROLE_FAIL]) + roomy;
	draw_text(y, 3, 20, _("Connection ID:"), look->attr[ROLE_LABEL]);
	draw_text(y++, VALUE_X, width - 21, res->id, look->attr[ROLE_NORMAL]);
	y = draw_token(w, look, y);
	draw_text(y, 3, 20, _("Saved in:"), look->attr[ROLE_LABEL]);
	y += draw_wrapped(y, VALUE_X, width - 21, roomy ? 2 : 1, res->where, look->attr[ROLE_NORMAL]) + roomy;
	/* what runs the first sync: the same sentence as connect and line mode */
	sync = schedule_default_sentence(session_system(&w->s)->id);
	if (sync)
		y += draw_wrapped(y, 3, width, 3, sync, look->attr[ROLE_NORMAL]) + roomy;
	if (session_preview(&w->s))
		draw_preview(session_preview(&w->s), look, y, LINES - (w->leaving ? 3 : 2));
	draw_token_keys(w, look);
}
