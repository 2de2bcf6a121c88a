/* db_webhooks.c: endpoints and deliveries (see db_webhooks.h). */
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

static unsigned char *blob(struct dbq *s, int col, size_t *len)
{
	const void *p = db_blob(s, col, len);
	unsigned char *out = xmalloc(*len ? *len : 1);
	if (*len)
		memcpy(out, p, *len);
	return out;
}

int db_endpoint_add(struct db *db, const struct db_endpoint *e, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "INSERT INTO webhooks(id, url, events, secret, created)"
				  " VALUES(?,?,?,?,?)", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, e->id);
	db_bind_text(s, 2, e->url);
	db_bind_text(s, 3, e->events);
	db_bind_blob(s, 4, e->secret, e->secret_len);
	db_bind_int(s, 5, e->created);
	return db_run(db, s, err);
}

int db_endpoint_list(struct db *db, struct db_endpoint **v, size_t *n, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT id, url, events, secret, status, reason, created,"
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
	while ((rc = db_step(s, err)) == 1) {
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
		e->created = (time_t)db_int(s, 6);
		e->failing_since = (time_t)db_int(s, 7);
		e->pending = db_int(s, 8);
		e->delivered = db_int(s, 9);
		e->failed = db_int(s, 10);
		e->last_status = (int)db_int(s, 11);
		e->last_error = xstrdup(db_text(s, 12));
	}
	db_end(s);
	return rc == 0 ? 0 : rc;
}

