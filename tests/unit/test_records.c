/* Unit tests: synced records, history, marks and sync runs in the
 * database (core/store/db.h). */
#include "t.h"
#include "iso.h"
#include "lifecycle.h"
#include "seal.h"
#include "store/db.h"
#include "store/db_api.h"
#include "store/db_impl.h"
#include "paths.h"
#include "sync/sync.h"
#include "sync/src.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <sqlite3.h>

static void connect_one(char id[16])
{
	struct onr_error err;
	unsigned char *s = sodium_malloc(16);
	char *t = sodium_malloc(LIFECYCLE_TOKEN_MAX);
	memcpy(s, "{\"p\":\"x\"}", 10);
	struct conn_new c = {.system = "tryton", .credits = 1, .secret_json = s, .secret_len = 9,
			     .schedule = "hourly"};
	CHECK(lifecycle_connect(&c, id, t, NULL, 0, &err) == 0);
	sodium_free(s);
	sodium_free(t);
}

static enum rec_action put(struct db *db, const char *conn, const char *rid, const char *json,
			   bool seen)
{
	struct onr_error err;
	enum rec_action act = REC_NONE;
	struct rec r = {.model = "purchase_order", .remote_id = (char *)rid, .json = (char *)json,
			.raw_status = "draft"};
	seal_hash_hex(json, strlen(json), r.hash);
	CHECK(db_begin(db, &err) == 0);
	CHECK(db_record_put(db, conn, 1, &r, time(NULL), seen, &act, &err) == 0);
	CHECK(db_commit(db, &err) == 0);
	return act;
}

struct log {
	long long seq[32];
	char action[32][12], rid[32][8];
	int n;
};

static int collect(void *arg, const struct rec *r)
{
	struct log *l = arg;
	if (l->n < 32) {
		l->seq[l->n] = r->seq;
		str_copy(l->action[l->n], 12, rec_action_name(r->action));
		str_copy(l->rid[l->n], 8, r->remote_id);
		l->n++;
	}
	return 0;
}

static struct log history(struct db *db, const char *conn)
{
	struct log l = {0};
	struct onr_error err;
	CHECK(db_history_each(db, conn, 0, 0, collect, &l, &err) == 0);
	return l;
}

static void test_change_detection(void)
{
	char id[16];
	struct onr_error err;
	struct db *db;

	iso_begin("records");
	connect_one(id);
	CHECK(db_open(&db, &err) == 0);
	CHECK(put(db, id, "1", "{\"n\":1}", false) == REC_ADDED);
	CHECK(put(db, id, "1", "{\"n\":1}", false) == REC_NONE); /* unchanged: nothing written */
	CHECK(put(db, id, "2", "{\"n\":2}", false) == REC_ADDED);
	CHECK(put(db, id, "1", "{\"n\":3}", false) == REC_UPDATED);
	struct log l = history(db, id);
	CHECK(l.n == 3);
	CHECK(l.seq[0] < l.seq[1] && l.seq[1] < l.seq[2]);
	CHECK_STR(l.action[2], "updated");
	CHECK_STR(l.rid[2], "1");
	/* --since SEQ: only what came after */
	struct log after = {0};
	CHECK(db_history_each(db, id, l.seq[1], 0, collect, &after, &err) == 0);
	CHECK(after.n == 1 && after.seq[0] == l.seq[2]);
	db_close(db);
	iso_end();
}

static void test_sweep_and_return(void)
{
	char id[16];
	struct onr_error err;
	struct db *db;
	int deleted = -1;

	iso_begin("records");
	connect_one(id);
	CHECK(db_open(&db, &err) == 0);
	put(db, id, "a", "{\"a\":1}", false);
	put(db, id, "b", "{\"b\":1}", false);
	/* a full run that sees only a: b is deleted, once */
	CHECK(db_seen_reset(db, id, &err) == 0);
	CHECK(put(db, id, "a", "{\"a\":1}", true) == REC_NONE);
	CHECK(db_begin(db, &err) == 0);
	CHECK(db_records_sweep(db, id, "purchase_order", 2, time(NULL), &deleted, &err) == 0);
	CHECK(db_commit(db, &err) == 0);
	CHECK(deleted == 1);
	struct log l = history(db, id);
	CHECK(l.n == 3 && strcmp(l.action[2], "deleted") == 0 && strcmp(l.rid[2], "b") == 0);
	CHECK(db_begin(db, &err) == 0);
	CHECK(db_records_sweep(db, id, "purchase_order", 2, time(NULL), &deleted, &err) == 0);
	CHECK(db_commit(db, &err) == 0);
	CHECK(deleted == 0); /* already deleted: no second history row */
	/* b comes back: added again */
	CHECK(put(db, id, "b", "{\"b\":1}", false) == REC_ADDED);
	CHECK(history(db, id).n == 4);
	db_close(db);
	iso_end();
}

