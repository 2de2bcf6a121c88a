/* sign.h: Standard Webhooks v1 signatures (HMAC-SHA256 from libsodium).
 *
 * Signed content: "{webhook-id}.{webhook-timestamp}.{raw body}"; the header
 * webhook-signature is "v1,<base64 HMAC>", several space-separated for key
 * rotation. A secret is "whsec_" + base64 of its key (at least 24 random
 * bytes); the prefix is optional when reading one. Keys and secrets live
 * in sodium_malloc'd memory. */
#ifndef ONRAMP_WH_SIGN_H
#define ONRAMP_WH_SIGN_H
#include <stddef.h>
#include <time.h>

#define WH_KEY_BYTES 32          /* what onramp makes */
#define WH_KEY_MIN 24            /* the spec's 192 bits */
#define WH_KEY_MAX 64            /* the spec's 512 bits */
#define WH_SIG_MAX 64            /* "v1," + 44 base64 + NUL */
#define WH_SECRET_MAX 96         /* "whsec_" + base64 of 64 bytes + NUL */
#define WH_TOLERANCE_S 300

struct wh_key { /* sodium_malloc'd */
	unsigned char k[WH_KEY_MAX];
	size_t len;
};

/* A new random key and its "whsec_..." text (both sodium_malloc'd). */
int wh_key_new(struct wh_key **key, char **secret);
/* Decodes "whsec_BASE64" or "BASE64" (surrounding white space ignored);
 * NULL when it is not a key of WH_KEY_MIN..WH_KEY_MAX bytes. */
struct wh_key *wh_key_parse(const char *secret, size_t len);
void wh_key_free(struct wh_key *key);

/* out = "v1,<base64 HMAC-SHA256 of id.ts.body>". */
void wh_sign(const struct wh_key *key, const char *id, long long ts, const char *body, size_t len,
	     char out[WH_SIG_MAX]);

enum wh_verdict {
	WH_OK,
	WH_MISSING,      /* an id, timestamp or signature header is absent */
	WH_BAD_HEADER,   /* the timestamp is not a number; the id has a '.' */
	WH_TOO_OLD,      /* beyond the tolerance */
	WH_TOO_NEW,
	WH_BAD_SIGNATURE /* no v1 signature matches */
};
/* Checks the headers against body at time now, every v1 signature of the
 * list in constant time (sodium_memcmp); entries that are not "v1,..." are
 * skipped. */
enum wh_verdict wh_verify(const struct wh_key *key, const char *id, const char *ts,
			  const char *sigs, const char *body, size_t len, time_t now);
const char *wh_verdict_name(enum wh_verdict v);
#endif
