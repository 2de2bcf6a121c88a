/* lifecycle_impl.h: what lifecycle.c and lifecycle_use.c share. */
#ifndef ONRAMP_LIFECYCLE_IMPL_H
#define ONRAMP_LIFECYCLE_IMPL_H
#include "lifecycle.h"
#include "store/db.h"
#include "seal.h"

void input_err(struct onr_error *err, const char *code, const char *msg, const char *hint);
/* The connection id into c, or err: unknown (store.not_found) or damaged. */
int lifecycle_find(struct db *db, const char *id, struct conn *c, struct onr_error *err);
/* The prefix of the sealed envelope: {"id":"ID","system":"SYS","credentials": */
char *envelope_prefix(const char *id, const char *system);
bool looks_like_object(const unsigned char *s, size_t len);
/* Seals {"id":..,"system":..,"credentials":SECRET} to pk into *box (to
 * free). */
int seal_envelope(const unsigned char pk[SEAL_KEY_BYTES], const char *id, const char *system,
		  const unsigned char *secret, size_t len, unsigned char **box, size_t *boxlen,
		  struct onr_error *err);
/* A kiosk's delivery, on the platform (core/kiosk/accept.c): a connection
 * whose credentials came sealed to this machine's public key already, under
 * the id the kiosk chose. Inside the caller's transaction: the credits, the
 * sealed file, then the row, with no token until the platform's
 * application takes one (GET /v1/connections). */
struct conn_new;
int lifecycle_adopt(struct db *db, const struct conn_new *c, const char *id, const unsigned char *box,
		    size_t boxlen, struct onr_error *err);
#endif
