/* Tryton: JSON-RPC "common.db.login" posted to {url}/{database}/ with
 * params [login, {"password": ...}]. A result [user_id, session] is a
 * sign-in; the session is not kept. */
#include "auth/jsonrpc.h"
#include <cJSON.h>
#include <string.h>

static int tryton_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	if (jsonrpc_request(ctx, req, err) < 0)
		return -1;
	secbuf_adds(&req->body, "{\"id\":1,\"method\":\"common.db.login\",\"params\":[");
	jsonrpc_add_field(ctx, &req->body, "username");
	secbuf_adds(&req->body, ",{\"password\":");
	jsonrpc_add_field(ctx, &req->body, "password");
	secbuf_adds(&req->body, "}]}");
	return 0;
}

static enum auth_verdict tryton_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	cJSON *j;
	const cJSON *result;
	/* trytond 6 answers a wrong login with a bare 401 page; an unknown
	 * database is a 200 carrying an error (SQLite) or a 404 (PostgreSQL). */
	if (resp->status == 404)
		return auth_fail(err, "tryton.unknown_database", "HTTP 404 for the database path");
	if (resp->status == 401 || resp->status == 403)
		return auth_fail(err, "auth.wrong_login", "HTTP 401 from common.db.login");
	if (resp->status != 200)
		return auth_fail_http(ctx, resp, err);
	if (!(j = auth_parse_json(resp, err)))
		return AUTH_FAIL;
	result = cJSON_GetObjectItemCaseSensitive(j, "result");
	if (cJSON_IsArray(result) && cJSON_GetArraySize(result) >= 2) {
		/* the answer names no one: "credentials verified", nothing invented */
		cJSON_Delete(j);
		return AUTH_OK;
	}
	const cJSON *error = cJSON_GetObjectItemCaseSensitive(j, "error");
	if (!result && !error) { /* JSON-RPC always answers one of the two */
		cJSON_Delete(j);
		return auth_fail_not_system(ctx, err, "common.db.login: no JSON-RPC result or error");
	}
	const cJSON *first = cJSON_IsArray(error) ? cJSON_GetArrayItem(error, 0) : error;
	bool no_db = cJSON_IsString(first) && strstr(first->valuestring, "Database") && strstr(first->valuestring, "exist");
	cJSON_Delete(j);
	if (no_db)
		return auth_fail(err, "tryton.unknown_database", "common.db.login: the database does not exist");
	return auth_fail(err, "auth.wrong_login", "common.db.login gave no session");
}

const struct auth_method auth_tryton = {"tryton", tryton_build, tryton_judge};
