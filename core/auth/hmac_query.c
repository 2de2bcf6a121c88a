/* hmac_query: every request carries its query string signed with a secret
 * key, base64(HMAC-SHA256(key, query)), in the header auth.name; the query
 * is the part of the address after '?', as sent, and the empty string when
 * there is none. The key (auth.value) is never sent. Unleashed's API wants
 * this in api-auth-signature, with its API ID in a probe header. */
#include "auth/auth.h"
#include <sodium.h>
#include <string.h>

static int hq_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	struct secbuf key;
	char sig[sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	secbuf_init(&key, 256);
	if (auth_render(ctx, a->value, false, &key, err) < 0) {
		secbuf_free(&key);
		return -1;
	}
	const char *q = strchr(req->url.p, '?');
	q = q ? q + 1 : "";
	auth_hmac_sha256_b64(key.p, key.len, q, strlen(q), sig, sizeof(sig));
	secbuf_free(&key);
	http_req_header(req, a->name, sig);
	return 0;
}

const struct auth_method auth_hmac_query = {"hmac_query", hq_build, auth_judge_probe};
