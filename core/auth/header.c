/* An API key in a header of the catalog's choosing: "apikey: {api_key}",
 * "Authorization: token {api_key}:{api_secret}", ... */
#include "auth/auth.h"

static int header_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	return auth_add_header(ctx, req, a->name, "", a->value, err);
}

const struct auth_method auth_header = {"header", header_build, auth_judge_probe};
