/* delivery.h: what a kiosk delivers to its platform after a successful
 * check, and the wire form both sides share.
 *
 *   POST {api}/v1/connections
 *   Authorization: Delivery <hex HMAC-SHA256>
 *   {"invite_id","connection_id","system","url","user","pin",
 *    "fields":"<the public fields as a JSON text>","sealed":"<base64 box>",
 *    "plain_http":"http://host:port"}     (only when the user said yes to it)
 *
 * pin is the TLS public-key pin the user confirmed at the kiosk ("" when
 * none), so the platform reaches the same server the same way. plain_http
 * is the kiosk user's yes to sending the password unencrypted to that
 * address (probe_origin), so the platform's syncs may too, and no further.
 *
 * The box is the connection's credentials sealed (crypto_box_seal) to the
 * platform's key from the invite, inside the envelope every sealed file
 * has ({"id","system","credentials"}, store.h), so the kiosk can't read it
 * back. The HMAC, keyed with the invite's delivery secret, covers every
 * field and the box's hash: the kiosk computes it once, wipes the secret
 * and keeps only the HMAC, so the secret is never in a kiosk file. The same
 * delivery sent twice has the same HMAC, which the platform uses to know
 * it again (one connection, one use of the invite). */
#ifndef ONRAMP_DELIVERY_H
#define ONRAMP_DELIVERY_H
#include <stddef.h>
#include "error.h"
#include "invite.h"

#define DELIVERY_MAC_HEX 65

struct delivery {
	char invite_id[32], conn_id[16], system[64];
	char platform[96], api[256]; /* the kiosk's outbox keeps where it goes */
	char *url, *user, *fields;   /* malloc'd, public */
	char pin[64];                /* "sha256//..." or "" */
	char plain_http[320];        /* "http://host:port" the user allowed, or "" */
	unsigned char *box;          /* malloc'd: ciphertext */
	size_t boxlen;
	char mac[DELIVERY_MAC_HEX];
};

void delivery_free(struct delivery *d);
/* HMAC-SHA256 (libsodium) of the delivery's fields with the secret, hex. */
void delivery_mac(const struct delivery *d, const unsigned char secret[INVITE_SECRET], char out[DELIVERY_MAC_HEX]);
/* The sign-in relay's request for a handle (relay.h): the same secret
 * over the invite, the system, the public fields and a kiosk nonce. */
void delivery_relay_mac(const unsigned char secret[INVITE_SECRET], const char *invite_id, const char *system,
			const char *fields, const char *nonce, char out[DELIVERY_MAC_HEX]);
/* The request body; with keep, also api, platform and mac (the outbox file). */
char *delivery_json(const struct delivery *d, bool keep);
/* Reads a body (or an outbox file: keep). delivery.bad_request when a
 * field is missing or wrong. */
int delivery_parse(const char *text, size_t len, bool keep, struct delivery *d, struct onr_error *err);
#endif
