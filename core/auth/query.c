/* An API key in the query string ("?api_key={api_key}"), as many public
 * data APIs take it. The key then travels in the URL, so the trace and
 * messages only ever name the host; the key itself is a form secret and
 * is redacted wherever it appears. */
#include "auth/auth.h"
#include <string.h>

static int query_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	struct secbuf v;
	int rc;
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	secbuf_init(&v, 4096);
	rc = auth_render(ctx, a->value, false, &v, err);
	if (rc == 0) {
		char *hash = strchr(req->url.p, '#');
		if (hash) { /* a fragment is never sent; the key goes before it */
			req->url.len = (size_t)(hash - req->url.p);
			*hash = 0;
		}
		secbuf_adds(&req->url, strchr(req->url.p, '?') ? "&" : "?");
		auth_add_escaped(&req->url, a->name);
		secbuf_adds(&req->url, "=");
		auth_add_escaped(&req->url, v.p);
		if (req->url.overflow) {
			auth_fail(err, "address.template", "the address with the key is too long");
			rc = -1;
		}
	}
	secbuf_free(&v);
	return rc;
}

const struct auth_method auth_query = {"query", query_build, auth_judge_probe};
