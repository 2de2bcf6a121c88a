/* api_kiosk.c: the invite, delivery and handover routes (api_kiosk.h). */
#include "api/api_kiosk.h"
#include "accept.h"
#include "invite_admin.h"
#include "relay.h"
#include "util.h"
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *header(const struct httpd_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->c, MHD_HEADER_KIND, name);
}

/* The reply, then the body wiped: it may hold an invite or a token. */
static enum MHD_Result reply_wiped(const struct httpd_req *r, unsigned status, char *body)
{
	enum MHD_Result rc = httpd_reply(r->c, status, "application/json", body, strlen(body), NULL, NULL);
	sodium_memzero(body, strlen(body));
	free(body);
	return rc;
}

static enum MHD_Result get_invite(struct db *db, const struct httpd_req *r, const char *code_in)
{
	struct onr_error err;
	char code[INVITE_CODE_LEN], *text;
	int rc;
	if (!invite_is_code(code_in, code))
		return httpd_error(r->c, 404, "invite.unknown", "There is no invite with this code.");
	rc = invite_give(db, code, &text, &err);
	if (rc == 1)
		return httpd_error(r->c, 404, "invite.unknown", "There is no invite with this code.");
	if (rc < 0)
		return httpd_error(r->c, !strncmp(err.code, "invite.", 7) ? 410 : 503,
				   !strncmp(err.code, "invite.", 7) ? err.code : "store.failed", err.message);
	cJSON *j = cJSON_CreateObject();
	cJSON *t = cJSON_AddStringToObject(j, "invite", text);
	char *body = cJSON_PrintUnformatted(j);
	sodium_memzero(text, strlen(text));
	sodium_memzero(t->valuestring, strlen(t->valuestring));
	free(text);
	cJSON_Delete(j);
	return reply_wiped(r, 200, body);
}

static enum MHD_Result post_connection(struct db *db, const struct httpd_req *r)
{
	struct accept_answer a;
	struct buf b;
	accept_delivery(db, r->body, r->len, header(r, "Authorization"), &a);
	if (a.status >= 400)
		return httpd_error(r->c, a.status, a.code, a.message);
	buf_init(&b);
	buf_addf(&b, "{\"connection_id\":\"%s\",\"status\":\"%s\"}", a.conn_id, a.status == 201 ? "created" : "exists");
	enum MHD_Result rc = httpd_reply(r->c, a.status, "application/json", b.data, b.len, NULL, NULL);
	buf_free(&b);
	return rc;
}

static enum MHD_Result get_connections(struct db *db, const struct httpd_req *r)
{
	struct onr_error err;
	struct buf b;
	if (!accept_app_token_ok(header(r, "Authorization")))
		return httpd_error(
			r->c, 401, "app.invalid_token",
			"Send the platform's app token (onramp invite app-token) as Authorization: Bearer ...");
	buf_init(&b);
	if (accept_handover(db, &b, &err) != 0) {
		buf_free(&b);
		return httpd_error(r->c, 503, "store.failed", "The platform could not write its database. Try again.");
	}
	return reply_wiped(r, 200, b.data);
}

static enum MHD_Result relay_reply(const struct httpd_req *r, struct relay_answer *a)
{
	const char *body = a->body ? a->body : "";
	enum MHD_Result rc = httpd_reply(r->c, a->status, a->type ? a->type : "text/plain", body, strlen(body),
					 a->location[0] ? "Location" : NULL, a->location[0] ? a->location : NULL);
	relay_answer_free(a);
	return rc;
}

static const char *arg(const struct httpd_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->c, MHD_GET_ARGUMENT_KIND, name);
}

/* The sign-in relay's routes (relay.h); start/HANDLE in any case, so the
 * kiosk's link can be upper case (a smaller QR code). */
static bool relay_route(const struct httpd_req *r, bool get, bool post, enum MHD_Result *rc)
{
	struct relay_answer a = {0};
	if (post && !strcmp(r->url, "/v1/oauth/handles"))
		relay_new_handle(r->body, r->len, header(r, "Authorization"), &a);
	else if (get && !strncasecmp(r->url, "/v1/oauth/start/", 16))
		relay_start(r->url + 16, &a);
	else if (get && !strcmp(r->url, "/v1/oauth/callback"))
		relay_callback(arg(r, "code"), arg(r, "state"), arg(r, "error"), &a);
	else if (get && !strncmp(r->url, "/v1/oauth/status/", 17))
		relay_status(r->url + 17, &a);
	else
		return false;
	*rc = relay_reply(r, &a);
	return true;
}

bool api_kiosk_route(struct db *db, const struct httpd_req *r, enum MHD_Result *rc)
{
	bool get = !strcmp(r->method, "GET"), post = !strcmp(r->method, "POST");
	if (relay_route(r, get, post, rc))
		return true;
	if (str_starts(r->url, "/v1/invites/") && !strchr(r->url + 12, '/') && get)
		*rc = get_invite(db, r, r->url + 12);
	else if (!strcmp(r->url, "/v1/connections") && post)
		*rc = post_connection(db, r);
	else if (!strcmp(r->url, "/v1/connections") && get)
		*rc = get_connections(db, r);
	else
		return false;
	return true;
}
