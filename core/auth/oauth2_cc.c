/* OAuth2 client credentials (RFC 6749 4.4), as the Microsoft identity
 * platform speaks it: POST the token URL, then call the API with the token.
 * Microsoft's AADSTS codes each get their own message. */
#include "auth/auth.h"
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

static void add_escaped(struct secbuf *out, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || strchr("-._~", *c)) {
			secbuf_add(out, (const char *)c, 1);
		} else {
			char e[3] = {'%', hex[*c >> 4], hex[*c & 15]};
			secbuf_add(out, e, 3);
		}
	}
}

/* Appends "&name=<escaped rendered template>" to the form body. */
static int add_param(struct auth_ctx *ctx, struct http_req *req, const char *name, const char *tpl, struct onr_error *err)
{
	struct secbuf v;
	int rc;
	secbuf_init(&v, 2048);
	rc = auth_render(ctx, tpl, false, &v, err);
	if (rc == 0) {
		secbuf_adds(&req->body, "&");
		secbuf_adds(&req->body, name);
		secbuf_adds(&req->body, "=");
		add_escaped(&req->body, v.p);
	}
	secbuf_free(&v);
	return rc;
}

static int cc_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (ctx->step == 0) {
		if (auth_render(ctx, a->token_url, true, &req->url, err) < 0)
			return -1;
		req->method = "POST";
		secbuf_adds(&req->body, "grant_type=client_credentials");
		if (add_param(ctx, req, "client_id", a->client_id, err) < 0 ||
		    add_param(ctx, req, "client_secret", a->client_secret, err) < 0 ||
		    (a->scope[0] && add_param(ctx, req, "scope", a->scope, err) < 0))
			return -1;
		http_req_header(req, "Content-Type", "application/x-www-form-urlencoded");
		http_req_header(req, "Accept", "application/json");
		return 0;
	}
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	struct secbuf h;
	secbuf_init(&h, ctx->token.len + 16);
	secbuf_adds(&h, "Bearer ");
	secbuf_adds(&h, ctx->token.p);
	http_req_header(req, "Authorization", h.p);
	secbuf_free(&h);
	return 0;
}

static const struct {
	const char *aadsts, *code;
} aad_codes[] = {
	{"AADSTS7000215", "auth.aad.bad_secret"},
	{"AADSTS7000222", "auth.aad.secret_expired"},
	{"AADSTS700016", "auth.aad.app_not_found"},
	{"AADSTS90002", "auth.aad.tenant_not_found"},
	{NULL, NULL},
};

/* error_description starts with "AADSTS<n>: ..."; match the whole code so
 * that AADSTS7000215 is not read as AADSTS700021x. */
static const char *aad_code(const char *desc)
{
	for (int i = 0; aad_codes[i].aadsts; i++) {
		size_t n = strlen(aad_codes[i].aadsts);
		const char *at = strstr(desc, aad_codes[i].aadsts);
		if (at && (at[n] < '0' || at[n] > '9'))
			return aad_codes[i].code;
	}
	return NULL;
}

static enum auth_verdict token_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	cJSON *j = auth_parse_json(resp, err);
	const cJSON *tok, *desc, *code;
	char detail[200];
	enum auth_verdict v;

	if (!j)
		return resp->status >= 400 && resp->status != 400 && resp->status != 401 ? auth_fail_http(ctx, resp, err) : AUTH_FAIL;
	tok = cJSON_GetObjectItemCaseSensitive(j, "access_token");
	if (resp->status == 200 && cJSON_IsString(tok) && tok->valuestring[0]) {
		secbuf_clear(&ctx->token);
		secbuf_adds(&ctx->token, tok->valuestring);
		memset(tok->valuestring, 0, strlen(tok->valuestring));
		cJSON_Delete(j);
		return AUTH_NEXT;
	}
	desc = cJSON_GetObjectItemCaseSensitive(j, "error_description");
	code = cJSON_GetObjectItemCaseSensitive(j, "error");
	str_clean(detail, sizeof(detail), cJSON_IsString(desc) ? desc->valuestring : cJSON_IsString(code) ? code->valuestring : "",
		  cJSON_IsString(desc) ? strlen(desc->valuestring) : cJSON_IsString(code) ? strlen(code->valuestring) : 0);
	const char *mapped = cJSON_IsString(desc) ? aad_code(desc->valuestring) : NULL;
	if (mapped)
		v = auth_fail(err, mapped, detail);
	else if (resp->status == 400 || resp->status == 401)
		v = auth_fail(err, "auth.oauth.rejected", detail);
	else
		v = auth_fail_http(ctx, resp, err);
	cJSON_Delete(j);
	return v;
}

static enum auth_verdict cc_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	return ctx->step == 0 ? token_judge(ctx, resp, err) : auth_judge_probe(ctx, resp, err);
}

const struct auth_method auth_oauth2_cc = {"oauth2_cc", cc_build, cc_judge};
