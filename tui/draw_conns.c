/* draw_conns.c: "Manage connections": the list, then the highlighted
 * connection's syncs and webhooks (draw_sync.c), then the banner of the
 * last action. The list gives up rows first at small sizes, down to one,
 * so the details stay readable at 60x16. */
#include "manage.h"
#include "timefmt.h"
#include "tui.h"
#include "utf8.h"
#include "util.h"
#include <curses.h>
#include <string.h>
#include <time.h>

#define DETAIL_MIN_ROWS 6

/* The banner in rows y .. y+rows-1: the message first, the hint after. */
static void conns_banner(const struct wizard *w, const struct tui_look *look, int y, int rows)
{
	int used;
	if (!w->banner[0] || rows <= 0)
		return;
	used = draw_wrapped(y, 3, COLS - 6, rows > 2 ? 2 : 1, w->banner,
			    w->banner_ok ? look->attr[ROLE_OK] : look->attr[ROLE_FAIL]);
	draw_wrapped(y + used, 3, COLS - 6, rows - used, w->banner_hint, look->attr[ROLE_MUTED]);
}

static int list_rows(const struct wizard *w, int bottom)
{
	int room = bottom - 3 - 1 - (w->conns.n ? DETAIL_MIN_ROWS : 0);
	int n = (int)w->conns.n;
	return n < room ? (n ? n : 1) : room > 1 ? room : 1;
}

/* A column of words in the user's language, padded by display columns
 * (printf pads bytes: "déconnectée" would come out two columns short). */
static const char *cell(const char *text, size_t cols, char *out, size_t size)
{
	size_t used, n = utf8_fit(text, strlen(text), cols, &used);
	return str_fmt(out, size, "%.*s%*s", (int)n, text, (int)(cols - used), "");
}

static void draw_rows(const struct wizard *w, const struct tui_look *look, int rows)
{
	char line[512];
	size_t first = w->conn_sel >= (size_t)rows ? w->conn_sel - (size_t)rows + 1 : 0;
	for (size_t i = first; i < w->conns.n && (int)(i - first) < rows; i++) {
		const struct conn *c = &w->conns.v[i];
		char a[16], st[64];
		bool sel = i == w->conn_sel;
		time_span((long)(time(NULL) - c->created), a, sizeof(a));
		str_fmt(line, sizeof(line), "%s %-9s %s %-22.22s %-5s %s", sel ? ">" : " ", c->id,
			cell(c->status == CONN_ACTIVE ? _("active") : _("disconnected"), 13, st, sizeof(st)), c->system,
			a, c->url);
		draw_text(3 + (int)(i - first), 1, COLS - 2, line,
			  sel ? look->attr[ROLE_SELECTED] : look->attr[ROLE_NORMAL]);
	}
}

void draw_conns(const struct wizard *w, const struct tui_look *look)
{
	char credits[64], line[512];
	int banner_rows = w->banner[0] ? (LINES >= 24 ? 4 : 2) : 0;
	int bottom = LINES - 1 - banner_rows, rows = list_rows(w, bottom);
	str_fmt(credits, sizeof(credits), _("credits in use: %d of %d"), w->credits_used, w->credits_pool);
	draw_title(look, _("onramp \xc2\xb7 Manage connections"), credits);
	char st[64], sy[96], age[32];
	/* TRANSLATORS: column headings of Manage connections: STATUS gets 13
	 * columns, SYSTEM 22, AGE 5 */
	str_fmt(line, sizeof(line), "  %-9s %s %s %s %s", "ID", cell(_("STATUS"), 13, st, sizeof(st)),
		cell(_("SYSTEM"), 22, sy, sizeof(sy)), cell(_("AGE"), 5, age, sizeof(age)), _("URL"));
	draw_text(2, 1, COLS - 2, line, look->attr[ROLE_LABEL]);
	if (!w->conns.n)
		draw_wrapped(4, 3, COLS - 6, 2, _("No connections yet. Go back (Esc) and choose \"Connect a system\"."),
			     look->attr[ROLE_MUTED]);
	draw_rows(w, look, rows);
	draw_manage_detail(w, look, 3 + rows, bottom - 3 - rows);
	conns_banner(w, look, bottom, banner_rows);
	draw_help(look, manage_syncing(w) ? _("Esc stop the sync  \xe2\x86\x91\xe2\x86\x93 move  w webhooks  F1 help")
			: COLS >= 78 ? _("s sync  w webhooks  c re-check  d disconnect  n reconnect  p purge  F1 help")
				     : _("s sync  w webhooks  c check  d disconnect  F1 all keys"));
	curs_set(0);
}
