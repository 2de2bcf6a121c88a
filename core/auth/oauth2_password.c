/* OAuth2 resource owner password credentials (RFC 6749 4.3), as Acumatica
 * speaks it: POST {url}/identity/connect/token with grant_type=password,
 * client_id (with its @tenant), client_secret, username, password and
 * scope=api; then the catalog probe with "Authorization: Bearer".
 * Infor's ION API (a backend service's saak/sask pair as user name and
 * password) and Manhattan Active (client in HTTP Basic) speak it too. The
 * token service's error codes (RFC 6749 5.2) each get their own message:
 * invalid_grant is the user's password, invalid_client the app's secret.
 * Deltek Vantagepoint adds its own form members (auth.body: the database
 * and the Integrated flag, and its spelling of Username, Password and
 * Client_Id). */
#include "auth/oauth2.h"
#include <string.h>

static int pw_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (ctx->step > 0)
		return oauth2_api_request(ctx, req, err);
	if (oauth2_token_request(ctx, req, "password", err) < 0)
		return -1;
	/* "client_auth": "basic": the client's pair in HTTP Basic (Manhattan Active) */
	if (!strcmp(a->client_auth, "basic")) {
		if (oauth2_client_basic(ctx, req, a->client_id, a->client_secret[0] ? a->client_secret : "{client_secret}", err) < 0)
			return -1;
	} else if (oauth2_form_param(ctx, req, "client_id", a->client_id, err) < 0 ||
		   (a->client_secret[0] && oauth2_form_param(ctx, req, "client_secret", a->client_secret, err) < 0))
		return -1;
	if (oauth2_form_param(ctx, req, "username", a->user[0] ? a->user : "{username}", err) < 0 ||
	    oauth2_form_param(ctx, req, "password", a->password[0] ? a->password : "{password}", err) < 0 ||
	    (a->scope[0] && oauth2_form_param(ctx, req, "scope", a->scope, err) < 0))
		return -1;
	/* the vendor's own members: Deltek's database and Integrated flag */
	return oauth2_form_extra(ctx, req, err);
}

static enum auth_verdict pw_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	enum auth_verdict v;
	if (ctx->step == 0)
		return oauth2_token_judge(ctx, resp, err, NULL);
	v = auth_judge_probe(ctx, resp, err);
	return v; /* the identity only where the API names it (probe.identity) */
}

const struct auth_method auth_oauth2_password = {"oauth2_password", pw_build, pw_judge};
