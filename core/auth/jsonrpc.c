#include "auth/jsonrpc.h"

void jsonrpc_add_field(struct auth_ctx *ctx, struct secbuf *out, const char *key)
{
	const char *v = form_value(ctx->form, key);
	secbuf_adds(out, "\"");
	secbuf_add_json(out, v ? v : "");
	secbuf_adds(out, "\"");
}

int jsonrpc_request(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	req->method = "POST";
	http_req_header(req, "Content-Type", "application/json");
	return 0;
}
