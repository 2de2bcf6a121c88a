/* db_conn.c: the connection registry (see db.h). */
#include "db_impl.h"
#include <cJSON.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONN_COLS "id, system, url, \"user\", status, created, checked, disconnected, credits, " \
	"token_hash, sealed_hash, pins, cafile, fields, schedule, next_sync, attention, plain_http, " \
	"plain_http_at"

static char *pins_json(const struct conn *c)
{
	cJSON *a = c->npins ? cJSON_CreateStringArray((const char *const *)c->pins, (int)c->npins)
			    : cJSON_CreateArray();
	char *s = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	return s ? s : xstrdup("[]");
}

static void pins_parse(struct conn *c, const char *text)
{
	cJSON *a = cJSON_Parse(text), *p;
	int n = cJSON_GetArraySize(a);
	c->pins = n > 0 ? xcalloc((size_t)n, sizeof(char *)) : NULL;
	cJSON_ArrayForEach(p, a)
		if (cJSON_IsString(p))
			c->pins[c->npins++] = xstrdup(p->valuestring);
	cJSON_Delete(a);
}

void db_conn_from_row(struct dbq *s, struct conn *c)
{
	memset(c, 0, sizeof(*c));
	str_copy(c->id, sizeof(c->id), db_text(s, 0));
	c->system = xstrdup(db_text(s, 1));
	c->url = xstrdup(db_text(s, 2));
	c->user = xstrdup(db_text(s, 3));
	c->status = strcmp(db_text(s, 4), "active") == 0 ? CONN_ACTIVE : CONN_DISCONNECTED;
	c->created = (time_t)db_int(s, 5);
	c->checked = (time_t)db_int(s, 6);
	c->disconnected = (time_t)db_int(s, 7);
	c->credits = (int)db_int(s, 8);
	str_copy(c->token_hash, sizeof(c->token_hash), db_text(s, 9));
	str_copy(c->sealed_hash, sizeof(c->sealed_hash), db_text(s, 10));
	pins_parse(c, db_text(s, 11));
	c->cafile = xstrdup(db_text(s, 12));
	c->public_json = xstrdup(db_text(s, 13));
	c->schedule = xstrdup(db_text(s, 14));
	c->next_sync = (time_t)db_int(s, 15);
	c->attention = xstrdup(db_text(s, 16));
	c->plain_http = xstrdup(db_text(s, 17));
	c->plain_http_at = (time_t)db_int(s, 18);
}

int db_conn_insert(struct db *db, const struct conn *c, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "INSERT INTO connections(" CONN_COLS ", imported) VALUES"
				  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
	char *pins;
	if (!s)
		return -1;
	pins = pins_json(c);
	db_bind_text(s, 1, c->id);
	db_bind_text(s, 2, c->system);
	db_bind_text(s, 3, c->url);
	db_bind_text(s, 4, c->user);
	db_bind_text(s, 5, conn_status_name(c->status));
	db_bind_int(s, 6, c->created);
	db_bind_int(s, 7, c->checked);
	db_bind_int(s, 8, c->disconnected);
	db_bind_int(s, 9, c->credits);
	db_bind_text(s, 10, c->status == CONN_ACTIVE ? c->token_hash : "");
	db_bind_text(s, 11, c->sealed_hash);
	db_bind_text(s, 12, pins);
	db_bind_text(s, 13, c->cafile);
	db_bind_text(s, 14, c->public_json ? c->public_json : "{}");
	db_bind_text(s, 15, c->schedule);
	db_bind_int(s, 16, c->next_sync);
	db_bind_text(s, 17, c->attention);
	db_bind_text(s, 18, c->plain_http ? c->plain_http : "");
	db_bind_int(s, 19, c->plain_http_at);
	db_bind_text(s, 20, c->raw);
	free(pins);
	return db_run(db, s, err);
}

