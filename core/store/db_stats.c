/* db_stats.c: a connection's kept records and changes (see
 * db_stats.h). */
#include "db_impl.h"
#include "store/db_stats.h"
#include <string.h>

int db_conn_stats(struct db *db, const char *conn, struct db_conn_stats *out, struct onr_error *err)
{
	struct dbq *s = db_prep(db,
				  "SELECT (SELECT count(*) FROM records WHERE conn_id=?1 AND deleted_at=0),"
				  " (SELECT count(*) FROM records WHERE conn_id=?1 AND deleted_at<>0),"
				  " (SELECT count(*) FROM history WHERE conn_id=?1)",
				  err);
	int rc;
	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	rc = db_step(s, err);
	if (rc == 1) {
		out->live = (long)db_int(s, 0);
		out->deleted = (long)db_int(s, 1);
		out->changes = (long)db_int(s, 2);
	}
	db_end(s);
	return rc == 1 ? 0 : rc;
}
