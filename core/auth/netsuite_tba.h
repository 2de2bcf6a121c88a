/* netsuite_tba.h: NetSuite token-based authentication (OAuth 1.0a with
 * HMAC-SHA256), exposed for tests: the signature is a pure function. */
#ifndef ONRAMP_NETSUITE_TBA_H
#define ONRAMP_NETSUITE_TBA_H
#include <stddef.h>

struct netsuite_oauth {
	const char *consumer_key, *consumer_secret; /* from the integration record */
	const char *token_id, *token_secret;        /* from the access token */
	const char *nonce, *timestamp;              /* fresh for every request */
};

/* The OAuth 1.0a signature of one request (RFC 5849 3.4): the base string
 * is METHOD & base URI & the sorted oauth_* and query parameters, signed
 * with HMAC-SHA256 under "consumer_secret&token_secret" (each percent-
 * encoded). Writes the base64 signature (not yet percent-encoded) into sig.
 * Returns 0, or -1 when the URL cannot be read or sig is too small. */
int netsuite_signature(const char *method, const char *url, const struct netsuite_oauth *o, char *sig,
		       size_t size);

/* From an account ID as NetSuite shows it ("1234567_SB1") or as it appears
 * in URLs ("1234567-sb1"): the host label (lower case, "_" -> "-") and the
 * OAuth realm (upper case, "-" -> "_"). -1 when it has other characters. */
int netsuite_account(const char *account, char *host, size_t hsize, char *realm, size_t rsize);

struct form;
struct http_req;
struct onr_error;
struct secbuf;
/* The account's REST address (the form's api_base, else
 * https://<account>.suitetalk.api.netsuite.com), no trailing slash. -1
 * for an account ID that cannot be one. */
int netsuite_rest_base(const struct form *form, struct secbuf *out);
/* Adds the OAuth 1.0a Authorization header for req's method and URL
 * (fresh nonce and timestamp), from the form's keys and secrets. */
int netsuite_sign(const struct form *form, struct http_req *req, struct onr_error *err);
#endif
