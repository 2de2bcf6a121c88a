/* agent.c: runs the due syncs in the one event loop, several connections
 * at once, each in its own libcurl transfers (see agent.h). */
#include "sync/agent.h"
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

static void on_done(void *arg, struct sync *s)
{
	struct agent *a = arg;
	for (int i = 0; i < AGENT_MAX; i++)
		if (a->running[i] == s)
			a->ended[i] = true;
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
	if (slot == -2)
		return 0;
	if (slot < 0) {
		error_set(err, EXIT_API, "sync", "sync.busy", "Too many syncs are running at once.",
			  "Try again in a minute.", NULL);
		return -1;
	}
	return launch(a, slot, id, time(NULL), err) ? sync_run(a->running[slot])->id : -1;
}

/* Claims connection id (so no other agent starts it too) and starts it. */
static void start_one(struct agent *a, const char *id, time_t now)
{
	struct onr_error err;
	struct conn c;
	bool got = false;
	int slot = free_slot(a, id);

	if (slot < 0 || db_conn_get(a->db, id, &c, &err) != 0)
		return;
	long every = schedule_interval(c.schedule);
	conn_free(&c);
	if (db_claim_due(a->db, id, now, now + (every ? every : 3600), &got, &err) != 0 || !got)
		return;
	if (!launch(a, slot, id, now, &err) && a->on_run) {
		a->failed_to_start++;
		a->on_run(a->arg, NULL, id, &err);
	}
}

int agent_tick(struct agent *a, struct onr_error *err)
{
	char (*ids)[16];
	size_t n;
	time_t now = time(NULL);

	if (db_due(a->db, now, &ids, &n, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		start_one(a, ids[i], now);
	free(ids);
	return 0;
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
	for (int i = 0; i < AGENT_MAX; i++)
		sync_free(a->running[i]); /* a running one is recorded as stopped */
	free(a);
}
