/* The start screen, the connections screen and its confirmation. */
#include "tui.h"
#include "session/account.h"
#include "util.h"
#include <curses.h>
#include <string.h>
#include <time.h>

static void credits_text(const struct wizard *w, char *out, size_t size)
{
	str_fmt(out, size, _("credits in use: %d of %d"), w->credits_used, w->credits_pool);
}

static void draw_banner(const struct wizard *w, const struct tui_look *look, int y)
{
	if (!w->banner[0])
		return;
	y += draw_wrapped(y, 3, COLS - 6, 2, w->banner, w->banner_ok ? look->attr[ROLE_OK] : look->attr[ROLE_FAIL]);
	draw_wrapped(y, 3, COLS - 6, 2, w->banner_hint, look->attr[ROLE_MUTED]);
}

void draw_start(const struct wizard *w, const struct tui_look *look)
{
	static const char *const items[] = {N_("Connect a system"), N_("Manage connections")};
	static const char *const about[] = {
		N_("Pick a business system, type its address and credentials, and watch them checked live. "
		"Or just start typing its name."),
		N_("See your connections; re-check, disconnect, reconnect or delete their history.")};
	char credits[64];
	credits_text(w, credits, sizeof(credits));
	draw_title(look, _("onramp \xc2\xb7 Start"), credits);
	draw_wrapped(2, 3, COLS - 6, 2, _("What would you like to do? Use the arrow keys and press Enter, or type to search."), look->attr[ROLE_NORMAL]);
	for (int i = 0; i < 2; i++) {
		bool sel = w->start_sel == i;
		char line[80];
		str_fmt(line, sizeof(line), "%s %s", sel ? ">" : " ", _(items[i]));
		draw_text(5 + i * 4, 5, COLS - 10, line, sel ? look->attr[ROLE_SELECTED] : look->attr[ROLE_LABEL]);
		draw_wrapped(6 + i * 4, 7, COLS - 12, 2, _(about[i]), look->attr[ROLE_MUTED]);
	}
	draw_banner(w, look, 13);
	draw_help(look, _("\xe2\x86\x91\xe2\x86\x93 choose  Enter open  F3 language  F1 help  Esc quit"));
	move(5 + w->start_sel * 4, 5);
	curs_set(0);
}

/* What a confirmed action does, one "- " line each, from row y. */
static int draw_points(const struct tui_look *look, int y, const char *const *what, size_t n)
{
	char line[300];
	int rows = 0;
	for (size_t i = 0; i < n; i++) {
		str_fmt(line, sizeof(line), "- %s", _(what[i]));
		rows += draw_wrapped(y + rows, 5, COLS - 10, 2, line, look->attr[ROLE_NORMAL]);
	}
	return rows;
}

void draw_confirm(const struct wizard *w, const struct tui_look *look)
{
	const struct conn *c = manage_selected(w);
	char line[600], label[256];
	int y = 3;
	bool rotate = w->confirm == ACT_ROTATE;
	draw_title(look, w->confirm == ACT_DISCONNECT ? _("onramp \xc2\xb7 Disconnect?") : _("onramp \xc2\xb7 Delete history?"), NULL);
	if (rotate)
		draw_title(look, _("onramp \xc2\xb7 New token?"), NULL);
	curs_set(0);
	if (!c)
		return;
	conn_label(c, catalog_find(w->cat, c->system), label, sizeof(label));
	str_fmt(line, sizeof(line), w->confirm == ACT_DISCONNECT ? _("Disconnect %s, %s at %s?")
								  : _("Delete the synced history of %s, %s at %s?"),
		c->id, label, c->url);
	if (rotate)
		str_fmt(line, sizeof(line), _("Make a new API token for %s, %s at %s?"), c->id, label, c->url);
	y += draw_wrapped(y, 3, COLS - 6, 2, line, look->attr[ROLE_LABEL]) + 1;
	if (w->confirm == ACT_DISCONNECT) {
		static const char *const what[] = {
			N_("Its API token stops working at once."),
			N_("Its scheduled syncs stop."),
			N_("Its credits go back to the pool."),
			N_("Its sealed credentials are destroyed."),
			N_("Data already synced is kept until you delete it (purge)."),
			N_("To use the system again later, reconnect: that makes a new connection with a new token.")};
		y += draw_points(look, y, what, sizeof(what) / sizeof(what[0]));
	} else if (rotate) {
		static const char *const what[] = {
			N_("Its current API token stops working at once: applications that use it are refused until they "
			   "have the new one."),
			N_("The connection stays as it is: its credentials, syncs, synced data and credits."),
			N_("The new token is shown once, on the next screen.")};
		y += draw_points(look, y, what, sizeof(what) / sizeof(what[0]));
	} else {
		y += draw_wrapped(y, 5, COLS - 10, 3, _("The data synced through this connection is deleted for good, and the "
				  "connection leaves the list. This cannot be undone."), look->attr[ROLE_NORMAL]);
	}
	draw_help(look, _("y yes, do it  n or Esc no, go back"));
}
