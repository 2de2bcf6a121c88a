/* relay.c: the platform's sign-in relay (relay.h). */
#include "relay.h"
#include "accept.h"
#include "i18n.h"
#include "connect.h"
#include "delivery.h"
#include "invite_admin.h"
#include "invite_key.h"
#include "lifecycle_impl.h"
#include "oauth_flow.h"
#include "probe.h"
#include "store/db_invites.h"
#include "util.h"
#include <cJSON.h>
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define RELAY_MAX 64

enum relay_stage { ST_WAITING, ST_OPENED, ST_CHECKING, ST_CONNECTED, ST_FAILED };
static const char *const stage_names[] = {"waiting", "opened", "checking", "connected", "failed"};

struct handle {
	char id[RELAY_HANDLE_LEN + 1];
	char invite_id[32], system[64], api[256], conn_id[16];
	char *fields;
	unsigned char *relay_box;
	size_t relay_len;
	enum relay_stage stage;
	char message[256]; /* English on the wire (N_): the kiosk shows its own translation */
	long long expires;
	bool started, called;
	struct form *form;
	struct oauth_flow flow;
	struct probe *probe;
	int cleanup;
};

static struct {
	struct loop *l;
	struct db *db;
	const struct seal_keypair *kp;
	struct handle *v[RELAY_MAX];
} R;

static void handle_free(struct handle *h)
{
	if (!h)
		return;
	if (h->cleanup)
		loop_cancel(R.l, h->cleanup);
	probe_free(h->probe);
	if (h->started)
		oauth_flow_end(&h->flow);
	free(h->flow.auth_url);
	form_free(h->form); /* wipes the client secret and the tokens */
	free(h->fields);
	free(h->relay_box);
	free(h);
}

void relay_setup(struct loop *l, struct db *db, const struct seal_keypair *kp)
{
	R.l = l;
	R.db = db;
	R.kp = kp;
}

void relay_shutdown(void)
{
	for (int i = 0; i < RELAY_MAX; i++) {
		handle_free(R.v[i]);
		R.v[i] = NULL;
	}
}

void relay_answer_free(struct relay_answer *a)
{
	free(a->body);
	a->body = NULL;
}

static void answer_json(struct relay_answer *a, unsigned status, cJSON *j)
{
	a->status = status;
	a->type = "application/json";
	a->body = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
}

static void answer_error(struct relay_answer *a, unsigned status, const char *code, const char *message)
{
	cJSON *j = cJSON_CreateObject(), *e = cJSON_AddObjectToObject(j, "error");
	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", message);
	answer_json(a, status, j);
}

/* What the phone sees: a short page in plain words. */
static void answer_page(struct relay_answer *a, unsigned status, const char *title, const char *text)
{
	struct buf b;
	buf_init(&b);
	buf_addf(&b,
		 "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\">"
		 "<title>%s</title><h1>%s</h1><p>%s</p>\n",
		 title, title, text);
	a->status = status;
	a->type = "text/html; charset=utf-8";
	a->body = b.data;
}

static struct handle *find(const char *id)
{
	char up[RELAY_HANDLE_LEN + 1];
	size_t n = strlen(id ? id : "");
	if (n != RELAY_HANDLE_LEN)
		return NULL;
	for (size_t i = 0; i < n; i++)
		up[i] = (char)toupper((unsigned char)id[i]);
	up[n] = 0;
	for (int i = 0; i < RELAY_MAX; i++)
		if (R.v[i] && !strcmp(R.v[i]->id, up))
			return R.v[i];
	return NULL;
}

/* A free slot: an empty one, else the oldest that ran out. */
static int slot(void)
{
	for (int i = 0; i < RELAY_MAX; i++)
		if (!R.v[i])
			return i;
	for (int i = 0; i < RELAY_MAX; i++)
		if (R.v[i]->expires < now_ms() && R.v[i]->stage != ST_CHECKING) {
			handle_free(R.v[i]);
			R.v[i] = NULL;
			return i;
		}
	return -1;
}