/* An agent runs two connections' full runs on one handle at once: one's
 * start must not make the other forget what it saw (and delete it). */
static void test_two_full_runs(void)
{
	char a[16], b[16];
	struct onr_error err;
	struct db *db;
	int deleted = -1;

	iso_begin("records");
	connect_one(a);
	connect_one(b);
	CHECK(db_open(&db, &err) == 0);
	put(db, a, "1", "{\"a\":1}", false);
	CHECK(db_seen_reset(db, a, &err) == 0);
	put(db, a, "1", "{\"a\":1}", true);
	CHECK(db_seen_reset(db, b, &err) == 0); /* b's full run starts meanwhile */
	CHECK(db_begin(db, &err) == 0);
	CHECK(db_records_sweep(db, a, "purchase_order", 3, time(NULL), &deleted, &err) == 0);
	CHECK(db_commit(db, &err) == 0);
	CHECK(deleted == 0);
	db_close(db);
	iso_end();
}

static void test_purge_and_seq(void)
{
	char a[16], b[16];
	struct onr_error err;
	struct db *db;

	iso_begin("records");
	connect_one(a);
	connect_one(b);
	CHECK(db_open(&db, &err) == 0);
	put(db, a, "1", "{\"x\":1}", false);
	put(db, a, "2", "{\"x\":2}", false);
	long long last = history(db, a).seq[1];
	struct db_run r = {.full = true, .started = time(NULL)};
	str_copy(r.conn, sizeof(r.conn), a);
	str_copy(r.model, sizeof(r.model), "purchase_order");
	CHECK(db_run_start(db, &r, &err) == 0);
	CHECK(db_mark_set(db, a, "purchase_order", "2026-01-01T00:00:00Z", &err) == 0);
	db_close(db);
	/* disconnect keeps the history; the run is told to stop */
	CHECK(lifecycle_disconnect(a, NULL, &err) == 0);
	CHECK(db_open(&db, &err) == 0);
	bool stop = false;
	CHECK(db_run_cancelled(db, r.id, &stop, &err) == 0 && stop);
	CHECK(history(db, a).n == 2);
	db_close(db);
	CHECK(lifecycle_purge(a, &err) == 0);
	CHECK(db_open(&db, &err) == 0);
	CHECK(history(db, a).n == 0);
	struct db_run *v;
	size_t n;
	CHECK(db_runs_list(db, a, 10, &v, &n, &err) == 0 && n == 0);
	free(v);
	char mark[32];
	CHECK(db_mark_get(db, a, "purchase_order", mark, &err) == 0 && mark[0] == 0);
	/* seq keeps growing after a purge */
	put(db, b, "1", "{\"x\":1}", false);
	CHECK(history(db, b).seq[0] > last);
	db_close(db);
	iso_end();
}

