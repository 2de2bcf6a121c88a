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

static void from_row(struct dbq *s, struct db_invite *i)
{
	memset(i, 0, sizeof(*i));
	str_copy(i->id, sizeof(i->id), db_text(s, 0));
	str_copy(i->code, sizeof(i->code), db_text(s, 1));
	str_copy(i->system, sizeof(i->system), db_text(s, 2));
	i->payload = xstrdup(db_text(s, 3));
	i->created = (time_t)db_int(s, 4);
	i->expires = (time_t)db_int(s, 5);
	i->uses = (int)db_int(s, 6);
	i->used = (int)db_int(s, 7);
	i->revoked = (int)db_int(s, 8) != 0;
	const void *relay = db_blob(s, 9, &i->relay_len);
	if (i->relay_len > 0) {
		i->relay = xmalloc(i->relay_len);
		memcpy(i->relay, relay, i->relay_len);
	}
}

int db_invite_insert(struct db *db, const struct db_invite *i, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "INSERT INTO invites(" INVITE_COLS ") VALUES(?,?,?,?,?,?,?,0,0,?)", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, i->id);
	db_bind_text(s, 2, i->code);
	db_bind_text(s, 3, i->system);
	db_bind_text(s, 4, i->payload);
	db_bind_int(s, 5, i->created);
	db_bind_int(s, 6, i->expires);
	db_bind_int(s, 7, i->uses);
	if (i->relay_len)
		db_bind_blob(s, 8, i->relay, i->relay_len);
	return db_run(db, s, err);
}

/* Steps s once and finalizes it: 0 with fill called on the row, 1 when
 * there is none, -1 (err). */
static int one_row(struct db *db, struct dbq *s, void (*fill)(struct dbq *s, void *arg), void *arg,
		   struct onr_error *err)
{
	int rc = db_step(s, err); /* < 0: err is filled */
	(void)db;
	if (rc == 1)
		fill(s, arg);
	db_end(s);
	return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

static void fill_invite(struct dbq *s, void *arg)
{
	from_row(s, arg);
}

int db_invite_get(struct db *db, const char *id_or_code, struct db_invite *out, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT " INVITE_COLS " FROM invites WHERE id=?1 OR code=?1", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id_or_code);
	return one_row(db, s, fill_invite, out, err);
}

int db_invite_list(struct db *db, struct db_invite **v, size_t *n, struct onr_error *err)
{
	return db_rows(db_prep(db, "SELECT " INVITE_COLS " FROM invites ORDER BY created, id", err),
		       sizeof(**v), fill_invite, (void **)v, n, err) == 0 ? 0 : -1;
}

int db_invite_revoke(struct db *db, const char *id, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "UPDATE invites SET revoked=1 WHERE id=?1 OR code=?1", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, id);
	if (db_run(db, s, err) != 0)
		return -1;
	return db_changes(db) ? 0 : 1;
}

struct use_row {
	char *invite_id, *digest;
};

static void fill_use(struct dbq *s, void *arg)
{
	struct use_row *u = arg;
	str_copy(u->invite_id, 32, db_text(s, 0));
	str_copy(u->digest, 65, db_text(s, 1));
}

int db_invite_use_get(struct db *db, const char *conn, char invite_id[32], char digest[65], struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT invite_id, digest FROM invite_uses WHERE conn_id=?", err);
	struct use_row u = {invite_id, digest};
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	return one_row(db, s, fill_use, &u, err);
}

int db_invite_use_add(struct db *db, const char *invite_id, const char *conn, const char *digest, time_t now,
		      struct onr_error *err)
{
	struct dbq *s = db_prep(db, "INSERT INTO invite_uses(conn_id, invite_id, digest, at) VALUES(?,?,?,?)", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, invite_id);
	db_bind_text(s, 3, digest);
	db_bind_int(s, 4, now);
	if (db_run(db, s, err) != 0)
		return -1;
	if (!(s = db_prep(db, "UPDATE invites SET used=used+1 WHERE id=?", err)))
		return -1;
	db_bind_text(s, 1, invite_id);
	return db_run(db, s, err);
}

int db_invite_conns(struct db *db, db_invite_conn_fn fn, void *arg, struct onr_error *err)
{
	struct dbq *s = db_prep(db,
				  "SELECT u.conn_id, u.invite_id, c.system, c.fields, c.created,"
				  " c.token_hash='' FROM invite_uses u JOIN connections c ON c.id=u.conn_id"
				  " WHERE c.status='active' ORDER BY u.at, u.conn_id",
				  err);
	int rc;
	if (!s)
		return -1;
	while ((rc = db_step(s, err)) == 1) {
		struct db_invite_conn c = {db_text(s, 0),
					   db_text(s, 1),
					   db_text(s, 2),
					   db_text(s, 3),
					   (time_t)db_int(s, 4),
					   (int)db_int(s, 5) != 0};
		if (fn(arg, &c) != 0) {
			rc = 0;
			break;
		}
	}
	db_end(s); /* rc < 0: err is filled */
	return rc == 0 ? 0 : -1;
}

int db_invite_set_token(struct db *db, const char *conn, const char *hash, bool *got, struct onr_error *err)
{
	struct dbq *s = db_prep(db,
				  "UPDATE connections SET token_hash=? WHERE id=? AND token_hash=''"
				  " AND status='active'",
				  err);
	if (!s)
		return -1;
	db_bind_text(s, 1, hash);
	db_bind_text(s, 2, conn);
	if (db_run(db, s, err) != 0)
		return -1;
	*got = db_changes(db) == 1;
	return 0;
}