static const char *jstring(cJSON *j, const char *name)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
	return cJSON_IsString(v) && strlen(v->valuestring) < 8192 ? v->valuestring : NULL;
}

/* The invite behind a request for a handle, checked; 0 or the HTTP status. */
static unsigned check_invite(cJSON *j, const char *authorization, struct db_invite *inv, char api[256],
			     struct relay_answer *a)
{
	const char *id = jstring(j, "invite_id"), *sys = jstring(j, "system"), *fields = jstring(j, "fields"),
		   *nonce = jstring(j, "nonce");
	struct onr_error err;
	struct invite_key *k;
	unsigned char *secret;
	char want[DELIVERY_MAC_HEX];
	bool ok = false;
	int rc;
	if (!id || !sys || !fields || !nonce || strlen(nonce) < 16)
		return answer_error(a, 400, "delivery.bad_request", N_("The request for a sign-in link is incomplete.")),
		       400;
	if ((rc = db_invite_get(R.db, id, inv, &err)) != 0)
		return rc < 0 ? (answer_error(a, 503, "store.failed", N_("The platform could not read its database.")), 503)
			      : (answer_error(a, 404, "invite.unknown", N_("This platform made no such invite.")), 404);
	if (invite_usable(inv, time(NULL), &err) != 0)
		return answer_error(a, !strcmp(err.code, "invite.used_up") ? 409 : 410, err.code, err.message), 410;
	if (strcmp(inv->system, sys) || !inv->relay_len)
		return answer_error(a, 400, "relay.unavailable", N_("This invite does not sign in through the platform.")),
		       400;
	if ((secret = sodium_malloc(INVITE_SECRET)) && (k = invite_key_load(false, &err))) {
		invite_key_secret(k, id, secret);
		delivery_relay_mac(secret, id, sys, fields, nonce, want);
		ok = authorization && str_starts(authorization, "Delivery ") && strlen(authorization + 9) == 64 &&
		     sodium_memcmp(want, authorization + 9, 64) == 0;
		invite_key_free(k);
	}
	if (secret)
		sodium_free(secret);
	if (!ok)
		return answer_error(a, 401, "delivery.bad_secret",
				    N_("The request is not signed with its invite's secret.")),
		       401;
	cJSON *p = cJSON_Parse(inv->payload);
	const char *v = jstring(p, "api");
	str_copy(api, 256, v ? v : "");
	cJSON_Delete(p);
	return 0;
}

void relay_new_handle(const char *body, size_t len, const char *authorization, struct relay_answer *a)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	cJSON *j = cJSON_ParseWithLength(body, len), *out;
	struct db_invite inv = {0};
	char api[256], start[512];
	struct handle *h;
	unsigned char r[RELAY_HANDLE_LEN];
	int i;
	memset(a, 0, sizeof(*a));
	if (!R.db || !R.kp) {
		answer_error(a, 503, "relay.unavailable", N_("This platform does not run the sign-in relay."));
	} else if (check_invite(j, authorization, &inv, api, a) == 0) {
		if ((i = slot()) < 0) {
			answer_error(a, 503, "relay.busy", N_("Too many sign-ins at once. Try again in a minute."));
		} else {
			h = R.v[i] = xcalloc(1, sizeof(*h));
			randombytes_buf(r, sizeof(r));
			for (int k = 0; k < RELAY_HANDLE_LEN; k++)
				h->id[k] = alphabet[r[k] & 31];
			str_copy(h->invite_id, sizeof(h->invite_id), inv.id);
			str_copy(h->system, sizeof(h->system), inv.system);
			str_copy(h->api, sizeof(h->api), api);
			h->fields = xstrdup(jstring(j, "fields"));
			h->relay_box = inv.relay, h->relay_len = inv.relay_len;
			inv.relay = NULL;
			h->expires = now_ms() + RELAY_TTL_MS;
			str_copy(h->message, sizeof(h->message), N_("Waiting for the phone to open the link."));
			str_fmt(start, sizeof(start), "%s/v1/oauth/start/%s", api, h->id);
			out = cJSON_CreateObject();
			cJSON_AddStringToObject(out, "handle", h->id);
			cJSON_AddStringToObject(out, "start", start);
			answer_json(a, 201, out);
		}
	}
	db_invite_free(&inv);
	cJSON_Delete(j);
}

