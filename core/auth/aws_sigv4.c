/* Amazon Web Services: every request signed with AWS Signature Version 4
 * (the "Signature Version 4 signing process" in AWS's IAM user guide). No
 * token is fetched first: the signature itself proves the secret access key.
 * Catalog AUTH keys: service (e.g. "sts"), region (default "{region}").
 * Fields: access_key_id, secret_access_key, optional session_token (for
 * temporary credentials) and optional endpoint (a VPC endpoint or a test
 * server in place of the probe URL's scheme and host). */
#include "auth/auth.h"
#include "auth/aws_sigv4.h"
#include "curl_dl.h"
#include <cJSON.h>
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIGNED 8
#define MAX_QUERY 64
#define HEX_LEN (crypto_hash_sha256_BYTES * 2 + 1)

static time_t system_clock(void)
{
	return time(NULL);
}

time_t (*aws_sigv4_clock)(void) = system_clock;

void aws_sigv4_payload_hash(const char *p, size_t n, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)(p ? p : ""), p ? n : 0);
	sodium_bin2hex(hex, HEX_LEN, h, sizeof(h));
}

void aws_sigv4_amz_date(time_t t, char out[17])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm);
}

/* ---- the canonical request ---- */

struct url_parts {
	char *scheme, *host, *port, *path, *query; /* from libcurl: curl_free */
};

static void url_parts_free(struct url_parts *u)
{
	curl_free(u->scheme);
	curl_free(u->host);
	curl_free(u->port);
	curl_free(u->path);
	curl_free(u->query);
}

static int url_split(const char *url, struct url_parts *u)
{
	CURLU *h = curl_url();
	int rc = -1;
	memset(u, 0, sizeof(*u));
	if (h && curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_SCHEME, &u->scheme, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_HOST, &u->host, 0) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_PATH, &u->path, 0) == CURLUE_OK) {
		curl_url_get(h, CURLUPART_PORT, &u->port, 0);
		curl_url_get(h, CURLUPART_QUERY, &u->query, 0);
		rc = 0;
	}
	curl_url_cleanup(h);
	return rc;
}

/* The Host header as libcurl sends it: the port only when it is not the
 * scheme's default. */
static void host_header(const struct url_parts *u, char *out, size_t size)
{
	bool dflt = !u->port || (!strcasecmp(u->scheme, "https") && !strcmp(u->port, "443")) ||
		    (!strcasecmp(u->scheme, "http") && !strcmp(u->port, "80"));
	str_fmt(out, size, "%s%s%s", u->host, dflt ? "" : ":", dflt ? "" : u->port);
	for (char *c = out; *c; c++)
		*c = (char)tolower((unsigned char)*c);
}

/* Appends s, first decoded from %XX, then encoded the way AWS wants. */
static void add_reencoded(struct secbuf *out, const char *s, size_t n, bool keep_slash)
{
	int len = 0;
	char *d = curl_easy_unescape(NULL, s, (int)n, &len);
	if (!d)
		return;
	auth_add_escaped_n(out, d, (size_t)len, keep_slash);
	sodium_memzero(d, (size_t)len);
	curl_free(d);
}

/* Each path segment is encoded once more as it is sent, except for S3,
 * whose paths are encoded exactly once. */
static void add_canonical_path(struct secbuf *out, const char *path, const char *service)
{
	if (!path || !*path)
		secbuf_adds(out, "/");
	else if (!strcmp(service, "s3"))
		add_reencoded(out, path, strlen(path), true);
	else
		auth_add_escaped_n(out, path, strlen(path), true);
}

struct qparam {
	struct secbuf name, value; /* encoded */
};

static int qparam_cmp(const void *a, const void *b)
{
	const struct qparam *x = a, *y = b;
	int c = strcmp(x->name.p, y->name.p);
	return c ? c : strcmp(x->value.p, y->value.p);
}

