/* db_stats.h: how much a connection's syncs have kept, beside db.h: its
 * current records (live and marked deleted) and its history's changes, so
 * a screen can show that synced data stays until purge. */
#ifndef ONRAMP_DB_STATS_H
#define ONRAMP_DB_STATS_H
#include "store/db.h"

struct db_conn_stats {
	long live, deleted, changes;
};
int db_conn_stats(struct db *db, const char *conn, struct db_conn_stats *out, struct onr_error *err);
#endif
