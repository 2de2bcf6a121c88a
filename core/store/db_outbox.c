/* db_outbox.c: a connection's failing deliveries (see
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
	struct dbq *s = db_prep(db, "SELECT count(*)" FAILING_SQL, err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	rc = db_step(s, err);
	*total = rc == 1 ? (long)db_int(s, 0) : 0;
	db_end(s);
	return rc == 1 ? 0 : rc;
}

static void failing_row(struct dbq *s, struct db_failing *f)
{
	memset(f, 0, sizeof(*f));
	str_copy(f->eid, sizeof(f->eid), db_text(s, 0));
	str_copy(f->type, sizeof(f->type), db_text(s, 1));
	f->at = (time_t)db_int(s, 2);
	str_copy(f->endpoint, sizeof(f->endpoint), db_text(s, 3));
	f->gave_up = strcmp(db_text(s, 4), "failed") == 0;
	f->attempts = (int)db_int(s, 5);
	f->next_at_ms = db_int(s, 6);
	f->last_status = (int)db_int(s, 7);
	str_copy(f->last_error, sizeof(f->last_error), db_text(s, 8));
}

int db_failing_list(struct db *db, const char *conn, size_t max, struct db_failing **v, size_t *n, long *total,
		    struct onr_error *err)
{
	struct dbq *s;
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
	db_bind_int(s, 2, (long long)max);
	while ((rc = db_step(s, err)) == 1 && *n < max)
		failing_row(s, &(*v)[(*n)++]);
	db_end(s);
	return rc == 0 || rc == 1 ? 0 : rc;
}
