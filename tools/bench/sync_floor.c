/* sync_floor: what SQLite alone needs to store the rows of an initial
 * sync (issue 14's speed floor). tools/bench_sync.sh runs it after each
 * round's `onramp sync ID --full`, on the orders that sync just stored.
 *
 *   sync_floor schema SRC_DB CONN OUT_DIR [MOST]
 *   sync_floor bare   SRC_DB CONN OUT_DIR [MOST]
 *
 * First the orders of connection CONN are read from SRC_DB (the bench's
 * own database) into memory, in the order the sync wrote them: the
 * unified record's JSON, its hashes, raw status, source time and source
 * record (the first MOST of them when given). That part is not timed. Then, timed from opening the store to
 * closing it:
 *
 *   schema: the same rows as the sync, written by the same code
 *     (db_record_put: the record, its history row, its event, its source
 *     record, and the triggers' work) into OUT_DIR/onramp/onramp.db,
 *     opened through core/store (migrations, pragmas, synchronous=FULL in
 *     WAL mode), a run row begun and ended as a sync does, one transaction
 *     per SYNC_GROUP_RECORDS orders, the cache tuned as a sync tunes it.
 *     No HTTP, parsing, mapping, scrubbing or hashing.
 *   bare: the least SQLite can do to keep each order durably: one table
 *     (INTEGER PRIMARY KEY, one blob = the unified record's JSON) in
 *     OUT_DIR/bare.db, WAL, synchronous=FULL, the same transactions.
 *
 * With SYNC_FLOOR_RANDOM_IDS set, each order gets a random GUID as its
 * remote id (Business Central's are GUIDs; the fixture's count up).
 *
 * Both databases are kept between calls, so like the sync's rounds each
 * round writes into a database that holds the earlier rounds' orders.
 * Prints "wall_ms cpu_ms orders bytes" (bytes: the unified records' JSON;
 * CPU: user + system of this process, the loading excluded). */
#include "db.h"
#include "sync/sync.h"
#include "util.h"
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "clock.h"

static struct rec *orders;
static size_t norders;

/* A random GUID as remote id, as Business Central's are (the fixture's
 * count up): where each new row lands in an index or table keyed by it. */
static void random_id(struct rec *r)
{
	unsigned char b[16];
	char *g = xmalloc(37);
	randombytes_buf(b, sizeof(b));
	snprintf(g, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
		 b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	free(r->remote_id);
	r->remote_id = g;
}

static char *dup_col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return xstrdup(t ? (const char *)t : "");
}

/* The connection's stored orders, in the order they were written. */
static int load(const char *path, const char *conn, size_t most)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	size_t cap = 0;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "SELECT r.remote_id, r.data, r.hash, r.raw_status, r.source_modified,"
			       " r.src_hash, coalesce(w.raw, '') FROM records r LEFT JOIN record_raw w"
			       " USING(conn_id, model, remote_id) WHERE r.conn_id=? ORDER BY r.seq",
			       -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "sync_floor: %s: %s\n", path, sqlite3_errmsg(h));
		return -1;
	}
	sqlite3_bind_text(s, 1, conn, -1, SQLITE_STATIC);
	while (norders < most && sqlite3_step(s) == SQLITE_ROW) {
		struct rec *r;
		if (norders == cap)
			orders = xrealloc(orders, (cap = cap ? cap * 2 : 1024) * sizeof(*orders));
		r = &orders[norders++];
		memset(r, 0, sizeof(*r));
		r->model = SYNC_MODEL;
		r->remote_id = dup_col(s, 0);
		if (getenv("SYNC_FLOOR_RANDOM_IDS"))
			random_id(r);
		r->json = dup_col(s, 1);
		str_copy(r->hash, sizeof(r->hash), (const char *)sqlite3_column_text(s, 2));
		r->raw_status = dup_col(s, 3);
		r->modified = (time_t)sqlite3_column_int64(s, 4);
		str_copy(r->src_hash, sizeof(r->src_hash), (const char *)sqlite3_column_text(s, 5));
		r->raw = dup_col(s, 6);
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	return norders ? 0 : -1;
}