static void test_runs(void)
{
	char id[16];
	struct onr_error err;
	struct db *db;

	iso_begin("records");
	connect_one(id);
	CHECK(db_open(&db, &err) == 0);
	struct db_run r = {.started = 100};
	str_copy(r.conn, sizeof(r.conn), id);
	str_copy(r.model, sizeof(r.model), "purchase_order");
	CHECK(db_run_start(db, &r, &err) == 0 && r.id > 0);
	r.status = RUN_PARTIAL;
	r.finished = 200;
	r.added = 3;
	r.pages = 2;
	str_copy(r.error_code, sizeof(r.error_code), "http.timeout");
	CHECK(db_run_finish(db, &r, &err) == 0);
	struct db_run *v;
	size_t n;
	CHECK(db_runs_list(db, id, 10, &v, &n, &err) == 0 && n == 1);
	CHECK(n == 1 && v[0].status == RUN_PARTIAL && v[0].added == 3 && v[0].finished == 200);
	CHECK_STR(run_status_name(v[0].status), "PARTIALLY_SYNCED");
	free(v);
	/* a run whose process died is reaped as FAILED; our own is not */
	struct db_run mine = r;
	CHECK(db_run_start(db, &mine, &err) == 0);
	CHECK(db_runs_reap(db, &err) == 0);
	CHECK(db_runs_list(db, id, 1, &v, &n, &err) == 0 && n == 1 && v[0].status == RUN_SYNCING);
	free(v);
	db_close(db);
	iso_end();
}

static void test_due(void)
{
	char a[16], b[16];
	struct onr_error err;
	struct db *db, *other;
	char (*ids)[16];
	size_t n;
	time_t now;
	bool held = true;

	iso_begin("records");
	connect_one(a); /* hourly: the first sync is due at once */
	connect_one(b);
	CHECK(lifecycle_set_schedule(b, "", &err) == 0);
	now = time(NULL); /* after the connects: a is due by then */
	CHECK(db_open(&db, &err) == 0 && db_open(&other, &err) == 0);
	CHECK(strcmp(db_owner(db), db_owner(other)) != 0);
	CHECK(db_claim_due(db, now, 60, 10, &ids, &n, &err) == 0);
	CHECK(n == 1 && strcmp(ids[0], a) == 0);
	free(ids);
	/* claimed: another instance gets nothing until the lease ends */
	CHECK(db_claim_due(other, now + 30, 60, 10, &ids, &n, &err) == 0 && n == 0);
	free(ids);
	CHECK(db_claim_renew(other, a, now + 90, &held, &err) == 0 && !held);
	CHECK(db_claim_renew(db, a, now + 90, &held, &err) == 0 && held);
	CHECK(db_claim_due(other, now + 61, 60, 10, &ids, &n, &err) == 0 && n == 0); /* renewed */
	free(ids);
	/* the holder died: taken over after its lease */
	CHECK(db_claim_due(other, now + 91, 60, 10, &ids, &n, &err) == 0 && n == 1 &&
	      strcmp(ids[0], a) == 0);
	free(ids);
	CHECK(db_claim_renew(db, a, now + 200, &held, &err) == 0 && !held);
	/* a sync asked for: not while another's claim lives */
	CHECK(db_claim_one(db, a, now + 100, 60, &held, &err) == 0 && !held);
	CHECK(db_claim_one(other, a, now + 100, 60, &held, &err) == 0 && held); /* its own */
	CHECK(db_claim_release(db, a, now + 3600, &err) == 0); /* not its claim: no change */
	CHECK(db_claim_release(other, a, now + 3600, &err) == 0);
	CHECK(db_claim_due(db, now + 3599, 60, 10, &ids, &n, &err) == 0 && n == 0);
	free(ids);
	db_close(other);
	db_close(db);
	struct sync_summary sum;
	CHECK(sync_summary(a, &sum, &err) == 0);
	CHECK(strcmp(sum.schedule, "hourly") == 0 && sum.next_due == now + 3600 && !sum.have_run &&
	      sum.can_sync);
	CHECK(lifecycle_disconnect(a, NULL, &err) == 0); /* cancels the schedule */
	CHECK(db_open(&db, &err) == 0);
	CHECK(db_claim_due(db, time(NULL) + 86400, 60, 10, &ids, &n, &err) == 0 && n == 0);
	free(ids);
	db_close(db);
	struct conn c;
	CHECK(lifecycle_get(a, &c, &err) == 0 && c.schedule[0] == 0 && c.next_sync == 0);
	conn_free(&c);
	iso_end();
}

static int keep_raw(void *arg, const struct rec *r)
{
	str_copy(arg, 64, r->raw ? r->raw : "(null)");
	return 0;
}

static const char *raw_of(struct db *db, const char *conn, const char *rid, char out[64])
{
	struct onr_error err;
	CHECK(db_api_record(db, conn, rid, keep_raw, out, &err) == 0);
	return out;
}

