/* OAuth2 resource owner password credentials (RFC 6749 4.3), as Acumatica
 * speaks it: POST {url}/identity/connect/token with grant_type=password,
 * client_id (with its @tenant), client_secret, username, password and
 * scope=api; then the catalog probe with "Authorization: Bearer". The
 * token service's error codes (RFC 6749 5.2) each get their own message:
 * invalid_grant is the user's password, invalid_client the app's secret. */
#include "auth/auth.h"
#include <cJSON.h>
#include <string.h>

static int pw_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (ctx->step == 0) {
		if (auth_render(ctx, a->token_url, true, &req->url, err) < 0)
			return -1;
		req->method = "POST";
		secbuf_adds(&req->body, "grant_type=password");
		if (auth_form_param(ctx, &req->body, "client_id", a->client_id, err) < 0 ||
		    (a->client_secret[0] && auth_form_param(ctx, &req->body, "client_secret", a->client_secret, err) < 0) ||
		    auth_form_param(ctx, &req->body, "username", a->user[0] ? a->user : "{username}", err) < 0 ||
		    auth_form_param(ctx, &req->body, "password", a->password[0] ? a->password : "{password}", err) < 0 ||
		    (a->scope[0] && auth_form_param(ctx, &req->body, "scope", a->scope, err) < 0))
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
	const char *error, *code;
} oauth_errors[] = {
	{"invalid_grant", "auth.oauth.invalid_grant"},
	{"invalid_client", "auth.oauth.rejected"},
	{"unauthorized_client", "auth.oauth.flow_not_allowed"},
	{"unsupported_grant_type", "auth.oauth.flow_not_allowed"},
	{NULL, NULL},
};

static enum auth_verdict token_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	cJSON *j = auth_parse_json(resp, err);
	const cJSON *tok, *code;
	char desc[160] = "", tech[256];
	const char *mapped = NULL;
	enum auth_verdict v;

	if (!j) /* not a token service at all: an HTML page, a proxy, a 404 */
		return resp->status >= 300 ? auth_fail_http(ctx, resp, err) : AUTH_FAIL;
	tok = cJSON_GetObjectItemCaseSensitive(j, "access_token");
	if (resp->status == 200 && cJSON_IsString(tok) && tok->valuestring[0]) {
		secbuf_clear(&ctx->token);
		secbuf_adds(&ctx->token, tok->valuestring);
		memset(tok->valuestring, 0, strlen(tok->valuestring));
		cJSON_Delete(j);
		if (ctx->token.overflow)
			return auth_fail(err, "api.bad_json", "the access token is too long");
		return AUTH_NEXT;
	}
	code = cJSON_GetObjectItemCaseSensitive(j, "error");
	auth_json_path(j, "error_description", desc, sizeof(desc));
	for (int i = 0; cJSON_IsString(code) && oauth_errors[i].error; i++)
		if (!strcmp(code->valuestring, oauth_errors[i].error))
			mapped = oauth_errors[i].code;
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

static enum auth_verdict pw_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	enum auth_verdict v;
	if (ctx->step == 0)
		return token_judge(ctx, resp, err);
	v = auth_judge_probe(ctx, resp, err);
	if (v == AUTH_OK && !ctx->identity[0]) {
		const char *user = form_value(ctx->form, "username");
		if (user)
			str_clean(ctx->identity, sizeof(ctx->identity), user, strlen(user));
	}
	return v;
}

const struct auth_method auth_oauth2_password = {"oauth2_password", pw_build, pw_judge};
