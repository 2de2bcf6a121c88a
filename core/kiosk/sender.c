/* sender.c: the kiosk's outbox, prepared and sent (sender.h). */
#include "sender.h"
#include "i18n.h"
#include "connect.h"
#include "http_call.h"
#include "lifecycle_impl.h"
#include "outbox.h"
#include "util.h"
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BASE_MS 2000
#define MAX_MS (10 * 60 * 1000)
#define SEEN_MAX 16

static long long wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int kiosk_prepare(const struct form *form, const struct invite *inv, const char *pin, const char *plain_http,
		  char id[16], struct onr_error *err)
{
	static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
	struct outbox_item it = {.created = wall_ms()};
	struct connect_parts parts;
	unsigned char r[8];
	int rc;

	randombytes_buf(r, sizeof(r));
	for (int i = 0; i < 8; i++)
		id[i] = alphabet[r[i] & 31];
	id[8] = 0;
	connect_parts(form, &parts);
	struct delivery *d = &it.d;
	str_copy(d->invite_id, sizeof(d->invite_id), inv->id);
	str_copy(d->conn_id, sizeof(d->conn_id), id);
	str_copy(d->system, sizeof(d->system), form->sys->id);
	str_copy(d->platform, sizeof(d->platform), inv->platform);
	str_copy(d->api, sizeof(d->api), inv->api);
	str_copy(d->pin, sizeof(d->pin), pin ? pin : "");
	str_copy(d->plain_http, sizeof(d->plain_http), plain_http ? plain_http : "");
	d->url = xstrdup(parts.url);
	d->user = xstrdup(parts.user);
	d->fields = xstrdup(parts.pub);
	rc = seal_envelope(inv->seal_pk, id, form->sys->id, (const unsigned char *)parts.secrets.p, parts.secrets.len,
			   &d->box, &d->boxlen, err);
	connect_parts_free(&parts);
	if (rc == 0) {
		delivery_mac(d, inv->secret, d->mac);
		it.next_at = it.created;
		rc = outbox_put(&it, err);
	}
	delivery_free(d);
	return rc;
}

struct seen {
	char id[16];
	bool tried; /* sent by this process (sender_now: once each) */
	enum send_state st;
	char why[256];
};

struct sender {
	sender_fn on_change;
	void *arg;
	struct http_call call;
	struct outbox_item cur; /* being sent */
	bool future;            /* the timer waits for an entry not yet due */
	bool now;               /* sender_now: every entry once, due or not */
	struct seen seen[SEEN_MAX];
	int nseen;
	double scale;
};

static struct seen *seen_for(struct sender *s, const char *id)
{
	for (int i = 0; i < s->nseen; i++)
		if (!strcmp(s->seen[i].id, id))
			return &s->seen[i];
	int i = s->nseen < SEEN_MAX ? s->nseen++ : 0; /* the oldest goes */
	memset(&s->seen[i], 0, sizeof(s->seen[i]));
	str_copy(s->seen[i].id, sizeof(s->seen[i].id), id);
	return &s->seen[i];
}

static void note(struct sender *s, const char *id, enum send_state st, const char *why)
{
	struct seen *e = seen_for(s, id);
	e->st = st;
	str_copy(e->why, sizeof(e->why), why ? why : "");
	if (s->on_change)
		s->on_change(s->arg);
}

static long long backoff_ms(const struct sender *s, int attempts)
{
	long long ms = BASE_MS;
	for (int i = 1; i < attempts && ms < MAX_MS; i++)
		ms *= 2;
	if (ms > MAX_MS)
		ms = MAX_MS;
	ms += (long long)randombytes_uniform((uint32_t)(ms / 5 + 1)); /* jitter: kiosks do not come back in step */
	return (long long)((double)ms * s->scale);
}

/* The platform's words from {"error": {"code", "message"}}, cleaned. */
static void platform_words(const struct http_resp *r, char *out, size_t size)
{
	cJSON *j = cJSON_ParseWithLength(r->body.data ? r->body.data : "", r->body.len);
	cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
	cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "message"), *c = cJSON_GetObjectItemCaseSensitive(e, "code");
	char msg[200] = "", code[48] = "";
	if (cJSON_IsString(m) && *m->valuestring) /* the platform's own texts (N_) in this kiosk's language */
		str_clean(msg, sizeof(msg), _(m->valuestring), strlen(_(m->valuestring)));
	if (cJSON_IsString(c))
		str_clean(code, sizeof(code), c->valuestring, strlen(c->valuestring));
	if (*msg)
		str_fmt(out, size, _("The platform answered %1$ld: %2$s"), r->status, msg);
	else
		str_fmt(out, size, _("The platform answered %ld."), r->status);
	if (*code) /* the stable code, as sent */
		str_fmt(out + strlen(out), size - strlen(out), " (%s)", code);
	cJSON_Delete(j);
}

static void scan(void *arg);

