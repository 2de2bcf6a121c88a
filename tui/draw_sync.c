/* draw_sync.c: under the Manage screen's list, the highlighted
 * connection's syncs and webhooks (manage.h): the last run (when, result,
 * counts, or its error and what to do), the next due time from its
 * schedule, a running "Sync now" with its progress, and one line about
 * its webhooks. Every word comes from the store or the running sync. */
#include "manage.h"
#include "sync/advice.h"
#include "timefmt.h"
#include "tui.h"
#include "utf8.h"
#include "util.h"
#include <curses.h>
#include <string.h>
#include <time.h>

#define LABEL_X 2
#define LABEL_W 10  /* at least; as wide as the longest label of this screen */
#define TEXT_MIN 30 /* the texts keep this much beside the labels, else labels go above them */

/* One labelled item; text wraps under itself. */
struct item {
	const char *label;
	char text[800];
	int role;
	bool optional; /* left out first when the rows run short */
	bool skip;
};

struct items {
	struct item v[10];
	int n;
};

static struct item *add(struct items *it, const char *label, int role)
{
	struct item *i = &it->v[it->n < 10 ? it->n++ : 9];
	i->label = label;
	i->role = role;
	i->text[0] = 0;
	i->optional = i->skip = false;
	return i;
}

static void run_line(const struct db_run *r, time_t now, char *out, size_t size)
{
	char ago[16], words[48];
	time_span((long)(now - (r->finished ? r->finished : r->started)), ago, sizeof(ago));
	manage_run_words(r->status, words, sizeof(words));
	str_fmt(out, size, _("%s ago, %s: %d added, %d updated, %d deleted%s"), ago, words, r->added, r->updated,
		r->deleted, r->full && COLS >= 70 ? _(" (full run)") : "");
}

static void last_items(const struct manage_state *m, time_t now, struct items *it)
{
	const struct db_run *r = &m->sum.last;
	struct item *i;
	if (!m->sum.have_run) {
		str_copy(add(it, _("Last sync"), ROLE_MUTED)->text, sizeof(it->v[0].text), _("never"));
		return;
	}
	i = add(it, _("Last sync"), r->status == RUN_DONE ? ROLE_OK : r->status == RUN_SYNCING ? ROLE_NORMAL : ROLE_FAIL);
	if (r->status == RUN_SYNCING) {
		char at[32];
		time_clock(r->started, now, at, sizeof(at));
		str_fmt(i->text, sizeof(i->text), _("running since %s (onramp agent, serve or another onramp)"), at);
		return;
	}
	run_line(r, now, i->text, sizeof(i->text));
	/* a refused sign-in: the Attention line says it, with what to do */
	if (r->status == RUN_DONE || (m->sum.attention[0] && !strcmp(m->sum.attention, r->error_message)))
		return;
	if (r->error_message[0]) {
		i = add(it, "", ROLE_FAIL);
		str_clean(i->text, sizeof(i->text), r->error_message, strlen(r->error_message));
	}
	i = add(it, "", ROLE_MUTED);
	i->optional = true;
	/* a stopped run needs nothing done: its words only say what was kept */
	str_copy(i->text, sizeof(i->text), r->status == RUN_CANCELLED ? "" : _("What to do: "));
	sync_run_advice(r, m->host, i->text + strlen(i->text), sizeof(i->text) - strlen(i->text));
}

static void next_items(const struct conn *c, const struct manage_state *m, time_t now, struct items *it)
{
	struct item *i = add(it, _("Next due"), ROLE_NORMAL);
	char at[32], in[16];
	if (c->status != CONN_ACTIVE) {
		str_fmt(i->text, sizeof(i->text),
			_("none: it is disconnected, so it no longer syncs. Its history stays "
			"readable (onramp history %s)."),
			c->id);
		i->role = ROLE_MUTED;
	} else if (!m->sum.can_sync) {
		str_copy(i->text, sizeof(i->text), _("none: onramp can't read purchase orders from this system yet."));
		i->role = ROLE_MUTED;
	} else if (!m->sum.schedule[0] || !m->sum.next_due) {
		str_fmt(i->text, sizeof(i->text), _("no schedule; s syncs now, or: onramp schedule %s every hourly"),
			c->id);
		i->role = ROLE_MUTED;
	} else if (m->sum.next_due > now) {
		time_clock(m->sum.next_due, now, at, sizeof(at));
		time_span((long)(m->sum.next_due - now), in, sizeof(in));
		str_fmt(i->text, sizeof(i->text), _("%s (in %s; %s)"), at, in, m->sum.schedule);
	} else {
		time_clock(m->sum.next_due, now, at, sizeof(at));
		str_fmt(i->text, sizeof(i->text),
			_("since %s (%s): it runs when onramp agent, serve or "
			"\"sync --due\" runs; s syncs now"),
			at, m->sum.schedule);
	}
	if (m->sum.attention[0]) {
		i = add(it, _("Attention"), ROLE_FAIL);
		str_clean(i->text, sizeof(i->text), m->sum.attention, strlen(m->sum.attention));
		i = add(it, "", ROLE_MUTED);
		str_copy(i->text, sizeof(i->text),
			 _("What to do: fix the sign-in in the system, then s syncs again "
			 "(a good sync clears this); or n reconnects with new credentials."));
	}
}

