/* db_conn.c: the connection registry in SQLite (see db.h). */
#include "db_impl.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONN_COLS "id, system, url, user, status, created, checked, disconnected, credits, " \
	"token_hash, sealed_hash, pins, cafile, fields, schedule, next_sync, attention"

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

void db_conn_from_row(sqlite3_stmt *s, struct conn *c)
{
	memset(c, 0, sizeof(*c));
	str_copy(c->id, sizeof(c->id), db_text(s, 0));
	c->system = xstrdup(db_text(s, 1));
	c->url = xstrdup(db_text(s, 2));
	c->user = xstrdup(db_text(s, 3));
	c->status = strcmp(db_text(s, 4), "active") == 0 ? CONN_ACTIVE : CONN_DISCONNECTED;
	c->created = (time_t)sqlite3_column_int64(s, 5);
	c->checked = (time_t)sqlite3_column_int64(s, 6);
	c->disconnected = (time_t)sqlite3_column_int64(s, 7);
	c->credits = sqlite3_column_int(s, 8);
	str_copy(c->token_hash, sizeof(c->token_hash), db_text(s, 9));
	str_copy(c->sealed_hash, sizeof(c->sealed_hash), db_text(s, 10));
	pins_parse(c, db_text(s, 11));
	c->cafile = xstrdup(db_text(s, 12));
	c->public_json = xstrdup(db_text(s, 13));
	c->schedule = xstrdup(db_text(s, 14));
	c->next_sync = (time_t)sqlite3_column_int64(s, 15);
	c->attention = xstrdup(db_text(s, 16));
}

int db_conn_insert(struct db *db, const struct conn *c, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "INSERT INTO connections(" CONN_COLS ", imported) VALUES"
				  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", err);
	char *pins;
	if (!s)
		return -1;
	pins = pins_json(c);
	db_bind_text(s, 1, c->id);
	db_bind_text(s, 2, c->system);
	db_bind_text(s, 3, c->url);
	db_bind_text(s, 4, c->user);
	db_bind_text(s, 5, conn_status_name(c->status));
	sqlite3_bind_int64(s, 6, c->created);
	sqlite3_bind_int64(s, 7, c->checked);
	sqlite3_bind_int64(s, 8, c->disconnected);
	sqlite3_bind_int(s, 9, c->credits);
	db_bind_text(s, 10, c->status == CONN_ACTIVE ? c->token_hash : "");
	db_bind_text(s, 11, c->sealed_hash);
	db_bind_text(s, 12, pins);
	db_bind_text(s, 13, c->cafile);
	db_bind_text(s, 14, c->public_json ? c->public_json : "{}");
	db_bind_text(s, 15, c->schedule);
	sqlite3_bind_int64(s, 16, c->next_sync);
	db_bind_text(s, 17, c->attention);
	db_bind_text(s, 18, c->raw);
	free(pins);
	return db_run(db, s, err);
}

int db_conn_get(struct db *db, const char *id, struct conn *out, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT " CONN_COLS " FROM connections WHERE id=?", err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		db_conn_from_row(s, out);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, rc, err);
}

int db_conn_list(struct db *db, struct conn **v, size_t *n, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT " CONN_COLS " FROM connections ORDER BY created, rowid",
				  err);
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			*v = xrealloc(*v, (cap = cap ? cap * 2 : 16) * sizeof(**v));
		db_conn_from_row(s, &(*v)[(*n)++]);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, err);
}

/* One integer from a query with one text parameter (may be NULL). */
static int scalar(struct db *db, const char *sql, const char *arg, long long *out,
		  struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, sql, err);
	int rc;
	if (!s)
		return -1;
	if (arg)
		db_bind_text(s, 1, arg);
	rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, err);
}

int db_id_taken(struct db *db, const char *id, bool *taken, struct onr_error *err)
{
	long long n = 0;
	/* an id that a damaged imported line mentions stays reserved too */
	int rc = scalar(db, "SELECT (SELECT count(*) FROM connections WHERE id=?1) + "
			"(SELECT count(*) FROM import_damage WHERE instr(raw, ?1) > 0) + "
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
	sqlite3_stmt *s = db_prep(db, "SELECT id, system FROM connections WHERE token_hash=? "
				  "AND status='active' AND token_hash<>''", err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, hash);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		str_copy(id, 16, db_text(s, 0));
		if (system && syslen)
			str_copy(system, syslen, db_text(s, 1));
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, rc, err);
}

