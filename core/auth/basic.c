/* HTTP basic auth: "user:password" in the Authorization header. */
#include "auth/auth.h"

static int basic_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (auth_probe_request(ctx, req, err) < 0 || auth_render(ctx, a->user, false, &req->userpwd, err) < 0)
		return -1;
	secbuf_adds(&req->userpwd, ":");
	return auth_render(ctx, a->password, false, &req->userpwd, err);
}

const struct auth_method auth_basic = {"basic", basic_build, auth_judge_probe};