static enum rec_action put_raw(struct db *db, const char *conn, const char *json, const char *raw)
{
	struct onr_error err;
	enum rec_action act = REC_NONE;
	struct rec r = {.model = "purchase_order",
			.remote_id = "1",
			.json = (char *)json,
			.raw_status = "",
			.raw = (char *)raw};
	seal_hash_hex(json, strlen(json), r.hash);
	CHECK(db_begin(db, &err) == 0);
	CHECK(db_record_put(db, conn, 1, &r, time(NULL), false, &act, &err) == 0);
	CHECK(db_commit(db, &err) == 0);
	return act;
}

/* The source's record (schema version 4): stored with the record, kept
 * current when only it changed (no history row, no event), left alone by
 * a writer that has none. */
static void test_raw(void)
{
	char id[16], out[64];
	struct onr_error err;
	struct db *db;

	iso_begin("records");
	connect_one(id);
	CHECK(db_open(&db, &err) == 0);
	CHECK(put_raw(db, id, "{\"n\":1}", "{\"A\":1}") == REC_ADDED);
	CHECK_STR(raw_of(db, id, "1", out), "{\"A\":1}");
	CHECK(put_raw(db, id, "{\"n\":1}", "{\"A\":2}") == REC_NONE);
	CHECK_STR(raw_of(db, id, "1", out), "{\"A\":2}");
	CHECK(history(db, id).n == 1); /* the unified record did not change */
	CHECK(put_raw(db, id, "{\"n\":1}", NULL) == REC_NONE);
	CHECK_STR(raw_of(db, id, "1", out), "{\"A\":2}");
	CHECK(put_raw(db, id, "{\"n\":2}", "{\"A\":3}") == REC_UPDATED);
	CHECK_STR(raw_of(db, id, "1", out), "{\"A\":3}");
	CHECK(history(db, id).n == 2);
	db_close(db);
	iso_end();
}

/* A version 3 database (before raw) opens as version 4 with its records
 * intact and their raw empty: the migration only adds. */
static void test_raw_migration(void)
{
	char id[16], out[64], path[PATHS_MAX];
	struct onr_error err;
	struct db *db;
	sqlite3 *h;

	iso_begin("records");
	if (getenv("ONRAMP_DATABASE")) { /* the PostgreSQL pass: this is SQLite's file */
		iso_end();
		return;
	}
	connect_one(id);
	CHECK(db_open(&db, &err) == 0);
	CHECK(put_raw(db, id, "{\"n\":1}", "{\"A\":1}") == REC_ADDED);
	str_copy(path, sizeof(path), db_path(db));
	db_close(db);
	CHECK(sqlite3_open(path, &h) == SQLITE_OK);
	/* back to version 3: without raw (4), the claims (5), src_hash (6),
	 * the plain-http yes (7) and events_eid (8; its other two triggers are
	 * made again whatever they were) */
	CHECK(sqlite3_exec(h, "DROP INDEX records_by_src; ALTER TABLE records DROP COLUMN src_hash;"
			   " DROP TRIGGER records_raw_gone; DROP TABLE record_raw;"
			   " ALTER TABLE records DROP COLUMN raw_hash; DROP TABLE sealed;"
			   " ALTER TABLE connections DROP COLUMN claimed_by;"
			   " ALTER TABLE connections DROP COLUMN claimed_until;"
			   " ALTER TABLE deliveries DROP COLUMN claimed_by;"
			   " ALTER TABLE deliveries DROP COLUMN claimed_until;"
			   " ALTER TABLE sync_runs DROP COLUMN owner; ALTER TABLE connections DROP COLUMN plain_http;"
			   " ALTER TABLE connections DROP COLUMN plain_http_at; DROP TRIGGER events_eid;"
			   " PRAGMA user_version=3", NULL, NULL,
			   NULL) == SQLITE_OK);
	sqlite3_close(h);
	CHECK(db_open(&db, &err) == 0);
	CHECK_STR(raw_of(db, id, "1", out), "");
	CHECK(history(db, id).n == 1);
	CHECK(put_raw(db, id, "{\"n\":1}", "{\"A\":1}") == REC_NONE); /* filled by the next sync */
	CHECK_STR(raw_of(db, id, "1", out), "{\"A\":1}");
	CHECK(db_begin(db, &err) == 0);
	CHECK(db_conn_purge(db, id, &err) == 0);
	CHECK(db_commit(db, &err) == 0);
	db_close(db);
	CHECK(sqlite3_open(path, &h) == SQLITE_OK);
	sqlite3_stmt *s;
	CHECK(sqlite3_prepare_v2(h, "SELECT count(*) FROM record_raw", -1, &s, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0); /* purge takes it along */
	sqlite3_finalize(s);
	CHECK(sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == db_schema_version());
	sqlite3_finalize(s);
	/* schema 10: records has rowids (rows in the order written), its key
	 * is the unique index the upsert names */
	CHECK(sqlite3_prepare_v2(h, "SELECT count(rowid) FROM records", -1, &s, NULL) == SQLITE_OK);
	sqlite3_finalize(s);
	CHECK(sqlite3_prepare_v2(h, "SELECT count(*) FROM sqlite_master WHERE name='records_key'", -1, &s, NULL) ==
	      SQLITE_OK);
	CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 1);
	sqlite3_finalize(s);
	sqlite3_close(h);
	iso_end();
}

