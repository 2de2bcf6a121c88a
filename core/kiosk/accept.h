/* accept.h: the platform's side of invites over HTTP (core/api/api_kiosk.c
 * routes to these): a kiosk's delivery becomes a connection, and the
 * platform's application takes each new connection's token once.
 *
 * A delivery (delivery.h) is accepted when its invite is known and usable
 * and its HMAC matches the invite's delivery secret. In one transaction: the
 * credits, the sealed file, the connection row (its connection.created
 * event comes from the database's trigger) and the invite's use. The same
 * delivery again answers 200 with the same connection and counts nothing;
 * another delivery under a connection id already used answers 409.
 *
 * The application authenticates with the app token (`onramp invite
 * app-token` prints it once; only its BLAKE2b hash is kept, in
 * app-token.hash in the config folder). GET /v1/connections lists the
 * connections invites made, and mints each one's API token the first time
 * it is listed: that answer is the only place the token ever appears. */
#ifndef ONRAMP_ACCEPT_H
#define ONRAMP_ACCEPT_H
#include <stdbool.h>
#include "store/db.h"
#include "util.h"

struct accept_answer {
	unsigned status; /* 201 made, 200 the same delivery again, else an error */
	char code[48], message[256];
	char conn_id[16];
};

void accept_delivery(struct db *db, const char *body, size_t len, const char *authorization, struct accept_answer *out);

/* A delivery whose authenticity the caller checked (the sign-in relay
 * makes its own): the same transaction as accept_delivery. digest tells
 * the same delivery again. */
struct delivery;
void accept_sealed(struct db *db, const struct delivery *d, const char *digest, struct accept_answer *out);
/* A system of the catalog (loaded once per process), or NULL. */
struct system;
const struct system *accept_system(const char *id);

/* A new app token into out (SEAL_TOKEN_LEN + 1 bytes), replacing the old. */
int accept_app_token_new(char *out, struct onr_error *err);
/* Is "Bearer <token>" the app token? */
bool accept_app_token_ok(const char *authorization);
/* The body of GET /v1/connections into b; 0, or -1 on a store failure. */
int accept_handover(struct db *db, struct buf *b, struct onr_error *err);
#endif
