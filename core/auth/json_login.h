/* json_login.h: the steps of a JSON login that answers with a session
 * token (json_login.c), shared with products whose login is this one
 * with their own words for a refused login (upkeep_session.c). */
#ifndef ONRAMP_AUTH_JSON_LOGIN_H
#define ONRAMP_AUTH_JSON_LOGIN_H
#include "auth/auth.h"

/* The login request without its body: POST to auth.token_url (or
 * fallback_url when the catalog gives none), accepting JSON, with HTTP Basic with
 * auth.user and auth.password when auth.client_auth is "basic". */
int json_login_request(struct auth_ctx *ctx, struct http_req *req, const char *fallback_url, struct onr_error *err);
/* Judges the login's answer: the string at token_path becomes ctx->token
 * (AUTH_NEXT); a refused login is wrong_code, from the error table. */
enum auth_verdict json_login_judge(struct auth_ctx *ctx, const struct http_resp *resp, const char *token_path,
				   const char *wrong_code, struct onr_error *err);
/* Sets the header "name: <prefix><session token>" in secure memory. */
void json_login_header(struct auth_ctx *ctx, struct http_req *req, const char *name, const char *prefix);
#endif
