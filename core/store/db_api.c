/* db_api.c: the API's reads (see db_api.h). Paging goes by
 * records.seq through the records_by_seq index (SQLite since schema 10;
 * records_seq before it and on PostgreSQL): each page is one index range
 * scan, however many records the connection has. */
#include "db_impl.h"
#include "store/db_api.h"
#include <string.h>

#define REC_COLS "model, remote_id, data, hash, raw_status, last_action, first_seen_at," \
	" last_modified_at, deleted_at, source_modified, seq"

static void row(struct dbq *s, struct rec *r, bool raw)
{
	const char *act = db_text(s, 5);
	memset(r, 0, sizeof(*r));
	r->model = (char *)db_text(s, 0);
	r->remote_id = (char *)db_text(s, 1);
	r->json = (char *)db_text(s, 2);
	str_copy(r->hash, sizeof(r->hash), db_text(s, 3));
	r->raw_status = (char *)db_text(s, 4);
	r->action = !strcmp(act, "added") ? REC_ADDED : !strcmp(act, "deleted") ? REC_DELETED : REC_UPDATED;
	r->first_seen = (time_t)db_int(s, 6);
	r->last_modified = (time_t)db_int(s, 7);
	r->deleted_at = (time_t)db_int(s, 8);
	r->modified = (time_t)db_int(s, 9);
	r->seq = db_int(s, 10);
	if (raw)
		r->raw = (char *)db_text(s, 11);
}

static int rows(struct db *db, struct dbq *s, bool raw, db_rec_fn fn, void *arg, int *n,
		struct onr_error *err)
{
	struct rec r;
	int rc, stop = 0;
	(void)db; /* the statement's handle reports its own failures */
	*n = 0;
	while (!stop && (rc = db_step(s, err)) == 1) {
		row(s, &r, raw);
		(*n)++;
		stop = fn(arg, &r);
	}
	db_end(s);
	return stop || rc == 0 ? 0 : rc;
}

int db_api_page(struct db *db, const struct db_page_q *q, db_rec_fn fn, void *arg,
		struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT " REC_COLS " FROM records WHERE conn_id=?1 AND seq>?2"
		" AND last_modified_at>=?3 AND (?4='' OR {JSON_STATUS}=?4)"
		" AND (?5=1 OR deleted_at=0) ORDER BY seq LIMIT ?6", err);
	int n;
	if (!s)
		return -1;
	db_bind_text(s, 1, q->conn);
	db_bind_int(s, 2, q->after_seq);
	db_bind_int(s, 3, q->modified_after);
	db_bind_text(s, 4, q->status);
	db_bind_int(s, 5, q->include_deleted);
	db_bind_int(s, 6, q->limit);
	return rows(db, s, false, fn, arg, &n, err);
}

int db_api_record(struct db *db, const char *conn, const char *remote_id, db_rec_fn fn, void *arg,
		  struct onr_error *err)
{
	/* by the source's id (the primary key), else by the unified "id";
	 * one record, so the source's record (raw) comes along */
#define RAW_COL ", coalesce((SELECT raw FROM record_raw x WHERE x.conn_id=records.conn_id" \
	" AND x.model=records.model AND x.remote_id=records.remote_id), '')"
	struct dbq *s = db_prep(db, "SELECT " REC_COLS RAW_COL " FROM records WHERE conn_id=?1 AND remote_id=?2"
				" UNION ALL SELECT * FROM (SELECT " REC_COLS RAW_COL " FROM records WHERE conn_id=?1"
				" AND {JSON_ID}=?2 LIMIT 1) AS by_id LIMIT 1", err);
#undef RAW_COL
	int n, rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, remote_id);
	rc = rows(db, s, true, fn, arg, &n, err);
	return rc == 0 && n == 0 ? 1 : rc;
}

int db_api_tune(struct db *db, struct onr_error *err)
{
	/* a long-lived server reads the same hot pages again and again: keep
	 * more of them than SQLite's 2 MiB default (PostgreSQL's server keeps
	 * its own shared buffers) */
	return db_is_pg(db) ? 0 : db_exec(db, "PRAGMA cache_size=-8192", err);
}

void db_api_version(struct db *db, long long v[2])
{
	struct onr_error ignore;
	struct dbq *q;

	if (!db_is_pg(db)) {
		v[0] = db_sqlite_data_version(db, &v[1]);
		return;
	}
	/* every change a page shows goes through history, and every change
	 * of any kind adds an event: their last seqs move with any commit of
	 * any instance that matters here (one index lookup each) */
	v[0] = v[1] = -1;
	if ((q = db_prep_kept(db, DB_STMT_VERSION, "SELECT (SELECT coalesce(max(seq), 0) FROM history),"
			      " (SELECT coalesce(max(seq), 0) FROM events)", &ignore))) {
		if (db_step(q, &ignore) == 1) {
			v[0] = db_int(q, 0);
			v[1] = db_int(q, 1);
		}
		db_end(q);
	}
}
