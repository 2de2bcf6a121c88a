/* http_call.c: see http_call.h. */
#include "http_call.h"
#include <sodium.h>
#include <string.h>

void http_call_init(struct http_call *c, struct loop *l)
{
	memset(c, 0, sizeof(*c));
	c->loop = l;
	c->http = http_new(l, NULL, NULL);
}

void http_call_begin(struct http_call *c)
{
	http_req_init(&c->req);
}

int http_call_send(struct http_call *c, http_done_fn done, void *arg)
{
	c->busy = http_start(c->http, &c->req, &c->resp, done, arg) == 0;
	if (!c->busy)
		http_req_free(&c->req);
	return c->busy ? 0 : -1;
}

void http_call_done(struct http_call *c)
{
	c->busy = false;
	if (c->resp.body.data) /* it may have held tokens */
		sodium_memzero(c->resp.body.data, c->resp.body.len);
	http_resp_free(&c->resp);
	http_req_free(&c->req);
}

void http_call_after(struct http_call *c, long ms, loop_timer_fn fn, void *arg)
{
	if (c->timer)
		loop_cancel(c->loop, c->timer);
	c->timer = loop_after(c->loop, ms < 0 ? 0 : ms, fn, arg);
}

void http_call_end(struct http_call *c)
{
	if (c->timer)
		loop_cancel(c->loop, c->timer);
	c->timer = 0;
	if (c->busy) {
		http_abort(c->http);
		http_call_done(c);
	}
	if (c->http)
		http_free(c->http);
	c->http = NULL;
}