/* Runs sql with ?1 = id (and ?2 = a, ?3 = b when given); *changed rows. */
static int run_id(struct db *db, const char *sql, const char *id, const char *a, const char *b,
		  int *changed, struct onr_error *err)
{
	struct dbq *s = db_prep(db, sql, err);
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
		*changed = db_changes(db);
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

static void delivery_row(struct dbq *s, struct db_delivery *d)
{
	size_t blen;
	memset(d, 0, sizeof(*d));
	d->event_seq = db_int(s, 0);
	str_copy(d->endpoint, sizeof(d->endpoint), db_text(s, 1));
	d->attempts = (int)db_int(s, 2);
	str_copy(d->eid, sizeof(d->eid), db_text(s, 3));
	str_copy(d->type, sizeof(d->type), db_text(s, 4));
	d->at = (time_t)db_int(s, 5);
	d->body = xstrdup(db_text(s, 6));
	d->url = xstrdup(db_text(s, 7));
	d->secret = blob(s, 8, &blen);
	d->secret_len = blen;
	d->failing_since = (time_t)db_int(s, 9);
}

/* The body is made here, once per attempt, from stored columns only, so
 * every retry sends (and signs) the very same bytes. */
#define BODY_SQL "'{\"type\":\"'||e.type||'\",\"timestamp\":\"'||{ISO_AT}" \
	"||'\",\"data\":'||e.payload||'}'"

int db_deliveries_claim(struct db *db, long long now_ms, long long lease_ms, size_t max,
			struct db_delivery **v, size_t *n, struct onr_error *err)
{
	struct dbq *s;
	int rc;
	*v = NULL;
	*n = 0;
	if (db_begin_claim(db, err) != 0)
		return -1;
	/* {LOCK_D}: instances claiming at once pass over each other's rows */
	s = db_prep(db, "UPDATE deliveries SET claimed_by=?4, claimed_until=?2 WHERE (event_seq, endpoint) IN"
		" (SELECT d.event_seq, d.endpoint FROM deliveries d JOIN webhooks w ON w.id=d.endpoint"
		"  WHERE d.status='pending' AND d.next_at<=?1 AND d.claimed_until<=?1 AND w.status='enabled'"
		"  ORDER BY d.next_at, d.event_seq LIMIT ?3{LOCK_D})"
		" RETURNING event_seq, endpoint, attempts", err);
	if (!s)
		goto fail;
	db_bind_int(s, 1, now_ms);
	db_bind_int(s, 2, now_ms + lease_ms);
	db_bind_int(s, 3, (long long)max);
	db_bind_text(s, 4, db->owner);
	*v = xcalloc(max ? max : 1, sizeof(**v));
	while ((rc = db_step(s, err)) == 1 && *n < max) {
		struct db_delivery *d = &(*v)[(*n)++];
		d->event_seq = db_int(s, 0);
		str_copy(d->endpoint, sizeof(d->endpoint), db_text(s, 1));
	}
	db_end(s);
	if (rc < 0)
		goto fail;
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
		db_bind_int(s, 1, seq);
		db_bind_text(s, 2, ep);
		if (db_step(s, err) == 1)
			delivery_row(s, d);
		db_end(s);
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
	struct dbq *s = db_prep(db, "INSERT INTO delivery_log(event_seq, endpoint, attempt, at,"
				  " http_status, ms, error) VALUES(?,?,?,?,?,?,?)", err);
	if (!s)
		return -1;
	db_bind_int(s, 1, d->event_seq);
	db_bind_text(s, 2, d->endpoint);
	db_bind_int(s, 3, d->attempts + 1);
	db_bind_int(s, 4, a->now);
	db_bind_int(s, 5, a->http_status);
	db_bind_int(s, 6, a->ms);
	db_bind_text(s, 7, a->error);
	return db_run(db, s, err);
}

static int update_delivery(struct db *db, const struct db_delivery *d, const struct db_attempt *a,
			   struct onr_error *err)
{
	struct dbq *s = db_prep(db, "UPDATE deliveries SET status=?3, attempts=attempts+1, next_at=?4,"
				  " last_status=?5, last_error=?6, claimed_by='', claimed_until=0 WHERE event_seq=?1 AND endpoint=?2", err);
	if (!s)
		return -1;
	db_bind_int(s, 1, d->event_seq);
	db_bind_text(s, 2, d->endpoint);
	db_bind_text(s, 3, outcome_names[a->outcome]);
	db_bind_int(s, 4, a->outcome == DB_RETRY ? a->next_at_ms : 0);
	db_bind_int(s, 5, a->http_status);
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
		   " '{\"endpoint_id\":'||{JSON_QUOTE}(CAST(?1 AS TEXT))||',\"reason\":'"
		   "||{JSON_QUOTE}(CAST(?2 AS TEXT))||'}')", id, reason, at, NULL, err) != 0 ||
	    db_commit(db, err) != 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int db_event_find(struct db *db, const char *eid, long long *seq, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT seq FROM events WHERE eid=?", err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, eid);
	rc = db_step(s, err);
	if (rc == 1)
		*seq = db_int(s, 0);
	db_end(s);
	return rc == 1 ? 0 : rc == 0 ? 1 : rc;
}

int db_event_replay(struct db *db, long long seq, const char *endpoint, time_t now, int *n,
		    struct onr_error *err)
{
	struct dbq *s = db_prep(db, "INSERT INTO deliveries(event_seq, endpoint, next_at)"
		" SELECT CAST(?1 AS INTEGER), w.id, CAST(?3 AS INTEGER) FROM webhooks w WHERE w.status='enabled' AND (?2='' OR w.id=?2)"
		" ON CONFLICT(event_seq, endpoint) DO UPDATE SET status='pending', attempts=0,"
		" next_at=?3, last_error=''", err);
	if (!s)
		return -1;
	db_bind_int(s, 1, seq);
	db_bind_text(s, 2, endpoint);
	db_bind_int(s, 3, (long long)now * 1000);
	if (db_run(db, s, err) != 0)
		return -1;
	*n = db_changes(db);
	return 0;
}

int db_event_test(struct db *db, const char *endpoint, time_t now, char eid[40],
		  struct onr_error *err)
{
	long long seq = 0;
	struct dbq *s;
	int n;
	if (db_begin(db, err) != 0)
		return -1;
	if (!(s = db_prep(db, "INSERT INTO events(at, conn_id, type, payload) VALUES(?2, '', 'webhook.test',"
			  " '{\"endpoint_id\":'||{JSON_QUOTE}(CAST(?1 AS TEXT))||',\"message\":"
			  "\"A test event from onramp webhooks test.\"}') RETURNING seq", err)))
		goto fail;
	db_bind_text(s, 1, endpoint);
	db_bind_int(s, 2, now);
	if (db_scalar(s, &seq, err) != 0 || db_event_replay(db, seq, endpoint, now, &n, err) != 0)
		goto fail;
	/* SQLite's trigger gives the id after the insert: read it back */
	if (!(s = db_prep(db, "SELECT eid FROM events WHERE seq=?", err)))
		goto fail;
	db_bind_int(s, 1, seq);
	if (db_step(s, err) == 1)
		str_copy(eid, 40, db_text(s, 0));
	db_end(s);
	if (db_commit(db, err) == 0)
		return 0;
fail:
	db_rollback(db);
	return -1;
}
