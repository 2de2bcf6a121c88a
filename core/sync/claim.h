/* claim.h: a sync started by hand (`onramp sync ID`, Manage's Sync now)
 * takes the same database claim as the agent's, so a second onramp (an
 * agent, serve, or another instance on a shared database) does not run the
 * connection at the same time. The claim is a lease renewed while the run
 * goes on; the connection's next due time stays as it was. */
#ifndef ONRAMP_SYNC_CLAIM_H
#define ONRAMP_SYNC_CLAIM_H
#include <stdbool.h>
#include <time.h>
#include "store/db.h"

struct sync_claim {
	struct db *db;
	char id[16];
	bool held;     /* false: nothing to renew or release */
	time_t next;   /* the due time when it was taken */
	time_t renewed;
};

/* 0 when the caller may start the run (claimed, or a connection that is
 * not active, whose sync_start then says why); 1 with err
 * (sync.running_elsewhere) when another onramp holds it; -1 with err. */
int sync_claim_take(struct sync_claim *k, struct db *db, const char *id, struct onr_error *err);
/* Renews the lease when a third of it has passed (call it often). */
void sync_claim_keep(struct sync_claim *k, time_t now);
/* Ends the claim, if one is held. */
void sync_claim_end(struct sync_claim *k);
#endif
