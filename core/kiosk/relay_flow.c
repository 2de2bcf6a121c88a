/* relay_flow.c: the kiosk's side of the sign-in relay (relay_flow.h). */
#include "relay_flow.h"
#include "connect.h"
#include "delivery.h"
#include "i18n.h"
#include "util.h"
#include <cJSON.h>
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define POLL_MS 1000
#define PLACEHOLDER "held by the platform"

void relay_form_prepare(struct form *form)
{
	for (size_t i = 0; i < form->n; i++) {
		const struct field *fd = form->f[i].def;
		if (fd->secret && fd->required) {
			form_set(form, fd->key, PLACEHOLDER);
			form_lock(form, fd->key);
		}
	}
}

/* What the platform said, cleaned: its own texts come in English (relay.c
 * marks them N_) and are shown in this kiosk's language; any other text
 * (a check's error in the platform's language) as it came. */
static void said(char *out, size_t size, const char *text)
{
	const char *t = *text ? _(text) : "";
	str_clean(out, size, t, strlen(t));
}

static void relay_fail(struct relay_flow *f, const char *msg, const char *tech)
{
	f->state = RELAY_FAILED;
	error_set(&f->err, EXIT_AUTH, "auth", "auth.relay.failed", msg,
		  _("Start over (R) for a new link. If it goes on, ask the platform's administrator."), NULL);
	str_clean(f->err.tech, sizeof(f->err.tech), tech ? tech : "", tech ? strlen(tech) : 0);
	f->on_change(f->arg);
}

/* The link in upper case when the platform's address allows it (no path
 * of its own): scheme and host are case-blind, the relay's path too. */
static void qr_link(struct relay_flow *f)
{
	const char *host = strstr(f->start, "://");
	const char *path = host ? strchr(host + 3, '/') : NULL;
	bool ok = path && !strncmp(path, "/v1/oauth/start/", 16);
	str_copy(f->qr, sizeof(f->qr), f->start);
	for (char *c = f->qr; ok && *c; c++)
		*c = (char)toupper((unsigned char)*c);
}

static void answered(void *arg);

static void request(struct relay_flow *f, const char *path, const char *body, const char *auth)
{
	struct http_req *req = &f->call.req;
	http_call_begin(&f->call);
	secbuf_adds(&req->url, f->inv->api);
	secbuf_adds(&req->url, path);
	if (body) {
		req->method = "POST";
		secbuf_free(&req->body);
		secbuf_init(&req->body, strlen(body) + 1);
		secbuf_adds(&req->body, body);
		http_req_header(req, "Content-Type", "application/json");
	}
	if (auth)
		http_req_header(req, "Authorization", auth);
	req->total_timeout_ms = 15000;
	if (http_call_send(&f->call, answered, f) != 0)
		relay_fail(f, _("Could not start a request to the platform."), NULL);
}

static void poll_status(void *arg)
{
	struct relay_flow *f = arg;
	char path[64];
	f->call.timer = 0;
	str_fmt(path, sizeof(path), "/v1/oauth/status/%s", f->handle);
	request(f, path, NULL, NULL);
}

static void take_handle(struct relay_flow *f, cJSON *j)
{
	cJSON *h = cJSON_GetObjectItemCaseSensitive(j, "handle"), *s = cJSON_GetObjectItemCaseSensitive(j, "start");
	if (!cJSON_IsString(h) || !cJSON_IsString(s) || strlen(h->valuestring) >= sizeof(f->handle) ||
	    !str_starts(s->valuestring, "http")) {
		relay_fail(f, _("The platform's answer is not a sign-in link."), "no handle or start in the answer");
		return;
	}
	str_copy(f->handle, sizeof(f->handle), h->valuestring);
	str_clean(f->start, sizeof(f->start), s->valuestring, strlen(s->valuestring));
	qr_link(f);
	f->state = RELAY_WAITING;
	f->on_change(f->arg);
	http_call_after(&f->call, POLL_MS, poll_status, f);
}

