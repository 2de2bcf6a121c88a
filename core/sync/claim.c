/* claim.c: the agent's claim, taken for one sync started by hand (see
 * claim.h). */
#include "sync/claim.h"
#include "i18n.h"
#include "sync/agent.h"
#include "util.h"

int sync_claim_take(struct sync_claim *k, struct db *db, const char *id, struct onr_error *err)
{
	struct conn c;
	time_t now = time(NULL);
	bool active, got = false, dropped = false;

	*k = (struct sync_claim){.db = db, .renewed = now};
	str_copy(k->id, sizeof(k->id), id);
	if (db_conn_get(db, id, &c, err) != 0)
		return 0; /* unknown: sync_start says so in its own words */
	active = c.status == CONN_ACTIVE;
	k->next = c.next_sync;
	conn_free(&c);
	if (!active)
		return 0;
	if (db_claim_one(db, id, now, AGENT_LEASE_S, &got, err) != 0)
		return -1;
	/* held by an onramp of this machine that was killed: not a live sync */
	if (!got && db_claim_drop_dead(db, id, &dropped, err) == 0 && dropped &&
	    db_claim_one(db, id, now, AGENT_LEASE_S, &got, err) != 0)
		return -1;
	if (!got) {
		error_set(err, EXIT_API, "sync", "sync.running_elsewhere",
			  _("This connection is syncing in another onramp."),
			  _("Try again when that sync ends (\"onramp syncs ID\" lists it)."), id);
		return 1;
	}
	k->held = true;
	return 0;
}

void sync_claim_keep(struct sync_claim *k, time_t now)
{
	struct onr_error ignore;
	bool held;
	if (!k->held || now - k->renewed < AGENT_LEASE_S / 3)
		return;
	k->renewed = now;
	db_claim_renew(k->db, k->id, now + AGENT_LEASE_S, &held, &ignore);
}

void sync_claim_end(struct sync_claim *k)
{
	struct onr_error ignore;
	struct conn c;
	time_t next = k->next;
	if (!k->held)
		return;
	/* the run's end moved the due time (sync_record_end): keep that */
	if (db_conn_get(k->db, k->id, &c, &ignore) == 0) {
		next = c.next_sync;
		conn_free(&c);
	}
	db_claim_release(k->db, k->id, next, &ignore);
	k->held = false;
}
