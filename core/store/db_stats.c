/* db_stats.c: a connection's kept records and changes in SQLite (see
 * db_stats.h). */
#include "db_impl.h"
#include "store/db_stats.h"
#include <string.h>

int db_conn_stats(struct db *db, const char *conn, struct db_conn_stats *out, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db,
				  "SELECT (SELECT count(*) FROM records WHERE conn_id=?1 AND deleted_at=0),"
				  " (SELECT count(*) FROM records WHERE conn_id=?1 AND deleted_at<>0),"
				  " (SELECT count(*) FROM history WHERE conn_id=?1)",
				  err);
	int rc;
	memset(out, 0, sizeof(*out));
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->live = (long)sqlite3_column_int64(s, 0);
		out->deleted = (long)sqlite3_column_int64(s, 1);
		out->changes = (long)sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, err);
}
