/* db_records.c: synced records, their append-only history and the full
 * run's sweep of deleted ones, (see db.h).
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
static struct dbq *cached(struct db *db, int slot, const char *sql, struct onr_error *err)
{
	return db_prep_kept(db, slot, sql, err);
}

static int step_done(struct db *db, struct dbq *s, struct onr_error *err)
{
	return db_run(db, s, err);
}

int db_seen_reset(struct db *db, const char *conn, struct onr_error *err)
{
	struct dbq *s;
	/* temp: this handle's own; keyed by connection, because an agent runs
	 * several connections' full runs on one handle at once */
	if (db_exec(db, db_is_pg(db) ? "CREATE TEMP TABLE IF NOT EXISTS seen(conn_id TEXT, model TEXT,"
		    " remote_id TEXT, PRIMARY KEY(conn_id, model, remote_id))"
		    : "CREATE TEMP TABLE IF NOT EXISTS seen(conn_id TEXT, model TEXT, remote_id TEXT,"
		    " PRIMARY KEY(conn_id, model, remote_id)) WITHOUT ROWID", err) != 0 ||
	    !(s = db_prep(db, "DELETE FROM {TEMP}seen WHERE conn_id=?", err)))
		return -1;
	db_bind_text(s, 1, conn);
	return db_run(db, s, err);
}

/* A sync's transaction writes ~20 MB (2,000 orders): with SQLite's 2 MiB
 * cache the indexes' pages were spilled and read back within it. And a
 * WAL checkpointed every 1,000 pages (16 MiB) copied the same index pages
 * again after every commit; 4,096 (64 MiB) copies most of them once. The
 * WAL file is cut back to 16 MiB after a checkpoint. Peak RSS of an
 * initial sync of 100,000 orders: 43 MiB before, 50 MiB with it (goal 64). */
int db_records_tune(struct db *db, struct onr_error *err)
{
	if (db_is_pg(db))
		return 0;
	return db_exec(db, "PRAGMA cache_size=-16384; PRAGMA wal_autocheckpoint=4096;"
		       " PRAGMA journal_size_limit=16777216", err);
}

int db_records_live(struct db *db, const char *conn, const char *model, bool *any, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT count(*) FROM (SELECT 1 FROM records WHERE conn_id=?1 AND model=?2"
				  " AND deleted_at=0 LIMIT 1) AS one", err);
	long long n = 0;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, model);
	if (db_scalar(s, &n, err) != 0)
		return -1;
	*any = n > 0;
	return 0;
}

