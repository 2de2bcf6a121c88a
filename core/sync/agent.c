/* agent.c: runs the due syncs in the one event loop, several connections
 * at once, each in its own libcurl transfers (see agent.h). */
#include "sync/agent.h"
#include "i18n.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

struct agent {
	struct loop *l;
	struct db *db;
	const struct catalog *cat;
	const struct seal_pass *pass;
	struct sync *running[AGENT_MAX];
	bool ended[AGENT_MAX];
	/* a claimed slot's next due time; 0 for one started on request */
	time_t next[AGENT_MAX];
	long lease_s;
	int sweep_timer;
	agent_fn on_run;
	void *arg;
	long started, failed_to_start;
};

/* A finished sync is freed from the loop, not from inside its own call. */
static void sweep(void *arg)
{
	struct agent *a = arg;
	a->sweep_timer = -1;
	for (int i = 0; i < AGENT_MAX; i++)
		if (a->running[i] && a->ended[i]) {
			sync_free(a->running[i]);
			a->running[i] = NULL;
			a->ended[i] = false;
		}
}

/* Ends the claim of slot i: the next sync is due at its next time. */
static void release(struct agent *a, int i, const char *id)
{
	struct onr_error err;
	if (a->next[i])
		db_claim_release(a->db, id, a->next[i], &err);
	a->next[i] = 0;
}

static void on_done(void *arg, struct sync *s)
{
	struct agent *a = arg;
	for (int i = 0; i < AGENT_MAX; i++)
		if (a->running[i] == s) {
			a->ended[i] = true;
			release(a, i, sync_run(s)->conn);
		}
	if (a->on_run)
		a->on_run(a->arg, s, sync_run(s)->conn, NULL);
	if (a->sweep_timer < 0)
		a->sweep_timer = loop_after(a->l, 0, sweep, a);
}

static int free_slot(const struct agent *a, const char *id)
{
	int slot = -1;
	for (int i = AGENT_MAX - 1; i >= 0; i--) {
		if (a->running[i] && strcmp(sync_run(a->running[i])->conn, id) == 0)
			return -2; /* already syncing here */
		if (!a->running[i])
			slot = i;
	}
	return slot;
}

/* Starts slot's sync of connection id (claimed or asked for). */
static struct sync *launch(struct agent *a, int slot, const char *id, time_t now,
			   struct onr_error *err)
{
	time_t last_full = 0;
	db_last_full(a->db, id, &last_full, err);
	struct sync_opts o = {.full = now - last_full >= SYNC_FULL_EVERY_S, .pass = a->pass,
			      .on_done = on_done, .arg = a};
	a->running[slot] = sync_start(a->l, a->db, a->cat, id, &o, err);
	if (a->running[slot])
		a->started++;
	return a->running[slot];
}

long long agent_start_now(struct agent *a, const char *id, struct onr_error *err)
{
	int slot = free_slot(a, id);
	time_t now = time(NULL);
	struct conn c;
	bool got = false;

	if (slot == -2)
		return 0;
	if (slot < 0) {
		error_set(err, EXIT_API, "sync", "sync.busy", _("Too many syncs are running at once."),
			  _("Try again in a minute."), NULL);
		return -1;
	}
	/* claimed like a due one, so another instance does not run it too;
	 * its next due time stays as it was */
	if (db_conn_get(a->db, id, &c, err) != 0)
		return -1;
	a->next[slot] = c.next_sync ? c.next_sync : now;
	conn_free(&c);
	if (db_claim_one(a->db, id, now, a->lease_s, &got, err) != 0 || !got) {
		a->next[slot] = 0;
		return got || err->exit ? -1 : 0; /* 0: syncing in another instance */
	}
	if (!launch(a, slot, id, now, err)) {
		release(a, slot, id);
		return -1;
	}
	return sync_run(a->running[slot])->id;
}

/* Starts claimed connection id in slot (the claim ends with the run). */
static void start_one(struct agent *a, int slot, const char *id, time_t now)
{
	struct onr_error err;
	struct conn c;
	long every = 0;

	if (db_conn_get(a->db, id, &c, &err) == 0) {
		every = schedule_interval(c.schedule);
		conn_free(&c);
	}
	a->next[slot] = now + (every ? every : 3600);
	if (!launch(a, slot, id, now, &err)) {
		release(a, slot, id);
		a->failed_to_start++;
		if (a->on_run)
			a->on_run(a->arg, NULL, id, &err);
	}
}

/* Keeps the claims of the syncs running here while they run. */
static void renew(struct agent *a, time_t now)
{
	struct onr_error err;
	bool held;
	for (int i = 0; i < AGENT_MAX; i++)
		if (a->running[i] && !a->ended[i] && a->next[i])
			db_claim_renew(a->db, sync_run(a->running[i])->conn, now + a->lease_s, &held, &err);
}

int agent_tick(struct agent *a, struct onr_error *err)
{
	char (*ids)[16];
	size_t n, free_slots = 0;
	time_t now = time(NULL);

	renew(a, now);
	for (int i = 0; i < AGENT_MAX; i++)
		free_slots += !a->running[i];
	if (!free_slots)
		return 0;
	/* claimed in the database first, so no other agent starts them too */
	if (db_claim_due(a->db, now, a->lease_s, free_slots, &ids, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int slot = free_slot(a, ids[i]);
		if (slot >= 0)
			start_one(a, slot, ids[i], now);
		else /* syncing here already (asked for by the API) */
			db_claim_release(a->db, ids[i], now, err);
	}
	free(ids);
	return 0;
}

void agent_set_lease(struct agent *a, long seconds)
{
	a->lease_s = seconds > 0 ? seconds : AGENT_LEASE_S;
}

struct agent *agent_new(struct loop *l, struct db *db, const struct catalog *cat,
			const struct seal_pass *pass, agent_fn on_run, void *arg)
{
	struct agent *a = xcalloc(1, sizeof(*a));
	a->l = l;
	a->db = db;
	a->cat = cat;
	a->pass = pass;
	a->on_run = on_run;
	a->arg = arg;
	a->sweep_timer = -1;
	a->lease_s = AGENT_LEASE_S;
	return a;
}

bool agent_idle(const struct agent *a)
{
	for (int i = 0; i < AGENT_MAX; i++)
		if (a->running[i] && !a->ended[i])
			return false;
	return true;
}

void agent_counts(const struct agent *a, long *started, long *failed_to_start)
{
	*started = a->started;
	*failed_to_start = a->failed_to_start;
}

void agent_free(struct agent *a)
{
	if (!a)
		return;
	if (a->sweep_timer >= 0)
		loop_cancel(a->l, a->sweep_timer);
	for (int i = 0; i < AGENT_MAX; i++) {
		if (a->running[i] && !a->ended[i] && a->next[i]) {
			/* stopped before its end: due again now, for any agent */
			a->next[i] = time(NULL);
			release(a, i, sync_run(a->running[i])->conn);
		}
		sync_free(a->running[i]); /* a running one is recorded as stopped */
	}
	free(a);
}
