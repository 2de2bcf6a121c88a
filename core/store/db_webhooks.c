/* db_webhooks.c: endpoints and deliveries in SQLite (see db_webhooks.h). */
#include "db_impl.h"
#include "store/db_webhooks.h"
#include <stdlib.h>
#include <string.h>

void db_endpoint_free(struct db_endpoint *e)
{
	free(e->url);
	free(e->events);
	free(e->status);
	free(e->reason);
	free(e->secret);
	free(e->last_error);
	memset(e, 0, sizeof(*e));
}

void db_delivery_free(struct db_delivery *d)
{
	free(d->body);
	free(d->url);
	free(d->secret);
	memset(d, 0, sizeof(*d));
}

static unsigned char *blob(sqlite3_stmt *s, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(s, col);
	*len = (size_t)sqlite3_column_bytes(s, col);
	unsigned char *out = xmalloc(*len ? *len : 1);
	if (*len)
		memcpy(out, p, *len);
	return out;
}

int db_endpoint_add(struct db *db, const struct db_endpoint *e, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "INSERT INTO webhooks(id, url, events, secret, created)"
				  " VALUES(?,?,?,?,?)", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, e->id);
	db_bind_text(s, 2, e->url);
	db_bind_text(s, 3, e->events);
	sqlite3_bind_blob(s, 4, e->secret, (int)e->secret_len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 5, e->created);
	return db_run(db, s, err);
}

int db_endpoint_list(struct db *db, struct db_endpoint **v, size_t *n, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT id, url, events, secret, status, reason, created,"
		" failing_since,"
		" (SELECT count(*) FROM deliveries d WHERE d.endpoint=w.id AND d.status='pending'),"
		" (SELECT count(*) FROM deliveries d WHERE d.endpoint=w.id AND d.status='delivered'),"
		" (SELECT count(*) FROM deliveries d WHERE d.endpoint=w.id AND d.status='failed'),"
		" coalesce((SELECT http_status FROM delivery_log l WHERE l.endpoint=w.id ORDER BY id DESC LIMIT 1), 0),"
		" coalesce((SELECT error FROM delivery_log l WHERE l.endpoint=w.id ORDER BY id DESC LIMIT 1), '')"
		" FROM webhooks w ORDER BY created, id", err);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct db_endpoint *e;
		if (*n == cap)
			*v = xrealloc(*v, (cap = cap ? cap * 2 : 8) * sizeof(**v));
		e = &(*v)[(*n)++];
		memset(e, 0, sizeof(*e));
		str_copy(e->id, sizeof(e->id), db_text(s, 0));
		e->url = xstrdup(db_text(s, 1));
		e->events = xstrdup(db_text(s, 2));
		e->secret = blob(s, 3, &e->secret_len);
		e->status = xstrdup(db_text(s, 4));
		e->reason = xstrdup(db_text(s, 5));
		e->created = (time_t)sqlite3_column_int64(s, 6);
		e->failing_since = (time_t)sqlite3_column_int64(s, 7);
		e->pending = sqlite3_column_int64(s, 8);
		e->delivered = sqlite3_column_int64(s, 9);
		e->failed = sqlite3_column_int64(s, 10);
		e->last_status = sqlite3_column_int(s, 11);
		e->last_error = xstrdup(db_text(s, 12));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, err);
}

/* Runs sql with ?1 = id (and ?2 = a, ?3 = b when given); *changed rows. */
static int run_id(struct db *db, const char *sql, const char *id, const char *a, const char *b,
		  int *changed, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, sql, err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	if (a)
		db_bind_text(s, 2, a);
	if (b)
		db_bind_text(s, 3, b);
	if (db_run(db, s, err) != 0)
		return -1;
	if (changed)
		*changed = sqlite3_changes(db->h);
	return 0;
}

int db_endpoint_remove(struct db *db, const char *id, struct onr_error *err)
{
	int n = 0;
	if (run_id(db, "DELETE FROM deliveries WHERE endpoint=?1", id, NULL, NULL, NULL, err) != 0 ||
	    run_id(db, "DELETE FROM webhooks WHERE id=?1", id, NULL, NULL, &n, err) != 0)
		return -1;
	return n ? 0 : 1;
}

int db_endpoint_set(struct db *db, const char *id, const char *status, const char *reason,
		    struct onr_error *err)
{
	int n = 0;
	if (run_id(db, "UPDATE webhooks SET status=?2, reason=?3, failing_since=0 WHERE id=?1", id,
		   status, reason ? reason : "", &n, err) != 0)
		return -1;
	return n ? 0 : 1;
}