static int remember_seen(struct db *db, const char *conn, const struct rec *r, struct onr_error *err)
{
	struct dbq *s = cached(db, DB_STMT_SEEN, "INSERT INTO {TEMP}seen VALUES(?,?,?) ON CONFLICT DO NOTHING", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	return step_done(db, s, err);
}

/* The stored hash, deletion time, raw_hash and src_hash; 1 when there is no such
 * record. */
static int stored(struct db *db, const char *conn, const struct rec *r, char hash[65],
		  long long *deleted, char raw_hash[65], char src_hash[33], struct onr_error *err)
{
	struct dbq *s = cached(db, DB_STMT_GET, "SELECT hash, deleted_at, raw_hash, src_hash FROM records"
				 " WHERE conn_id=? AND model=? AND remote_id=?", err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	rc = db_step(s, err);
	if (rc == 1) {
		str_copy(hash, 65, db_text(s, 0));
		*deleted = db_int(s, 1);
		str_copy(raw_hash, 65, db_text(s, 2));
		str_copy(src_hash, 33, db_text(s, 3));
	}
	db_end(s);
	return rc == 1 ? 0 : rc == 0 ? 1 : rc;
}

int db_records_src_each(struct db *db, const char *conn, const char *model,
			void (*fn)(void *arg, const char *src_hash, const char *remote_id), void *arg,
			struct onr_error *err)
{
	/* the index records_by_src (records_src before schema 10 and on
	 * PostgreSQL) holds all of it;
	 * src_hash<>'' for its WHERE */
	struct dbq *s = db_prep(db, "SELECT src_hash, remote_id FROM records WHERE conn_id=? AND model=?"
				  " AND deleted_at=0 AND src_hash<>''", err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, model);
	while ((rc = db_step(s, err)) == 1)
		fn(arg, db_text(s, 0), db_text(s, 1));
	db_end(s);
	return rc < 0 ? -1 : 0;
}

/* A record whose order was not changed by its new source bytes: only
 * the hash that lets the next sync skip it early. */
static int src_put(struct db *db, const char *conn, const struct rec *r, struct onr_error *err)
{
	struct dbq *s = cached(db, DB_STMT_SRC_PUT, "UPDATE records SET src_hash=?4 WHERE conn_id=?1"
			       " AND model=?2 AND remote_id=?3", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	db_bind_text(s, 4, r->src_hash);
	return step_done(db, s, err);
}

/* The source's record beside the record (schema 4): written when its
 * hash changed, with the hash kept in records (set_hash: by its own
 * UPDATE; otherwise the caller's upsert writes it in the same row). */
static int raw_put(struct db *db, const char *conn, const struct rec *r, const char *raw_hash,
		   bool set_hash, struct onr_error *err)
{
	struct dbq *s = cached(db, DB_STMT_RAW, "INSERT INTO record_raw VALUES(?1,?2,?3,?4)"
			       " ON CONFLICT(conn_id, model, remote_id) DO UPDATE SET raw=?4", err);
	struct dbq *h;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	db_bind_text(s, 4, r->raw);
	if (step_done(db, s, err) != 0)
		return -1;
	if (!set_hash)
		return 0;
	if (!(h = cached(db, DB_STMT_RAW_HASH, "UPDATE records SET raw_hash=?4 WHERE conn_id=?1 AND"
			 " model=?2 AND remote_id=?3", err)))
		return -1;
	db_bind_text(h, 1, conn);
	db_bind_text(h, 2, r->model);
	db_bind_text(h, 3, r->remote_id);
	db_bind_text(h, 4, raw_hash);
	return step_done(db, h, err);
}

/* The record's row, raw_hash included: one write of the row (a second
 * UPDATE for raw_hash alone cost a fifth of an initial sync's inserts). */
static int upsert(struct db *db, const char *conn, const struct rec *r, enum rec_action act,
		  time_t now, long long seq, const char *raw_hash, struct onr_error *err)
{
	struct dbq *s = cached(db, DB_STMT_PUT,
		"INSERT INTO records(conn_id, model, remote_id, data, hash, raw_status, first_seen_at,"
		" last_modified_at, last_action, deleted_at, source_modified, seq, src_hash, raw_hash)"
		" VALUES(?1,?2,?3,?4,?5,?6,?7,?7,?8,0,?9,?10,?11,?12)"
		" ON CONFLICT(conn_id, model, remote_id) DO UPDATE SET data=?4, hash=?5, raw_status=?6,"
		" last_modified_at=?7, last_action=?8, deleted_at=0, source_modified=?9, seq=?10, src_hash=?11,"
		" raw_hash=?12", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	db_bind_text(s, 4, r->json);
	db_bind_text(s, 5, r->hash);
	db_bind_text(s, 6, r->raw_status);
	db_bind_int(s, 7, now);
	db_bind_text(s, 8, rec_action_name(act));
	db_bind_int(s, 9, r->modified);
	db_bind_int(s, 10, seq);
	db_bind_text(s, 11, r->src_hash);
	db_bind_text(s, 12, raw_hash);
	return step_done(db, s, err);
}

/* The history row; *seq = its seq. PostgreSQL says it with RETURNING;
 * SQLite's RETURNING goes through a temporary table (a few percent of an
 * initial sync), so there it is the rowid the insert gave. */
static int append(struct db *db, const char *conn, long long run, const struct rec *r,
		  enum rec_action act, time_t now, long long *seq, struct onr_error *err)
{
#define HIST_INSERT "INSERT INTO history(conn_id, model, remote_id, action, at, data, hash, raw_status," \
	" run_id) VALUES(?,?,?,?,?,?,?,?,?)"
	bool pg = db_is_pg(db);
	struct dbq *s = cached(db, DB_STMT_HIST, pg ? HIST_INSERT " RETURNING seq" : HIST_INSERT, err);
#undef HIST_INSERT
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, r->model);
	db_bind_text(s, 3, r->remote_id);
	db_bind_text(s, 4, rec_action_name(act));
	db_bind_int(s, 5, now);
	db_bind_text(s, 6, r->json);
	db_bind_text(s, 7, r->hash);
	db_bind_text(s, 8, r->raw_status);
	db_bind_int(s, 9, run);
	if (pg)
		return db_scalar(s, seq, err);
	if (step_done(db, s, err) != 0)
		return -1;
	*seq = db_sqlite_last_id(db);
	return 0;
}

/* What says whether r->raw changed (records.raw_hash): the keyed hash of
 * the source's bytes it was made from, when the reader gives one (32 hex:
 * the same bytes make the same scrubbed record, as a skipped order's
 * stays), else BLAKE2b of raw (64 hex: the two never compare equal, so a
 * record changes kind once, with one more write of record_raw). Hashing
 * the ~5 KB raw again cost a twentieth of an initial sync. */
static void raw_identity(const struct rec *r, char out[65])
{
	if (*r->src_hash)
		str_copy(out, 65, r->src_hash);
	else
		seal_hash_hex(r->raw, strlen(r->raw), out);
}

int db_record_put(struct db *db, const char *conn, long long run, const struct rec *r,
		  time_t now, bool seen, enum rec_action *act, struct onr_error *err)
{
	char hash[65] = "", raw_hash[65] = "", new_raw_hash[65] = "", src_hash[33] = "";
	long long deleted = 0, seq = 0;
	bool raw_changed;
	int rc;

	*act = REC_NONE;
	if (seen && remember_seen(db, conn, r, err) != 0)
		return -1;
	if (r->unchanged) /* db_record_known said so: built from the same bytes */
		return 0;
	if ((rc = stored(db, conn, r, hash, &deleted, raw_hash, src_hash, err)) < 0)
		return rc;
	if (r->raw && *r->raw)
		raw_identity(r, new_raw_hash);
	/* a source record alone (a field the model does not carry) is kept
	 * current, but it is no change of the order: no history, no event */
	raw_changed = r->raw && strcmp(raw_hash, new_raw_hash) != 0;
	if (rc == 0 && !deleted && strcmp(hash, r->hash) == 0) { /* unchanged: nothing to write */
		if (raw_changed && raw_put(db, conn, r, new_raw_hash, true, err) != 0)
			return -1;
		/* but what lets the next sync skip it early */
		return strcmp(src_hash, r->src_hash) ? src_put(db, conn, r, err) : 0;
	}
	/* back after a deletion counts as added again; first_seen_at stays */
	*act = rc == 1 || deleted ? REC_ADDED : REC_UPDATED;
	/* history first: its trigger sets records.seq, which for a new record
	 * finds no row yet, so the record is written once, with its seq */
	if (append(db, conn, run, r, *act, now, &seq, err) != 0 ||
	    upsert(db, conn, r, *act, now, seq, raw_changed ? new_raw_hash : raw_hash, err) != 0 ||
	    (raw_changed && raw_put(db, conn, r, new_raw_hash, false, err) != 0)) {
		*act = REC_NONE;
		return -1;
	}
	return 0;
}

int db_records_sweep(struct db *db, const char *conn, const char *model, long long run,
		     time_t now, int *deleted, struct onr_error *err)
{
#define GONE " conn_id=?1 AND model=?2 AND deleted_at=0 AND NOT EXISTS" \
	" (SELECT 1 FROM {TEMP}seen s WHERE s.conn_id=records.conn_id AND s.model=records.model" \
	" AND s.remote_id=records.remote_id)"
	static const char *const sql[2] = {
		"INSERT INTO history(conn_id, model, remote_id, action, at, data, hash, raw_status, run_id)"
		" SELECT conn_id, model, remote_id, 'deleted', CAST(?3 AS INTEGER), data, hash, raw_status,"
		" CAST(?4 AS INTEGER) FROM records WHERE" GONE " ORDER BY remote_id",
		/* one anti-join, planned well by both (an IN over records again is
		 * quadratic in PostgreSQL, which knows nothing of the temp table) */
		/* src_hash '': a record back with the same bytes is added again */
		"UPDATE records SET deleted_at=?3, last_modified_at=?3, last_action='deleted', src_hash=''"
		" WHERE" GONE,
	};
#undef GONE
	*deleted = 0;
	for (int i = 0; i < 2; i++) {
		struct dbq *s = db_prep(db, sql[i], err);
		if (!s)
			return -1;
		db_bind_text(s, 1, conn);
		db_bind_text(s, 2, model);
		db_bind_int(s, 3, now);
		if (i == 0) /* PostgreSQL refuses a parameter a statement does not use */
			db_bind_int(s, 4, run);
		if (db_run(db, s, err) != 0)
			return -1;
		if (i == 0)
			*deleted = db_changes(db);
	}
	return 0;
}

static void rec_from_row(struct dbq *s, struct rec *r, bool history)
{
	memset(r, 0, sizeof(*r));
	r->model = (char *)db_text(s, 0);
	r->remote_id = (char *)db_text(s, 1);
	r->json = (char *)db_text(s, 2);
	str_copy(r->hash, sizeof(r->hash), db_text(s, 3));
	r->raw_status = (char *)db_text(s, 4);
	r->action = action_of(db_text(s, 5));
	if (history) {
		r->at = (time_t)db_int(s, 6);
		r->seq = db_int(s, 7);
	} else {
		r->first_seen = (time_t)db_int(s, 6);
		r->last_modified = (time_t)db_int(s, 7);
		r->deleted_at = (time_t)db_int(s, 8);
		r->modified = (time_t)db_int(s, 9);
	}
}

/* Calls fn for each row of s (r's strings live until the next row). */
static int each(struct db *db, struct dbq *s, bool history, db_rec_fn fn, void *arg,
		struct onr_error *err)
{
	struct rec r;
	int rc, stop = 0;
	(void)db; /* the statement's handle reports its own failures */
	while (!stop && (rc = db_step(s, err)) == 1) {
		rec_from_row(s, &r, history);
		stop = fn(arg, &r);
	}
	db_end(s);
	return stop || rc == 0 ? 0 : rc;
}

int db_records_each(struct db *db, const char *conn, db_rec_fn fn, void *arg, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT model, remote_id, data, hash, raw_status, last_action,"
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
	struct dbq *s = db_prep(db, "SELECT model, remote_id, data, hash, raw_status, action, at, seq"
				  " FROM history WHERE conn_id=? AND seq>? AND at>=? ORDER BY seq", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_int(s, 2, since_seq);
	db_bind_int(s, 3, since_time);
	return each(db, s, true, fn, arg, err);
}
