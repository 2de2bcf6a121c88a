/* NetSuite token-based authentication (TBA): OAuth 1.0a (RFC 5849) signed
 * with HMAC-SHA256, the realm being the account ID. One signed GET to the
 * REST web services of https://{account}.suitetalk.api.netsuite.com proves
 * all four values, and that the token's role may use REST web services.
 * The optional field api_base replaces that address (tests, proxies). */
#include "auth/auth.h"
#include "auth/netsuite_tba.h"
#include <cJSON.h>
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PARAMS 48
#define DEFAULT_PROBE "{api_base}/services/rest/record/v1/metadata-catalog?select=customer"

int netsuite_account(const char *account, char *host, size_t hsize, char *realm, size_t rsize)
{
	size_t n = account ? strlen(account) : 0;
	if (n == 0 || n >= hsize || n >= rsize)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)account[i];
		if (!isalnum(c) && c != '_' && c != '-')
			return -1;
		host[i] = c == '_' ? '-' : (char)tolower(c);
		realm[i] = c == '-' ? '_' : (char)toupper(c);
	}
	host[n] = realm[n] = 0;
	return 0;
}

struct param {
	char *name, *value; /* percent-encoded (RFC 5849 3.6) */
};

static char *encoded(const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = xmalloc(n * 3 + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = 0;
	return out;
}

/* Decodes one query component (application/x-www-form-urlencoded: "+" is
 * a space) in place; returns its new length. */
static size_t form_decode(char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			s[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
			   isxdigit((unsigned char)s[i + 2])) {
			char h[3] = {s[i + 1], s[i + 2], 0};
			s[o++] = (char)strtol(h, NULL, 16);
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	return o;
}

static int add_param(struct param *p, size_t *n, const char *name, size_t nl, const char *value, size_t vl)
{
	if (*n >= MAX_PARAMS)
		return -1;
	p[*n].name = encoded(name, nl);
	p[*n].value = encoded(value, vl);
	(*n)++;
	return 0;
}

/* Splits "a=1&b=%20x" into decoded, then re-encoded, parameters. */
static int add_query(struct param *p, size_t *n, const char *query)
{
	char *q = xstrdup(query ? query : ""), *part = q;
	int rc = 0;
	while (part && *part && rc == 0) {
		char *amp = strchr(part, '&'), *eq;
		if (amp)
			*amp = 0;
		if (*part) {
			eq = strchr(part, '=');
			size_t nl = eq ? (size_t)(eq - part) : strlen(part);
			char *value = eq ? eq + 1 : part + nl;
			nl = form_decode(part, nl);
			size_t vl = form_decode(value, strlen(value));
			rc = add_param(p, n, part, nl, value, vl);
		}
		part = amp ? amp + 1 : NULL;
	}
	free(q);
	return rc;
}

static int param_cmp(const void *a, const void *b)
{
	const struct param *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->value, y->value);
}

/* "https://host[:port]/path" with the scheme and host in lower case and a
 * default port left out (RFC 5849 3.4.1.2), and the query string apart. */
static int base_uri(const char *url, struct buf *out, char **query)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
	int rc = -1;
	*query = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_PORT, &port, 0);
		curl_url_get(u, CURLUPART_QUERY, query, 0);
		for (char *c = scheme; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		for (char *c = host; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		buf_addf(out, "%s://%s", scheme, host);
		if (port && !((!strcmp(scheme, "https") && !strcmp(port, "443")) ||
			      (!strcmp(scheme, "http") && !strcmp(port, "80"))))
			buf_addf(out, ":%s", port);
		buf_adds(out, path);
		rc = 0;
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_url_cleanup(u);
	return rc;
}

static void add_encoded(struct buf *out, const char *s)
{
	char *e = encoded(s, strlen(s));
	buf_adds(out, e);
	free(e);
}

int netsuite_signature(const char *method, const char *url, const struct netsuite_oauth *o, char *sig, size_t size)
{
	struct param p[MAX_PARAMS];
	size_t n = 0;
	struct buf base = {0}, uri = {0}, norm = {0};
	char *query = NULL;
	int rc = -1;

	buf_init(&base);
	buf_init(&uri);
	buf_init(&norm);
	if (size < sodium_base64_ENCODED_LEN(crypto_auth_hmacsha256_BYTES, sodium_base64_VARIANT_ORIGINAL) ||
	    base_uri(url, &uri, &query) < 0)
		goto out;
	if (add_query(p, &n, query) < 0)
		goto out;
	const char *oauth[][2] = {
		{"oauth_consumer_key", o->consumer_key}, {"oauth_nonce", o->nonce},
		{"oauth_signature_method", "HMAC-SHA256"}, {"oauth_timestamp", o->timestamp},
		{"oauth_token", o->token_id}, {"oauth_version", "1.0"},
	};
	for (size_t i = 0; i < sizeof(oauth) / sizeof(oauth[0]); i++)
		if (add_param(p, &n, oauth[i][0], strlen(oauth[i][0]), oauth[i][1], strlen(oauth[i][1])) < 0)
			goto out;
	qsort(p, n, sizeof(p[0]), param_cmp);
	for (size_t i = 0; i < n; i++)
		buf_addf(&norm, "%s%s=%s", i ? "&" : "", p[i].name, p[i].value);
	for (const char *m = method; *m; m++)
		buf_addf(&base, "%c", toupper((unsigned char)*m));
	buf_adds(&base, "&");
	add_encoded(&base, uri.data);
	buf_adds(&base, "&");
	add_encoded(&base, norm.data);

	/* key = enc(consumer secret) "&" enc(token secret), in secure memory */
	struct secbuf key;
	secbuf_init(&key, (strlen(o->consumer_secret) + strlen(o->token_secret)) * 3 + 2);
	auth_add_escaped(&key, o->consumer_secret);
	secbuf_adds(&key, "&");
	auth_add_escaped(&key, o->token_secret);
	auth_hmac_sha256_b64(key.p, key.len, base.data, base.len, sig, size);
	secbuf_free(&key);
	rc = 0;
out:
	for (size_t i = 0; i < n; i++) {
		free(p[i].name);
		free(p[i].value);
	}
	curl_free(query);
	buf_free(&base);
	buf_free(&uri);
	buf_free(&norm);
	return rc;
}

/* NetSuite wants at least 6 characters; 20 is what its examples use. */
static void make_nonce(char *out, size_t n)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	for (size_t i = 0; i + 1 < n; i++)
		out[i] = set[randombytes_uniform(sizeof(set) - 1)];
	out[n - 1] = 0;
}

