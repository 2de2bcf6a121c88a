/* db_outbox.c: a connection's failing deliveries in SQLite (see
 * db_outbox.h). */
#include "db_impl.h"
#include "store/db_outbox.h"
#include <stdlib.h>
#include <string.h>

#define FAILING_SQL                                                                                                    \
	" FROM deliveries d JOIN events e ON e.seq=d.event_seq WHERE e.conn_id=?1"                                     \
	" AND (d.status='failed' OR (d.status='pending' AND d.attempts>0))"

static int count_failing(struct db *db, const char *conn, long *total, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT count(*)" FAILING_SQL, err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	rc = sqlite3_step(s);
	*total = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, err);
}

static void failing_row(sqlite3_stmt *s, struct db_failing *f)
{
	memset(f, 0, sizeof(*f));
	str_copy(f->eid, sizeof(f->eid), db_text(s, 0));
	str_copy(f->type, sizeof(f->type), db_text(s, 1));
	f->at = (time_t)sqlite3_column_int64(s, 2);
	str_copy(f->endpoint, sizeof(f->endpoint), db_text(s, 3));
	f->gave_up = strcmp(db_text(s, 4), "failed") == 0;
	f->attempts = sqlite3_column_int(s, 5);
	f->next_at_ms = sqlite3_column_int64(s, 6);
	f->last_status = sqlite3_column_int(s, 7);
	str_copy(f->last_error, sizeof(f->last_error), db_text(s, 8));
}

int db_failing_list(struct db *db, const char *conn, size_t max, struct db_failing **v, size_t *n, long *total,
		    struct onr_error *err)
{
	sqlite3_stmt *s;
	int rc;

	*v = xcalloc(max ? max : 1, sizeof(**v));
	*n = 0;
	if (count_failing(db, conn, total, err) != 0)
		return -1;
	s = db_prep(db,
		    "SELECT e.eid, e.type, e.at, d.endpoint, d.status, d.attempts, d.next_at,"
		    " d.last_status, d.last_error" FAILING_SQL " ORDER BY e.seq DESC LIMIT ?2",
		    err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	sqlite3_bind_int64(s, 2, (long long)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
		failing_row(s, &(*v)[(*n)++]);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, rc, err);
}
