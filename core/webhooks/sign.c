/* sign.c: see sign.h. */
#include "webhooks/sign.h"
#include <ctype.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define B64 sodium_base64_VARIANT_ORIGINAL

int wh_key_new(struct wh_key **key, char **secret)
{
	struct wh_key *k = sodium_malloc(sizeof(*k));
	char *s = sodium_malloc(WH_SECRET_MAX);
	if (!k || !s) {
		sodium_free(k);
		sodium_free(s);
		return -1;
	}
	k->len = WH_KEY_BYTES;
	randombytes_buf(k->k, k->len);
	memcpy(s, "whsec_", 6);
	sodium_bin2base64(s + 6, WH_SECRET_MAX - 6, k->k, k->len, B64);
	*key = k;
	*secret = s;
	return 0;
}

struct wh_key *wh_key_parse(const char *secret, size_t len)
{
	struct wh_key *k;
	size_t n = 0;

	while (len && isspace((unsigned char)*secret)) {
		secret++;
		len--;
	}
	while (len && isspace((unsigned char)secret[len - 1]))
		len--;
	if (len >= 6 && !memcmp(secret, "whsec_", 6)) {
		secret += 6;
		len -= 6;
	}
	if (!len || !(k = sodium_malloc(sizeof(*k))))
		return NULL;
	if (sodium_base642bin(k->k, sizeof(k->k), secret, len, NULL, &n, NULL, B64) != 0 ||
	    n < WH_KEY_MIN) {
		sodium_free(k);
		return NULL;
	}
	k->len = n;
	return k;
}

void wh_key_free(struct wh_key *key)
{
	sodium_free(key); /* wipes */
}

static void mac(const struct wh_key *key, const char *id, const char *ts, const char *body,
		size_t len, unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key->k, key->len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, strlen(id));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

void wh_sign(const struct wh_key *key, const char *id, long long ts, const char *body, size_t len,
	     char out[WH_SIG_MAX])
{
	unsigned char h[crypto_auth_hmacsha256_BYTES];
	char t[24];
	snprintf(t, sizeof(t), "%lld", ts);
	mac(key, id, t, body, len, h);
	memcpy(out, "v1,", 3);
	sodium_bin2base64(out + 3, WH_SIG_MAX - 3, h, sizeof(h), B64);
}

/* One entry "v1,BASE64" of the list against the expected MAC. */
static bool entry_matches(const char *e, size_t n, const unsigned char want[32])
{
	unsigned char got[32];
	size_t glen = 0;
	if (n < 4 || memcmp(e, "v1,", 3) != 0 ||
	    sodium_base642bin(got, sizeof(got), e + 3, n - 3, NULL, &glen, NULL, B64) != 0 ||
	    glen != sizeof(got))
		return false;
	return sodium_memcmp(got, want, sizeof(got)) == 0;
}

static enum wh_verdict check_time(const char *ts, time_t now)
{
	char *end;
	long long t;
	if (!*ts || strlen(ts) > 19)
		return WH_BAD_HEADER;
	t = strtoll(ts, &end, 10);
	if (*end || !isdigit((unsigned char)*ts))
		return WH_BAD_HEADER;
	if (t < (long long)now - WH_TOLERANCE_S)
		return WH_TOO_OLD;
	if (t > (long long)now + WH_TOLERANCE_S)
		return WH_TOO_NEW;
	return WH_OK;
}

enum wh_verdict wh_verify(const struct wh_key *key, const char *id, const char *ts,
			  const char *sigs, const char *body, size_t len, time_t now)
{
	unsigned char want[crypto_auth_hmacsha256_BYTES];
	enum wh_verdict v;
	bool ok = false;

	if (!id || !ts || !sigs || !*id || !*sigs)
		return WH_MISSING;
	if (strchr(id, '.'))
		return WH_BAD_HEADER;
	if ((v = check_time(ts, now)) != WH_OK)
		return v;
	mac(key, id, ts, body, len, want);
	/* every entry is checked, so the time does not tell which matched */
	for (const char *p = sigs; *p;) {
		size_t n;
		p += strspn(p, " ");
		n = strcspn(p, " ");
		ok |= n && entry_matches(p, n, want);
		p += n;
	}
	sodium_memzero(want, sizeof(want));
	return ok ? WH_OK : WH_BAD_SIGNATURE;
}

const char *wh_verdict_name(enum wh_verdict v)
{
	static const char *const names[] = {"ok", "missing_header", "bad_header", "too_old", "too_new",
					    "bad_signature"};
	return v <= WH_BAD_SIGNATURE ? names[v] : "bad_signature";
}
