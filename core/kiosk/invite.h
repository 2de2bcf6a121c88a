/* invite.h: a platform's signed invitation to connect one system from a
 * kiosk (README "Kiosk to platform"). The platform makes it (`onramp invite
 * create`), the kiosk checks it and follows it: the wizard opens on the
 * system with the presets filled in and the locks locked, and the result is
 * delivered to the platform (delivery.h) instead of being kept.
 *
 * The whole invite is one string:
 *
 *   onr1.<signing public key>.<crypto_sign(payload)>
 *
 * both parts base64url without padding; the payload is compact JSON:
 *
 *   {"v":1,"id":"inv_...","code":"ONR-7K2M-QX9P","platform":"ACME Integration",
 *    "api":"https://platform.example:8470","seal_key":"<base64 X25519 key>",
 *    "system":"tryton","presets":{"url":"..."},"locks":["url"],
 *    "expires":1767225600,"uses":1,"relay":false,"secret":"<base64url 32 bytes>"}
 *
 * relay: the platform holds the app's client secret of a browser sign-in
 * (relay.h): the kiosk signs in through the platform, never with the secret.
 *
 * The signing key is the platform's Ed25519 key (invite_key.h); the kiosk
 * checks the signature against the key it trusts, and on first use shows
 * the key's fingerprint to confirm. `secret` is the delivery secret: the
 * platform derives it from its signing key and the invite id, so the
 * platform keeps it nowhere, and the kiosk proves it holds it with an HMAC
 * over each delivery (delivery.h) instead of writing it down.
 *
 * The short code ONR-XXXX-XXXX names the same invite at the platform's API
 * (GET /v1/invites/CODE answers the whole string). */
#ifndef ONRAMP_INVITE_H
#define ONRAMP_INVITE_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "error.h"
#include "session.h"

#define INVITE_PREFIX "onr1."
#define INVITE_SIGN_PK 32 /* crypto_sign_PUBLICKEYBYTES */
#define INVITE_SECRET 32  /* delivery secret, bytes */
#define INVITE_MAX 16384  /* longest invite string accepted */
#define INVITE_MAX_PRESETS 32
#define INVITE_FP_LEN 20   /* "XXXX-XXXX-XXXX-XXXX" + NUL */
#define INVITE_CODE_LEN 14 /* "ONR-XXXX-XXXX" + NUL */

struct invite {
	char id[32]; /* "inv_" + 16 base32 characters */
	char code[INVITE_CODE_LEN];
	char platform[96];         /* the platform's name, for "NAME has it" */
	char api[256];             /* the platform's API address */
	unsigned char seal_pk[32]; /* the platform's sealing key (crypto_box) */
	unsigned char sign_pk[INVITE_SIGN_PK];
	char system[64];
	struct preset presets[INVITE_MAX_PRESETS]; /* keys and values owned */
	size_t npresets;
	time_t expires;
	int uses;
	bool relay;            /* browser sign-ins go through the platform's relay */
	unsigned char *secret; /* sodium_malloc'd INVITE_SECRET bytes, or NULL */
};

/* What the platform fills in to make one (invite_admin.h mints id, code
 * and secret). */
struct invite_spec {
	const char *platform, *api, *system;
	const unsigned char *seal_pk;
	const struct preset *presets; /* values: presets; value NULL + lock: a lock */
	size_t npresets;
	time_t expires;
	int uses;
	bool relay;                     /* the platform holds the client secret: sign-ins go through it */
	const unsigned char *relay_box; /* that secret, sealed to the platform (invite_create keeps it) */
	size_t relay_len;
};

/* The payload JSON without the secret (what the platform keeps), compact. */
char *invite_payload(const struct invite_spec *s, const char *id, const char *code);
/* Signs payload + secret with the 64-byte Ed25519 secret key: the invite
 * string (malloc'd; it holds the delivery secret, so the caller wipes it
 * after use). */
char *invite_sign(const char *payload, const unsigned char secret[INVITE_SECRET],
		  const unsigned char sign_pk[INVITE_SIGN_PK], const unsigned char *sign_sk);

/* Decodes the string and checks its signature against the key it names:
 * invite.malformed (not an invite, cut off), invite.tampered (the
 * signature does not match: changed after signing). Does not judge the key
 * (invite_check_key) nor the time (invite_check_time). */
int invite_decode(const char *text, struct invite *out, struct onr_error *err);
void invite_free(struct invite *inv); /* wipes the secret */

/* The signer must be the trusted key (trusted non-NULL): invite.wrong_key.
 * With no trusted key yet (first use), confirm is the fingerprint the user
 * gave (--platform-key, or the answer to the prompt): NULL gives
 * invite.key_unconfirmed (the message shows the fingerprint), a different
 * one invite.key_mismatch. *first_use says the key should now be trusted. */
int invite_check_key(const struct invite *inv, const unsigned char *trusted, const char *confirm, bool *first_use,
		     struct onr_error *err);
/* invite.expired when now is past the invite's expiry. */
int invite_check_time(const struct invite *inv, time_t now, struct onr_error *err);

/* The key's fingerprint: BLAKE2b of the key, 80 bits in base32, grouped
 * "XXXX-XXXX-XXXX-XXXX". A typed one matches in any case, with or without
 * the dashes. */
void invite_fingerprint(const unsigned char pk[INVITE_SIGN_PK], char out[INVITE_FP_LEN]);
bool invite_fingerprint_matches(const unsigned char pk[INVITE_SIGN_PK], const char *typed);
/* Does text look like a short code (ONR-XXXX-XXXX, any case)? Normalises
 * it into out (upper case) when it does. */
bool invite_is_code(const char *text, char out[INVITE_CODE_LEN]);
/* n random characters of the base32 alphabet used for ids and codes. */
void invite_random_chars(char *out, size_t n);
#endif