static void header_param(struct secbuf *h, const char *name, const char *value, bool first)
{
	secbuf_adds(h, first ? "" : ", ");
	secbuf_adds(h, name);
	secbuf_adds(h, "=\"");
	auth_add_escaped(h, value);
	secbuf_adds(h, "\"");
}

int netsuite_rest_base(const struct form *form, struct secbuf *out)
{
	const char *base = form_value(form, "api_base");
	char host[128], realm[128];
	if (base && *base) {
		size_t n = strlen(base);
		while (n && base[n - 1] == '/')
			n--;
		secbuf_add(out, base, n);
		return 0;
	}
	if (netsuite_account(form_value(form, "account_id"), host, sizeof(host), realm, sizeof(realm)) < 0)
		return -1;
	secbuf_adds(out, "https://");
	secbuf_adds(out, host);
	secbuf_adds(out, ".suitetalk.api.netsuite.com");
	return 0;
}

/* The probe URL: "{api_base}" is the account's REST address unless the
 * user gave one. */
static int probe_url(struct auth_ctx *ctx, struct secbuf *url, struct onr_error *err)
{
	const char *tpl = ctx->sys->probe.url && *ctx->sys->probe.url ? ctx->sys->probe.url : DEFAULT_PROBE;
	const char *mark = "{api_base}";
	if (!str_starts(tpl, mark))
		return auth_render(ctx, tpl, true, url, err);
	if (netsuite_rest_base(ctx->form, url) < 0) {
		auth_fail(err, "netsuite.account_id", NULL);
		return -1;
	}
	return auth_render(ctx, tpl + strlen(mark), true, url, err);
}

