/* agent.h: the scheduler. Each tick starts every due connection's sync
 * (at most AGENT_MAX at once) in the caller's event loop. A connection is
 * claimed in the database before it starts (db_claim_due), so two agents,
 * or an agent and `onramp sync --due` from cron, never run it twice. The
 * claim is a lease the agent renews each tick while the sync runs and
 * releases at its end (moving the next due time); when an agent dies, its
 * connections are taken over by another once their leases end. The
 * first sync of a connection, and then one every SYNC_FULL_EVERY_S, is a
 * full run; the others are incremental. */
#ifndef ONRAMP_AGENT_H
#define ONRAMP_AGENT_H
#include "sync/sync.h"

#define AGENT_MAX 8
/* How long a claim lasts without renewal; a tick (AGENT_TICK_MS) renews
 * it, so it must be several ticks long. */
#define AGENT_LEASE_S 120

struct agent;
/* After each run (s set) or failure to start one (s NULL, err set). */
typedef void (*agent_fn)(void *arg, struct sync *s, const char *id, const struct onr_error *err);

struct agent *agent_new(struct loop *l, struct db *db, const struct catalog *cat,
			const struct seal_pass *pass, agent_fn on_run, void *arg);
/* The claims' lease (0: AGENT_LEASE_S); tests take a short one. */
void agent_set_lease(struct agent *a, long seconds);
/* Starts what is due now. */
int agent_tick(struct agent *a, struct onr_error *err);
/* Starts connection id's sync now, due or not (the API's POST /v1/sync):
 * incremental, or full when the last full run is too old. Returns its run
 * id, 0 when it is syncing here already, -1 with err when it cannot start
 * (no free slot: sync.busy). */
long long agent_start_now(struct agent *a, const char *id, struct onr_error *err);
bool agent_idle(const struct agent *a);
void agent_counts(const struct agent *a, long *started, long *failed_to_start);
/* Stops running syncs (recorded CANCELLED: "onramp was stopped"). */
void agent_free(struct agent *a);
#endif
