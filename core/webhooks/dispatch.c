/* dispatch.c: see dispatch.h. */
#include "i18n.h"
#include "webhooks/dispatch.h"
#include "http.h"
#include "store/db_webhooks.h"
#include "util.h"
#include "webhooks/sign.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct slot {
	bool busy;
	struct http *h;
	struct http_req req;
	struct http_resp resp;
	struct db_delivery d;
	long long t0;
	struct dispatch *owner;
};

struct dispatch {
	struct loop *l;
	struct db *db;
	const struct seal_keypair *kp;
	struct dispatch_opts o;
	struct slot s[DISPATCH_SLOTS];
	int timer;
	long sent, ok, failed;
};

static const long schedule_s[DISPATCH_ATTEMPTS] = {0, 5, 300, 1800, 7200, 18000, 36000, 50400,
						   72000, 86400};

long long dispatch_delay_ms(int attempts, double scale)
{
	if (attempts < 0 || attempts >= DISPATCH_ATTEMPTS)
		return -1;
	return (long long)((double)schedule_s[attempts] * 1000.0 * scale);
}

/* The request timeout; tests shrink it with the schedule (never below 2 s:
 * a receiver's fsync under load). A claim's lease is twice that. */
static long timeout_ms(const struct dispatch *d)
{
	double ms = DISPATCH_TIMEOUT_MS * d->o.scale;
	return ms < 2000 ? 2000 : (long)ms;
}

/* Wall-clock milliseconds: next_at is stored as such, and Retry-After: 2
 * must mean 2 s, not "the second after next". */
static long long wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void tick(void *arg);

static void arm(struct dispatch *d, long ms)
{
	if (d->timer)
		loop_cancel(d->l, d->timer);
	d->timer = loop_after(d->l, ms, tick, d);
}

/* Retry-After in seconds (an HTTP date is treated as absent). */
static long long retry_after_ms(const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || end == v || n < 0)
		return 0;
	return (long long)(n > 86400 ? 86400 : n) * 1000;
}

static void outcome(struct slot *s, struct db_attempt *a)
{
	struct dispatch *d = s->owner;
	long st = s->resp.code == CURLE_OK ? s->resp.status : 0;
	long long delay = dispatch_delay_ms(s->d.attempts + 1, d->o.scale);

	a->http_status = (int)st;
	a->error = st >= 200 && st < 300 ? "" : st ? "not a 2xx answer" : s->resp.errbuf[0] ? s->resp.errbuf : "no answer";
	if (st >= 200 && st < 300) {
		a->outcome = DB_DELIVERED;
		return;
	}
	if (delay < 0 || st == 410) {
		a->outcome = DB_GAVE_UP;
		return;
	}
	if (st == 429 || st == 502 || st == 503 || st == 504) {
		long long ra = retry_after_ms(s->resp.retry_after);
		delay = ra > delay ? ra : delay;
	}
	/* ±10% jitter, so endpoints that failed together do not retry together */
	delay += delay ? (long long)randombytes_uniform((uint32_t)(delay / 5 + 1)) - delay / 10 : 0;
	a->outcome = DB_RETRY;
	a->next_at_ms = wall_ms() + delay;
}

static void finished(void *arg)
{
	struct slot *s = arg;
	struct dispatch *d = s->owner;
	struct db_attempt a = {.now = time(NULL), .ms = now_ms() - s->t0};
	struct onr_error err;

	outcome(s, &a);
	d->ok += a.outcome == DB_DELIVERED;
	d->failed += a.outcome == DB_GAVE_UP;
	db_delivery_done(d->db, &s->d, &a, &err);
	if (a.http_status == 410)
		db_endpoint_disable(d->db, s->d.endpoint, N_("The endpoint answered 410 Gone."), a.now, &err);
	else if (a.outcome != DB_DELIVERED && s->d.failing_since &&
		 (double)(a.now - s->d.failing_since) >= DISPATCH_DISABLE_AFTER_S * d->o.scale)
		db_endpoint_disable(d->db, s->d.endpoint, N_("The endpoint kept failing for 5 days."), a.now, &err);
	http_req_free(&s->req);
	http_resp_free(&s->resp);
	db_delivery_free(&s->d);
	s->busy = false;
	arm(d, 0); /* a slot is free: look for more */
}

/* The signature headers of the stored body, with the endpoint's secret
 * opened only for the moment of signing. */
