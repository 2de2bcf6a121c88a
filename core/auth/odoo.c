/* Odoo, two JSON-RPC sign-ins; the catalog's probe URL picks one:
 * - POST {url}/jsonrpc, service "common", method "authenticate", args
 *   [db, login, password or API key, {}] (Odoo's external API). Odoo signs
 *   this in as non-interactive, so an API key works in place of the
 *   password (and is the only thing that works for users with two-factor
 *   sign-in). The answer is the user id, or false.
 * - POST {url}/web/session/authenticate with db, login and password: the
 *   browser's login. It is interactive, so Odoo refuses API keys there. */
#include "auth/jsonrpc.h"
#include "util.h"
#include <cJSON.h>
#include <string.h>
#include <strings.h>

static bool uses_jsonrpc(const struct auth_ctx *ctx)
{
	const char *u = ctx->sys->probe.url;
	return u && str_ends(u, "/jsonrpc");
}

static int odoo_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	if (jsonrpc_request(ctx, req, err) < 0)
		return -1;
	if (uses_jsonrpc(ctx)) {
		secbuf_adds(&req->body, "{\"jsonrpc\":\"2.0\",\"method\":\"call\",\"id\":1,\"params\":"
					"{\"service\":\"common\",\"method\":\"authenticate\",\"args\":[");
		jsonrpc_add_field(ctx, &req->body, "database");
		secbuf_adds(&req->body, ",");
		jsonrpc_add_field(ctx, &req->body, "username");
		secbuf_adds(&req->body, ",");
		jsonrpc_add_field(ctx, &req->body, "password");
		secbuf_adds(&req->body, ",{}]}}");
		return 0;
	}
	secbuf_adds(&req->body, "{\"jsonrpc\":\"2.0\",\"method\":\"call\",\"id\":1,\"params\":{\"db\":");
	jsonrpc_add_field(ctx, &req->body, "database");
	secbuf_adds(&req->body, ",\"login\":");
	jsonrpc_add_field(ctx, &req->body, "username");
	secbuf_adds(&req->body, ",\"password\":");
	jsonrpc_add_field(ctx, &req->body, "password");
	secbuf_adds(&req->body, "}}");
	return 0;
}

/* {"error": {"code": 200, "message": "Odoo Server Error", "data": {"name":
 * "odoo.exceptions.AccessDenied" | "psycopg2.OperationalError" | ...,
 * "message": "..."}}} */
static enum auth_verdict odoo_error(const cJSON *error, struct onr_error *err)
{
	char name[128] = "", msg[200] = "";
	auth_json_path(error, "data.name", name, sizeof(name));
	auth_json_path(error, "data.message", msg, sizeof(msg));
	if (strstr(name, "AccessDenied") || strstr(msg, "Access Denied"))
		return auth_fail(err, "odoo.wrong_login", msg);
	if (strcasestr(msg, "does not exist") || strstr(name, "KeyError") || strcasestr(msg, "database"))
		return auth_fail(err, "odoo.unknown_database", msg);
	return auth_fail(err, "odoo.wrong_login", msg[0] ? msg : name);
}

static enum auth_verdict odoo_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	cJSON *j;
	const cJSON *result, *error;
	enum auth_verdict v = AUTH_FAIL;
	if (resp->status != 200)
		return auth_fail_http(ctx, resp, err);
	if (!(j = auth_parse_json(resp, err)))
		return AUTH_FAIL;
	result = cJSON_GetObjectItemCaseSensitive(j, "result");
	error = cJSON_GetObjectItemCaseSensitive(j, "error");
	if (cJSON_IsObject(result) && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(result, "uid"))) {
		char name[128] = "", login[128] = "";
		/* what the server said: "Administrator (admin)" */
		auth_json_path(result, "name", name, sizeof(name));
		auth_json_path(result, "username", login, sizeof(login));
		if (name[0] && login[0])
			str_fmt(ctx->identity, sizeof(ctx->identity), "%s (%s)", name, login);
		else
			str_copy(ctx->identity, sizeof(ctx->identity), name[0] ? name : login);
		v = AUTH_OK;
	} else if (cJSON_IsNumber(result) && result->valuedouble > 0) { /* common.authenticate: only the uid */
		v = AUTH_OK;
	} else if (error) {
		v = odoo_error(error, err);
	} else if (cJSON_IsFalse(result)) {
		v = auth_fail(err, "odoo.wrong_login", "common.authenticate returned false");
	} else {
		v = auth_fail(err, "odoo.wrong_login", "no uid in the answer");
	}
	cJSON_Delete(j);
	return v;
}

const struct auth_method auth_odoo = {"odoo", odoo_build, odoo_judge};