static void take_status(struct relay_flow *f, cJSON *j)
{
	static const char *const names[] = {"waiting", "opened", "checking", "connected", "failed"};
	cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "stage"), *m = cJSON_GetObjectItemCaseSensitive(j, "message"),
	      *id = cJSON_GetObjectItemCaseSensitive(j, "connection_id");
	enum relay_state was = f->state;
	int i = 0;
	while (i < 5 && !(cJSON_IsString(st) && !strcmp(st->valuestring, names[i])))
		i++;
	if (cJSON_IsString(m))
		said(f->message, sizeof(f->message), m->valuestring);
	if (i == 5) {
		relay_fail(f, _("The platform's answer about the sign-in is not understood."), "unknown stage");
		return;
	}
	if (i == 4) {
		relay_fail(f, *f->message ? f->message : _("The sign-in through the platform failed."), NULL);
		return;
	}
	f->state = (enum relay_state)(RELAY_WAITING + i);
	if (f->state == RELAY_CONNECTED && cJSON_IsString(id))
		str_copy(f->conn_id, sizeof(f->conn_id), id->valuestring);
	if (f->state == RELAY_CONNECTED && !f->conn_id[0]) {
		relay_fail(f, _("The platform says connected but names no connection."), NULL);
		return;
	}
	if (f->state != RELAY_CONNECTED)
		http_call_after(&f->call, POLL_MS, poll_status, f);
	if (f->state != was || f->state == RELAY_CONNECTED)
		f->on_change(f->arg);
}

static void answered(void *arg)
{
	struct relay_flow *f = arg;
	const struct http_resp *r = &f->call.resp;
	cJSON *j = cJSON_ParseWithLength(r->body.data ? r->body.data : "", r->body.len);
	cJSON *e = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "error"), "message");
	long status = r->code == CURLE_OK ? r->status : 0;
	char tech[240], words[200];
	str_copy(words, sizeof(words), _("The platform refused the sign-in link."));
	if (cJSON_IsString(e) && *e->valuestring) /* server text: cleaned before anything shows it */
		said(words, sizeof(words), e->valuestring);
	str_fmt(tech, sizeof(tech), "curl %d, HTTP %ld: %s", (int)r->code, r->status, r->errbuf);
	http_call_done(&f->call);
	if (!status)
		relay_fail(f, _("Could not reach the platform for the sign-in."), tech);
	else if (f->state == RELAY_ASKING && status == 201)
		take_handle(f, j);
	else if (status == 200 && f->state != RELAY_ASKING)
		take_status(f, j);
	else
		relay_fail(f, words, tech);
	cJSON_Delete(j);
}

int relay_flow_begin(struct relay_flow *f, const struct invite *inv, const struct form *form, struct loop *l,
		     void (*on_change)(void *arg), void *arg, struct onr_error *err)
{
	struct connect_parts parts;
	unsigned char r[16];
	char nonce[40], mac[DELIVERY_MAC_HEX], auth[16 + DELIVERY_MAC_HEX];
	cJSON *j = cJSON_CreateObject();
	char *body;
	(void)err;
	memset(f, 0, sizeof(*f));
	f->inv = inv;
	f->on_change = on_change;
	f->arg = arg;
	http_call_init(&f->call, l);
	f->state = RELAY_ASKING;
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(nonce, sizeof(nonce), r, sizeof(r));
	connect_parts(form, &parts); /* only the public fields go: the secrets stay */
	delivery_relay_mac(inv->secret, inv->id, form->sys->id, parts.pub, nonce, mac);
	cJSON_AddStringToObject(j, "invite_id", inv->id);
	cJSON_AddStringToObject(j, "system", form->sys->id);
	cJSON_AddStringToObject(j, "fields", parts.pub);
	cJSON_AddStringToObject(j, "nonce", nonce);
	connect_parts_free(&parts);
	body = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	str_fmt(auth, sizeof(auth), "Delivery %s", mac);
	request(f, "/v1/oauth/handles", body, auth);
	free(body);
	return 0;
}

void relay_flow_end(struct relay_flow *f)
{
	http_call_end(&f->call);
}