static void known_add(void *arg, const char *src_hash, const char *remote_id)
{
	src_known_add(arg, src_hash, remote_id);
}

/* One sync's way with an order: known by its source hash (the set read
 * at the run's start), it is only seen; else it is written as before,
 * with that hash. *skipped tells which way it went. */
static enum rec_action put_src(struct db *db, const char *conn, const char *json, const char *src,
			       bool seen, bool *skipped)
{
	struct onr_error err;
	enum rec_action act = REC_NONE;
	struct src_known *k = src_known_new(seen);
	struct rec r = {.model = "purchase_order", .remote_id = "1", .raw_status = "", .raw = "{}"};
	CHECK(db_records_src_each(db, conn, "purchase_order", known_add, k, &err) == 0);
	*skipped = src_known_find(k, src) != NULL;
	if (*skipped && seen)
		CHECK_STR(src_known_find(k, src), "1");
	str_copy(r.src_hash, sizeof(r.src_hash), src);
	r.unchanged = *skipped;
	if (!*skipped) {
		r.json = (char *)json;
		seal_hash_hex(json, strlen(json), r.hash);
	}
	CHECK(db_begin(db, &err) == 0);
	CHECK(db_record_put(db, conn, 1, &r, time(NULL), seen, &act, &err) == 0);
	CHECK(db_commit(db, &err) == 0);
	src_known_free(k);
	return act;
}

static void sweep(struct db *db, const char *conn, int *deleted)
{
	struct onr_error err;
	CHECK(db_begin(db, &err) == 0);
	CHECK(db_records_sweep(db, conn, "purchase_order", 2, time(NULL), deleted, &err) == 0);
	CHECK(db_commit(db, &err) == 0);
}

/* Schema 6: an order stored from the same source bytes is skipped; any
 * other (new, other bytes, a mapping's new version, none, deleted) is
 * built and compared as before, and its hash stored. */
