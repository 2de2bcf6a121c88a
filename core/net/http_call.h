/* http_call.h: one HTTP exchange at a time, owned whole by a small client
 * that asks, waits a while and asks again (the kiosk's outbox sender, the
 * device grant's polling, the sign-in relay's status): the request, the
 * answer, whether one is under way, and the timer before the next. */
#ifndef ONRAMP_HTTP_CALL_H
#define ONRAMP_HTTP_CALL_H
#include <stdbool.h>
#include "http.h"
#include "loop.h"

struct http_call {
	struct loop *loop;
	struct http *http;
	struct http_req req; /* http_req_init'd by http_call_begin */
	struct http_resp resp;
	bool busy;
	int timer;
};

void http_call_init(struct http_call *c, struct loop *l);
/* A fresh request to fill in (c->req). */
void http_call_begin(struct http_call *c);
/* Sends c->req; done runs from the loop. -1 (nothing under way, the
 * request freed) when it cannot start. */
int http_call_send(struct http_call *c, http_done_fn done, void *arg);
/* After done has read c->resp: frees the request and the answer. */
void http_call_done(struct http_call *c);
/* fn after ms (replacing a timer still waiting). */
void http_call_after(struct http_call *c, long ms, loop_timer_fn fn, void *arg);
/* Stops the timer and any exchange, and frees everything. */
void http_call_end(struct http_call *c);
#endif
