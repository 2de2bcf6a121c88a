/* running.h: is a sync of a connection running in another onramp (the
 * agent, serve, or `onramp sync`)? Runs left SYNCING by a process that
 * died are reaped first (db_runs_reap), so only a live one counts. A
 * frontend asks before it starts one, so two runs of one connection never
 * read and write side by side. */
#ifndef ONRAMP_SYNC_RUNNING_H
#define ONRAMP_SYNC_RUNNING_H
#include <stdbool.h>
#include "store/db.h"

/* 0 with *yes (and *since, when it started), or -1 with err. */
int sync_running_elsewhere(struct db *db, const char *id, bool *yes, time_t *since, struct onr_error *err);
#endif