/* Splits "b=2&a=1&c" into encoded pairs ("c" has an empty value). */
static int query_split(const char *query, struct qparam *q, size_t *n)
{
	for (const char *part = query; part && *part;) {
		size_t len = strcspn(part, "&"), nl = strcspn(part, "=");
		if (nl > len)
			nl = len;
		if (len > 0) {
			if (*n >= MAX_QUERY)
				return -1;
			secbuf_init(&q[*n].name, nl * 3 + 1);
			secbuf_init(&q[*n].value, (len - nl) * 3 + 1);
			add_reencoded(&q[*n].name, part, nl, false);
			if (nl < len)
				add_reencoded(&q[*n].value, part + nl + 1, len - nl - 1, false);
			(*n)++;
		}
		part += len + (part[len] == '&');
	}
	return 0;
}

static int add_canonical_query(struct secbuf *out, const char *query)
{
	struct qparam q[MAX_QUERY];
	size_t n = 0;
	int rc = query_split(query, q, &n);
	if (rc == 0)
		qsort(q, n, sizeof(q[0]), qparam_cmp);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0) {
			secbuf_adds(out, i ? "&" : "");
			secbuf_adds(out, q[i].name.p);
			secbuf_adds(out, "=");
			secbuf_adds(out, q[i].value.p);
		}
		secbuf_free(&q[i].name);
		secbuf_free(&q[i].value);
	}
	return rc;
}

struct signed_header {
	char name[64]; /* lower case */
	const char *value;
};

static int header_cmp(const void *a, const void *b)
{
	return strcmp(((const struct signed_header *)a)->name, ((const struct signed_header *)b)->name);
}

static int add_signed(struct signed_header *h, size_t *n, const char *name, const char *value)
{
	size_t len = strlen(name);
	if (*n >= MAX_SIGNED || len == 0 || len >= sizeof(h->name) || !value)
		return -1;
	for (size_t i = 0; i <= len; i++)
		h[*n].name[i] = (char)tolower((unsigned char)name[i]);
	h[*n].value = value;
	(*n)++;
	return 0;
}

/* A header value trimmed, with runs of spaces inside made one space. */
static void add_trimmed(struct secbuf *out, const char *v)
{
	bool gap = false, started = false;
	for (; *v; v++) {
		if (*v == ' ' || *v == '\t') {
			gap = started;
			continue;
		}
		if (gap)
			secbuf_adds(out, " ");
		secbuf_add(out, v, 1);
		started = true;
		gap = false;
	}
}

/* "host:...\nx-amz-date:...\n" into out and "host;x-amz-date" into names. */
static void add_canonical_headers(struct secbuf *out, struct signed_header *h, size_t n, struct buf *names)
{
	qsort(h, n, sizeof(h[0]), header_cmp);
	for (size_t i = 0; i < n; i++) {
		secbuf_adds(out, h[i].name);
		secbuf_adds(out, ":");
		add_trimmed(out, h[i].value);
		secbuf_adds(out, "\n");
		buf_addf(names, "%s%s", i ? ";" : "", h[i].name);
	}
}

/* ---- the signature ---- */

/* Every derived key and the HMAC state live in guarded memory that
 * sodium_free wipes. */
