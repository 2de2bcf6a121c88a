/* db_records.c: synced records, their append-only history and the full
 * run's sweep of deleted ones, in SQLite (see db.h).
 *
 * records holds the current version per (connection, model, remote id);
 * history gets one row per change, with a global seq from AUTOINCREMENT,
 * so seq only ever grows, across connections and purges. An unchanged
 * record (same hash) writes nothing at all: re-reading a source costs
 * reads only. */
#include "db_impl.h"
#include "seal.h"
#include <stdlib.h>
#include <string.h>

const char *rec_action_name(enum rec_action a)
{
	static const char *const names[] = {"none", "added", "updated", "deleted"};
	return a <= REC_DELETED ? names[a] : "none";
}

static enum rec_action action_of(const char *s)
{
	return strcmp(s, "added") == 0 ? REC_ADDED : strcmp(s, "deleted") == 0 ? REC_DELETED : REC_UPDATED;
}

/* A statement prepared once per database handle and reused (a sync writes
 * thousands of records with the same few statements). */
static sqlite3_stmt *cached(struct db *db, int slot, const char *sql, struct onr_error *err)
{
	if (!db->cache[slot]) {
		int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &db->cache[slot],
					    NULL);
		if (rc != SQLITE_OK) {
			db_fail(db, rc, err);
			return NULL;
		}
	}
	sqlite3_reset(db->cache[slot]);
	sqlite3_clear_bindings(db->cache[slot]);
	return db->cache[slot];
}

static int step_done(struct db *db, sqlite3_stmt *s, struct onr_error *err)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, rc, err);
}

int db_seen_reset(struct db *db, const char *conn, struct onr_error *err)
{
	sqlite3_stmt *s;
	/* temp: this handle's own; keyed by connection, because an agent runs
	 * several connections' full runs on one handle at once */
	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS seen(conn_id TEXT, model TEXT, remote_id TEXT,"
		    " PRIMARY KEY(conn_id, model, remote_id)) WITHOUT ROWID", err) != 0 ||
	    !(s = db_prep(db, "DELETE FROM temp.seen WHERE conn_id=?", err)))
		return -1;
	db_bind_text(s, 1, conn);
	return db_run(db, s, err);
}

