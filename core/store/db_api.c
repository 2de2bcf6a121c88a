/* db_api.c: the API's reads in SQLite (see db_api.h). Paging goes by
 * records.seq through the records_seq index: each page is one index range
 * scan, however many records the connection has. */
#include "db_impl.h"
#include "store/db_api.h"
#include <string.h>

#define REC_COLS "model, remote_id, data, hash, raw_status, last_action, first_seen_at," \
	" last_modified_at, deleted_at, source_modified, seq"

static void row(sqlite3_stmt *s, struct rec *r)
{
	const char *act = db_text(s, 5);
	memset(r, 0, sizeof(*r));
	r->model = (char *)db_text(s, 0);
	r->remote_id = (char *)db_text(s, 1);
	r->json = (char *)db_text(s, 2);
	str_copy(r->hash, sizeof(r->hash), db_text(s, 3));
	r->raw_status = (char *)db_text(s, 4);
	r->action = !strcmp(act, "added") ? REC_ADDED : !strcmp(act, "deleted") ? REC_DELETED : REC_UPDATED;
	r->first_seen = (time_t)sqlite3_column_int64(s, 6);
	r->last_modified = (time_t)sqlite3_column_int64(s, 7);
	r->deleted_at = (time_t)sqlite3_column_int64(s, 8);
	r->modified = (time_t)sqlite3_column_int64(s, 9);
	r->seq = sqlite3_column_int64(s, 10);
	if (sqlite3_column_count(s) > 11)
		r->raw = (char *)db_text(s, 11);
}

static int rows(struct db *db, sqlite3_stmt *s, db_rec_fn fn, void *arg, int *n,
		struct onr_error *err)
{
	struct rec r;
	int rc, stop = 0;
	*n = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		row(s, &r);
		(*n)++;
		stop = fn(arg, &r);
	}
	sqlite3_finalize(s);
	return stop || rc == SQLITE_DONE ? 0 : db_fail(db, rc, err);
}

int db_api_page(struct db *db, const struct db_page_q *q, db_rec_fn fn, void *arg,
		struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT " REC_COLS " FROM records WHERE conn_id=?1 AND seq>?2"
		" AND last_modified_at>=?3 AND (?4='' OR json_extract(data, '$.status')=?4)"
		" AND (?5 OR deleted_at=0) ORDER BY seq LIMIT ?6", err);
	int n;
	if (!s)
		return -1;
	db_bind_text(s, 1, q->conn);
	sqlite3_bind_int64(s, 2, q->after_seq);
	sqlite3_bind_int64(s, 3, q->modified_after);
	db_bind_text(s, 4, q->status);
	sqlite3_bind_int(s, 5, q->include_deleted);
	sqlite3_bind_int(s, 6, q->limit);
	return rows(db, s, fn, arg, &n, err);
}

int db_api_record(struct db *db, const char *conn, const char *remote_id, db_rec_fn fn, void *arg,
		  struct onr_error *err)
{
	/* by the source's id (the primary key), else by the unified "id";
	 * one record, so the source's record (raw) comes along */
#define RAW_COL ", coalesce((SELECT raw FROM record_raw x WHERE x.conn_id=records.conn_id" \
	" AND x.model=records.model AND x.remote_id=records.remote_id), '')"
	sqlite3_stmt *s = db_prep(db, "SELECT " REC_COLS RAW_COL " FROM records WHERE conn_id=?1 AND remote_id=?2"
				  " UNION ALL SELECT * FROM (SELECT " REC_COLS RAW_COL " FROM records WHERE conn_id=?1"
				  " AND json_extract(data, '$.id')=?2 LIMIT 1) LIMIT 1", err);
#undef RAW_COL
	int n, rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, remote_id);
	rc = rows(db, s, fn, arg, &n, err);
	return rc == 0 && n == 0 ? 1 : rc;
}

int db_api_tune(struct db *db, struct onr_error *err)
{
	/* a long-lived server reads the same hot pages again and again: keep
	 * more of them than SQLite's 2 MiB default */
	return db_exec(db, "PRAGMA cache_size=-8192", err);
}

void db_api_version(struct db *db, long long v[2])
{
	/* data_version moves when another process commits; total_changes when
	 * this handle writes (a sync inside serve). Asked on every request:
	 * the statement is prepared once per handle. */
	sqlite3_stmt *s = db->cache[DB_STMT_VERSION];
	v[0] = -1;
	if (!s && sqlite3_prepare_v3(db->h, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
				     &db->cache[DB_STMT_VERSION], NULL) == SQLITE_OK)
		s = db->cache[DB_STMT_VERSION];
	if (s) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v[0] = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
	}
	v[1] = sqlite3_total_changes64(db->h);
}