static double cpu_ms(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

static int fail(const struct onr_error *err)
{
	fprintf(stderr, "sync_floor: %s\n", err->message);
	return -1;
}

/* One group's transaction, as sync_flush writes it. */
static int schema_group(struct db *db, struct db_run *run, size_t from, size_t to, time_t now,
			struct onr_error *err)
{
	bool cancel = false;
	if (db_begin(db, err) != 0 || db_run_cancelled(db, run->id, &cancel, err) != 0)
		return -1;
	if (from == 0 && db_records_tune(db, err) != 0)
		return -1;
	for (size_t i = from; i < to; i++) {
		enum rec_action act;
		if (db_record_put(db, run->conn, run->id, &orders[i], now, false, &act, err) != 0)
			return -1;
		run->added += act == REC_ADDED;
	}
	if (to == norders) {
		run->status = RUN_DONE;
		run->finished = now;
		if (db_mark_set(db, run->conn, SYNC_MODEL, "2026-01-01T00:00:00Z", err) != 0 ||
		    db_run_finish(db, run, err) != 0)
			return -1;
	}
	return db_commit(db, err);
}

static int schema(void)
{
	struct onr_error err = {0};
	struct db_run run = {.full = true};
	struct db *db;
	time_t now = time(NULL);

	snprintf(run.conn, sizeof(run.conn), "flr%08lx%04x", (unsigned long)now, (unsigned)getpid() & 0xffff);
	str_copy(run.model, sizeof(run.model), SYNC_MODEL);
	run.started = now;
	if (db_open(&db, &err) != 0)
		return fail(&err);
	if (db_begin(db, &err) != 0 || db_run_start(db, &run, &err) != 0 || db_commit(db, &err) != 0)
		return fail(&err);
	for (size_t i = 0; i < norders; i += SYNC_GROUP_RECORDS) {
		size_t to = i + SYNC_GROUP_RECORDS < norders ? i + SYNC_GROUP_RECORDS : norders;
		if (schema_group(db, &run, i, to, now, &err) != 0) {
			db_rollback(db);
			return fail(&err);
		}
	}
	db_close(db);
	return run.added == (int)norders ? 0 : -1;
}

static int bare_exec(sqlite3 *h, const char *sql)
{
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK)
		return 0;
	fprintf(stderr, "sync_floor: %s\n", sqlite3_errmsg(h));
	return -1;
}

static int bare(const char *dir)
{
	char path[4096];
	sqlite3 *h;
	sqlite3_stmt *s;
	snprintf(path, sizeof(path), "%s/bare.db", dir);
	if (sqlite3_open(path, &h) != SQLITE_OK ||
	    bare_exec(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
		      " CREATE TABLE IF NOT EXISTS o(id INTEGER PRIMARY KEY, b BLOB NOT NULL)") != 0 ||
	    sqlite3_prepare_v2(h, "INSERT INTO o(b) VALUES(?)", -1, &s, NULL) != SQLITE_OK)
		return -1;
	for (size_t i = 0; i < norders; i++) {
		if (i % SYNC_GROUP_RECORDS == 0 && bare_exec(h, "BEGIN IMMEDIATE") != 0)
			return -1;
		sqlite3_bind_blob(s, 1, orders[i].json, (int)strlen(orders[i].json), SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE || sqlite3_reset(s) != SQLITE_OK)
			return bare_exec(h, "ROLLBACK"), -1;
		if ((i + 1 == norders || (i + 1) % SYNC_GROUP_RECORDS == 0) && bare_exec(h, "COMMIT") != 0)
			return -1;
	}
	sqlite3_finalize(s);
	return sqlite3_close(h) == SQLITE_OK ? 0 : -1;
}

int main(int argc, char **argv)
{
	double t0, c0;
	size_t bytes = 0;
	int rc;

	if (argc < 5 || argc > 6 || (strcmp(argv[1], "schema") && strcmp(argv[1], "bare"))) {
		fprintf(stderr, "usage: sync_floor schema|bare SRC_DB CONN OUT_DIR [MOST]\n");
		return 2;
	}
	if (load(argv[2], argv[3], argc == 6 ? strtoul(argv[5], NULL, 10) : (size_t)-1) != 0) {
		fprintf(stderr, "sync_floor: no orders of %s in %s\n", argv[3], argv[2]);
		return 1;
	}
	for (size_t i = 0; i < norders; i++)
		bytes += strlen(orders[i].json);
	/* the store lives under $XDG_DATA_HOME/onramp */
	if (setenv("XDG_DATA_HOME", argv[4], 1) != 0)
		return 1;
	t0 = bench_ms();
	c0 = cpu_ms();
	rc = strcmp(argv[1], "schema") == 0 ? schema() : bare(argv[4]);
	if (rc != 0)
		return 1;
	printf("%.0f %.0f %zu %zu\n", bench_ms() - t0, cpu_ms() - c0, norders, bytes);
	return 0;
}
