/* json_login: a login that answers with a session token. Step 0 POSTs a
 * JSON object to auth.token_url, its members rendered from the catalog's
 * auth.body templates (user, password, a company or database field); with
 * "client_auth": "basic" the login also sends auth.user:auth.password in
 * HTTP Basic (Anaplan). The catalog's probe headers go on the login too.
 * The answer's auth.token_path (dotted,
 * "result.sessionToken") holds the token. Step 1 is the catalog probe with
 * the header auth.name (default Authorization) set to auth.prefix + token.
 * The token lives only in ctx->token (secure memory, redacted from the
 * trace by value) and is wiped from the parsed answer. */
#include "auth/auth.h"
#include "auth/json_login.h"
#include <cJSON.h>
#include <sodium.h>
#include <string.h>

static int login_body(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (!a->nbody) /* the user in HTTP Basic only (Anaplan): no body */
		return 0;
	http_req_header(req, "Content-Type", "application/json");
	secbuf_adds(&req->body, "{");
	for (size_t i = 0; i < a->nbody; i++) {
		const char *n = a->body[i].name;
		/* member names go in as written: a drop-in's odd one is refused */
		if (!auth_member_name_ok(n)) {
			auth_fail(err, "address.template", "a login body member name that is not a plain word");
			return -1;
		}
		if (auth_json_member(ctx, &req->body, n, a->body[i].value, "", err) < 0)
			return -1;
	}
	secbuf_adds(&req->body, "}");
	return 0;
}

/* The catalog's probe headers are ones the API wants on every call, so the
 * login gets them too (eWarehousing's X-Wms-Code picks the warehouse
 * system the login is checked against). */
static int login_headers(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	return auth_add_headers(ctx, req, ctx->sys->probe.headers, ctx->sys->probe.nheaders, err);
}

int json_login_request(struct auth_ctx *ctx, struct http_req *req, const char *fallback_url, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (auth_render_or(ctx, a->token_url, fallback_url, true, &req->url, err) < 0)
		return -1;
	req->method = "POST";
	if (!strcmp(a->client_auth, "basic")) {
		if (auth_render(ctx, a->user, false, &req->userpwd, err) < 0)
			return -1;
		secbuf_adds(&req->userpwd, ":");
		if (auth_render(ctx, a->password, false, &req->userpwd, err) < 0)
			return -1;
	}
	http_req_header(req, "Accept", "application/json");
	return 0;
}

void json_login_header(struct auth_ctx *ctx, struct http_req *req, const char *name, const char *prefix)
{
	struct secbuf v;
	secbuf_init(&v, strlen(prefix) + ctx->token.len + 1);
	secbuf_adds(&v, prefix);
	secbuf_adds(&v, ctx->token.p);
	http_req_header(req, name, v.p);
	secbuf_free(&v);
}

/* Takes the string at path as the session token, wiping it in j. */
static bool take_token(struct auth_ctx *ctx, cJSON *j, const char *path)
{
	cJSON *tok = (cJSON *)auth_json_node(j, path);
	if (!cJSON_IsString(tok) || !tok->valuestring[0])
		return false;
	secbuf_clear(&ctx->token);
	secbuf_adds(&ctx->token, tok->valuestring);
	sodium_memzero(tok->valuestring, strlen(tok->valuestring));
	return true;
}

enum auth_verdict json_login_judge(struct auth_ctx *ctx, const struct http_resp *resp, const char *token_path,
				   const char *wrong_code, struct onr_error *err)
{
	cJSON *j;
	char msg[160] = "", tech[256];
	enum auth_verdict v;
	bool ok = resp->status >= 200 && resp->status < 300;

	if (resp->status >= 500 || resp->status == 404 || resp->status == 429 || (resp->status >= 300 && resp->status < 400))
		return auth_fail_http(ctx, resp, err);
	if (!(j = auth_parse_json(resp, err)))
		return AUTH_FAIL;
	if (ok && take_token(ctx, j, token_path)) {
		cJSON_Delete(j);
		if (ctx->token.overflow) {
			secbuf_clear(&ctx->token);
			return auth_fail(err, "api.bad_json", "the session token is too long");
		}
		return AUTH_NEXT;
	}
	if (!auth_json_path(j, "message", msg, sizeof(msg)) && !auth_json_path(j, "error_description", msg, sizeof(msg)))
		auth_json_path(j, "error", msg, sizeof(msg));
	str_fmt(tech, sizeof(tech), "HTTP %ld from the login%s%s", resp->status, msg[0] ? ": " : "", msg);
	if (ok) {
		str_fmt(tech, sizeof(tech), "no %s in the login's answer", token_path);
		v = auth_fail(err, "api.bad_json", tech);
	} else if (resp->status == 400 || resp->status == 401 || resp->status == 403 || resp->status == 422) {
		v = auth_fail_sys(ctx, err, wrong_code, tech);
	} else {
		v = auth_fail_http(ctx, resp, err);
	}
	cJSON_Delete(j);
	return v;
}

static int jl_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (ctx->step == 0)
		return json_login_request(ctx, req, "", err) < 0 || login_headers(ctx, req, err) < 0 ||
		       login_body(ctx, req, err) < 0 ? -1 : 0;
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	json_login_header(ctx, req, a->name[0] ? a->name : "Authorization", a->prefix);
	return 0;
}

static enum auth_verdict jl_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	if (ctx->step == 0)
		return json_login_judge(ctx, resp, ctx->sys->auth.token_path, "auth.wrong_login", err);
	return auth_judge_probe(ctx, resp, err);
}

const struct auth_method auth_json_login = {"json_login", jl_build, jl_judge};
