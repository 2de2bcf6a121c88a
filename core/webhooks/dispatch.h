/* dispatch.h: delivers the webhook outbox (core/store/db_webhooks.h) from
 * the one event loop, through libcurl's multi interface (core/http.h), up
 * to DISPATCH_SLOTS at once.
 *
 * Each delivery is claimed in the database for a lease before it is sent,
 * so a dispatcher killed mid-delivery loses nothing: after the lease the
 * same event goes out again with the same webhook-id (at least once).
 *
 * Outcomes (Standard Webhooks, "Delivery"):
 *   2xx               delivered
 *   410               the endpoint is disabled (endpoint.disabled event)
 *   429, 502, 503, 504 retried no sooner than Retry-After (seconds) says
 *   anything else, 3xx included (redirects are never followed), no answer
 *                     retried on the schedule: now, 5 s, 5 min, 30 min, 2 h,
 *                     5 h, 10 h, 14 h, 20 h, 24 h, each with ±10% jitter;
 *                     after the last one the delivery has failed
 *   an endpoint failing for 5 days is disabled
 * Every attempt is logged (delivery_log). scale shrinks the schedule and
 * the 5 days, the request timeout and the lease for tests (1.0 in
 * production). */
#ifndef ONRAMP_DISPATCH_H
#define ONRAMP_DISPATCH_H
#include "loop.h"
#include "seal.h"
#include "store/db.h"

#define DISPATCH_SLOTS 8
#define DISPATCH_ATTEMPTS 10
#define DISPATCH_TIMEOUT_MS 15000
#define DISPATCH_DISABLE_AFTER_S (5 * 86400)

struct dispatch_opts {
	double scale;       /* 0: 1.0 */
	long tick_ms;       /* how often it looks for due deliveries (0: 1000) */
};

struct dispatch;
/* kp opens the endpoints' sealed secrets (borrowed; lives longer). */
struct dispatch *dispatch_new(struct loop *l, struct db *db, const struct seal_keypair *kp,
			      const struct dispatch_opts *o);
/* Attempts started, delivered, failed so far. */
void dispatch_counts(const struct dispatch *d, long *sent, long *ok, long *failed);
bool dispatch_idle(const struct dispatch *d);
/* Stops: an attempt in flight is dropped (its lease runs out; it is sent
 * again later). */
void dispatch_free(struct dispatch *d);
/* The delay before attempt n+1 (n attempts made), in ms, before jitter;
 * -1 when there is none left. */
long long dispatch_delay_ms(int attempts, double scale);
#endif
