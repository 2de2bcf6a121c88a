/* draw_webhooks.c: the webhooks screen of the highlighted connection: the
 * endpoints (each gets the events of every connection), then the
 * deliveries of this connection's events that are failing, each with what
 * to do, as core words them (webhooks/wh_status.h). Up/Down scroll by
 * block. */
#include "manage.h"
#include "tui.h"
#include "util.h"
#include <curses.h>
#include <string.h>

/* Block k of the flat list: a heading, an endpoint or a failing delivery.
 * Returns the rows it used (at most rows). */
static int draw_block(const struct wizard *w, const struct tui_look *look, size_t k, int y, int rows)
{
	const struct wh_status *s = &w->mg->wh;
	time_t now = time(NULL);
	struct wh_words words;
	char head[200];
	int used;

	if (k == 0 || k == s->nep + 1) {
		if (k == 0)
			str_copy(head, sizeof(head),
				 s->nep ? _("Endpoints (each gets the events of every connection)")
					: _("No webhook endpoints. To add one: onramp webhooks add URL"));
		else if (!s->total_failing)
			str_fmt(head, sizeof(head), _("No delivery of %s's events is failing."), w->mg->id);
		else
			str_fmt(head, sizeof(head), _("Failing deliveries of %s's events: %ld%s"), w->mg->id,
				s->total_failing, (size_t)s->total_failing > s->nfail ? _(" (the newest shown)") : "");
		return draw_wrapped(y, 2, COLS - 4, rows, head, look->attr[ROLE_LABEL]);
	}
	if (k <= s->nep)
		wh_endpoint_words(&s->ep[k - 1], now, &words);
	else
		wh_failing_words(&s->fail[k - s->nep - 2], now, &words);
	used = draw_wrapped(y, 4, COLS - 6, rows, words.what, look->attr[words.bad ? ROLE_FAIL : ROLE_NORMAL]);
	if (words.todo[0] && used < rows)
		used += draw_wrapped(y + used, 6, COLS - 8, rows - used, words.todo, look->attr[ROLE_MUTED]);
	return used;
}

void draw_webhooks(const struct wizard *w, const struct tui_look *look)
{
	const struct manage_state *m = w->mg;
	char title[96];
	int y = 2, bottom = LINES - 1;

	str_fmt(title, sizeof(title), _("onramp \xc2\xb7 Webhooks of %s"), m ? m->id : "");
	draw_title(look, title, NULL);
	draw_help(look, _("\xe2\x86\x91\xe2\x86\x93 scroll  Esc back  F1 help"));
	curs_set(0);
	if (!m || !m->have_wh) {
		draw_wrapped(y, 2, COLS - 4, 3, m && m->problem[0] ? m->problem : _("The webhooks could not be read."),
			     look->attr[ROLE_FAIL]);
		return;
	}
	for (size_t k = m->wh_top; k < m->wh.nep + m->wh.nfail + 2 && y < bottom; k++) {
		if (k == m->wh.nep + 1 && y > 2)
			y++; /* a blank row before the second heading */
		if (y < bottom)
			y += draw_block(w, look, k, y, bottom - y);
	}
}