static int remember_seen(struct db *db, const char *conn, const struct rec *r, struct onr_error *err)
{
	sqlite3_stmt *s = cached(db, DB_STMT_SEEN, "INSERT OR IGNORE INTO temp.seen VALUES(?,?,?)", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	return step_done(db, s, err);
}

/* The stored hash, deletion time and raw_hash; 1 when there is no such
 * record. */
static int stored(struct db *db, const char *conn, const struct rec *r, char hash[65],
		  long long *deleted, char raw_hash[65], struct onr_error *err)
{
	sqlite3_stmt *s = cached(db, DB_STMT_GET, "SELECT hash, deleted_at, raw_hash FROM records WHERE "
				 "conn_id=? AND model=? AND remote_id=?", err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		str_copy(hash, 65, db_text(s, 0));
		*deleted = sqlite3_column_int64(s, 1);
		str_copy(raw_hash, 65, db_text(s, 2));
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : db_fail(db, rc, err);
}

/* The source's record beside the record (schema 3): written when its
 * hash changed, with the hash kept in records. */
static int raw_put(struct db *db, const char *conn, const struct rec *r, const char *raw_hash,
		   struct onr_error *err)
{
	sqlite3_stmt *s = cached(db, DB_STMT_RAW, "INSERT INTO record_raw VALUES(?1,?2,?3,?4)"
				 " ON CONFLICT DO UPDATE SET raw=?4", err);
	sqlite3_stmt *h;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	sqlite3_bind_text(s, 4, r->raw, -1, SQLITE_STATIC); /* used by this step only */
	if (step_done(db, s, err) != 0)
		return -1;
	sqlite3_clear_bindings(s);
	if (!(h = cached(db, DB_STMT_RAW_HASH, "UPDATE records SET raw_hash=?4 WHERE conn_id=?1 AND"
			 " model=?2 AND remote_id=?3", err)))
		return -1;
	db_bind_text(h, 1, conn);
	db_bind_text(h, 2, r->model);
	db_bind_text(h, 3, r->remote_id);
	db_bind_text(h, 4, raw_hash);
	return step_done(db, h, err);
}

static int upsert(struct db *db, const char *conn, const struct rec *r, enum rec_action act,
		  time_t now, long long seq, struct onr_error *err)
{
	sqlite3_stmt *s = cached(db, DB_STMT_PUT,
		"INSERT INTO records(conn_id, model, remote_id, data, hash, raw_status, first_seen_at,"
		" last_modified_at, last_action, deleted_at, source_modified, seq) VALUES(?1,?2,?3,?4,?5,?6,?7,?7,?8,0,?9,?10)"
		" ON CONFLICT(conn_id, model, remote_id) DO UPDATE SET data=?4, hash=?5, raw_status=?6,"
		" last_modified_at=?7, last_action=?8, deleted_at=0, source_modified=?9, seq=?10", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	db_bind_text(s, 4, r->json);
	db_bind_text(s, 5, r->hash);
	db_bind_text(s, 6, r->raw_status);
	sqlite3_bind_int64(s, 7, now);
	db_bind_text(s, 8, rec_action_name(act));
	sqlite3_bind_int64(s, 9, r->modified);
	sqlite3_bind_int64(s, 10, seq);
	return step_done(db, s, err);
}

static int append(struct db *db, const char *conn, long long run, const struct rec *r,
		  enum rec_action act, time_t now, struct onr_error *err)
{
	sqlite3_stmt *s = cached(db, DB_STMT_HIST,
		"INSERT INTO history(conn_id, model, remote_id, action, at, data, hash, raw_status, run_id)"
		" VALUES(?,?,?,?,?,?,?,?,?)", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	db_bind_text(s, 4, rec_action_name(act));
	sqlite3_bind_int64(s, 5, now);
	db_bind_text(s, 6, r->json);
	db_bind_text(s, 7, r->hash);
	db_bind_text(s, 8, r->raw_status);
	sqlite3_bind_int64(s, 9, run);
	return step_done(db, s, err);
}

int db_record_put(struct db *db, const char *conn, long long run, const struct rec *r,
		  time_t now, bool seen, enum rec_action *act, struct onr_error *err)
{
	char hash[65] = "", raw_hash[65] = "", new_raw_hash[65] = "";
	long long deleted = 0;
	bool raw_changed;
	int rc;

	*act = REC_NONE;
	if (seen && remember_seen(db, conn, r, err) != 0)
		return -1;
	if ((rc = stored(db, conn, r, hash, &deleted, raw_hash, err)) < 0)
		return rc;
	if (r->raw && *r->raw)
		seal_hash_hex(r->raw, strlen(r->raw), new_raw_hash);
	/* a source record alone (a field the model does not carry) is kept
	 * current, but it is no change of the order: no history, no event */
	raw_changed = r->raw && strcmp(raw_hash, new_raw_hash) != 0;
	if (rc == 0 && !deleted && strcmp(hash, r->hash) == 0) /* unchanged: nothing to write */
		return raw_changed ? raw_put(db, conn, r, new_raw_hash, err) : 0;
	/* back after a deletion counts as added again; first_seen_at stays */
	*act = rc == 1 || deleted ? REC_ADDED : REC_UPDATED;
	/* history first: its trigger sets records.seq, which for a new record
	 * finds no row yet, so the record is written once, with its seq */
	if (append(db, conn, run, r, *act, now, err) != 0 ||
	    upsert(db, conn, r, *act, now, sqlite3_last_insert_rowid(db->h), err) != 0 ||
	    (raw_changed && raw_put(db, conn, r, new_raw_hash, err) != 0)) {
		*act = REC_NONE;
		return -1;
	}
	return 0;
}

int db_records_sweep(struct db *db, const char *conn, const char *model, long long run,
		     time_t now, int *deleted, struct onr_error *err)
{
#define GONE " FROM records r WHERE conn_id=?1 AND model=?2 AND deleted_at=0 AND NOT EXISTS" \
	" (SELECT 1 FROM temp.seen s WHERE s.conn_id=r.conn_id AND s.model=r.model" \
	" AND s.remote_id=r.remote_id)"
	static const char *const sql[2] = {
		"INSERT INTO history(conn_id, model, remote_id, action, at, data, hash, raw_status, run_id)"
		" SELECT conn_id, model, remote_id, 'deleted', ?3, data, hash, raw_status, ?4" GONE
		" ORDER BY remote_id",
		"UPDATE records SET deleted_at=?3, last_modified_at=?3, last_action='deleted'"
		" WHERE (conn_id, model, remote_id) IN"
		" (SELECT conn_id, model, remote_id" GONE ")",
	};
#undef GONE
	*deleted = 0;
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *s = db_prep(db, sql[i], err);
		if (!s)
			return -1;
		db_bind_text(s, 1, conn);
		db_bind_text(s, 2, model);
		sqlite3_bind_int64(s, 3, now);
		sqlite3_bind_int64(s, 4, run);
		if (db_run(db, s, err) != 0)
			return -1;
		if (i == 0)
			*deleted = sqlite3_changes(db->h);
	}
	return 0;
}

static void rec_from_row(sqlite3_stmt *s, struct rec *r, bool history)
{
	memset(r, 0, sizeof(*r));
	r->model = (char *)db_text(s, 0);
	r->remote_id = (char *)db_text(s, 1);
	r->json = (char *)db_text(s, 2);
	str_copy(r->hash, sizeof(r->hash), db_text(s, 3));
	r->raw_status = (char *)db_text(s, 4);
	r->action = action_of(db_text(s, 5));
	if (history) {
		r->at = (time_t)sqlite3_column_int64(s, 6);
		r->seq = sqlite3_column_int64(s, 7);
	} else {
		r->first_seen = (time_t)sqlite3_column_int64(s, 6);
		r->last_modified = (time_t)sqlite3_column_int64(s, 7);
		r->deleted_at = (time_t)sqlite3_column_int64(s, 8);
		r->modified = (time_t)sqlite3_column_int64(s, 9);
	}
}

/* Calls fn for each row of s (r's strings live until the next row). */
static int each(struct db *db, sqlite3_stmt *s, bool history, db_rec_fn fn, void *arg,
		struct onr_error *err)
{
	struct rec r;
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		rec_from_row(s, &r, history);
		stop = fn(arg, &r);
	}
	sqlite3_finalize(s);
	return stop || rc == SQLITE_DONE ? 0 : db_fail(db, rc, err);
}

int db_records_each(struct db *db, const char *conn, db_rec_fn fn, void *arg, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT model, remote_id, data, hash, raw_status, last_action,"
				  " first_seen_at, last_modified_at, deleted_at, source_modified FROM records"
				  " WHERE conn_id=? ORDER BY model, remote_id", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	return each(db, s, false, fn, arg, err);
}

int db_history_each(struct db *db, const char *conn, long long since_seq, time_t since_time,
		    db_rec_fn fn, void *arg, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT model, remote_id, data, hash, raw_status, action, at, seq"
				  " FROM history WHERE conn_id=? AND seq>? AND at>=? ORDER BY seq", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	sqlite3_bind_int64(s, 2, since_seq);
	sqlite3_bind_int64(s, 3, since_time);
	return each(db, s, true, fn, arg, err);
}
