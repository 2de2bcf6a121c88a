/* draw_conns.c: "Manage connections": the list, then the highlighted
 * connection's syncs and webhooks (draw_sync.c), then the banner of the
 * last action. The list gives up rows first at small sizes, down to one,
 * so the details stay readable at 60x16. Each row names the system with
 * its database or company and user (session/account.h), so two
 * connections to one system can be told apart. */
#include "manage.h"
#include "session/account.h"
#include "tui.h"
#include "utf8.h"
#include "util.h"
#include <curses.h>
#include <string.h>

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

#define ROW_FIXED 24 /* "> " + id (8) + " " + status (12) + " " */
#define URL_MIN 16   /* a URL column narrower than this is left out */

static void row_label(const struct wizard *w, const struct conn *c, char *out, size_t size)
{
	conn_label(c, catalog_find(w->cat, c->system), out, size);
}

/* The SYSTEM column's width: its widest label whole when the URLs keep
 * URL_MIN columns; on a wide screen a very long label gives way to them;
 * on a narrow one (60 columns) the label, which tells connections apart,
 * keeps the room and the URL column is left out. */
static int system_width(const struct wizard *w)
{
	char label[256];
	int need = 6, url = 3, room = COLS - 2 - ROW_FIXED;
	for (size_t i = 0; i < w->conns.n; i++) {
		row_label(w, &w->conns.v[i], label, sizeof(label));
		need = text_width(label) > need ? text_width(label) : need;
		url = text_width(w->conns.v[i].url) > url ? text_width(w->conns.v[i].url) : url;
	}
	if (room - need - 1 >= (url < URL_MIN ? url : URL_MIN))
		return need;
	if (room - URL_MIN - 1 >= 28)
		return room - URL_MIN - 1;
	return need < room ? need : room;
}

/* Columns left for the URL after a SYSTEM column of sysw, 0 when too few. */
static int url_width(int sysw)
{
	int width = COLS - 1 - (1 + ROW_FIXED + sysw + 1);
	return width >= 8 ? width : 0;
}

/* "> id  status  system (database, user)  url", each part cut with an
 * ellipsis where it does not fit. */
static void draw_row(const struct wizard *w, const struct conn *c, int y, int sysw, int attr, bool sel)
{
	char label[256];
	int x = 1 + ROW_FIXED;
	draw_text(y, 1, 2, sel ? ">" : " ", attr);
	draw_text(y, 3, 8, c->id, attr);
	draw_text(y, 12, 12, c->status == CONN_ACTIVE ? _("active") : _("disconnected"), attr);
	row_label(w, c, label, sizeof(label));
	draw_text(y, x, sysw, label, attr);
	draw_text(y, x + sysw + 1, url_width(sysw), c->url, attr);
}

/* text padded to cols display columns (a translation's accents are one
 * column each but two bytes: printf's %-12s would pad short). */
static const char *cell(const char *text, size_t cols, char *out, size_t size)
{
	size_t used, n = utf8_fit(text, strlen(text), cols, &used);
	return str_fmt(out, size, "%.*s%*s", (int)n, text, (int)(cols - used), "");
}

static void draw_rows(const struct wizard *w, const struct tui_look *look, int rows)
{
	size_t first = w->conn_sel >= (size_t)rows ? w->conn_sel - (size_t)rows + 1 : 0;
	int sysw = system_width(w);
	for (size_t i = first; i < w->conns.n && (int)(i - first) < rows; i++) {
		bool sel = i == w->conn_sel;
		int attr = sel ? look->attr[ROLE_SELECTED] : look->attr[ROLE_NORMAL];
		if (sel) { /* the highlight spans the row */
			attron(attr);
			mvhline(3 + (int)(i - first), 1, ' ', COLS - 2);
			attroff(attr);
		}
		draw_row(w, &w->conns.v[i], 3 + (int)(i - first), sysw, attr, sel);
	}
}

void draw_conns(const struct wizard *w, const struct tui_look *look)
{
	char credits[64], line[512], st[64], sy[512];
	int banner_rows = w->banner[0] ? (LINES >= 24 ? 4 : 2) : 0;
	int bottom = LINES - 1 - banner_rows, rows = list_rows(w, bottom);
	str_fmt(credits, sizeof(credits), _("credits in use: %d of %d"), w->credits_used, w->credits_pool);
	draw_title(look, _("onramp \xc2\xb7 Manage connections"), credits);
	str_fmt(line, sizeof(line), "  %-8s %s %s %s", "ID", cell(_("STATUS"), 12, st, sizeof(st)),
		cell(_("SYSTEM"), (size_t)system_width(w), sy, sizeof(sy)), url_width(system_width(w)) ? _("URL") : "");
	draw_text(2, 1, COLS - 2, line, look->attr[ROLE_LABEL]);
	if (!w->conns.n)
		draw_wrapped(4, 3, COLS - 6, 2, _("No connections yet. Go back (Esc) and choose \"Connect a system\"."),
			     look->attr[ROLE_MUTED]);
	draw_rows(w, look, rows);
	draw_manage_detail(w, look, 3 + rows, bottom - 3 - rows);
	conns_banner(w, look, bottom, banner_rows);
	draw_help(look, manage_syncing(w) ? _("Esc stop the sync  \xe2\x86\x91\xe2\x86\x93 move  w webhooks  F1 help")
			: COLS >= 78 ? _("s sync  w webhooks  c check  t new token  d disconnect  n reconnect  p purge  F1 help")
				     : _("s sync  w webhooks  c check  d disconnect  F1 all keys"));
	curs_set(0);
}
