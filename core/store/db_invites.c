/* db_invites.c: invites in SQLite (see db_invites.h). */
#include "db_impl.h"
#include "store/db_invites.h"
#include <stdlib.h>
#include <string.h>

#define INVITE_COLS "id, code, system, payload, created, expires, uses, used, revoked, relay"

void db_invite_free(struct db_invite *i)
{
	free(i->payload);
	free(i->relay);
	memset(i, 0, sizeof(*i));
}

void db_invites_free(struct db_invite *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		db_invite_free(&v[i]);
	free(v);
}

static void from_row(sqlite3_stmt *s, struct db_invite *i)
{
	memset(i, 0, sizeof(*i));
	str_copy(i->id, sizeof(i->id), db_text(s, 0));
	str_copy(i->code, sizeof(i->code), db_text(s, 1));
	str_copy(i->system, sizeof(i->system), db_text(s, 2));
	i->payload = xstrdup(db_text(s, 3));
	i->created = (time_t)sqlite3_column_int64(s, 4);
	i->expires = (time_t)sqlite3_column_int64(s, 5);
	i->uses = sqlite3_column_int(s, 6);
	i->used = sqlite3_column_int(s, 7);
	i->revoked = sqlite3_column_int(s, 8) != 0;
	if ((i->relay_len = (size_t)sqlite3_column_bytes(s, 9)) > 0) {
		i->relay = xmalloc(i->relay_len);
		memcpy(i->relay, sqlite3_column_blob(s, 9), i->relay_len);
	}
}

int db_invite_insert(struct db *db, const struct db_invite *i, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "INSERT INTO invites(" INVITE_COLS ") VALUES(?,?,?,?,?,?,?,0,0,?)", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, i->id);
	db_bind_text(s, 2, i->code);
	db_bind_text(s, 3, i->system);
	db_bind_text(s, 4, i->payload);
	sqlite3_bind_int64(s, 5, i->created);
	sqlite3_bind_int64(s, 6, i->expires);
	sqlite3_bind_int(s, 7, i->uses);
	if (i->relay_len)
		sqlite3_bind_blob(s, 8, i->relay, (int)i->relay_len, SQLITE_TRANSIENT);
	return db_run(db, s, err);
}

/* Steps s once and finalizes it: 0 with fill called on the row, 1 when
 * there is none, -1 (err). */
static int one_row(struct db *db, sqlite3_stmt *s, void (*fill)(sqlite3_stmt *s, void *arg), void *arg,
		   struct onr_error *err)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fill(s, arg);
	else if (rc != SQLITE_DONE)
		db_fail(db, rc, err);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static void fill_invite(sqlite3_stmt *s, void *arg)
{
	from_row(s, arg);
}

int db_invite_get(struct db *db, const char *id_or_code, struct db_invite *out, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT " INVITE_COLS " FROM invites WHERE id=?1 OR code=?1", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id_or_code);
	return one_row(db, s, fill_invite, out, err);
}

int db_invite_list(struct db *db, struct db_invite **v, size_t *n, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT " INVITE_COLS " FROM invites ORDER BY created, id", err);
	size_t cap = 0;
	int rc;
	*v = NULL;
	*n = 0;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			*v = xrealloc(*v, (cap = cap ? cap * 2 : 8) * sizeof(**v));
		from_row(s, &(*v)[(*n)++]);
	}
	if (rc != SQLITE_DONE)
		db_fail(db, rc, err);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int db_invite_revoke(struct db *db, const char *id, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "UPDATE invites SET revoked=1 WHERE id=?1 OR code=?1", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	if (db_run(db, s, err) != 0)
		return -1;
	return sqlite3_changes(db->h) ? 0 : 1;
}

struct use_row {
	char *invite_id, *digest;
};

static void fill_use(sqlite3_stmt *s, void *arg)
{
	struct use_row *u = arg;
	str_copy(u->invite_id, 32, db_text(s, 0));
	str_copy(u->digest, 65, db_text(s, 1));
}

int db_invite_use_get(struct db *db, const char *conn, char invite_id[32], char digest[65], struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT invite_id, digest FROM invite_uses WHERE conn_id=?", err);
	struct use_row u = {invite_id, digest};
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	return one_row(db, s, fill_use, &u, err);
}

int db_invite_use_add(struct db *db, const char *invite_id, const char *conn, const char *digest, time_t now,
		      struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "INSERT INTO invite_uses(conn_id, invite_id, digest, at) VALUES(?,?,?,?)", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, invite_id);
	db_bind_text(s, 3, digest);
	sqlite3_bind_int64(s, 4, now);
	if (db_run(db, s, err) != 0)
		return -1;
	if (!(s = db_prep(db, "UPDATE invites SET used=used+1 WHERE id=?", err)))
		return -1;
	db_bind_text(s, 1, invite_id);
	return db_run(db, s, err);
}

int db_invite_conns(struct db *db, db_invite_conn_fn fn, void *arg, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db,
				  "SELECT u.conn_id, u.invite_id, c.system, c.fields, c.created,"
				  " c.token_hash='' FROM invite_uses u JOIN connections c ON c.id=u.conn_id"
				  " WHERE c.status='active' ORDER BY u.at, u.conn_id",
				  err);
	int rc;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct db_invite_conn c = {db_text(s, 0),
					   db_text(s, 1),
					   db_text(s, 2),
					   db_text(s, 3),
					   (time_t)sqlite3_column_int64(s, 4),
					   sqlite3_column_int(s, 5) != 0};
		if (fn(arg, &c) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		db_fail(db, rc, err);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int db_invite_set_token(struct db *db, const char *conn, const char *hash, bool *got, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db,
				  "UPDATE connections SET token_hash=? WHERE id=? AND token_hash=''"
				  " AND status='active'",
				  err);
	if (!s)
		return -1;
	db_bind_text(s, 1, hash);
	db_bind_text(s, 2, conn);
	if (db_run(db, s, err) != 0)
		return -1;
	*got = sqlite3_changes(db->h) == 1;
	return 0;
}
