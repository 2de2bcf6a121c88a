/* OAuth2 authorization code (RFC 6749 4.1) with PKCE (RFC 7636). The
 * browser half, the sign-in address and the code that comes back, is
 * oauth_flow.c's; here the code is traded for tokens (step 0) and the
 * catalog probe is called with the access token (step 1).
 *
 * Without a fresh code, a refresh token in the form (a stored connection
 * being re-checked, or a support engineer's command line) is traded
 * instead (RFC 6749 6), so no browser is needed then. */
#include "auth/oauth2.h"
#include "oauth_flow.h"
#include <sodium.h>
#include <string.h>

static int client_params(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	const char *id = a->client_id[0] ? a->client_id : "{client_id}";
	const char *secret = a->client_secret[0] ? a->client_secret : "{client_secret}";
	const char *given = form_value(ctx->form, "client_secret");
	if (!strcmp(a->client_auth, "basic"))
		return oauth2_client_basic(ctx, req, id, secret, err);
	if (auth_form_param(ctx, &req->body, "client_id", id, err) < 0)
		return -1;
	/* public clients (PKCE only) have no secret to send */
	if (strcmp(secret, "{client_secret}") || (given && given[0]))
		return auth_form_param(ctx, &req->body, "client_secret", secret, err);
	return 0;
}

static int code_params(struct auth_ctx *ctx, struct http_req *req)
{
	const struct oauth_grant *g = ctx->grant;
	secbuf_adds(&req->body, "&code=");
	auth_add_escaped(&req->body, g->code.p);
	secbuf_adds(&req->body, "&redirect_uri=");
	auth_add_escaped(&req->body, g->redirect_uri);
	secbuf_adds(&req->body, "&code_verifier=");
	auth_add_escaped(&req->body, g->verifier.p);
	return 0;
}

static int code_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const char *refresh = form_value(ctx->form, "refresh_token");
	bool have_code = ctx->grant && ctx->grant->code.len;
	if (ctx->step > 0)
		return oauth2_api_request(ctx, req, err);
	if (!have_code && !(refresh && refresh[0])) {
		auth_fail(err, "auth.oauth.browser_needed", NULL);
		return -1;
	}
	if (oauth2_token_request(ctx, req, have_code ? "authorization_code" : "refresh_token", err) < 0)
		return -1;
	if (have_code)
		code_params(ctx, req);
	else if (auth_form_param(ctx, &req->body, "refresh_token", "{refresh_token}", err) < 0)
		return -1;
	return client_params(ctx, req, err);
}

static enum auth_verdict code_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	if (ctx->step > 0)
		return auth_judge_probe(ctx, resp, err);
	enum auth_verdict v = oauth2_token_judge(ctx, resp, err, NULL);
	/* invalid_grant here is about the code or refresh token, not a
	 * password as in the password flow */
	if (v == AUTH_FAIL && !strcmp(err->code, "auth.oauth.invalid_grant")) {
		char tech[sizeof(err->tech)];
		str_copy(tech, sizeof(tech), err->tech);
		auth_fail_sys(ctx, err, "auth.oauth.code_rejected", NULL);
		str_copy(err->tech, sizeof(err->tech), tech);
	}
	return v;
}

const struct auth_method auth_oauth2_code = {"oauth2_code", code_build, code_judge};