int netsuite_sign(const struct form *form, struct http_req *req, struct onr_error *err)
{
	const char *account = form_value(form, "account_id");
	char host[128], realm[128], nonce[21], stamp[24], sig[64];
	struct netsuite_oauth o = {
		.consumer_key = form_value(form, "consumer_key"),
		.consumer_secret = form_value(form, "consumer_secret"),
		.token_id = form_value(form, "token_id"),
		.token_secret = form_value(form, "token_secret"),
		.nonce = nonce,
		.timestamp = stamp,
	};
	struct secbuf h;
	int rc;

	if (netsuite_account(account, host, sizeof(host), realm, sizeof(realm)) < 0) {
		auth_fail(err, "netsuite.account_id", NULL);
		return -1;
	}
	if (!o.consumer_key || !o.consumer_secret || !o.token_id || !o.token_secret) {
		auth_fail(err, "address.template", "the entry lacks a NetSuite token field");
		return -1;
	}
	make_nonce(nonce, sizeof(nonce));
	str_fmt(stamp, sizeof(stamp), "%lld", (long long)time(NULL));
	if (netsuite_signature(req->method, req->url.p, &o, sig, sizeof(sig)) < 0) {
		auth_fail(err, "address.invalid", "the REST address cannot be signed");
		return -1;
	}
	secbuf_init(&h, 2048);
	secbuf_adds(&h, "OAuth ");
	header_param(&h, "realm", realm, true);
	header_param(&h, "oauth_consumer_key", o.consumer_key, false);
	header_param(&h, "oauth_token", o.token_id, false);
	header_param(&h, "oauth_signature_method", "HMAC-SHA256", false);
	header_param(&h, "oauth_timestamp", stamp, false);
	header_param(&h, "oauth_nonce", nonce, false);
	header_param(&h, "oauth_version", "1.0", false);
	header_param(&h, "oauth_signature", sig, false);
	rc = h.overflow ? -1 : 0;
	if (rc == 0)
		http_req_header(req, "Authorization", h.p);
	else
		auth_fail(err, "address.template", "value too long");
	secbuf_free(&h);
	sodium_memzero(sig, sizeof(sig));
	return rc;
}

static int ns_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	if (probe_url(ctx, &req->url, err) < 0 || auth_probe_headers(ctx, req, err) < 0)
		return -1;
	return netsuite_sign(ctx->form, req, err);
}

/* NetSuite's REST errors: {"type", "title", "status", "o:errorDetails":
 * [{"detail", "o:errorCode"}]}; a refused TBA sign-in is 401 INVALID_LOGIN. */
static enum auth_verdict ns_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	char code[64] = "", tech[160];
	cJSON *j;
	if (resp->status >= 200 && resp->status < 300)
		return auth_judge_probe(ctx, resp, err);
	if (resp->status != 401)
		return auth_fail_http(ctx, resp, err);
	j = resp->body.data ? cJSON_ParseWithLength(resp->body.data, resp->body.len) : NULL;
	auth_json_path(j, "o:errorDetails.0.o:errorCode", code, sizeof(code));
	cJSON_Delete(j);
	if (!str_starts(code, "INVALID_LOGIN"))
		return auth_fail_http(ctx, resp, err);
	str_fmt(tech, sizeof(tech), "HTTP 401 %s from NetSuite (its Login Audit Trail names the reason)", code);
	return auth_fail_sys(ctx, err, "auth.netsuite.invalid_login", tech);
}

const struct auth_method auth_netsuite_tba = {"netsuite_tba", ns_build, ns_judge};
