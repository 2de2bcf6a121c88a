/* receiver.h: the reference webhook receiver (`onramp webhooks listen`),
 * doing what the Standard Webhooks advice asks, in this order:
 *   1. POST: read the raw body, verify the signature (any of the secrets,
 *      for rotation; constant time; ±5 min), write the event to the inbox
 *      (its own SQLite file) and answer 2xx right after that commit, before
 *      any processing. A known webhook-id is answered 200 and not queued.
 *      Group commit: webhooks that arrive together are written in one
 *      transaction, parked (httpd_park) until it commits, and each is
 *      answered only then: one fsync for the lot, never a 2xx before its
 *      event is durable.
 *   2. Afterwards, from the event loop: each queued event is processed in
 *      order of arrival: an event about a record whose seq is not newer
 *      than the one applied is recorded "stale" and skipped; else exec_cmd
 *      (if any) gets the body on its standard input; a failure is logged
 *      with the event id and counted (the sender got its 200 already).
 *   3. GET /metrics: the counters (Prometheus text).
 * Answers: 200 stored or duplicate; 400 headers missing or malformed, or
 * the timestamp outside the window; 401 no signature matches; 503 the
 * inbox could not be written (the sender retries). */
#ifndef ONRAMP_RECEIVER_H
#define ONRAMP_RECEIVER_H
#include "api/httpd.h"
#include "webhooks/inbox.h"
#include "webhooks/sign.h"

struct receiver_opts {
	struct wh_key **keys; /* borrowed */
	size_t nkeys;
	const char *exec_cmd; /* run with /bin/sh -c, the body on stdin; NULL: none */
	void (*log)(void *arg, const char *line);
	void *log_arg;
};

struct receiver;
struct receiver *receiver_new(struct loop *l, struct inbox *ib, const struct receiver_opts *o);
/* The httpd_fn (arg: the receiver). */
enum MHD_Result receiver_handle(void *arg, const struct httpd_req *r);
/* Queues processing (after a poll added events, or at start). */
void receiver_kick(struct receiver *rv);
bool receiver_idle(const struct receiver *rv);
/* Commits the open batch now and unparks its webhooks: before httpd_free
 * (MHD must not stop with parked connections). */
void receiver_flush(struct receiver *rv);
void receiver_free(struct receiver *rv);
#endif
