/* db_invites.h: the platform's invites and the deliveries that used them
 * (schema version 3, db_schema.c; core/kiosk/ uses them). */
#ifndef ONRAMP_DB_INVITES_H
#define ONRAMP_DB_INVITES_H
#include "store/db.h"

struct db_invite {
	char id[32], code[16], system[64];
	char *payload; /* the signed JSON without its secret */
	time_t created, expires;
	int uses, used;
	bool revoked;
	unsigned char *relay; /* sealed client secret for the sign-in relay, or NULL */
	size_t relay_len;
};
void db_invite_free(struct db_invite *i);
void db_invites_free(struct db_invite *v, size_t n);

int db_invite_insert(struct db *db, const struct db_invite *i, struct onr_error *err);
/* By id ("inv_...") or short code; 1 when there is none. */
int db_invite_get(struct db *db, const char *id_or_code, struct db_invite *out, struct onr_error *err);
int db_invite_list(struct db *db, struct db_invite **v, size_t *n, struct onr_error *err);
/* 1 when there is none. */
int db_invite_revoke(struct db *db, const char *id, struct onr_error *err);

/* Inside a transaction. The delivery of connection conn: 1 when none yet,
 * else 0 with its invite id and digest (what was delivered). */
int db_invite_use_get(struct db *db, const char *conn, char invite_id[32], char digest[65], struct onr_error *err);
/* Records the delivery and counts the use. */
int db_invite_use_add(struct db *db, const char *invite_id, const char *conn, const char *digest, time_t now,
		      struct onr_error *err);

/* The active connections invites made, in the order they arrived. */
struct db_invite_conn {
	const char *id, *invite_id, *system, *fields;
	time_t created;
	bool no_token; /* its token was not handed over yet */
};
typedef int (*db_invite_conn_fn)(void *arg, const struct db_invite_conn *c);
int db_invite_conns(struct db *db, db_invite_conn_fn fn, void *arg, struct onr_error *err);
/* Gives a connection without a token this token hash; *got false when it
 * had one already (someone else took it first). */
int db_invite_set_token(struct db *db, const char *conn, const char *hash, bool *got, struct onr_error *err);
#endif