int db_conn_get(struct db *db, const char *id, struct conn *out, struct onr_error *err)
{
	struct dbq *s = db_prep_kept(db, DB_STMT_CONN, "SELECT " CONN_COLS " FROM connections WHERE id=?",
				     err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	rc = db_step(s, err);
	if (rc == 1)
		db_conn_from_row(s, out);
	db_end(s);
	if (rc == 1)
		return 0;
	return rc == 0 ? 1 : rc;
}

static void fill_conn(struct dbq *q, void *c)
{
	db_conn_from_row(q, c);
}

int db_conn_list(struct db *db, struct conn **v, size_t *n, struct onr_error *err)
{
	return db_rows(db_prep(db, "SELECT " CONN_COLS " FROM connections ORDER BY created, {ROWID}", err),
		       sizeof(**v), fill_conn, (void **)v, n, err);
}

/* One integer from a query with one text parameter (may be NULL). */
static int scalar(struct db *db, const char *sql, const char *arg, long long *out,
		  struct onr_error *err)
{
	struct dbq *s = db_prep(db, sql, err);
	*out = 0;
	if (!s)
		return -1;
	if (arg)
		db_bind_text(s, 1, arg);
	return db_scalar(s, out, err);
}

int db_id_taken(struct db *db, const char *id, bool *taken, struct onr_error *err)
{
	long long n = 0;
	/* an id that a damaged imported line mentions stays reserved too */
	int rc = scalar(db, "SELECT (SELECT count(*) FROM connections WHERE id=?1) + "
			"(SELECT count(*) FROM import_damage WHERE {BLOB_HAS}) + "
			"(SELECT count(*) FROM history WHERE conn_id=?1)", id, &n, err);
	*taken = n > 0;
	return rc;
}

int db_credits_used(struct db *db, int *used, struct onr_error *err)
{
	long long n = 0;
	int rc = scalar(db, "SELECT coalesce(sum(credits),0) FROM connections WHERE status='active'",
			NULL, &n, err);
	*used = (int)n;
	return rc;
}

int db_token_find(struct db *db, const char *hash, char id[16], char *system, size_t syslen,
		  struct onr_error *err)
{
	/* The unique index finds it; the hash is of a 256-bit random token, so
	 * an indexed equality leaks nothing a constant-time loop would hide. */
	struct dbq *s = db_prep_kept(db, DB_STMT_TOKEN, "SELECT id, system FROM connections WHERE"
				     " token_hash=? AND status='active' AND token_hash<>''", err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, hash);
	rc = db_step(s, err);
	if (rc == 1) {
		str_copy(id, 16, db_text(s, 0));
		if (system && syslen)
			str_copy(system, syslen, db_text(s, 1));
	}
	db_end(s);
	if (rc == 1)
		return 0;
	return rc == 0 ? 1 : rc;
}

/* A statement whose one parameter ?1 is the id. */
static int by_id(struct db *db, const char *sql, const char *id, struct onr_error *err)
{
	struct dbq *s = db_prep(db, sql, err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	return db_run(db, s, err);
}

/* UPDATE ... WHERE id=?1 with one more value ?2 (text or integer). */
static int update(struct db *db, const char *sql, const char *id, const char *text, long long num,
		  struct onr_error *err)
{
	struct dbq *s = db_prep(db, sql, err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	if (text)
		db_bind_text(s, 2, text);
	else
		db_bind_int(s, 2, num);
	return db_run(db, s, err);
}

int db_set_checked(struct db *db, const char *id, time_t when, struct onr_error *err)
{
	return update(db, "UPDATE connections SET checked=?2 WHERE id=?1", id, NULL, when, err);
}

int db_set_plain_http(struct db *db, const char *id, const char *origin, time_t when, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "UPDATE connections SET plain_http=?2, plain_http_at=?3 WHERE id=?1 AND plain_http<>?2",
				err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, origin);
	db_bind_int(s, 3, when);
	return db_run(db, s, err);
}

int db_set_token(struct db *db, const char *id, const char hash[65], struct onr_error *err)
{
	int rc = update(db, "UPDATE connections SET token_hash=?2 WHERE id=?1 AND status='active'", id, hash, 0, err);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int db_set_sealed(struct db *db, const char *id, const char hash[65], struct onr_error *err)
{
	return update(db, "UPDATE connections SET sealed_hash=?2 WHERE id=?1", id, hash, 0, err);
}

int db_set_attention(struct db *db, const char *id, const char *what, struct onr_error *err)
{
	return update(db, "UPDATE connections SET attention=?2 WHERE id=?1", id, what ? what : "", 0,
		      err);
}

int db_set_schedule(struct db *db, const char *id, const char *schedule, time_t next,
		    struct onr_error *err)
{
	struct dbq *s = db_prep(db, "UPDATE connections SET schedule=?2, next_sync=?3 "
				  "WHERE id=?1 AND status='active'", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, schedule);
	db_bind_int(s, 3, schedule && *schedule ? next : 0);
	return db_run(db, s, err);
}

int db_conn_disconnect(struct db *db, const char *id, time_t now, int *freed, struct onr_error *err)
{
	long long credits = 0;
	char payload[128];
	struct dbq *s;

	*freed = 0;
	if (scalar(db, "SELECT credits FROM connections WHERE id=?1 AND status='active'", id, &credits,
		   err) != 0)
		return -1;
	if (!(s = db_prep(db, "UPDATE connections SET status='disconnected', token_hash='', "
			  "schedule='', next_sync=0, disconnected=?2 WHERE id=?1 AND status='active'", err)))
		return -1;
	db_bind_text(s, 1, id);
	db_bind_int(s, 2, now);
	if (db_run(db, s, err) != 0)
		return -1;
	if (db_changes(db) == 0)
		return 0; /* already disconnected: nothing to record */
	if (by_id(db, "UPDATE sync_runs SET cancel=1 WHERE conn_id=?1 AND status='SYNCING'", id,
		  err) != 0 ||
	    by_id(db, "DELETE FROM sealed WHERE conn_id=?1", id, err) != 0)
		return -1;
	/* connection_id: every event's data names its connection (webhooks) */
	str_fmt(payload, sizeof(payload), "{\"connection_id\":\"%s\",\"id\":\"%s\",\"credits_freed\":%lld}",
		id, id, credits);
	if (!(s = db_prep(db, "INSERT INTO events(at, conn_id, type, payload) "
			  "VALUES(?2, ?1, 'connection.disconnected', ?3)", err)))
		return -1;
	db_bind_text(s, 1, id);
	db_bind_int(s, 2, now);
	db_bind_text(s, 3, payload);
	if (db_run(db, s, err) != 0)
		return -1;
	*freed = (int)credits;
	return 0;
}

int db_conn_purge(struct db *db, const char *id, struct onr_error *err)
{
	static const char *const sql[] = {
		"DELETE FROM records WHERE conn_id=?1",
		"DELETE FROM history WHERE conn_id=?1",
		"DELETE FROM sync_runs WHERE conn_id=?1",
		"DELETE FROM marks WHERE conn_id=?1",
		"DELETE FROM events WHERE conn_id=?1",
		"DELETE FROM sealed WHERE conn_id=?1",
		"DELETE FROM connections WHERE id=?1",
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		if (by_id(db, sql[i], id, err) != 0)
			return -1;
	return 0;
}

/* The connections due at now that no live claim holds: the one SQL text
 * of both backends ({LOCK}: PostgreSQL passes over rows another instance
 * is claiming right now instead of waiting for them). */
#define DUE_SQL " FROM connections WHERE schedule<>'' AND status='active' AND next_sync<=?1" \
	" AND claimed_until<?1"

int db_claim_due(struct db *db, time_t now, long lease_s, size_t max, char (**ids)[16],
		 size_t *n, struct onr_error *err)
{
	struct dbq *s;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if ((rc = db_begin_claim(db, err)) != 0)
		return rc;
	s = db_prep(db, "UPDATE connections SET claimed_by=?2, claimed_until=?3 WHERE id IN"
		    " (SELECT id" DUE_SQL " ORDER BY next_sync LIMIT ?4{LOCK}) RETURNING id", err);
	if (!s) {
		db_rollback(db);
		return -1;
	}
	db_bind_int(s, 1, now);
	db_bind_text(s, 2, db->owner);
	db_bind_int(s, 3, now + lease_s);
	db_bind_int(s, 4, (long long)max);
	while ((rc = db_step(s, err)) == 1) {
		if (*n == cap)
			*ids = xrealloc(*ids, (cap = cap ? cap * 2 : 8) * sizeof(**ids));
		str_copy((*ids)[(*n)++], 16, db_text(s, 0));
	}
	db_end(s);
	if (rc == 0 && (rc = db_commit(db, err)) == 0)
		return 0;
	db_rollback(db);
	free(*ids);
	*ids = NULL;
	*n = 0;
	return rc;
}

/* UPDATE connections ... WHERE id=?1 AND claimed_by=?2: only the holder
 * touches its claim (one whose lease ran out may belong to another now). */
static int claim_update(struct db *db, const char *sql, const char *id, long long v,
			bool *held, struct onr_error *err)
{
	struct dbq *s = db_prep(db, sql, err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, db->owner);
	db_bind_int(s, 3, v);
	if (db_run(db, s, err) != 0)
		return -1;
	if (held)
		*held = db_changes(db) == 1;
	return 0;
}

int db_claim_one(struct db *db, const char *id, time_t now, long lease_s, bool *got,
		 struct onr_error *err)
{
	struct dbq *s = db_prep(db, "UPDATE connections SET claimed_by=?2, claimed_until=?3 WHERE id=?1"
				" AND status='active' AND (claimed_until<?4 OR claimed_by=?2)", err);
	*got = false;
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, db->owner);
	db_bind_int(s, 3, now + lease_s);
	db_bind_int(s, 4, now);
	if (db_run(db, s, err) != 0)
		return -1;
	*got = db_changes(db) == 1;
	return 0;
}

int db_claim_renew(struct db *db, const char *id, time_t until, bool *held, struct onr_error *err)
{
	return claim_update(db, "UPDATE connections SET claimed_until=?3 WHERE id=?1 AND claimed_by=?2",
			    id, until, held, err);
}

int db_claim_release(struct db *db, const char *id, time_t next, struct onr_error *err)
{
	/* a disconnect meanwhile left schedule '' and next_sync 0: keep them */
	return claim_update(db, "UPDATE connections SET claimed_by='', claimed_until=0,"
			    " next_sync=CASE WHEN schedule<>'' THEN ?3 ELSE 0 END WHERE id=?1 AND claimed_by=?2",
			    id, next, NULL, err);
}

/* "host:pid:random" of a process on this machine that no longer runs. */
static bool owner_gone_here(const struct db *db, const char *owner)
{
	size_t host = strcspn(db->owner, ":");
	long pid;
	if (strncmp(owner, db->owner, host) != 0 || owner[host] != ':')
		return false;
	pid = strtol(owner + host + 1, NULL, 10);
	return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

int db_claim_drop_dead(struct db *db, const char *id, bool *dropped, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT claimed_by FROM connections WHERE id=?", err);
	char owner[96] = "";
	int rc;

	*dropped = false;
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	if ((rc = db_step(s, err)) == 1)
		str_copy(owner, sizeof(owner), db_text(s, 0));
	db_end(s);
	if (rc < 0)
		return -1;
	if (!*owner || !owner_gone_here(db, owner))
		return 0;
	if (!(s = db_prep(db, "UPDATE connections SET claimed_by='', claimed_until=0 WHERE id=?1 AND claimed_by=?2",
			  err)))
		return -1;
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, owner);
	if (db_run(db, s, err) != 0)
		return -1;
	*dropped = db_changes(db) == 1;
	return 0;
}

int db_last_full(struct db *db, const char *id, time_t *when, struct onr_error *err)
{
	long long t = 0;
	int rc = scalar(db, "SELECT coalesce(max(started),0) FROM sync_runs WHERE conn_id=? AND \"full\"=1 "
			"AND status='DONE'", id, &t, err);
	*when = (time_t)t;
	return rc;
}

int db_sealed_put(struct db *db, const char *id, const unsigned char *box, size_t len,
		  const char hash[65], struct onr_error *err)
{
	struct dbq *s = db_prep(db, "INSERT INTO sealed(conn_id, box, hash) VALUES(?1,?2,?3)"
				" ON CONFLICT(conn_id) DO UPDATE SET box=excluded.box, hash=excluded.hash", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	db_bind_blob(s, 2, box, len);
	db_bind_text(s, 3, hash);
	return db_run(db, s, err);
}

int db_sealed_get(struct db *db, const char *id, unsigned char **box, size_t *len,
		  struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT box FROM sealed WHERE conn_id=?", err);
	int rc;
	*box = NULL;
	*len = 0;
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	if ((rc = db_step(s, err)) == 1) {
		const void *p = db_blob(s, 0, len);
		*box = xmalloc(*len ? *len : 1);
		memcpy(*box, p, *len);
	}
	db_end(s);
	return rc == 1 ? 0 : rc == 0 ? 1 : rc;
}

int db_sealed_delete(struct db *db, const char *id, struct onr_error *err)
{
	return by_id(db, "DELETE FROM sealed WHERE conn_id=?1", id, err);
}