/* The form the platform signs in with: the kiosk's public fields, and the
 * redirect address that comes back here. */
static struct form *make_form(struct handle *h, const struct system *sys)
{
	struct form *f = form_new(sys);
	cJSON *j = cJSON_Parse(h->fields), *it;
	char cb[512];
	cJSON_ArrayForEach (it, j) {
		const struct field *fd = system_field(sys, it->string);
		if (cJSON_IsString(it) && fd && !fd->secret)
			form_set(f, it->string, it->valuestring);
	}
	cJSON_Delete(j);
	str_fmt(cb, sizeof(cb), "%s/v1/oauth/callback", h->api);
	form_set(f, "redirect_uri", cb);
	return f;
}

void relay_start(const char *id, struct relay_answer *a)
{
	struct handle *h = find(id);
	const struct system *sys = h ? accept_system(h->system) : NULL;
	struct onr_error err;
	memset(a, 0, sizeof(*a));
	if (!h || !sys || h->expires < now_ms() || h->called) {
		answer_page(a, 410, _("This sign-in link has run out"), _("Start over at the kiosk: it shows a new code."));
		return;
	}
	if (!h->started) {
		h->form = make_form(h, sys);
		if (oauth_flow_begin(&h->flow, sys, h->form, R.l, NULL, NULL, &err) != 0) {
			h->stage = ST_FAILED;
			str_copy(h->message, sizeof(h->message), err.message);
			answer_page(a, 502, _("The sign-in could not start"), err.message);
			return;
		}
		oauth_flow_stop_listening(&h->flow); /* the answer comes to /v1/oauth/callback */
		h->started = true;
		h->stage = ST_OPENED;
		str_copy(h->message, sizeof(h->message), N_("The phone opened the link: signing in at the provider."));
	}
	a->status = 302;
	a->type = "text/plain";
	a->body = xstrdup("To the sign-in.\n");
	str_copy(a->location, sizeof(a->location), h->flow.auth_url);
}

static void connect_now(struct handle *h)
{
	struct connect_parts parts;
	struct accept_answer ans = {0};
	struct onr_error err;
	struct delivery d = {0};
	char digest[64];
	connect_parts(h->form, &parts);
	str_copy(d.invite_id, sizeof(d.invite_id), h->invite_id);
	str_copy(d.system, sizeof(d.system), h->system);
	invite_random_chars(d.conn_id, 8);
	for (char *c = d.conn_id; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	d.url = (char *)parts.url;
	d.user = (char *)parts.user;
	d.fields = parts.pub;
	if (seal_envelope(R.kp->pk, d.conn_id, h->system, (const unsigned char *)parts.secrets.p, parts.secrets.len,
			  &d.box, &d.boxlen, &err) == 0) {
		str_fmt(digest, sizeof(digest), "relay:%s", h->id);
		accept_sealed(R.db, &d, digest, &ans);
	} else {
		ans.status = 500;
		str_copy(ans.message, sizeof(ans.message), err.message);
	}
	free(d.box);
	connect_parts_free(&parts);
	if (ans.status == 201) {
		h->stage = ST_CONNECTED;
		str_copy(h->conn_id, sizeof(h->conn_id), ans.conn_id);
		str_copy(h->message, sizeof(h->message), N_("Connected: the platform has the connection."));
	} else {
		h->stage = ST_FAILED;
		str_copy(h->message, sizeof(h->message), ans.message);
	}
}

static void tidy(void *arg)
{
	struct handle *h = arg;
	h->cleanup = 0;
	probe_free(h->probe);
	h->probe = NULL;
	form_free(h->form); /* the secrets are sealed or not needed: wipe them */
	h->form = NULL;
}

static void on_probe(void *arg)
{
	struct handle *h = arg;
	const struct probe *p = h->probe;
	if (!p || !probe_done(p) || h->stage != ST_CHECKING)
		return;
	if (probe_ok(p)) {
		probe_keep_refresh_token(p, h->form);
		connect_now(h);
	} else {
		h->stage = ST_FAILED;
		str_fmt(h->message, sizeof(h->message), "%s %s", probe_error(p)->message, probe_error(p)->hint);
	}
	h->cleanup = loop_after(R.l, 0, tidy, h); /* not from inside the probe's own callback */
}

/* The client secret, opened into the form. */
static bool open_secret(struct handle *h)
{
	unsigned char *msg = NULL;
	size_t len = 0;
	struct onr_error err;
	if (seal_open(R.kp, h->relay_box, h->relay_len, "the invite's client secret", &msg, &len, &err) != 0)
		return false;
	form_set(h->form, "client_secret", (const char *)msg);
	sodium_free(msg);
	return true;
}

static void add_query(struct secbuf *q, const char *name, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!v)
		return;
	if (q->len)
		secbuf_adds(q, "&");
	secbuf_adds(q, name);
	secbuf_adds(q, "=");
	for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
		char e[4] = {'%', hex[*c >> 4], hex[*c & 15], 0};
		if (isalnum(*c) || strchr("-._~", *c))
			secbuf_add(q, (const char *)c, 1);
		else
			secbuf_adds(q, e);
	}
}