static int sign_headers(struct dispatch *d, struct slot *s)
{
	unsigned char *plain = NULL;
	size_t plen = 0;
	struct onr_error err;
	struct wh_key *k;
	char sig[WH_SIG_MAX], ts[24];
	long long now = (long long)time(NULL);

	if (!d->kp || seal_open(d->kp, s->d.secret, s->d.secret_len, "webhook secret", &plain, &plen,
				&err) != 0)
		return -1;
	k = wh_key_parse((const char *)plain, plen);
	sodium_free(plain);
	if (!k)
		return -1;
	wh_sign(k, s->d.eid, now, s->d.body, strlen(s->d.body), sig);
	wh_key_free(k);
	str_fmt(ts, sizeof(ts), "%lld", now);
	http_req_header(&s->req, "Content-Type", "application/json");
	http_req_header(&s->req, "webhook-id", s->d.eid);
	http_req_header(&s->req, "webhook-timestamp", ts);
	http_req_header(&s->req, "webhook-signature", sig);
	return 0;
}

static void start(struct dispatch *d, struct slot *s)
{
	size_t len = strlen(s->d.body);
	http_req_init(&s->req);
	secbuf_free(&s->req.body);
	secbuf_init(&s->req.body, len + 1);
	secbuf_add(&s->req.body, s->d.body, len);
	secbuf_adds(&s->req.url, s->d.url);
	s->req.method = "POST";
	s->req.connect_timeout_ms = 5000;
	s->req.total_timeout_ms = timeout_ms(d);
	s->t0 = now_ms();
	s->busy = true;
	d->sent++;
	if (!s->h)
		s->h = http_new(d->l, NULL, NULL);
	if (sign_headers(d, s) != 0 || http_start(s->h, &s->req, &s->resp, finished, s) != 0) {
		memset(&s->resp, 0, sizeof(s->resp));
		s->resp.code = CURLE_FAILED_INIT;
		str_copy(s->resp.errbuf, sizeof(s->resp.errbuf),
			 "could not sign (is the secret key here?) or start the request");
		finished(s);
	}
}

static void tick(void *arg)
{
	struct dispatch *d = arg;
	struct db_delivery *v = NULL;
	struct onr_error err;
	size_t n = 0, free_slots = 0, k = 0;

	d->timer = 0;
	for (int i = 0; i < DISPATCH_SLOTS; i++)
		free_slots += !d->s[i].busy;
	if (free_slots &&
	    db_deliveries_claim(d->db, wall_ms(), timeout_ms(d) * 2L, free_slots,
				&v, &n, &err) == 0) {
		for (int i = 0; i < DISPATCH_SLOTS && k < n; i++) {
			if (d->s[i].busy)
				continue;
			if (!v[k].body) { /* its event was purged meanwhile */
				db_delivery_free(&v[k++]);
				i--;
				continue;
			}
			d->s[i].d = v[k++];
			start(d, &d->s[i]);
		}
		while (k < n)
			db_delivery_free(&v[k++]);
		free(v);
	}
	if (!d->timer)
		arm(d, d->o.tick_ms);
}

struct dispatch *dispatch_new(struct loop *l, struct db *db, const struct seal_keypair *kp,
			      const struct dispatch_opts *o)
{
	struct dispatch *d = xcalloc(1, sizeof(*d));
	d->l = l;
	d->db = db;
	d->kp = kp;
	d->o = *o;
	d->o.scale = o->scale > 0 ? o->scale : 1.0;
	d->o.tick_ms = o->tick_ms > 0 ? o->tick_ms : 1000;
	for (int i = 0; i < DISPATCH_SLOTS; i++)
		d->s[i].owner = d;
	arm(d, 0);
	return d;
}

void dispatch_counts(const struct dispatch *d, long *sent, long *ok, long *failed)
{
	*sent = d->sent;
	*ok = d->ok;
	*failed = d->failed;
}

bool dispatch_idle(const struct dispatch *d)
{
	for (int i = 0; i < DISPATCH_SLOTS; i++)
		if (d->s[i].busy)
			return false;
	return true;
}

void dispatch_free(struct dispatch *d)
{
	if (!d)
		return;
	if (d->timer)
		loop_cancel(d->l, d->timer);
	for (int i = 0; i < DISPATCH_SLOTS; i++) {
		if (d->s[i].busy) {
			http_abort(d->s[i].h);
			http_req_free(&d->s[i].req);
			http_resp_free(&d->s[i].resp);
			db_delivery_free(&d->s[i].d);
		}
		http_free(d->s[i].h);
	}
	free(d);
}
