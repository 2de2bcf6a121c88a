/* UpKeep API v2 session login: POST {api_base}/api/v2/auth with the JSON
 * {"email", "password"} answers {"success": true, "result": {"sessionToken",
 * "expiresAt"}}; every further call carries the header "Session-Token".
 * Step 2 reads through the catalog probe (work orders) with that header. */
#include "auth/auth.h"
#include <cJSON.h>
#include <string.h>

#define DEFAULT_AUTH_URL "https://api.onupkeep.com/api/v2/auth"

static int upkeep_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (ctx->step == 0) {
		if (auth_render_or(ctx, a->token_url, DEFAULT_AUTH_URL, true, &req->url, err) < 0)
			return -1;
		req->method = "POST";
		secbuf_adds(&req->body, "{");
		if (auth_json_member(ctx, &req->body, "email", a->user, "{email}", err) < 0 ||
		    auth_json_member(ctx, &req->body, "password", a->password, "{password}", err) < 0)
			return -1;
		secbuf_adds(&req->body, "}");
		http_req_header(req, "Content-Type", "application/json");
		http_req_header(req, "Accept", "application/json");
		return 0;
	}
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	http_req_header(req, "Session-Token", ctx->token.p);
	return 0;
}

static enum auth_verdict login_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	cJSON *j;
	const cJSON *tok;
	char msg[160] = "", tech[256];
	enum auth_verdict v;

	if (resp->status >= 500 || resp->status == 404 || resp->status == 429 || (resp->status >= 300 && resp->status < 400))
		return auth_fail_http(ctx, resp, err);
	if (!(j = auth_parse_json(resp, err)))
		return AUTH_FAIL;
	tok = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "result"), "sessionToken");
	if (resp->status >= 200 && resp->status < 300 && cJSON_IsString(tok) && tok->valuestring[0]) {
		secbuf_clear(&ctx->token);
		secbuf_adds(&ctx->token, tok->valuestring);
		memset(tok->valuestring, 0, strlen(tok->valuestring));
		cJSON_Delete(j);
		if (ctx->token.overflow)
			return auth_fail(err, "api.bad_json", "the session token is too long");
		return AUTH_NEXT;
	}
	if (!auth_json_path(j, "message", msg, sizeof(msg)))
		auth_json_path(j, "error", msg, sizeof(msg));
	str_fmt(tech, sizeof(tech), "HTTP %ld from api/v2/auth%s%s", resp->status, msg[0] ? ": " : "", msg);
	if (resp->status >= 200 && resp->status < 300)
		v = auth_fail(err, "api.bad_json", "no result.sessionToken in the answer");
	else if (resp->status == 400 || resp->status == 401 || resp->status == 403)
		v = auth_fail_sys(ctx, err, "upkeep.wrong_login", tech);
	else
		v = auth_fail_http(ctx, resp, err);
	cJSON_Delete(j);
	return v;
}

static enum auth_verdict upkeep_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	enum auth_verdict v;
	if (ctx->step == 0)
		return login_judge(ctx, resp, err);
	v = auth_judge_probe(ctx, resp, err);
	return v; /* the identity only where the API names it (probe.identity) */
}

const struct auth_method auth_upkeep_session = {"upkeep_session", upkeep_build, upkeep_judge};