static void delivery_row(sqlite3_stmt *s, struct db_delivery *d)
{
	size_t blen;
	memset(d, 0, sizeof(*d));
	d->event_seq = sqlite3_column_int64(s, 0);
	str_copy(d->endpoint, sizeof(d->endpoint), db_text(s, 1));
	d->attempts = sqlite3_column_int(s, 2);
	str_copy(d->eid, sizeof(d->eid), db_text(s, 3));
	str_copy(d->type, sizeof(d->type), db_text(s, 4));
	d->at = (time_t)sqlite3_column_int64(s, 5);
	d->body = xstrdup(db_text(s, 6));
	d->url = xstrdup(db_text(s, 7));
	d->secret = blob(s, 8, &blen);
	d->secret_len = blen;
	d->failing_since = (time_t)sqlite3_column_int64(s, 9);
}

/* The body is made here, once per attempt, from stored columns only, so
 * every retry sends (and signs) the very same bytes. */
#define BODY_SQL "'{\"type\":\"'||e.type||'\",\"timestamp\":\"'||strftime('%Y-%m-%dT%H:%M:%SZ', e.at, 'unixepoch')" \
	"||'\",\"data\":'||e.payload||'}'"

int db_deliveries_claim(struct db *db, long long now_ms, long long lease_ms, size_t max,
			struct db_delivery **v, size_t *n, struct onr_error *err)
{
	sqlite3_stmt *s;
	int rc;
	*v = NULL;
	*n = 0;
	if (db_begin(db, err) != 0)
		return -1;
	s = db_prep(db, "UPDATE deliveries SET next_at=?2 WHERE (event_seq, endpoint) IN"
		" (SELECT d.event_seq, d.endpoint FROM deliveries d JOIN webhooks w ON w.id=d.endpoint"
		"  WHERE d.status='pending' AND d.next_at<=?1 AND w.status='enabled'"
		"  ORDER BY d.next_at, d.event_seq LIMIT ?3)"
		" RETURNING event_seq, endpoint, attempts", err);
	if (!s)
		goto fail;
	sqlite3_bind_int64(s, 1, now_ms);
	sqlite3_bind_int64(s, 2, now_ms + lease_ms);
	sqlite3_bind_int64(s, 3, (long long)max);
	*v = xcalloc(max ? max : 1, sizeof(**v));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct db_delivery *d = &(*v)[(*n)++];
		d->event_seq = sqlite3_column_int64(s, 0);
		str_copy(d->endpoint, sizeof(d->endpoint), db_text(s, 1));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_fail(db, rc, err);
		goto fail;
	}
	for (size_t i = 0; i < *n; i++) {
		struct db_delivery *d = &(*v)[i];
		long long seq = d->event_seq;
		char ep[16];
		str_copy(ep, sizeof(ep), d->endpoint);
		if (!(s = db_prep(db, "SELECT d.event_seq, d.endpoint, d.attempts, e.eid, e.type, e.at, "
				  BODY_SQL ", w.url, w.secret, w.failing_since FROM deliveries d"
				  " JOIN events e ON e.seq=d.event_seq JOIN webhooks w ON w.id=d.endpoint"
				  " WHERE d.event_seq=? AND d.endpoint=?", err)))
			goto fail;
		sqlite3_bind_int64(s, 1, seq);
		db_bind_text(s, 2, ep);
		if (sqlite3_step(s) == SQLITE_ROW)
			delivery_row(s, d);
		sqlite3_finalize(s);
	}
	if (db_commit(db, err) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	for (size_t i = 0; i < *n; i++)
		db_delivery_free(&(*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
	return -1;
}

static const char *const outcome_names[] = {"delivered", "pending", "failed"};

static int log_attempt(struct db *db, const struct db_delivery *d, const struct db_attempt *a,
		       struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "INSERT INTO delivery_log(event_seq, endpoint, attempt, at,"
				  " http_status, ms, error) VALUES(?,?,?,?,?,?,?)", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, d->event_seq);
	db_bind_text(s, 2, d->endpoint);
	sqlite3_bind_int(s, 3, d->attempts + 1);
	sqlite3_bind_int64(s, 4, a->now);
	sqlite3_bind_int(s, 5, a->http_status);
	sqlite3_bind_int64(s, 6, a->ms);
	db_bind_text(s, 7, a->error);
	return db_run(db, s, err);
}

static int update_delivery(struct db *db, const struct db_delivery *d, const struct db_attempt *a,
			   struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "UPDATE deliveries SET status=?3, attempts=attempts+1, next_at=?4,"
				  " last_status=?5, last_error=?6 WHERE event_seq=?1 AND endpoint=?2", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, d->event_seq);
	db_bind_text(s, 2, d->endpoint);
	db_bind_text(s, 3, outcome_names[a->outcome]);
	sqlite3_bind_int64(s, 4, a->outcome == DB_RETRY ? a->next_at_ms : 0);
	sqlite3_bind_int(s, 5, a->http_status);
	db_bind_text(s, 6, a->error);
	return db_run(db, s, err);
}