static void running_item(const struct manage_state *m, const struct tui_look *look, struct items *it)
{
	const struct db_run *r = sync_run(m->sync);
	long long ms = look->now - m->sync_started_ms;
	static const char *const dots[] = {".  ", ".. ", "...", " ..", "  .", "   "};
	struct item *i = add(it, _("Syncing"), ROLE_OK);
	str_fmt(i->text, sizeof(i->text), _("%s %ld orders read, %d pages saved (%lld s). Esc stops it."),
		dots[(look->now / 200) % 6], sync_records(m->sync), r->pages, ms / 1000);
}

static void webhook_item(const struct manage_state *m, struct items *it)
{
	const struct wh_status *s = &m->wh;
	struct item *i = add(it, _("Webhooks"), ROLE_NORMAL);
	if (!s->nep) {
		str_copy(i->text, sizeof(i->text), _("none; to add one: onramp webhooks add URL"));
		i->role = ROLE_MUTED;
		return;
	}
	str_fmt(i->text, sizeof(i->text), NG_("%zu endpoint", "%zu endpoints", s->nep), s->nep);
	if (s->endpoints_failing)
		str_fmt(i->text + strlen(i->text), sizeof(i->text) - strlen(i->text), _(" (%ld failing or disabled)"),
			s->endpoints_failing);
	if (s->total_failing)
		str_fmt(i->text + strlen(i->text), sizeof(i->text) - strlen(i->text),
			NG_("; %ld delivery of this connection failing", "; %ld deliveries of this connection failing",
			    s->total_failing), s->total_failing);
	else
		str_fmt(i->text + strlen(i->text), sizeof(i->text) - strlen(i->text),
			_("; none of this connection failing"));
	str_fmt(i->text + strlen(i->text), sizeof(i->text) - strlen(i->text), _(". w shows them."));
	if (s->endpoints_failing || s->total_failing)
		i->role = ROLE_FAIL;
}

/* What the syncs kept: it stays until purge, disconnected or not. */
static void kept_item(const struct conn *c, const struct manage_state *m, struct items *it)
{
	const struct db_conn_stats *st = &m->stats;
	struct item *i;
	if (!st->live && !st->deleted && !st->changes)
		return;
	char orders[64], changes[64];
	i = add(it, _("Kept"), ROLE_NORMAL);
	i->optional = true;
	str_fmt(orders, sizeof(orders), NG_("%ld order", "%ld orders", st->live), st->live);
	str_fmt(changes, sizeof(changes), NG_("%ld change", "%ld changes", st->changes), st->changes);
	str_fmt(i->text, sizeof(i->text),
		_("%1$s (%2$ld marked deleted), %3$s in the history; onramp history %4$s shows them%5$s"),
		orders, st->deleted, changes, c->id, c->status == CONN_ACTIVE ? "" : _(". p deletes them"));
}

/* The user's yes to plain http, said plainly: the password crosses the
 * network unencrypted to that address on every re-check and sync. */
static void plain_item(const struct conn *c, struct items *it)
{
	char day[32];
	struct tm tm;
	const char *addr = c->plain_http, *sep;
	if (!addr || !*addr)
		return;
	if ((sep = strstr(addr, "://")) != NULL)
		addr = sep + 3;
	time_t at = c->plain_http_at;
	if (!localtime_r(&at, &tm) || !strftime(day, sizeof(day), "%Y-%m-%d", &tm))
		str_copy(day, sizeof(day), "?");
	struct item *i = add(it, _("Unencrypted"), ROLE_FAIL);
	str_fmt(i->text, sizeof(i->text), _("Sends the password unencrypted to %s (you allowed this on %s)."), addr,
		day);
}

