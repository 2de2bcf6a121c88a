/* summary.c: what a connection's syncs look like, for the Manage screen
 * and anyone else who shows it (see sync.h). */
#include "sync/sync.h"
#include "i18n.h"
#include "data/reader.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

int sync_summary(const char *id, struct sync_summary *out, struct onr_error *err)
{
	struct db *db;
	struct db_run *v = NULL;
	struct conn c;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (db_open(&db, err) != 0)
		return -1;
	if ((rc = db_conn_get(db, id, &c, err)) == 0) {
		str_copy(out->schedule, sizeof(out->schedule), c.schedule);
		str_copy(out->attention, sizeof(out->attention), c.attention);
		out->next_due = c.next_sync;
		out->can_sync = c.status == CONN_ACTIVE && reader_for(c.system) != NULL;
		conn_free(&c);
		rc = db_runs_list(db, id, 1, &v, &n, err);
		if (rc == 0 && n) {
			out->last = v[0];
			out->have_run = true;
		}
		free(v);
	} else if (rc == 1) {
		error_set(err, EXIT_INPUT, "sync", "store.not_found", _("There is no connection with that id."),
			  _("\"onramp list\" shows the connections and their ids."), NULL);
	}
	db_close(db);
	return rc == 0 ? 0 : -1;
}
