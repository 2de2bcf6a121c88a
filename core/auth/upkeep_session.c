/* UpKeep API v2 session login: POST {api_base}/api/v2/auth with the JSON
 * {"email", "password"} answers {"success": true, "result": {"sessionToken",
 * "expiresAt"}}; every further call carries the header "Session-Token".
 * Step 2 reads through the catalog probe (work orders) with that header.
 * The steps are json_login's, with UpKeep's own words for a refused login
 * and its address when the catalog gives none. */
#include "auth/auth.h"
#include "auth/json_login.h"

#define DEFAULT_AUTH_URL "https://api.onupkeep.com/api/v2/auth"

static int upkeep_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (ctx->step == 0) {
		if (json_login_request(ctx, req, DEFAULT_AUTH_URL, err) < 0)
			return -1;
		secbuf_adds(&req->body, "{");
		if (auth_json_member(ctx, &req->body, "email", a->user, "{email}", err) < 0 ||
		    auth_json_member(ctx, &req->body, "password", a->password, "{password}", err) < 0)
			return -1;
		secbuf_adds(&req->body, "}");
		http_req_header(req, "Content-Type", "application/json");
		return 0;
	}
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	json_login_header(ctx, req, "Session-Token", "");
	return 0;
}

static enum auth_verdict upkeep_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	if (ctx->step == 0)
		return json_login_judge(ctx, resp, "result.sessionToken", "upkeep.wrong_login", err);
	return auth_judge_probe(ctx, resp, err); /* the identity only where the API names it (probe.identity) */
}

const struct auth_method auth_upkeep_session = {"upkeep_session", upkeep_build, upkeep_judge};