static void later(struct sender *s, long ms)
{
	s->future = ms > 0;
	http_call_after(&s->call, ms, scan, s);
}

static void sent(void *arg)
{
	struct sender *s = arg;
	struct outbox_item *it = &s->cur;
	const struct http_resp *r = &s->call.resp;
	struct onr_error err;
	long st = r->code == CURLE_OK ? r->status : 0;
	if (st)
		platform_words(r, it->last_error, sizeof(it->last_error));
	else
		str_fmt(it->last_error, sizeof(it->last_error), _("Could not reach the platform at %1$s (%2$s)."), it->d.api,
			r->errbuf[0] ? r->errbuf : _("no answer"));
	http_call_done(&s->call);
	if (st == 200 || st == 201) {
		outbox_remove(it->d.conn_id, &err);
		note(s, it->d.conn_id, SEND_DELIVERED, NULL);
	} else {
		it->refused = st == 400 || st == 401 || st == 404 || st == 409 || st == 410;
		it->attempts++;
		it->next_at = wall_ms() + backoff_ms(s, it->attempts);
		outbox_put(it, &err); /* the next try survives a restart */
		note(s, it->d.conn_id, it->refused ? SEND_REFUSED : SEND_WAITING, it->last_error);
	}
	delivery_free(&it->d);
	later(s, 0);
}

static void send_one(struct sender *s, struct outbox_item *it)
{
	char auth[16 + DELIVERY_MAC_HEX], *body = delivery_json(&it->d, false);
	s->cur = *it;
	memset(&it->d, 0, sizeof(it->d)); /* s->cur owns it now */
	struct http_req *req = &s->call.req;
	http_call_begin(&s->call);
	secbuf_adds(&req->url, s->cur.d.api);
	secbuf_adds(&req->url, "/v1/connections");
	secbuf_free(&req->body);
	secbuf_init(&req->body, strlen(body) + 1);
	secbuf_adds(&req->body, body);
	free(body);
	req->method = "POST";
	str_fmt(auth, sizeof(auth), "Delivery %s", s->cur.d.mac);
	http_req_header(req, "Authorization", auth);
	http_req_header(req, "Content-Type", "application/json");
	seen_for(s, s->cur.d.conn_id)->tried = true;
	note(s, s->cur.d.conn_id, SEND_SENDING, NULL);
	if (http_call_send(&s->call, sent, s) != 0) { /* as if there were no answer */
		memset(&s->call.resp, 0, sizeof(s->call.resp));
		s->call.resp.code = CURLE_FAILED_INIT;
		http_req_init(req);
		sent(s);
	}
}

/* The first entry that is due goes; else a timer for the next one. */
static void scan(void *arg)
{
	struct sender *s = arg;
	struct outbox_item *v;
	struct onr_error err;
	size_t n;
	long long now = wall_ms(), next = -1;
	s->call.timer = 0;
	if (s->call.busy || outbox_list(&v, &n, &err) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (v[i].refused)
			continue;
		if (s->now ? !seen_for(s, v[i].d.conn_id)->tried : v[i].next_at <= now) {
			send_one(s, &v[i]);
			next = -1;
			break;
		}
		if (s->now)
			continue;
		if (next < 0 || v[i].next_at < next)
			next = v[i].next_at;
		if (!seen_for(s, v[i].d.conn_id)->st)
			note(s, v[i].d.conn_id, SEND_WAITING, v[i].last_error);
	}
	outbox_items_free(v, n);
	if (next >= 0)
		later(s, (long)(next - now));
}

struct sender *sender_new(struct loop *l, sender_fn on_change, void *arg)
{
	struct sender *s = xcalloc(1, sizeof(*s));
	const char *v = getenv("ONRAMP_OUTBOX_SCALE");
	s->on_change = on_change;
	s->arg = arg;
	http_call_init(&s->call, l);
	s->scale = v && strtod(v, NULL) > 0 && strtod(v, NULL) <= 1 ? strtod(v, NULL) : 1.0;
	later(s, 0);
	return s;
}

void sender_free(struct sender *s)
{
	if (!s)
		return;
	if (s->call.busy)
		delivery_free(&s->cur.d);
	http_call_end(&s->call);
	free(s);
}

void sender_now(struct sender *s)
{
	s->now = true;
	sender_kick(s);
}

void sender_kick(struct sender *s)
{
	if (!s->call.busy)
		later(s, 0);
}

enum send_state sender_state(const struct sender *s, const char *id, char *why, size_t whylen)
{
	for (int i = 0; i < s->nseen; i++)
		if (!strcmp(s->seen[i].id, id)) {
			if (why)
				str_copy(why, whylen, s->seen[i].why);
			return s->seen[i].st;
		}
	return SEND_UNKNOWN;
}

bool sender_idle(const struct sender *s)
{
	return !s->call.busy && (!s->call.timer || s->future);
}