static void test_src_hash(void)
{
	char id[16], v1[SYNC_SRC_HEX], v2[SYNC_SRC_HEX], other[SYNC_SRC_HEX];
	unsigned char key[LIFECYCLE_KEY_BYTES];
	struct onr_error err;
	struct db *db;
	bool skipped;
	int deleted = -1;
	struct sync_src *s1, *s2;

	memset(key, 1, sizeof(key));
	s1 = sync_src_new(key, "1", "tryton", "{}");
	s2 = sync_src_new(key, "2", "tryton", "{}"); /* the mapping changed */
	sync_src_hash(s1, "{\"a\":1}", 7, v1);
	sync_src_hash(s2, "{\"a\":1}", 7, v2);
	sync_src_hash(s1, "{\"a\":2}", 7, other);
	iso_begin("records");
	connect_one(id);
	CHECK(db_open(&db, &err) == 0);
	CHECK(put_src(db, id, "{\"n\":1}", v1, false, &skipped) == REC_ADDED && !skipped);
	CHECK(put_src(db, id, "{\"n\":1}", v1, false, &skipped) == REC_NONE && skipped);
	/* the mapping's new version: built once, the same record, its new hash kept */
	CHECK(put_src(db, id, "{\"n\":1}", v2, false, &skipped) == REC_NONE && !skipped);
	CHECK(put_src(db, id, "{\"n\":1}", v2, false, &skipped) == REC_NONE && skipped);
	CHECK(put_src(db, id, "{\"n\":1}", v1, false, &skipped) == REC_NONE && !skipped);
	/* other bytes and a changed record: the change is written */
	CHECK(put_src(db, id, "{\"n\":2}", other, false, &skipped) == REC_UPDATED && !skipped);
	CHECK(put_src(db, id, "{\"n\":2}", other, false, &skipped) == REC_NONE && skipped);
	CHECK(history(db, id).n == 2);
	/* a full run: a skipped order still counts as seen */
	CHECK(db_seen_reset(db, id, &err) == 0);
	CHECK(put_src(db, id, "{\"n\":2}", other, true, &skipped) == REC_NONE && skipped);
	sweep(db, id, &deleted);
	CHECK(deleted == 0);
	/* once deleted, the same bytes add it again: never skipped */
	CHECK(db_seen_reset(db, id, &err) == 0);
	sweep(db, id, &deleted);
	CHECK(deleted == 1);
	CHECK(put_src(db, id, "{\"n\":2}", other, false, &skipped) == REC_ADDED && !skipped);
	CHECK(history(db, id).n == 4);
	/* a writer without a hash (a reader without list_key) forgets it */
	CHECK(put_src(db, id, "{\"n\":3}", "", false, &skipped) == REC_UPDATED && !skipped);
	CHECK(put_src(db, id, "{\"n\":3}", other, false, &skipped) == REC_NONE && !skipped);
	db_close(db);
	iso_end();
	sync_src_free(s1);
	sync_src_free(s2);
}

/* Every event has its own id from the moment it is written: a record's
 * (history_event gives it, schema 8) and the lifecycle's (events_eid),
 * beginning with its time in hex (schema 9). */
static void test_event_ids(void)
{
	char id[16], seen[8][32];
	struct onr_error err;
	struct db *db;
	struct dbq *q;
	int n = 0;

	iso_begin("records");
	connect_one(id);
	CHECK(db_open(&db, &err) == 0);
	CHECK(put(db, id, "1", "{\"n\":1}", false) == REC_ADDED);
	CHECK(put(db, id, "2", "{\"n\":2}", false) == REC_ADDED);
	CHECK(put(db, id, "1", "{\"n\":3}", false) == REC_UPDATED);
	CHECK((q = db_prep(db, "SELECT eid, at FROM events WHERE conn_id=?1 ORDER BY seq", &err)) != NULL);
	db_bind_text(q, 1, id);
	while (n < 8 && db_step(q, &err) == 1) {
		const char *e = db_text(q, 0);
		char when[9] = "";
		CHECK(strlen(e) == 28 && !strncmp(e, "evt_", 4) && strspn(e + 4, "0123456789abcdef") == 24);
		/* schema 9: the time first (the index grows at its end): the
		 * event's own on SQLite, its transaction's start on PostgreSQL */
		memcpy(when, e + 4, 8);
		CHECK(llabs(strtoll(when, NULL, 16) - db_int(q, 1)) <= 60);
		for (int i = 0; i < n; i++)
			CHECK(strcmp(seen[i], e) != 0);
		str_copy(seen[n++], sizeof(seen[0]), e);
	}
	db_end(q);
	CHECK(n == 4); /* connection.created and three changes */
	db_close(db);
	iso_end();
}

T_SUITE(records) = {
	{"change_detection", test_change_detection},
	{"sweep_and_return", test_sweep_and_return},
	{"two_full_runs", test_two_full_runs},
	{"purge_and_seq", test_purge_and_seq},
	{"runs", test_runs},
	{"due", test_due},
	{"raw: the source's record kept current", test_raw},
	{"raw: a version 2 database migrates", test_raw_migration},
	{"src_hash: unchanged orders skipped, changes kept", test_src_hash},
	{"events: each gets its id as it is written", test_event_ids},
	{0},
};
