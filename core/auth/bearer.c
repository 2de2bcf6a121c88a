/* A bearer token: "Authorization: Bearer {token}". */
#include "auth/auth.h"

static int bearer_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	struct secbuf v;
	int rc;
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	secbuf_init(&v, 4096);
	secbuf_adds(&v, "Bearer ");
	rc = auth_render(ctx, ctx->sys->auth.token, false, &v, err);
	if (rc == 0)
		http_req_header(req, "Authorization", v.p);
	secbuf_free(&v);
	return rc;
}

const struct auth_method auth_bearer = {"bearer", bearer_build, auth_judge_probe};
