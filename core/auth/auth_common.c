#include "auth/auth.h"
#include "errtable.h"
#include "template.h"
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define AUTH_METHOD(name, reach, keys, description) &auth_##name,
#define AUTH_UNAVAILABLE(name, description)
static const struct auth_method *const methods[] = {
#include "auth/methods.h"
	NULL};
#undef AUTH_METHOD
#undef AUTH_UNAVAILABLE

const struct auth_method *auth_find(const char *name)
{
	for (int i = 0; methods[i]; i++)
		if (!strcmp(methods[i]->name, name))
			return methods[i];
	return NULL;
}

enum auth_verdict auth_fail(struct onr_error *err, const char *code, const char *detail)
{
	const struct err_row *row = errtable_for_code(code);
	struct err_vars v = {.detail = detail};
	if (row)
		errtable_fill(err, row, &v);
	if (detail)
		str_copy(err->tech, sizeof(err->tech), detail);
	return AUTH_FAIL;
}

enum auth_verdict auth_fail_not_system(struct auth_ctx *ctx, struct onr_error *err, const char *detail)
{
	auth_fail(err, "server.not_this_system", detail);
	str_fmt(err->message, sizeof(err->message), "This server does not look like %s.", ctx->sys->name);
	return AUTH_FAIL;
}

enum auth_verdict auth_fail_sys(struct auth_ctx *ctx, struct onr_error *err, const char *code, const char *detail)
{
	const char *extra = system_hint(ctx->sys, code);
	auth_fail(err, code, detail);
	if (extra) {
		size_t len = strlen(err->hint);
		while (len && err->hint[len - 1] == ' ') /* an empty {detail} at the end */
			len--;
		str_fmt(err->hint + len, sizeof(err->hint) - len, " %s", extra);
	}
	return AUTH_FAIL;
}

void auth_add_escaped(struct secbuf *out, const char *v)
{
	auth_add_escaped_n(out, v, strlen(v), false);
}

void auth_add_escaped_n(struct secbuf *out, const char *v, size_t n, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *c = (const unsigned char *)v; c < (const unsigned char *)v + n; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    (*c && strchr("-._~", *c)) || (keep_slash && *c == '/')) {
			secbuf_add(out, (const char *)c, 1);
		} else {
			char e[3] = {'%', hex[*c >> 4], hex[*c & 15]};
			secbuf_add(out, e, 3);
		}
	}
}

bool auth_member_name_ok(const char *name)
{
	return name[0] && !name[strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")];
}

void auth_hmac_sha256_b64(const void *key, size_t keylen, const void *msg, size_t msglen, char *out, size_t size)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, msg, msglen);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2base64(out, size, mac, sizeof(mac), sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(&st, sizeof(st));
	sodium_memzero(mac, sizeof(mac));
}

int auth_form_param(struct auth_ctx *ctx, struct secbuf *body, const char *name, const char *tpl, struct onr_error *err)
{
	struct secbuf v;
	int rc;
	secbuf_init(&v, FORM_VALUE_MAX * 2);
	rc = auth_render(ctx, tpl, false, &v, err);
	if (rc == 0) {
		if (body->len)
			secbuf_adds(body, "&");
		secbuf_adds(body, name);
		secbuf_adds(body, "=");
		auth_add_escaped(body, v.p);
	}
	secbuf_free(&v);
	return rc;
}

int auth_json_member(struct auth_ctx *ctx, struct secbuf *body, const char *name, const char *tpl, const char *fallback,
		     struct onr_error *err)
{
	struct secbuf v;
	int rc;
	secbuf_init(&v, FORM_VALUE_MAX * 2);
	rc = auth_render_or(ctx, tpl, fallback, false, &v, err);
	if (rc == 0) {
		secbuf_adds(body, body->len > 1 ? ",\"" : "\"");
		secbuf_adds(body, name);
		secbuf_adds(body, "\":\"");
		secbuf_add_json(body, v.p);
		secbuf_adds(body, "\"");
	}
	secbuf_free(&v);
	return rc;
}

int auth_render_or(struct auth_ctx *ctx, const char *tpl, const char *fallback, bool url_mode, struct secbuf *out,
		   struct onr_error *err)
{
	return auth_render(ctx, tpl && *tpl ? tpl : fallback, url_mode, out, err);
}

int auth_render(struct auth_ctx *ctx, const char *tpl, bool url_mode, struct secbuf *out, struct onr_error *err)
{
	char missing[64] = "";
	if (tpl_render(tpl, ctx->form, url_mode, out, missing, sizeof(missing)) == 0)
		return 0;
	char detail[128];
	str_fmt(detail, sizeof(detail), missing[0] ? "unknown field %s" : "value too long", missing);
	auth_fail(err, "address.template", detail);
	return -1;
}

int auth_add_header(struct auth_ctx *ctx, struct http_req *req, const char *name, const char *prefix,
		    const char *tpl, struct onr_error *err)
{
	struct secbuf v;
	int rc;
	secbuf_init(&v, 8192);
	secbuf_adds(&v, prefix);
	rc = auth_render(ctx, tpl, false, &v, err);
	if (rc == 0)
		http_req_header(req, name, v.p);
	secbuf_free(&v);
	return rc;
}

int auth_probe_request(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	if (auth_render(ctx, ctx->sys->probe.url, true, &req->url, err) < 0)
		return -1;
	return auth_probe_headers(ctx, req, err);
}

