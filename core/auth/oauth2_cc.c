/* OAuth2 client credentials (RFC 6749 4.4), as the Microsoft identity
 * platform speaks it: POST the token URL, then call the API with the token.
 * Microsoft's AADSTS codes each get their own message. "client_auth":
 * "basic" sends the client's pair in HTTP Basic instead of form fields
 * (RFC 6749 2.3.1), as Basware's token service wants. */
#include "auth/oauth2.h"
#include <string.h>

static int cc_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (ctx->step > 0)
		return oauth2_api_request(ctx, req, err);
	if (oauth2_token_request(ctx, req, "client_credentials", err) < 0)
		return -1;
	if (!strcmp(a->client_auth, "basic")) {
		if (oauth2_client_basic(ctx, req, a->client_id, a->client_secret, err) < 0)
			return -1;
	} else if (oauth2_form_param(ctx, req, "client_id", a->client_id, err) < 0 ||
		   oauth2_form_param(ctx, req, "client_secret", a->client_secret, err) < 0)
		return -1;
	if (a->scope[0] && oauth2_form_param(ctx, req, "scope", a->scope, err) < 0)
		return -1;
	return oauth2_form_extra(ctx, req, err); /* a vendor's own members (auth.body) */
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

static enum auth_verdict cc_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	return ctx->step == 0 ? oauth2_token_judge(ctx, resp, err, aad_code) : auth_judge_probe(ctx, resp, err);
}

const struct auth_method auth_oauth2_cc = {"oauth2_cc", cc_build, cc_judge};
