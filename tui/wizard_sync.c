/* wizard_sync.c: the Manage screen's syncs and webhooks (see manage.h):
 * reading the highlighted connection's state from the store, "Sync now"
 * in the one event loop, Esc stopping it, and the webhooks screen's keys. */
#include "manage.h"
#include "i18n.h"
#include "sync/claim.h"
#include "sync/advice.h"
#include "sync/running.h"
#include "timefmt.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct manage_state *state(struct wizard *w)
{
	if (!w->mg)
		w->mg = xcalloc(1, sizeof(*w->mg));
	return w->mg;
}

void manage_set_banner(struct wizard *w, bool ok, const char *msg, const char *hint)
{
	w->banner_ok = ok;
	str_copy(w->banner, sizeof(w->banner), msg);
	str_copy(w->banner_hint, sizeof(w->banner_hint), hint ? hint : "");
	w->dirty = true;
}

/* The server part of an address ("erp.example.com" of
 * "https://erp.example.com:8443/x"), for hints that name it. */
static void host_of(const char *url, char *out, size_t size)
{
	const char *p = strstr(url, "://");
	size_t n;
	p = p ? p + 3 : url;
	n = strcspn(p, "/:?#");
	str_copy(out, size < n + 1 ? size : n + 1, p);
}

static void forget(struct manage_state *m)
{
	if (m->have_wh)
		wh_status_free(&m->wh);
	m->have_wh = m->have_sum = m->have_stats = false;
	m->problem[0] = m->id[0] = 0;
}

static void refresh_cb(void *arg)
{
	struct wizard *w = arg;
	w->mg->refresh_timer = 0;
	if (!w->have_conns)
		return; /* the Manage screen was left */
	if (w->screen == SCR_CONNS || w->screen == SCR_WEBHOOKS) {
		manage_reload(w); /* a connection, sync or delivery by another onramp shows up */
		w->dirty = true;
	} else {
		w->mg->refresh_timer = loop_after(w->loop, MANAGE_REFRESH_MS, refresh_cb, w);
	}
}

void manage_detail_load(struct wizard *w)
{
	struct manage_state *m = state(w);
	const struct conn *c = manage_selected(w);
	struct onr_error err;
	struct db *db;

	forget(m);
	if (m->refresh_timer)
		loop_cancel(w->loop, m->refresh_timer);
	m->refresh_timer = loop_after(w->loop, MANAGE_REFRESH_MS, refresh_cb, w);
	m->loaded = time(NULL);
	if (!c)
		return;
	str_copy(m->id, sizeof(m->id), c->id);
	host_of(c->url ? c->url : "", m->host, sizeof(m->host));
	if (sync_summary(c->id, &m->sum, &err) == 0)
		m->have_sum = true;
	else
		str_copy(m->problem, sizeof(m->problem), err.message);
	if (db_open(&db, &err) != 0) {
		str_copy(m->problem, sizeof(m->problem), err.message);
		return;
	}
	if (wh_status_load(db, c->id, &m->wh, &err) == 0)
		m->have_wh = true;
	else
		str_copy(m->problem, sizeof(m->problem), err.message);
	m->have_stats = db_conn_stats(db, c->id, &m->stats, &err) == 0;
	db_close(db);
}

bool manage_syncing(const struct wizard *w)
{
	return w->mg && w->mg->sync;
}

void manage_run_words(enum run_status st, char *out, size_t size)
{
	str_copy(out, size, run_status_words(st));
}

/* The run's outcome, as its own words say it, in the banner. */
static void outcome_banner(struct wizard *w, const struct db_run *r, const struct onr_error *e)
{
	char msg[256], hint[768], words[48];
	if (r->status == RUN_DONE) {
		str_fmt(msg, sizeof(msg), _("Sync of %s done: %d added, %d updated, %d deleted."), r->conn, r->added,
			r->updated, r->deleted);
		manage_set_banner(w, true, msg, "");
		return;
	}
	/* the error's words may carry server text: cleaned before shown */
	if (e && e->hint[0])
		str_clean(hint, sizeof(hint), e->hint, strlen(e->hint));
	else
		sync_run_advice(r, w->mg->host, hint, sizeof(hint));
	manage_run_words(r->status, words, sizeof(words));
	str_fmt(msg, sizeof(msg), _("Sync of %s %s: "), r->conn, words);
	if (e)
		str_clean(msg + strlen(msg), sizeof(msg) - strlen(msg), e->message, strlen(e->message));
	manage_set_banner(w, false, msg, hint);
}

static void sync_close(struct wizard *w)
{
	struct manage_state *m = w->mg;
	if (m->sync_timer)
		loop_cancel(w->loop, m->sync_timer);
	if (m->end_timer)
		loop_cancel(w->loop, m->end_timer);
	m->sync_timer = m->end_timer = 0;
	sync_free(m->sync); /* a run still going is recorded as stopped */
	m->sync = NULL;
	sync_claim_end(&m->claim);
	if (m->db)
		db_close(m->db);
	m->db = NULL;
}

/* After the run's end: freed from the loop, not from inside its callback. */
static void sync_ended(void *arg)
{
	struct wizard *w = arg;
	struct manage_state *m = w->mg;
	struct db_run r = *sync_run(m->sync);
	const struct onr_error *e = sync_error(m->sync);
	struct onr_error keep;
	if (e)
		keep = *e;
	m->end_timer = 0;
	sync_close(w);
	outcome_banner(w, &r, e ? &keep : NULL);
	manage_detail_load(w);
}

