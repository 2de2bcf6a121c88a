/* jsonrpc.h: the JSON-RPC login bodies shared by Tryton and Odoo. */
#ifndef ONRAMP_JSONRPC_H
#define ONRAMP_JSONRPC_H
#include "auth/auth.h"

/* Appends "value" (JSON-escaped, quoted) of form field key to out. */
void jsonrpc_add_field(struct auth_ctx *ctx, struct secbuf *out, const char *key);
/* The POST request to the catalog probe URL with a JSON body, which the
 * caller then fills. */
int jsonrpc_request(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err);
#endif
