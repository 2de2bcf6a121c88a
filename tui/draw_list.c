/* The first screen: a search field over the list of systems, with a pane
 * saying what the highlighted system needs. */
#include "tui.h"
#include "i18n_text.h"
#include "i18n.h"
#include "data/reader.h"
#include "device_flow.h"
#include "search.h"
#include "util.h"
#include "utf8.h"
#include <curses.h>
#include <string.h>

/* Draws a name with the letters the query matched highlighted. */
static void draw_name(int y, int x, int width, const char *query, const char *name, int attr, int match_attr)
{
	size_t pos[64], npos = query[0] ? search_highlight(query, name, pos, 64) : 0, k = 0;
	int used = 0;
	char one[8];
	bool cut = text_width(name) > width;
	if (cut) /* a long name ends in an ellipsis, never cut silently */
		width--;
	for (size_t i = 0; name[i] && used < width;) {
		size_t n = utf8_next(name, (size_t)-1, i) - i;
		memcpy(one, name + i, n);
		one[n] = 0;
		while (k < npos && pos[k] < i)
			k++;
		if (text_width(one) > width - used)
			break;
		used += draw_text(y, x + used, width - used, one, k < npos && pos[k] == i ? attr | match_attr : attr);
		i += n;
	}
	if (cut)
		draw_text(y, x + used, 1, "\xe2\x80\xa6", attr);
}

static void draw_rows(const struct wizard *w, const struct tui_look *look, int y, int x, int h, int width)
{
	for (int r = 0; r < h && w->top + (size_t)r < w->win.nrows; r++) {
		size_t i = w->top + (size_t)r;
		const struct system *s = &w->cat->systems[w->matches[i]];
		bool sel = i == w->sel;
		int attr = sel ? look->attr[ROLE_SELECTED] : look->attr[ROLE_NORMAL];
		int cat_w = 12, cost_w = width >= 40 ? 5 : 0; /* the cost, where the row has room */
		attron(attr);
		mvhline(y + r, x, ' ', width);
		attroff(attr);
		/* focus is never colour alone: a marker too */
		draw_text(y + r, x, 2, sel ? (look->ascii ? ">" : "\xe2\x96\xb8") : " ", attr);
		draw_name(y + r, x + 2, width - cat_w - cost_w - 3, w->query, s->name, attr, look->attr[ROLE_MATCH]);
		draw_text(y + r, x + width - cat_w - cost_w, cat_w - 1, s->category, sel ? attr : look->attr[ROLE_MUTED]);
		if (cost_w) {
			char cost[16];
			str_fmt(cost, sizeof(cost), _("%d cr"), s->tier);
			draw_text(y + r, x + width - cost_w + 1, cost_w - 1, cost, sel ? attr : look->attr[ROLE_MUTED]);
		}
	}
	if (!w->nmatches)
		draw_wrapped(y, x + 1, width - 2, h, _("No system matches. Try fewer letters, the vendor's name, or Esc to clear the search."), look->attr[ROLE_MUTED]);
}

