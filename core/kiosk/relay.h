/* relay.h: the platform's side of the sign-in relay. A kiosk from an
 * invite with a relay (the platform holds the app's client secret of a
 * browser sign-in) has no browser; the person signs in on a phone, and the
 * provider returns to the platform, never to the kiosk:
 *
 *   1. kiosk -> POST /v1/oauth/handles {"invite_id","system","fields","nonce"}
 *      (Authorization: Delivery <HMAC with the invite's secret>, delivery.h)
 *      -> {"handle","start"}: a single-use handle, bound to the invite,
 *      good for 10 minutes;
 *   2. phone -> GET /v1/oauth/start/HANDLE (the kiosk shows it as a QR code;
 *      the path matches in any case, so the link can be upper case and the
 *      code small) -> 302 to the provider's sign-in, with PKCE, the
 *      platform's /v1/oauth/callback as redirect address and a fresh state;
 *   3. provider -> GET /v1/oauth/callback?code&state: the platform trades
 *      the code with the client secret only it holds and runs the check
 *      itself (the catalog's probe, in the serve loop); on success the
 *      credentials (client secret, refresh token) are sealed to its own key
 *      and the connection is made as a delivery would make it
 *      (accept_sealed: one use of the invite, connection.created);
 *   4. kiosk <- GET /v1/oauth/status/HANDLE every second: {"stage":
 *      "waiting" | "opened" | "checking" | "connected" | "failed",
 *      "message", "connection_id"}, which the kiosk shows as it happens.
 *
 * Handles live in the serve process's memory: a restart forgets them and
 * the kiosk starts over. */
#ifndef ONRAMP_RELAY_H
#define ONRAMP_RELAY_H
#include <stdbool.h>
#include <stddef.h>
#include "loop.h"
#include "seal.h"
#include "store/db.h"

#define RELAY_HANDLE_LEN 8
#define RELAY_TTL_MS (10 * 60 * 1000)

/* onramp serve: where the relay runs its checks and opens the secrets. */
void relay_setup(struct loop *l, struct db *db, const struct seal_keypair *kp);
void relay_shutdown(void);

struct relay_answer {
	unsigned status;
	char *body;          /* malloc'd */
	const char *type;    /* content type */
	char location[4096]; /* a 302's target */
};
void relay_answer_free(struct relay_answer *a);

void relay_new_handle(const char *body, size_t len, const char *authorization, struct relay_answer *a);
void relay_start(const char *handle, struct relay_answer *a);
void relay_callback(const char *code, const char *state, const char *error, struct relay_answer *a);
void relay_status(const char *handle, struct relay_answer *a);
#endif