/* The line over the details: which connection, and how old it is (the
 * list's rows leave its age out to make room for the account). */
static void rule(const struct conn *c, const struct tui_look *look, int y)
{
	char head[160], age[16];
	const char *hz = look->ascii ? "-" : "\xe2\x94\x80";
	time_span((long)(time(NULL) - c->created), age, sizeof(age));
	str_fmt(head, sizeof(head), _(" %1$s \xc2\xb7 %2$s \xc2\xb7 connected %3$s ago "), c->id, c->system, age);
	for (int x = 1; x < COLS - 1; x++)
		draw_text(y, x, 1, hz, look->attr[ROLE_BORDER]);
	draw_text(y, 3, COLS - 6, head, look->attr[ROLE_LABEL]);
}

/* Rows an item takes, wrapped to width: "drawn" below the last line,
 * where draw_wrapped counts rows but nothing reaches the screen; a label
 * above its text takes a row of its own. */
static int measure(const struct item *i, int width, bool above)
{
	return draw_wrapped(LINES, 0, width, 100, i->text, 0) + (above && *i->label);
}

/* Leaves out optional items, the last first, until the rest fit. */
static void fit(struct items *it, int width, bool above, int rows)
{
	int total = 0;
	for (int k = 0; k < it->n; k++)
		total += measure(&it->v[k], width, above);
	for (int k = it->n - 1; k >= 0 && total > rows; k--)
		if (it->v[k].optional) {
			total -= measure(&it->v[k], width, above);
			it->v[k].skip = true;
		}
}

/* The label column: as wide as the longest label ("Dernière
 * synchronisation" is wider than "Last sync"), so no label is ever cut.
 * When that leaves the texts less than TEXT_MIN columns, the labels go
 * on a row of their own above their texts instead (returns 0). */
static int label_width(const struct items *it)
{
	int lw = LABEL_W;
	for (int k = 0; k < it->n; k++) {
		int need = (int)utf8_width(it->v[k].label, strlen(it->v[k].label)) + 1;
		lw = need > lw ? need : lw;
	}
	return COLS - LABEL_X - lw - 1 >= TEXT_MIN ? lw : 0;
}

int draw_manage_detail(const struct wizard *w, const struct tui_look *look, int y, int rows)
{
	const struct manage_state *m = w->mg;
	const struct conn *c = manage_selected(w);
	struct items it = {.n = 0};
	time_t now = time(NULL);
	int used = 1, x, lw;
	bool ours;

	if (!c || !m || rows < 2 || strcmp(m->id, c->id) != 0)
		return 0;
	rule(c, look, y);
	ours = m->sync && !strcmp(m->sync_id, c->id);
	if (ours)
		running_item(m, look, &it);
	/* while our sync runs, the store's SYNCING run is that sync */
	plain_item(c, &it);
	if (m->have_sum && !(ours && m->sum.have_run && m->sum.last.status == RUN_SYNCING))
		last_items(m, now, &it);
	if (m->have_sum)
		next_items(c, m, now, &it);
	if (m->have_wh)
		webhook_item(m, &it);
	if (m->have_stats)
		kept_item(c, m, &it);
	if (m->problem[0])
		str_copy(add(&it, _("Store"), ROLE_FAIL)->text, sizeof(it.v[0].text), m->problem);
	lw = label_width(&it);
	x = lw ? LABEL_X + lw : LABEL_X + 2;
	fit(&it, COLS - x - 1, !lw, rows - 1);
	for (int k = 0; k < it.n && used < rows; k++) {
		if (it.v[k].skip)
			continue;
		if (!lw && *it.v[k].label) /* above its text */
			draw_text(y + used++, LABEL_X, COLS - LABEL_X - 1, it.v[k].label, look->attr[ROLE_LABEL]);
		else if (lw)
			draw_text(y + used, LABEL_X, lw - 1, it.v[k].label, look->attr[ROLE_LABEL]);
		if (used < rows)
			used += draw_wrapped(y + used, x, COLS - x - 1, rows - used, it.v[k].text,
					     look->attr[it.v[k].role]);
	}
	return used;
}
