/* running.c: a sync of the connection running in another onramp (see
 * running.h). */
#include "sync/running.h"
#include <stdlib.h>

int sync_running_elsewhere(struct db *db, const char *id, bool *yes, time_t *since, struct onr_error *err)
{
	struct db_run *v = NULL;
	size_t n = 0;
	int rc = db_begin(db, err);
	*yes = false;
	if (rc == 0 && (rc = db_runs_reap(db, err)) == 0)
		rc = db_commit(db, err);
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	if (db_runs_list(db, id, 1, &v, &n, err) != 0)
		return -1;
	if (n && v[0].status == RUN_SYNCING) {
		*yes = true;
		*since = v[0].started;
	}
	free(v);
	return 0;
}