static void on_sync_done(void *arg, struct sync *s)
{
	struct wizard *w = arg;
	(void)s;
	if (!w->mg->end_timer)
		w->mg->end_timer = loop_after(w->loop, 0, sync_ended, w);
}

static void on_sync_page(void *arg, struct sync *s)
{
	(void)s;
	((struct wizard *)arg)->dirty = true;
}

/* While a sync runs the screen is drawn again every 100 ms, for the
 * spinner and the count of orders read. */
static void sync_tick(void *arg)
{
	struct wizard *w = arg;
	w->mg->sync_timer = manage_syncing(w) ? loop_after(w->loop, 100, sync_tick, w) : 0;
	sync_claim_keep(&w->mg->claim, time(NULL));
	w->dirty = true;
}

/* Sync now runs what the schedule would: a full run when the last one is
 * SYNC_FULL_EVERY_S old (so deletions are seen), else the changes. */
static time_t last_full(struct db *db, const char *id)
{
	struct onr_error ignore;
	time_t when = 0;
	db_last_full(db, id, &when, &ignore);
	return when;
}

/* A sync of id running in another onramp: said in the banner, and true
 * (the store could not be asked: false, and sync_start will say why). */
static bool elsewhere(struct wizard *w, struct db *db, const char *id, struct onr_error *err)
{
	bool yes = false;
	time_t since = 0;
	char msg[256], at[32];
	if (sync_running_elsewhere(db, id, &yes, &since, err) != 0 || !yes)
		return false;
	time_clock(since, time(NULL), at, sizeof(at));
	str_fmt(msg, sizeof(msg), _("A sync of %s is running already, since %s, in another onramp."), id, at);
	manage_set_banner(w, false, msg,
			  _("onramp agent, onramp serve or \"onramp sync\" runs it; its result shows "
			  "here when it ends."));
	return true;
}

void manage_sync_now(struct wizard *w)
{
	struct manage_state *m = state(w);
	const struct conn *c = manage_selected(w);
	struct sync_opts o = {.on_page = on_sync_page, .on_done = on_sync_done, .arg = w};
	struct onr_error err;
	long patience;
	char msg[256];

	if (!c)
		return;
	if (m->sync) {
		str_fmt(msg, sizeof(msg), _("A sync of %s is running."), m->sync_id);
		manage_set_banner(w, false, msg, _("Wait for it to end, or press Esc to stop it."));
		return;
	}
	if (m->have_sum && !strcmp(m->id, c->id) && c->status == CONN_ACTIVE && !m->sum.can_sync) {
		manage_set_banner(
			w, false,
			_("onramp can't read purchase orders from this system yet, so there is nothing to sync."),
			_("Only systems with a purchase-order reader sync; c still re-checks this connection."));
		return;
	}
	/* its writes may wait a moment for another onramp's lock, never long */
	patience = store_lock_patience(MANAGE_SYNC_WAIT_MS);
	int rc = db_open(&m->db, &err);
	store_lock_patience(patience);
	if (rc == 0 && elsewhere(w, m->db, c->id, &err)) {
		db_close(m->db);
		m->db = NULL;
		return;
	}
	if (rc == 0 && sync_claim_take(&m->claim, m->db, c->id, &err) != 0) {
		db_close(m->db); /* held by another onramp since the look above */
		m->db = NULL;
		manage_set_banner(w, false, err.message, err.hint);
		return;
	}
	if (rc == 0)
		o.full = time(NULL) - last_full(m->db, c->id) >= SYNC_FULL_EVERY_S;
	if (rc == 0 && (m->sync = sync_start(w->loop, m->db, w->cat, c->id, &o, &err))) {
		str_copy(m->sync_id, sizeof(m->sync_id), c->id);
		m->sync_started_ms = now_ms();
		m->sync_timer = loop_after(w->loop, 100, sync_tick, w);
		w->banner[0] = 0;
		w->dirty = true;
		return;
	}
	sync_claim_end(&m->claim);
	if (rc == 0)
		db_close(m->db);
	m->db = NULL;
	manage_set_banner(w, false, err.message, err.hint);
	manage_detail_load(w); /* a run that could not open the credentials is recorded FAILED */
}

void manage_sync_stop(struct wizard *w)
{
	struct manage_state *m = w->mg;
	struct db_run r;
	char msg[256], hint[256];
	if (!manage_syncing(w))
		return;
	r = *sync_run(m->sync);
	r.status = RUN_CANCELLED;
	sync_run_advice(&r, NULL, hint, sizeof(hint));
	str_fmt(msg, sizeof(msg), _("The sync of %s was stopped."), m->sync_id);
	sync_close(w);
	manage_set_banner(w, false, msg, hint);
	manage_detail_load(w);
}

void manage_detail_free(struct wizard *w)
{
	if (!w->mg)
		return;
	if (w->mg->sync || w->mg->db)
		sync_close(w);
	if (w->mg->refresh_timer)
		loop_cancel(w->loop, w->mg->refresh_timer);
	forget(w->mg);
	free(w->mg);
	w->mg = NULL;
}

void webhooks_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	struct manage_state *m = state(w);
	(void)text;
	(void)len;
	w->dirty = true;
	if (a == ACT_UP && m->wh_top > 0)
		m->wh_top--;
	else if (a == ACT_DOWN && m->wh_top + 1 < m->wh.nep + m->wh.nfail + 2) /* + the two headings */
		m->wh_top++;
	else if (a == ACT_BACK || a == ACT_WEBHOOKS)
		w->screen = SCR_CONNS;
}
