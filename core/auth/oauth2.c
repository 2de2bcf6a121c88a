#include "auth/oauth2.h"
#include <cJSON.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

int oauth2_token_request(struct auth_ctx *ctx, struct http_req *req, const char *grant, struct onr_error *err)
{
	if (auth_render(ctx, ctx->sys->auth.token_url, true, &req->url, err) < 0)
		return -1;
	req->method = "POST";
	secbuf_adds(&req->body, "grant_type=");
	secbuf_adds(&req->body, grant);
	http_req_header(req, "Content-Type", "application/x-www-form-urlencoded");
	http_req_header(req, "Accept", "application/json");
	/* some token services want a header of their own (CartonCloud's
	 * Accept-Version): the catalog's auth.headers */
	const struct auth_spec *a = &ctx->sys->auth;
	return auth_add_headers(ctx, req, a->headers, a->nheaders, err);
}

int oauth2_form_extra(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	for (size_t i = 0; i < a->nbody; i++) {
		const char *n = a->body[i].name;
		/* names go in as written: a drop-in's odd one is refused, not escaped */
		if (!auth_member_name_ok(n)) {
			auth_fail(err, "address.template", "a token request member name that is not a plain word");
			return -1;
		}
		if (auth_form_param(ctx, &req->body, n, a->body[i].value, err) < 0)
			return -1;
	}
	return 0;
}

static bool form_declares(const struct auth_ctx *ctx, const char *name)
{
	const struct auth_spec *a = &ctx->sys->auth;
	for (size_t i = 0; i < a->nbody; i++)
		if (!strcasecmp(a->body[i].name, name))
			return true;
	return false;
}

int oauth2_form_param(struct auth_ctx *ctx, struct http_req *req, const char *name, const char *tpl,
		      struct onr_error *err)
{
	if (form_declares(ctx, name))
		return 0;
	return auth_form_param(ctx, &req->body, name, tpl, err);
}

/* RFC 6749 2.3.1: HTTP Basic with the form-encoded id and secret. Some
 * token services accept only this way (the catalog says "client_auth":
 * "basic"). Not libcurl's CURLOPT_USERPWD: it sends the pair as it is,
 * and RFC 6749 wants each part form-encoded first. */
int oauth2_client_basic(struct auth_ctx *ctx, struct http_req *req, const char *id_tpl, const char *secret_tpl,
		       struct onr_error *err)
{
	struct secbuf pair, raw, hdr;
	int rc = -1;
	secbuf_init(&pair, 4096);
	secbuf_init(&raw, 2048);
	secbuf_init(&hdr, 8192);
	if (auth_render(ctx, id_tpl, false, &raw, err) == 0) {
		auth_add_escaped(&pair, raw.p);
		secbuf_adds(&pair, ":");
		secbuf_clear(&raw);
		if (auth_render(ctx, secret_tpl, false, &raw, err) == 0) {
			auth_add_escaped(&pair, raw.p);
			secbuf_adds(&hdr, "Basic ");
			sodium_bin2base64(hdr.p + hdr.len, hdr.cap - hdr.len, (const unsigned char *)pair.p, pair.len,
					  sodium_base64_VARIANT_ORIGINAL);
			http_req_header(req, "Authorization", hdr.p);
			rc = 0;
		}
	}
	secbuf_free(&pair);
	secbuf_free(&raw);
	secbuf_free(&hdr);
	return rc;
}

int oauth2_api_request(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	struct secbuf h;
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	secbuf_init(&h, ctx->token.len + 16);
	secbuf_adds(&h, "Bearer ");
	secbuf_adds(&h, ctx->token.p);
	http_req_header(req, "Authorization", h.p);
	secbuf_free(&h);
	return 0;
}

static const struct {
	const char *error, *code;
} rfc6749_errors[] = {
	{"invalid_grant", "auth.oauth.invalid_grant"},
	{"invalid_client", "auth.oauth.rejected"},
	{"unauthorized_client", "auth.oauth.flow_not_allowed"},
	{"unsupported_grant_type", "auth.oauth.flow_not_allowed"},
	{NULL, NULL},
};

static bool keep_token(struct auth_ctx *ctx, const struct http_resp *resp, cJSON *j)
{
	cJSON *tok = cJSON_GetObjectItemCaseSensitive(j, "access_token");
	if (resp->status != 200 || !cJSON_IsString(tok) || !tok->valuestring[0])
		return false;
	secbuf_clear(&ctx->token);
	secbuf_adds(&ctx->token, tok->valuestring);
	sodium_memzero(tok->valuestring, strlen(tok->valuestring));
	tok = cJSON_GetObjectItemCaseSensitive(j, "refresh_token");
	if (ctx->refresh.p && cJSON_IsString(tok)) { /* kept for the code flow's later re-checks */
		secbuf_clear(&ctx->refresh);
		secbuf_adds(&ctx->refresh, tok->valuestring);
		sodium_memzero(tok->valuestring, strlen(tok->valuestring));
	}
	return true;
}

enum auth_verdict oauth2_token_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err,
				     const char *(*vendor)(const char *description))
{
	cJSON *j = auth_parse_json(resp, err);
	const cJSON *code;
	char desc[200] = "", tech[256];
	const char *mapped = NULL;
	enum auth_verdict v;

	if (!j) /* not a token service at all: an HTML page, a proxy, a 404 */
		return resp->status >= 300 ? auth_fail_http(ctx, resp, err) : AUTH_FAIL;
	if (keep_token(ctx, resp, j)) {
		cJSON_Delete(j);
		return ctx->token.overflow ? auth_fail(err, "api.bad_json", "the access token is too long") : AUTH_NEXT;
	}
	code = cJSON_GetObjectItemCaseSensitive(j, "error");
	auth_json_path(j, "error_description", desc, sizeof(desc));
	if (vendor)
		mapped = vendor(desc);
	for (int i = 0; !mapped && cJSON_IsString(code) && rfc6749_errors[i].error; i++)
		if (!strcmp(code->valuestring, rfc6749_errors[i].error))
			mapped = rfc6749_errors[i].code;
	str_fmt(tech, sizeof(tech), "HTTP %ld, %s%s%s", resp->status, cJSON_IsString(code) ? code->valuestring : "no error code",
		desc[0] ? ": " : "", desc);
	if (mapped)
		v = auth_fail_sys(ctx, err, mapped, desc[0] ? desc : NULL);
	else if (resp->status == 400 || resp->status == 401)
		v = auth_fail_sys(ctx, err, "auth.oauth.rejected", desc[0] ? desc : NULL);
	else
		v = auth_fail_http(ctx, resp, err);
	str_copy(err->tech, sizeof(err->tech), tech);
	cJSON_Delete(j);
	return v;
}