int auth_add_headers(struct auth_ctx *ctx, struct http_req *req, const struct str_pair *h, size_t n,
		     struct onr_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (auth_add_header(ctx, req, h[i].name, "", h[i].value, err) < 0)
			return -1;
	return 0;
}

int auth_probe_headers(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct probe_spec *p = &ctx->sys->probe;
	if (p->method && !strcmp(p->method, "POST"))
		req->method = "POST";
	if (auth_add_headers(ctx, req, p->headers, p->nheaders, err) < 0)
		return -1;
	bool accept = false;
	for (size_t i = 0; i < p->nheaders; i++)
		accept = accept || !strcasecmp(p->headers[i].name, "Accept");
	/* an API that takes only one exact type (Unleashed) names it in the
	 * probe's headers; a second Accept would contradict it */
	if (!accept)
		http_req_header(req, "Accept", "application/json, application/xml;q=0.9, */*;q=0.5");
	return 0;
}

static bool looks_html(const struct http_resp *resp)
{
	const char *b = resp->body.data ? resp->body.data : "";
	while (*b == ' ' || *b == '\n' || *b == '\r' || *b == '\t')
		b++;
	return strstr(resp->content_type, "html") || !strncasecmp(b, "<!doctype", 9) || !strncasecmp(b, "<html", 5);
}

struct cJSON *auth_parse_json(const struct http_resp *resp, struct onr_error *err)
{
	cJSON *j = resp->body.data ? cJSON_ParseWithLength(resp->body.data, resp->body.len) : NULL;
	if (j)
		return j;
	char tech[96];
	str_fmt(tech, sizeof(tech), "HTTP %ld, %zu bytes, %s", resp->status, resp->body.len,
		resp->content_type[0] ? resp->content_type : "no content type");
	auth_fail(err, looks_html(resp) ? "api.html" : "api.bad_json", tech);
	return NULL;
}

const cJSON *auth_json_node(const cJSON *root, const char *path)
{
	char part[64];
	const cJSON *j = root;
	while (j && path && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = 0;
		j = cJSON_IsArray(j) ? cJSON_GetArrayItem(j, atoi(part)) : cJSON_GetObjectItemCaseSensitive(j, part);
		path = dot ? dot + 1 : NULL;
	}
	return j;
}

bool auth_json_path(const cJSON *root, const char *path, char *out, size_t size)
{
	const cJSON *j = auth_json_node(root, path);
	if (cJSON_IsString(j)) {
		str_clean(out, size, j->valuestring, strlen(j->valuestring));
		return true;
	}
	if (cJSON_IsNumber(j)) {
		str_fmt(out, size, "%g", j->valuedouble);
		return true;
	}
	return false;
}

enum auth_verdict auth_fail_http(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	const struct err_row *row = errtable_for_http(resp->status);
	char key[16], tech[256], realm[128], location[sizeof(resp->location) + 300];
	struct err_vars v = {.status = resp->status, .retry = resp->retry_after,
			     .location = http_idn_shown(resp->location, location, sizeof(location))};
	if (auth_answer_foreign(ctx, resp)) /* a plain web server's 404 or 501: not this system */
		return auth_fail_foreign(ctx, resp, err);
	/* a redirect to a path on the same server is never offered as "the address" */
	if (!strcmp(row->code, "http.redirect") && resp->location[0] && !strstr(resp->location, "://"))
		row = errtable_for_code("http.redirect_local");
	const char *extra;

	errtable_fill(err, row, &v);
	/* System-specific advice, e.g. the SAP role an admin grants on 403. */
	str_fmt(key, sizeof(key), "%ld", resp->status);
	extra = system_hint(ctx->sys, key);
	if (!extra)
		extra = system_hint(ctx->sys, err->code);
	if (extra) {
		size_t len = strlen(err->hint);
		str_fmt(err->hint + len, sizeof(err->hint) - len, " %s", extra);
	}
	str_copy(realm, sizeof(realm), resp->www_auth);
	str_fmt(tech, sizeof(tech), "HTTP %ld%s%s%s%s", resp->status, resp->server[0] ? " from " : "",
		resp->server, realm[0] ? ", asks for: " : "", realm);
	str_copy(err->tech, sizeof(err->tech), tech);
	return AUTH_FAIL;
}

/* A server-only probe calls the API's base address, which often has no
 * page of its own: 400, 404 or 405 there still shows the API server
 * answered (401 does not pass: it says the credentials are wrong). */
static bool server_answered(const struct auth_ctx *ctx, long status)
{
	return !ctx->sys->probe.verifies_credentials && (status == 400 || status == 404 || status == 405);
}

enum auth_verdict auth_judge_probe(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	/* a plain web server, or a web page served for every path, is no
	 * sign-in, and not the server either */
	if (auth_answer_foreign(ctx, resp))
		return auth_fail_foreign(ctx, resp, err);
	if (server_answered(ctx, resp->status))
		return AUTH_OK;
	if (resp->status < 200 || resp->status >= 300)
		return auth_fail_http(ctx, resp, err);
	if (ctx->sys->probe.identity[0] && resp->body.data) {
		cJSON *j = cJSON_ParseWithLength(resp->body.data, resp->body.len);
		auth_json_path(j, ctx->sys->probe.identity, ctx->identity, sizeof(ctx->identity));
		cJSON_Delete(j);
	}
	return AUTH_OK;
}