static void draw_details(const struct wizard *w, const struct system *s, const struct tui_look *look, int y, int x,
			 int h, int width)
{
	char line[256];
	int r = 0;
	if (!s)
		return;
	r += draw_wrapped(y + r, x, width, 2, s->name, look->attr[ROLE_LABEL]);
	str_fmt(line, sizeof(line), NG_("%s \xc2\xb7 %s \xc2\xb7 %d credit", "%s \xc2\xb7 %s \xc2\xb7 %d credits", s->tier), s->vendor, s->category, s->tier);
	r += draw_wrapped(y + r, x, width, 2, line, look->attr[ROLE_MUTED]);
	/* before connecting: can onramp read data from it, or only sign in? */
	str_fmt(line, sizeof(line), _("Reads: %s"), reader_models_words(s->id) ? reader_models_words(s->id) : _("no data yet (sign-in check only)"));
	r += draw_wrapped(y + r, x, width, 2, line, look->attr[ROLE_MUTED]);
	/* where credits first show: what they are */
	str_fmt(line, sizeof(line), _("Credits come from your pool (%d of %d in use) and return when a connection is "
		"disconnected."), w->credits_used, w->credits_pool);
	r += draw_wrapped(y + r, x, width, h > 12 ? 3 : 1, line, look->attr[ROLE_MUTED]);
	r++;
	if (!system_usable(s)) {
		r += draw_wrapped(y + r, x, width, 3, _("Not available yet: onramp cannot sign in to this system yet."), look->attr[ROLE_FAIL]);
		r++;
	}
	if (device_flow_supported(s) && r + 2 < h) /* a kiosk has no browser: this still works there */
		r += draw_wrapped(y + r, x, width, 2, _("Sign in on your phone: a QR code and a short code."), look->attr[ROLE_OK]) + 1;
	if (r < h) {
		draw_text(y + r++, x, width, _("You need:"), look->attr[ROLE_LABEL]);
		r += draw_wrapped(y + r, x, width, h - r, i18n_text(s->needs), look->attr[ROLE_NORMAL]);
	}
	if (r + 1 < h && s->where[0]) {
		r++;
		draw_text(y + r++, x, width, _("Where to find them:"), look->attr[ROLE_LABEL]);
		r += draw_wrapped(y + r, x, width, h - r, i18n_text(s->where), look->attr[ROLE_NORMAL]);
	}
	if (r + 1 < h && !s->probe.verifies_credentials)
		draw_wrapped(y + r + 1, x, width, h - r - 1, _("onramp can check this server, but not the credentials themselves."), look->attr[ROLE_MUTED]);
}

/* A first hit found only by forgiving typing mistakes is not the answer:
 * say so, and offer it (issue 16: ivalua is not Azure Backup). */
static void draw_did_you_mean(const struct wizard *w, const struct tui_look *look)
{
	char line[320];
	str_fmt(line, sizeof(line), _("No exact match for \"%s\"; did you mean %s?"), w->query,
		w->cat->systems[w->matches[0]].name);
	draw_text(LINES - 2, 1, COLS - 2, line, look->attr[ROLE_LABEL]);
}

void draw_list(const struct wizard *w, const struct tui_look *look)
{
	char count[96], title[128];
	int list_w = COLS * 3 / 5, body_h = LINES - 5; /* room for names, category and cost */
	const struct system *sel = wizard_selected(w);

	str_fmt(title, sizeof(title), _("onramp \xc2\xb7 Connect a system"));
	draw_title(look, title, w->category ? w->category : _("All categories"));
	str_fmt(count, sizeof(count), _("%zu of %zu systems"), w->nmatches, w->cat->n);
	draw_text(2, COLS - text_width(count) - 1, text_width(count), count, look->attr[ROLE_MUTED]);
	draw_text(2, 1, 8, _("Search:"), look->attr[ROLE_LABEL]);
	draw_text(2, 9, COLS - text_width(count) - 12, w->query, look->attr[ROLE_NORMAL]);
	draw_box(look, 3, 0, body_h, list_w);
	draw_box(look, 3, list_w, body_h, COLS - list_w);
	draw_rows(w, look, 4, 1, body_h - 2, list_w - 2);
	draw_details(w, sel, look, 4, list_w + 2, body_h - 2, COLS - list_w - 4);
	if (w->list_notice[0]) /* why the chosen system cannot be started */
		draw_text(LINES - 2, 1, COLS - 2, w->list_notice, look->attr[ROLE_FAIL]);
	else if (w->typo_only && sel) /* the same words as `onramp systems` */
		draw_did_you_mean(w, look);
	draw_help(look, w->o.kiosk ? _("Type to search  \xe2\x86\x91\xe2\x86\x93 move  Enter choose  Tab category  F1 help  Esc clear")
				   : _("Type to search  \xe2\x86\x91\xe2\x86\x93 move  Enter choose  Tab category  F1 help  Esc back"));
	/* the cursor sits where typing goes */
	move(2, 9 + text_width(w->query));
	curs_set(1);
}