struct keys {
	unsigned char k[2][crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
};

static void hmac(struct keys *ks, unsigned char *out, const unsigned char *key, size_t klen, const char *msg)
{
	crypto_auth_hmacsha256_init(&ks->st, key, klen);
	crypto_auth_hmacsha256_update(&ks->st, (const unsigned char *)msg, strlen(msg));
	crypto_auth_hmacsha256_final(&ks->st, out);
}

/* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" secret, date), region), service),
 * "aws4_request"); the signature is HMAC(kSigning, string to sign). */
static int signature(const struct aws_sigv4 *s, const char *to_sign, char hex[HEX_LEN])
{
	struct keys *ks = sodium_malloc(sizeof(*ks));
	struct secbuf k0;
	char date[9];
	if (!ks)
		return -1;
	str_copy(date, sizeof(date), s->amz_date);
	secbuf_init(&k0, strlen(s->secret_access_key) + 5);
	secbuf_adds(&k0, "AWS4");
	secbuf_adds(&k0, s->secret_access_key);
	hmac(ks, ks->k[0], (const unsigned char *)k0.p, k0.len, date);
	secbuf_free(&k0);
	hmac(ks, ks->k[1], ks->k[0], sizeof(ks->k[0]), s->region);
	hmac(ks, ks->k[0], ks->k[1], sizeof(ks->k[1]), s->service);
	hmac(ks, ks->k[1], ks->k[0], sizeof(ks->k[0]), "aws4_request");
	hmac(ks, ks->k[0], ks->k[1], sizeof(ks->k[1]), to_sign);
	sodium_bin2hex(hex, HEX_LEN, ks->k[0], sizeof(ks->k[0]));
	sodium_free(ks);
	return 0;
}

/* A scope part goes between slashes: no slash, no space, not empty. */
static bool scope_part(const char *v)
{
	if (!v || !*v)
		return false;
	for (; *v; v++)
		if (*v == '/' || isspace((unsigned char)*v) || iscntrl((unsigned char)*v))
			return false;
	return true;
}

static bool inputs_valid(const struct aws_sigv4 *s)
{
	return s->method && s->url && s->amz_date && strlen(s->amz_date) == 16 && s->amz_date[8] == 'T' &&
	       scope_part(s->region) && scope_part(s->service) && scope_part(s->access_key_id) &&
	       s->secret_access_key && *s->secret_access_key;
}

/* Method, path, query, headers, signed header names, payload hash. */
static int canonical_request(const struct aws_sigv4 *s, const struct url_parts *u, struct secbuf *creq,
			     struct buf *names)
{
	struct signed_header h[MAX_SIGNED];
	size_t n = 0;
	char host[320], payload[HEX_LEN];
	host_header(u, host, sizeof(host));
	if (add_signed(h, &n, "host", host) < 0 || add_signed(h, &n, "x-amz-date", s->amz_date) < 0)
		return -1;
	for (size_t i = 0; i < s->nextra; i++)
		if (add_signed(h, &n, s->extra[i].name, s->extra[i].value) < 0)
			return -1;
	secbuf_adds(creq, s->method);
	secbuf_adds(creq, "\n");
	add_canonical_path(creq, u->path, s->service);
	secbuf_adds(creq, "\n");
	if (add_canonical_query(creq, u->query) < 0)
		return -1;
	secbuf_adds(creq, "\n");
	add_canonical_headers(creq, h, n, names);
	aws_sigv4_payload_hash(s->payload, s->payload_len, payload);
	secbuf_adds(creq, "\n");
	secbuf_adds(creq, names->data);
	secbuf_adds(creq, "\n");
	secbuf_adds(creq, payload);
	return creq->overflow ? -1 : 0;
}

static size_t creq_size(const struct aws_sigv4 *s)
{
	size_t n = strlen(s->url) * 6 + strlen(s->amz_date) + 1024;
	for (size_t i = 0; i < s->nextra; i++)
		n += strlen(s->extra[i].name) + strlen(s->extra[i].value) + 2;
	return n;
}

int aws_sigv4_authorization(const struct aws_sigv4 *s, struct secbuf *out)
{
	struct url_parts u;
	struct secbuf creq;
	struct buf names = {0}, to_sign = {0};
	char hash[HEX_LEN], sig[HEX_LEN], scope[256];
	int rc = -1;

	if (!inputs_valid(s) || url_split(s->url, &u) < 0)
		return -1;
	buf_init(&names);
	buf_init(&to_sign);
	secbuf_init(&creq, creq_size(s));
	str_fmt(scope, sizeof(scope), "%.8s/%s/%s/aws4_request", s->amz_date, s->region, s->service);
	if (canonical_request(s, &u, &creq, &names) == 0) {
		aws_sigv4_payload_hash(creq.p, creq.len, hash);
		buf_addf(&to_sign, "AWS4-HMAC-SHA256\n%s\n%s\n%s", s->amz_date, scope, hash);
		rc = signature(s, to_sign.data, sig);
	}
	if (rc == 0) {
		secbuf_adds(out, "AWS4-HMAC-SHA256 Credential=");
		secbuf_adds(out, s->access_key_id);
		secbuf_adds(out, "/");
		secbuf_adds(out, scope);
		secbuf_adds(out, ", SignedHeaders=");
		secbuf_adds(out, names.data);
		secbuf_adds(out, ", Signature=");
		secbuf_adds(out, sig);
		rc = out->overflow ? -1 : 0;
	}
	secbuf_free(&creq);
	buf_free(&names);
	buf_free(&to_sign);
	url_parts_free(&u);
	return rc;
}

/* ---- the auth module ---- */

/* The probe URL; a filled endpoint field replaces its scheme and host. */
static int probe_url(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const char *ep = form_value(ctx->form, "endpoint"), *rest;
	struct secbuf u;
	size_t n;
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	if (!ep || !*ep)
		return 0;
	rest = strstr(req->url.p, "://");
	rest = rest ? rest + 3 + strcspn(rest + 3, "/?#") : "";
	n = strlen(ep);
	while (n && ep[n - 1] == '/')
		n--;
	secbuf_init(&u, req->url.cap);
	secbuf_add(&u, ep, n);
	secbuf_adds(&u, rest);
	secbuf_clear(&req->url);
	secbuf_adds(&req->url, u.p);
	secbuf_free(&u);
	if (!req->url.overflow)
		return 0;
	auth_fail(err, "address.template", "value too long");
	return -1;
}

/* The signing scope from the catalog's templates. */
static int scope_values(struct auth_ctx *ctx, struct secbuf *region, struct secbuf *service, struct onr_error *err)
{
	if (auth_render_or(ctx, ctx->sys->auth.region, "{region}", false, region, err) < 0 ||
	    auth_render(ctx, ctx->sys->auth.service, false, service, err) < 0)
		return -1;
	if (service->len)
		return 0;
	auth_fail(err, "address.template", "the entry names no AWS service");
	return -1;
}

/* Adds x-amz-date, x-amz-content-sha256, x-amz-security-token and the
 * Authorization header that signs them. */
static int sign_request(struct auth_ctx *ctx, struct http_req *req, const char *region, const char *service,
			struct onr_error *err)
{
	const char *token = form_value(ctx->form, "session_token");
	char date[17], payload[HEX_LEN];
	struct aws_sigv4_header extra[2] = {{"x-amz-content-sha256", payload}, {"x-amz-security-token", token}};
	struct aws_sigv4 s = {
		.method = req->method, .url = req->url.p, .payload = req->body.p, .payload_len = req->body.len,
		.extra = extra, .nextra = token && *token ? 2 : 1, .amz_date = date, .region = region,
		.service = service, .access_key_id = form_value(ctx->form, "access_key_id"),
		.secret_access_key = form_value(ctx->form, "secret_access_key"),
	};
	struct secbuf h;
	int rc;
	aws_sigv4_amz_date(aws_sigv4_clock(), date);
	aws_sigv4_payload_hash(req->body.p, req->body.len, payload);
	secbuf_init(&h, 1024);
	rc = aws_sigv4_authorization(&s, &h);
	if (rc == 0) {
		http_req_header(req, "X-Amz-Date", date);
		http_req_header(req, "X-Amz-Content-Sha256", payload);
		if (s.nextra == 2)
			http_req_header(req, "X-Amz-Security-Token", token);
		http_req_header(req, "Authorization", h.p);
	} else {
		auth_fail(err, "aws.unsignable", NULL);
	}
	secbuf_free(&h);
	return rc;
}

static int sigv4_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	struct secbuf region, service;
	int rc;
	secbuf_init(&region, FORM_VALUE_MAX);
	secbuf_init(&service, FORM_VALUE_MAX);
	rc = scope_values(ctx, &region, &service, err);
	if (rc == 0)
		rc = probe_url(ctx, req, err);
	if (rc == 0)
		rc = sign_request(ctx, req, region.p, service.p, err);
	secbuf_free(&region);
	secbuf_free(&service);
	return rc;
}