int db_delivery_done(struct db *db, const struct db_delivery *d, const struct db_attempt *a,
		     struct onr_error *err)
{
	char now[24];
	str_fmt(now, sizeof(now), "%lld", (long long)a->now);
	if (db_begin(db, err) != 0)
		return -1;
	if (log_attempt(db, d, a, err) != 0 || update_delivery(db, d, a, err) != 0 ||
	    run_id(db, a->outcome == DB_DELIVERED ? "UPDATE webhooks SET failing_since=0 WHERE id=?1"
		   : "UPDATE webhooks SET failing_since=?2 WHERE id=?1 AND failing_since=0",
		   d->endpoint, a->outcome == DB_DELIVERED ? NULL : now, NULL, NULL, err) != 0 ||
	    db_commit(db, err) != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int db_endpoint_disable(struct db *db, const char *id, const char *reason, time_t now,
			struct onr_error *err)
{
	char at[24];
	str_fmt(at, sizeof(at), "%lld", (long long)now);
	if (db_begin(db, err) != 0)
		return -1;
	if (run_id(db, "UPDATE webhooks SET status='disabled', reason=?2 WHERE id=?1", id, reason, NULL,
		   NULL, err) != 0 ||
	    run_id(db, "UPDATE deliveries SET status='failed', last_error='endpoint disabled'"
		   " WHERE endpoint=?1 AND status='pending'", id, NULL, NULL, NULL, err) != 0 ||
	    run_id(db, "INSERT INTO events(at, conn_id, type, payload) VALUES(?3, '', 'endpoint.disabled',"
		   " json_object('endpoint_id', ?1, 'reason', ?2))", id, reason, at, NULL, err) != 0 ||
	    db_commit(db, err) != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int db_event_find(struct db *db, const char *eid, long long *seq, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT seq FROM events WHERE eid=?", err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, eid);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : db_fail(db, rc, err);
}

int db_event_replay(struct db *db, long long seq, const char *endpoint, time_t now, int *n,
		    struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "INSERT INTO deliveries(event_seq, endpoint, next_at)"
		" SELECT ?1, w.id, ?3 FROM webhooks w WHERE w.status='enabled' AND (?2='' OR w.id=?2)"
		" ON CONFLICT(event_seq, endpoint) DO UPDATE SET status='pending', attempts=0,"
		" next_at=?3, last_error=''", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	db_bind_text(s, 2, endpoint);
	sqlite3_bind_int64(s, 3, (long long)now * 1000);
	if (db_run(db, s, err) != 0)
		return -1;
	*n = sqlite3_changes(db->h);
	return 0;
}

int db_event_test(struct db *db, const char *endpoint, time_t now, char eid[40],
		  struct onr_error *err)
{
	char at[24];
	long long seq;
	int n;
	str_fmt(at, sizeof(at), "%lld", (long long)now);
	if (db_begin(db, err) != 0)
		return -1;
	if (run_id(db, "INSERT INTO events(at, conn_id, type, payload) VALUES(?2, '', 'webhook.test',"
		   " json_object('endpoint_id', ?1, 'message', 'A test event from onramp webhooks test.'))",
		   endpoint, at, NULL, NULL, err) != 0)
		goto fail;
	seq = sqlite3_last_insert_rowid(db->h);
	if (db_event_replay(db, seq, endpoint, now, &n, err) != 0)
		goto fail;
	sqlite3_stmt *s = db_prep(db, "SELECT eid FROM events WHERE seq=?", err);
	if (!s)
		goto fail;
	sqlite3_bind_int64(s, 1, seq);
	if (sqlite3_step(s) == SQLITE_ROW)
		str_copy(eid, 40, db_text(s, 0));
	sqlite3_finalize(s);
	if (db_commit(db, err) == 0)
		return 0;
fail:
	db_rollback(db);
	return -1;
}
