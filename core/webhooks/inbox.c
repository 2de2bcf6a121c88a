/* inbox.c: see inbox.h. */
#include "webhooks/inbox.h"
#include "i18n.h"
#include "util.h"
#include <cJSON.h>
#include <stdarg.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

static const char schema[] =
	"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;"
	"CREATE TABLE IF NOT EXISTS inbox(webhook_id TEXT PRIMARY KEY, received INTEGER NOT NULL,"
	" type TEXT NOT NULL, body TEXT NOT NULL, conn_id TEXT NOT NULL, rid TEXT NOT NULL,"
	" seq INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'queued', error TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX IF NOT EXISTS inbox_queued ON inbox(received) WHERE state='queued';"
	"CREATE TABLE IF NOT EXISTS applied(conn_id TEXT, model TEXT, rid TEXT, seq INTEGER NOT NULL,"
	" PRIMARY KEY(conn_id, model, rid)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
	"INSERT OR IGNORE INTO counters VALUES('received',0),('duplicates',0),('bad_signature',0),"
	" ('processed',0),('process_failures',0),('out_of_order',0),('polled',0);";

static int fail(struct inbox *ib, struct onr_error *err)
{
	char tech[256];
	str_fmt(tech, sizeof(tech), "sqlite: %s", sqlite3_errmsg(ib->h));
	error_set(err, EXIT_STORE, "listen", "listen.store", _("Could not open the receiver's database."),
		  _("Check that its folder exists and is writable (--db FILE)."), tech);
	return -1;
}

int inbox_open(struct inbox *ib, const char *path, struct onr_error *err)
{
	memset(ib, 0, sizeof(*ib));
	if (sqlite3_open_v2(path, &ib->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
	    sqlite3_exec(ib->h, schema, NULL, NULL, NULL) != SQLITE_OK) {
		fail(ib, err);
		inbox_close(ib);
		return -1;
	}
	return 0;
}

void inbox_close(struct inbox *ib)
{
	for (int i = 0; i < INBOX_STMTS; i++)
		sqlite3_finalize(ib->stmt[i].s);
	sqlite3_close(ib->h);
	memset(ib, 0, sizeof(*ib));
}

/* sql's statement, reset, prepared once per open inbox: the receiver runs
 * the same few for every webhook. sql is one of this file's constants,
 * known by its address. NULL when it does not prepare. */
static sqlite3_stmt *prep(struct inbox *ib, const char *sql)
{
	int i;
	for (i = 0; i < INBOX_STMTS && ib->stmt[i].sql; i++)
		if (ib->stmt[i].sql == sql) {
			sqlite3_clear_bindings(ib->stmt[i].s);
			return ib->stmt[i].s;
		}
	if (i == INBOX_STMTS) { /* more texts than slots: the last slot turns over */
		sqlite3_finalize(ib->stmt[--i].s);
		ib->stmt[i].sql = NULL;
	}
	if (sqlite3_prepare_v3(ib->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &ib->stmt[i].s, NULL) != SQLITE_OK) {
		ib->stmt[i].s = NULL;
		return NULL;
	}
	ib->stmt[i].sql = sql;
	return ib->stmt[i].s;
}

/* Runs sql with text parameters (NULL-terminated list); changes or -1. */
static int exec(struct inbox *ib, const char *sql, ...)
{
	sqlite3_stmt *s = prep(ib, sql);
	va_list ap;
	const char *v;
	int i = 1, rc;
	if (!s)
		return -1;
	va_start(ap, sql);
	while ((v = va_arg(ap, const char *)))
		sqlite3_bind_text(s, i++, v, -1, SQLITE_TRANSIENT);
	va_end(ap);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? sqlite3_changes(ib->h) : -1;
}

int inbox_count(struct inbox *ib, const char *name, long long by)
{
	char n[24];
	str_fmt(n, sizeof(n), "%lld", by);
	return exec(ib, "UPDATE counters SET value=value+?2 WHERE name=?1", name, n, NULL) < 0 ? -1 : 0;
}

/* What the receiver needs of an event: its record and that change's seq. */
static void describe(const char *body, size_t len, char type[64], char conn[16], char rid[128],
		     long long *seq)
{
	cJSON *j = cJSON_ParseWithLength(body, len), *d = cJSON_GetObjectItemCaseSensitive(j, "data");
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "type"),
		    *c = cJSON_GetObjectItemCaseSensitive(d, "connection_id"),
		    *id = cJSON_GetObjectItemCaseSensitive(d, "id"),
		    *s = cJSON_GetObjectItemCaseSensitive(d, "seq");
	str_copy(type, 64, cJSON_IsString(t) ? t->valuestring : "");
	str_copy(conn, 16, cJSON_IsString(c) ? c->valuestring : "");
	str_copy(rid, 128, cJSON_IsString(id) ? id->valuestring : "");
	*seq = cJSON_IsNumber(s) && !strncmp(type, "purchase_order.", 15) ? (long long)s->valuedouble : 0;
	cJSON_Delete(j);
}

int inbox_begin(struct inbox *ib)
{
	if (ib->depth == 0) {
		if (exec(ib, "BEGIN IMMEDIATE", NULL) < 0)
			return -1;
		ib->doomed = false;
	}
	ib->depth++;
	return 0;
}

int inbox_commit(struct inbox *ib)
{
	if (ib->depth == 0)
		return -1;
	if (--ib->depth > 0)
		return ib->doomed ? -1 : 0;
	if (!ib->doomed && exec(ib, "COMMIT", NULL) >= 0)
		return 0;
	exec(ib, "ROLLBACK", NULL);
	return -1;
}

