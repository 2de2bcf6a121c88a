/* oauth2.h: what the OAuth2 flows share (RFC 6749): the token request's
 * form body, the token answer, and the API call with the bearer token. */
#ifndef ONRAMP_OAUTH2_H
#define ONRAMP_OAUTH2_H
#include "auth/auth.h"

/* Starts the token POST: url from the token_url template, form content
 * type, "grant_type=<grant>"; the caller adds its own parameters. */
int oauth2_token_request(struct auth_ctx *ctx, struct http_req *req, const char *grant, struct onr_error *err);
/* The catalog probe, sent with "Authorization: Bearer <token of step 0>". */
int oauth2_api_request(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err);
/* The client's id and secret as HTTP Basic (RFC 6749 2.3.1, client_secret_basic),
 * each form-encoded first; for token services that take only this way. */
int oauth2_client_basic(struct auth_ctx *ctx, struct http_req *req, const char *id_tpl, const char *secret_tpl,
		       struct onr_error *err);
/* The catalog's extra token-request members (auth.body: form name ->
 * template), added after the method's own: a vendor's database or tenant
 * (Deltek Vantagepoint's database and Integrated flag). */
int oauth2_form_extra(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err);
/* One of the method's own form members, unless auth.body declares it
 * (ignoring case): an entry can follow the vendor's spelling ("Username",
 * "Client_Id") and the method's own spelling is then left out. */
int oauth2_form_param(struct auth_ctx *ctx, struct http_req *req, const char *name, const char *tpl,
		      struct onr_error *err);
/* Judges a token answer: keeps the access token (AUTH_NEXT), or maps the
 * error, first through vendor (may be NULL; it reads error_description,
 * e.g. Microsoft's AADSTS codes), then the RFC 6749 5.2 error codes. */
enum auth_verdict oauth2_token_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err,
				     const char *(*vendor)(const char *description));
#endif
