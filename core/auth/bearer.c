/* A bearer token: "Authorization: Bearer {token}". */
#include "auth/auth.h"

static int bearer_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	return auth_add_header(ctx, req, "Authorization", "Bearer ", ctx->sys->auth.token, err);
}

const struct auth_method auth_bearer = {"bearer", bearer_build, auth_judge_probe};