/* The text of the first <tag>...</tag> in an XML answer, made safe. */
static bool xml_text(const char *xml, const char *tag, char *out, size_t size)
{
	char open[48], close[48];
	const char *a, *b;
	str_fmt(open, sizeof(open), "<%s>", tag);
	str_fmt(close, sizeof(close), "</%s>", tag);
	a = xml ? strstr(xml, open) : NULL;
	b = a ? strstr(a, close) : NULL;
	if (!b)
		return false;
	a += strlen(open);
	str_clean(out, size, a, (size_t)(b - a));
	return true;
}

/* AWS's error code and message: XML (<Code>, <Message>: the query and
 * REST-XML services) or JSON ("__type": "prefix#Code", "message"). */
static void aws_error(const struct http_resp *resp, char *code, size_t csize, char *msg, size_t msize)
{
	const char *body = resp->body.data;
	cJSON *j;
	if (xml_text(body, "Code", code, csize)) {
		xml_text(body, "Message", msg, msize);
		return;
	}
	j = body ? cJSON_ParseWithLength(body, resp->body.len) : NULL;
	if (!auth_json_path(j, "__type", code, csize))
		auth_json_path(j, "code", code, csize);
	if (!auth_json_path(j, "message", msg, msize))
		auth_json_path(j, "Message", msg, msize);
	cJSON_Delete(j);
	const char *hash = strrchr(code, '#');
	if (hash)
		memmove(code, hash + 1, strlen(hash));
}