void inbox_rollback(struct inbox *ib)
{
	if (ib->depth == 0)
		return;
	if (--ib->depth > 0)
		ib->doomed = true;
	else
		exec(ib, "ROLLBACK", NULL);
}

int inbox_put(struct inbox *ib, const char *id, const char *body, size_t len, bool *dup)
{
	char type[64], conn[16], rid[128], seq[24], now[24];
	long long sq;
	int n;
	describe(body, len, type, conn, rid, &sq);
	str_fmt(seq, sizeof(seq), "%lld", sq);
	str_fmt(now, sizeof(now), "%lld", (long long)time(NULL));
	char *copy = xmalloc(len + 1);
	memcpy(copy, body, len);
	copy[len] = 0;
	if (inbox_begin(ib) != 0) {
		free(copy);
		return -1;
	}
	n = exec(ib, "INSERT OR IGNORE INTO inbox(webhook_id, received, type, body, conn_id, rid, seq)"
		 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)", id, now, type, copy, conn, rid, seq, NULL);
	free(copy);
	*dup = n == 0;
	if (n < 0 || inbox_count(ib, *dup ? "duplicates" : "received", 1) != 0) {
		inbox_rollback(ib);
		return -1;
	}
	return inbox_commit(ib);
}

int inbox_next(struct inbox *ib, struct inbox_event *ev)
{
	sqlite3_stmt *s = prep(ib, "SELECT webhook_id, type, conn_id, rid, seq, body FROM inbox"
				   " WHERE state='queued' ORDER BY received, rowid LIMIT 1");
	int rc;
	memset(ev, 0, sizeof(*ev));
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		str_copy(ev->id, sizeof(ev->id), (const char *)sqlite3_column_text(s, 0));
		str_copy(ev->type, sizeof(ev->type), (const char *)sqlite3_column_text(s, 1));
		str_copy(ev->conn, sizeof(ev->conn), (const char *)sqlite3_column_text(s, 2));
		str_copy(ev->rid, sizeof(ev->rid), (const char *)sqlite3_column_text(s, 3));
		ev->seq = sqlite3_column_int64(s, 4);
		ev->body = xstrdup((const char *)sqlite3_column_text(s, 5));
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

void inbox_event_free(struct inbox_event *ev)
{
	free(ev->body);
	ev->body = NULL;
}

bool inbox_stale(struct inbox *ib, const struct inbox_event *ev)
{
	sqlite3_stmt *s;
	bool stale = false;
	if (!ev->seq || !(s = prep(ib, "SELECT seq FROM applied WHERE conn_id=? AND"
				       " model='purchase_order' AND rid=?")))
		return false;
	sqlite3_bind_text(s, 1, ev->conn, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ev->rid, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		stale = sqlite3_column_int64(s, 0) >= ev->seq;
	sqlite3_reset(s);
	return stale;
}

int inbox_finish(struct inbox *ib, const struct inbox_event *ev, const char *state,
		 const char *error)
{
	char seq[24];
	const char *counter = !strcmp(state, "done") ? "processed"
			      : !strcmp(state, "stale") ? "out_of_order" : "process_failures";
	str_fmt(seq, sizeof(seq), "%lld", ev->seq);
	if (inbox_begin(ib) != 0)
		return -1;
	if (exec(ib, "UPDATE inbox SET state=?2, error=?3 WHERE webhook_id=?1", ev->id, state, error ? error : "",
		 NULL) < 0 ||
	    (!strcmp(state, "done") && ev->seq &&
	     exec(ib,
		  "INSERT INTO applied VALUES(?1, 'purchase_order', ?2, ?3) ON CONFLICT DO UPDATE"
		  " SET seq=max(seq, excluded.seq)",
		  ev->conn, ev->rid, seq, NULL) < 0) ||
	    inbox_count(ib, counter, 1) != 0) {
		inbox_rollback(ib);
		return -1;
	}
	return inbox_commit(ib);
}

char *inbox_counters(struct inbox *ib, bool prometheus)
{
	sqlite3_stmt *s;
	struct buf b;
	buf_init(&b);
	buf_adds(&b, prometheus ? "" : "{");
	if (sqlite3_prepare_v2(ib->h, "SELECT name, value FROM counters ORDER BY name", -1, &s, NULL) == SQLITE_OK) {
		int n = 0;
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(s, 0);
			long long v = sqlite3_column_int64(s, 1);
			if (prometheus)
				buf_addf(&b, "# TYPE onramp_receiver_%s_total counter\nonramp_receiver_%s_total %lld\n",
					 name, name, v);
			else
				buf_addf(&b, "%s\"%s\":%lld", n++ ? "," : "", name, v);
		}
		sqlite3_finalize(s);
	}
	buf_adds(&b, prometheus ? "" : "}\n");
	return b.data;
}

int inbox_meta_get(struct inbox *ib, const char *key, char *out, size_t size)
{
	sqlite3_stmt *s;
	int rc;
	out[0] = 0;
	if (sqlite3_prepare_v2(ib->h, "SELECT value FROM meta WHERE key=?", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		str_copy(out, size, (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int inbox_meta_set(struct inbox *ib, const char *key, const char *value)
{
	return exec(ib, "INSERT INTO meta VALUES(?1, ?2) ON CONFLICT DO UPDATE SET value=?2", key, value,
		    NULL) < 0 ? -1 : 0;
}
