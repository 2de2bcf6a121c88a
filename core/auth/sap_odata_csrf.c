/* SAP OData (Gateway) with basic auth and the CSRF token fetch: the probe
 * GET carries "x-csrf-token: Fetch" next to sap-client, and SAP answers a
 * signed-in fetch with the token in the same header. Integrations need
 * that token for every change (POST/PUT/PATCH/DELETE), so a sign-in that
 * gets no token is reported: the system could be read but not written. */
#include "auth/auth.h"
#include <string.h>
#include <strings.h>

static int csrf_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (auth_probe_request(ctx, req, err) < 0 ||
	    auth_render_or(ctx, a->user, "{username}", false, &req->userpwd, err) < 0)
		return -1;
	secbuf_adds(&req->userpwd, ":");
	if (auth_render_or(ctx, a->password, "{password}", false, &req->userpwd, err) < 0)
		return -1;
	http_req_header(req, "x-csrf-token", "Fetch");
	req->capture = "x-csrf-token";
	return 0;
}

static enum auth_verdict csrf_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	enum auth_verdict v = auth_judge_probe(ctx, resp, err);
	if (v != AUTH_OK)
		return v;
	/* "Required" is what SAP sends when it wants a token, never a token. */
	if (!resp->captured[0] || !strcasecmp(resp->captured, "Required") || !strcasecmp(resp->captured, "Fetch"))
		return auth_fail_sys(ctx, err, "sap.csrf_missing", "HTTP 2xx without an x-csrf-token header");
	secbuf_clear(&ctx->token); /* kept secret, and redacted from the trace */
	secbuf_adds(&ctx->token, resp->captured);
	return AUTH_OK;
}

const struct auth_method auth_sap_odata_csrf = {"sap_odata_csrf", csrf_build, csrf_judge};