void relay_callback(const char *code, const char *state, const char *error, struct relay_answer *a)
{
	struct handle *h = NULL;
	struct secbuf q;
	memset(a, 0, sizeof(*a));
	for (int i = 0; state && i < RELAY_MAX; i++)
		if (R.v[i] && R.v[i]->started && !strcmp(R.v[i]->flow.state, state))
			h = R.v[i];
	if (!h || h->called || h->expires < now_ms()) {
		answer_page(a, 410, _("This sign-in has run out"), _("Start over at the kiosk: it shows a new code."));
		return;
	}
	h->called = true; /* single use */
	secbuf_init(&q, 4096);
	add_query(&q, "state", state);
	add_query(&q, "code", code);
	add_query(&q, "error", error);
	bool got = oauth_flow_answer(&h->flow, q.p, q.len) && h->flow.have_code;
	secbuf_free(&q);
	if (!got) {
		h->stage = ST_FAILED;
		str_copy(h->message, sizeof(h->message),
			 h->flow.problem[0] ? h->flow.problem : N_("The sign-in did not finish."));
		answer_page(a, 200, _("The sign-in did not finish"), _("Start over at the kiosk."));
		return;
	}
	const struct system *sys = accept_system(h->system);
	struct probe_opts po = {.grant = &h->flow.grant};
	if (!sys || !open_secret(h) || !(h->probe = probe_start(R.l, sys, h->form, &po, on_probe, h))) {
		h->stage = ST_FAILED;
		str_copy(h->message, sizeof(h->message), N_("The platform could not start the check."));
		answer_page(a, 200, _("The sign-in could not be checked"), _("Start over at the kiosk."));
		return;
	}
	if (h->stage != ST_CONNECTED && h->stage != ST_FAILED) {
		h->stage = ST_CHECKING;
		str_copy(h->message, sizeof(h->message), N_("Signed in: the platform is checking the connection."));
	}
	answer_page(a, 200, _("Signed in"), _("You can close this page: the kiosk shows the rest."));
}

void relay_status(const char *id, struct relay_answer *a)
{
	struct handle *h = find(id);
	cJSON *j;
	memset(a, 0, sizeof(*a));
	if (!h) {
		answer_error(a, 404, "relay.unknown", N_("There is no such sign-in; start over."));
		return;
	}
	if (h->expires < now_ms() && h->stage < ST_CHECKING) {
		h->stage = ST_FAILED;
		str_copy(h->message, sizeof(h->message), N_("The sign-in link ran out before the phone finished."));
	}
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "stage", stage_names[h->stage]);
	cJSON_AddStringToObject(j, "message", h->message);
	if (h->conn_id[0])
		cJSON_AddStringToObject(j, "connection_id", h->conn_id);
	answer_json(a, 200, j);
}