struct aws_code {
	const char *aws, *ours;
};

/* A signature refused for its time is the computer's clock, not the key. */
static const char *our_code(const char *code, const char *msg)
{
	static const struct aws_code map[] = {
		{"InvalidClientTokenId", "aws.unknown_key"}, {"UnrecognizedClientException", "aws.unknown_key"},
		{"InvalidAccessKeyId", "aws.unknown_key"},   {"SignatureDoesNotMatch", "aws.bad_secret"},
		{"InvalidSignatureException", "aws.bad_secret"}, {"ExpiredToken", "aws.expired_token"},
		{"ExpiredTokenException", "aws.expired_token"}, {"RequestExpired", "aws.clock_skew"},
		{"RequestTimeTooSkewed", "aws.clock_skew"},  {"AccessDenied", "auth.forbidden"},
		{"AccessDeniedException", "auth.forbidden"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(code, map[i].aws))
			continue;
		if (!strcmp(map[i].ours, "aws.bad_secret") &&
		    (strstr(msg, "Signature expired") || strstr(msg, "not yet current")))
			return "aws.clock_skew";
		if (!strcmp(map[i].ours, "aws.bad_secret") && strstr(msg, "scoped to"))
			return "aws.region";
		return map[i].ours;
	}
	return NULL;
}

static void cut_at(char *msg, const char *marker)
{
	char *m = strstr(msg, marker);
	if (m)
		*m = 0;
}

static enum auth_verdict sigv4_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	char code[64] = "", msg[1024] = "", tech[256];
	const char *ours;
	if (resp->status >= 200 && resp->status < 300) {
		enum auth_verdict v = auth_judge_probe(ctx, resp, err);
		if (v == AUTH_OK && !ctx->identity[0])
			xml_text(resp->body.data, "Arn", ctx->identity, sizeof(ctx->identity));
		return v;
	}
	aws_error(resp, code, sizeof(code), msg, sizeof(msg));
	ours = our_code(code, msg);
	if (!ours)
		return auth_fail_http(ctx, resp, err);
	/* Some services go on to quote the canonical request, which holds
	 * the session token: that part never reaches the screen. */
	cut_at(msg, "The Canonical String");
	cut_at(msg, "The String-to-Sign");
	str_fmt(tech, sizeof(tech), "HTTP %ld %s from AWS: %s", resp->status, code, msg);
	return auth_fail_sys(ctx, err, ours, tech);
}

const struct auth_method auth_aws_sigv4 = {"aws_sigv4", sigv4_build, sigv4_judge};
