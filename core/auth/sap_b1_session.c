/* SAP Business One Service Layer: POST {url}/b1s/v1/Login with the JSON
 * {"CompanyDB", "UserName", "Password"}; a 200 carries "SessionId" and the
 * cookies B1SESSION (the same id) and, behind the load balancer, ROUTEID.
 * Step 2 reads through the catalog probe with those cookies, proving the
 * session works for data. Errors come as
 * {"error": {"code": n, "message": {"lang": "en-us", "value": "..."}}}. */
#include "auth/auth.h"
#include <cJSON.h>
#include <string.h>
#include <strings.h>

static int b1_build(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err)
{
	const struct auth_spec *a = &ctx->sys->auth;
	if (ctx->step == 0) {
		if (auth_render_or(ctx, a->token_url, "{url}/b1s/v1/Login", true, &req->url, err) < 0)
			return -1;
		req->method = "POST";
		secbuf_adds(&req->body, "{");
		if (auth_json_member(ctx, &req->body, "CompanyDB", NULL, "{company_db}", err) < 0 ||
		    auth_json_member(ctx, &req->body, "UserName", a->user, "{username}", err) < 0 ||
		    auth_json_member(ctx, &req->body, "Password", a->password, "{password}", err) < 0)
			return -1;
		secbuf_adds(&req->body, "}");
		http_req_header(req, "Content-Type", "application/json");
		http_req_header(req, "Accept", "application/json");
		req->capture = "set-cookie";
		return 0;
	}
	if (auth_probe_request(ctx, req, err) < 0)
		return -1;
	http_req_header(req, "Cookie", ctx->token.p);
	return 0;
}

/* The session id into ctx->token as a ready Cookie header value. */
static enum auth_verdict keep_session(struct auth_ctx *ctx, const struct http_resp *resp, const char *sid,
				      struct onr_error *err)
{
	secbuf_clear(&ctx->token);
	if (strstr(resp->captured, "B1SESSION=")) {
		secbuf_adds(&ctx->token, resp->captured); /* B1SESSION and ROUTEID */
	} else {
		secbuf_adds(&ctx->token, "B1SESSION=");
		secbuf_adds(&ctx->token, sid);
	}
	if (ctx->token.overflow)
		return auth_fail(err, "api.bad_json", "the session cookie is too long");
	return AUTH_NEXT;
}

static enum auth_verdict login_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	cJSON *j = resp->body.data ? cJSON_ParseWithLength(resp->body.data, resp->body.len) : NULL;
	const cJSON *sid = cJSON_GetObjectItemCaseSensitive(j, "SessionId");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "error"), "code");
	char msg[160] = "", tech[256];
	enum auth_verdict v;

	if (resp->status == 200 && cJSON_IsString(sid) && sid->valuestring[0]) {
		v = keep_session(ctx, resp, sid->valuestring, err);
		memset(sid->valuestring, 0, strlen(sid->valuestring));
		cJSON_Delete(j);
		return v;
	}
	auth_json_path(j, "error.message.value", msg, sizeof(msg));
	if (cJSON_IsNumber(code))
		str_fmt(tech, sizeof(tech), "HTTP %ld, Service Layer error %d: %s", resp->status, code->valueint, msg);
	else
		str_fmt(tech, sizeof(tech), "HTTP %ld from b1s/v1/Login", resp->status);
	if (resp->status == 200) {
		v = auth_fail(err, "api.bad_json", "Login answered without a SessionId");
	} else if (!j && resp->status != 401) {
		v = auth_fail_http(ctx, resp, err); /* not the Service Layer talking */
	} else if ((cJSON_IsNumber(code) && code->valueint == -304) || strcasestr(msg, "SLD") ||
		   strcasestr(msg, "company")) {
		/* -304 "Fail to get DB Credentials from SLD": the System Landscape
		 * Directory has no such company for this login */
		v = auth_fail_sys(ctx, err, "b1.unknown_company", tech);
	} else if (resp->status == 401 || (cJSON_IsNumber(code) && code->valueint == 100000027)) {
		v = auth_fail_sys(ctx, err, "b1.wrong_login", tech); /* 100000027 "Login failed" */
	} else {
		v = auth_fail_http(ctx, resp, err);
		str_copy(err->tech, sizeof(err->tech), tech);
	}
	cJSON_Delete(j);
	return v;
}

static enum auth_verdict b1_judge(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	enum auth_verdict v;
	if (ctx->step == 0)
		return login_judge(ctx, resp, err);
	v = auth_judge_probe(ctx, resp, err);
	return v; /* the identity only where the API names it (probe.identity) */
}

const struct auth_method auth_sap_b1_session = {"sap_b1_session", b1_build, b1_judge};