/* A statement whose one parameter ?1 is the id. */
static int by_id(struct db *db, const char *sql, const char *id, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, sql, err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	return db_run(db, s, err);
}

/* UPDATE ... WHERE id=?1 with one more value ?2 (text or integer). */
static int update(struct db *db, const char *sql, const char *id, const char *text, long long num,
		  struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, sql, err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	if (text)
		db_bind_text(s, 2, text);
	else
		sqlite3_bind_int64(s, 2, num);
	return db_run(db, s, err);
}

int db_set_checked(struct db *db, const char *id, time_t when, struct onr_error *err)
{
	return update(db, "UPDATE connections SET checked=?2 WHERE id=?1", id, NULL, when, err);
}

int db_set_token(struct db *db, const char *id, const char hash[65], struct onr_error *err)
{
	int rc = update(db, "UPDATE connections SET token_hash=?2 WHERE id=?1 AND status='active'", id, hash, 0, err);
	return rc == 0 && sqlite3_changes(db->h) == 0 ? 1 : rc;
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
	sqlite3_stmt *s = db_prep(db, "UPDATE connections SET schedule=?2, next_sync=?3 "
				  "WHERE id=?1 AND status='active'", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, schedule);
	sqlite3_bind_int64(s, 3, schedule && *schedule ? next : 0);
	return db_run(db, s, err);
}

int db_conn_disconnect(struct db *db, const char *id, time_t now, int *freed, struct onr_error *err)
{
	long long credits = 0;
	char payload[128];
	sqlite3_stmt *s;

	*freed = 0;
	if (scalar(db, "SELECT credits FROM connections WHERE id=? AND status='active'", id, &credits,
		   err) != 0)
		return -1;
	if (!(s = db_prep(db, "UPDATE connections SET status='disconnected', token_hash='', "
			  "schedule='', next_sync=0, disconnected=?2 WHERE id=?1 AND status='active'", err)))
		return -1;
	db_bind_text(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	if (db_run(db, s, err) != 0)
		return -1;
	if (sqlite3_changes(db->h) == 0)
		return 0; /* already disconnected: nothing to record */
	if (by_id(db, "UPDATE sync_runs SET cancel=1 WHERE conn_id=?1 AND status='SYNCING'", id,
		  err) != 0)
		return -1;
	/* connection_id: every event's data names its connection (webhooks) */
	str_fmt(payload, sizeof(payload), "{\"connection_id\":\"%s\",\"id\":\"%s\",\"credits_freed\":%lld}",
		id, id, credits);
	if (!(s = db_prep(db, "INSERT INTO events(at, conn_id, type, payload) "
			  "VALUES(?2, ?1, 'connection.disconnected', ?3)", err)))
		return -1;
	db_bind_text(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
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
		"DELETE FROM connections WHERE id=?1",
	};
	for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
		if (by_id(db, sql[i], id, err) != 0)
			return -1;
	return 0;
}

int db_due(struct db *db, time_t now, char (**ids)[16], size_t *n, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT id FROM connections WHERE schedule<>'' AND "
				  "status='active' AND next_sync<=? ORDER BY next_sync", err);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			*ids = xrealloc(*ids, (cap = cap ? cap * 2 : 8) * sizeof(**ids));
		str_copy((*ids)[(*n)++], 16, db_text(s, 0));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, err);
}

int db_claim_due(struct db *db, const char *id, time_t now, time_t next, bool *got,
		 struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "UPDATE connections SET next_sync=?3 WHERE id=?1 AND "
				  "status='active' AND schedule<>'' AND next_sync<=?2", err);
	*got = false;
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, next);
	if (db_run(db, s, err) != 0)
		return -1;
	*got = sqlite3_changes(db->h) == 1;
	return 0;
}

int db_last_full(struct db *db, const char *id, time_t *when, struct onr_error *err)
{
	long long t = 0;
	int rc = scalar(db, "SELECT coalesce(max(started),0) FROM sync_runs WHERE conn_id=? AND full=1 "
			"AND status='DONE'", id, &t, err);
	*when = (time_t)t;
	return rc;
}
