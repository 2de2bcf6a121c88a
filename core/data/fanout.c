/* Records fetched one URL each (reader.h: rd_fetch, parse_item): after a
 * list page, up to fanout GETs run side by side on the read's curl multi
 * handle; answers are parsed in the order the page named them, so output
 * order does not depend on which server thread answered first. At most
 * 2 x fanout answers wait in memory. A 429 or 503 with Retry-After is
 * retried after the wait, like pages; any other failure ends the read
 * through the same error table as a page. */
#include "data/rd_impl.h"
#include "data/errors.h"
#include "trace.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

#define FAN_DEFAULT 4
#define ITEM_RETRY_MAX 5
#define ITEM_WAIT_MAX_S 120

enum item_state { ITEM_QUEUED, ITEM_RUNNING, ITEM_WAITING, ITEM_DONE };

struct item {
	struct rd *rd;
	char *url;
	enum item_state state;
	struct http_req req;
	struct http_resp resp;
	int retries, timer;
};

struct rd_fan {
	struct item *items;
	size_t n, cap, next_start, next_parse;
	int running;
};

static int fan_width(const struct rd *rd)
{
	return rd->r->fanout > 0 ? rd->r->fanout : FAN_DEFAULT;
}

void rd_fetch(struct rd *rd, const char *url)
{
	struct rd_fan *f;
	char *abs;
	if (!url || !*url || rd->failed || !(abs = rd_resolve(rd, url)))
		return;
	if (!rd->fan)
		rd->fan = xcalloc(1, sizeof(*rd->fan));
	f = rd->fan;
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->items = xrealloc(f->items, f->cap * sizeof(*f->items));
	}
	memset(&f->items[f->n], 0, sizeof(f->items[0]));
	f->items[f->n].rd = rd;
	f->items[f->n++].url = abs;
}

bool rd_fan_pending(const struct rd *rd)
{
	return rd->fan && rd->fan->next_parse < rd->fan->n;
}

static void item_free(struct rd *rd, struct item *it)
{
	if (it->timer)
		loop_cancel(rd->loop, it->timer);
	if (it->state != ITEM_QUEUED)
		http_req_free(&it->req);
	http_resp_free(&it->resp);
	free(it->url);
	memset(it, 0, sizeof(*it));
}

/* Forgets every item (the transfers are ended by http_abort or rd_free). */
static void fan_clear(struct rd *rd)
{
	struct rd_fan *f = rd->fan;
	for (size_t i = 0; f && i < f->n; i++)
		item_free(rd, &f->items[i]);
	if (f)
		f->n = f->next_start = f->next_parse = 0, f->running = 0;
}

void rd_fan_free(struct rd *rd)
{
	fan_clear(rd);
	if (rd->fan)
		free(rd->fan->items);
	free(rd->fan);
	rd->fan = NULL;
}

static void pump(struct rd *rd);

/* Ends the read with the failed answer of one item. */
static void item_failed(struct rd *rd, struct item *it)
{
	http_abort(rd->http);
	http_resp_free(&rd->resp);
	rd->resp = it->resp; /* the error table reads the answer from rd->resp */
	memset(&it->resp, 0, sizeof(it->resp));
	fan_clear(rd);
	rd_answer_failed(rd);
}

static void on_item_retry(void *arg)
{
	struct item *it = arg;
	it->timer = 0;
	it->state = ITEM_QUEUED;
	http_req_free(&it->req);
	pump(it->rd);
}

/* 429/503 with Retry-After: wait and ask again (bounded). */
static bool item_retry_later(struct rd *rd, struct item *it)
{
	const char *ra = it->resp.retry_after;
	long s = ra[0] && strspn(ra, "0123456789") == strlen(ra) ? strtol(ra, NULL, 10) : ra[0] ? 30 : 5;
	if (it->resp.status != 429 && !(it->resp.status == 503 && ra[0]))
		return false;
	if (it->retries >= ITEM_RETRY_MAX || s > ITEM_WAIT_MAX_S)
		return false;
	it->retries++;
	trace_note(rd->opts.trace, "record: HTTP %ld, retrying in %ld s", it->resp.status, s);
	http_resp_free(&it->resp);
	it->state = ITEM_WAITING;
	it->timer = loop_after(rd->loop, s * 1000, on_item_retry, it);
	return true;
}

static void on_item_done(void *arg)
{
	struct item *it = arg;
	struct rd *rd = it->rd;
	rd->fan->running--;
	if (rd_answer_ok(&it->resp))
		it->state = ITEM_DONE;
	else if (!(it->resp.code == CURLE_OK && item_retry_later(rd, it))) {
		item_failed(rd, it);
		return;
	}
	pump(rd);
}

static int item_start(struct rd *rd, struct item *it)
{
	rd_req_init(rd, &it->req);
	it->state = ITEM_RUNNING;
	secbuf_adds(&it->req.url, it->url);
	http_req_header(&it->req, "Accept", "application/json");
	if (rd_authorize(rd, &it->req, &rd->err) < 0) {
		rd_finish(rd, false);
		return -1;
	}
	trace_note(rd->opts.trace, "record %zu: GET", (size_t)(it - rd->fan->items) + 1);
	if (http_start_more(rd->http, &it->req, &it->resp, on_item_done, it) < 0) {
		struct err_vars v = {.host = rd->host};
		data_fail(&rd->err, "network.other", &v, "could not start the transfer");
		rd_finish(rd, false);
		return -1;
	}
	rd->fan->running++;
	return 0;
}

/* Parses the answers that are next in order. -1 when the read ended. */
static int parse_ready(struct rd *rd)
{
	struct rd_fan *f = rd->fan;
	while (f->next_parse < f->n && f->items[f->next_parse].state == ITEM_DONE) {
		struct item *it = &f->items[f->next_parse++];
		int rc = rd->full ? 0 : rd->r->parse_item(rd, it->resp.body.data ? it->resp.body.data : "",
							   it->resp.body.len, &rd->err);
		item_free(rd, it);
		if (rc < 0 || rd->failed) {
			http_abort(rd->http);
			fan_clear(rd);
			rd_finish(rd, false);
			return -1;
		}
	}
	return 0;
}

static void pump(struct rd *rd)
{
	struct rd_fan *f = rd->fan;
	size_t window = 2 * (size_t)fan_width(rd);
	if (parse_ready(rd) < 0)
		return;
	if (rd->full) /* --limit reached: the rest is not needed */
		f->next_start = f->n;
	while (f->running < fan_width(rd) && f->next_start < f->n && f->next_start < f->next_parse + window) {
		struct item *it = &f->items[f->next_start++];
		if (item_start(rd, it) < 0)
			return;
	}
	for (size_t i = f->next_parse; i < f->next_start; i++) /* a retry waiting to start again */
		if (f->items[i].state == ITEM_QUEUED && f->running < fan_width(rd) && item_start(rd, &f->items[i]) < 0)
			return;
	if (f->running == 0 && (f->next_parse >= f->n || rd->full)) {
		http_abort(rd->http);
		fan_clear(rd);
		rd_continue(rd);
	}
}

void rd_fan_run(struct rd *rd)
{
	pump(rd);
}

size_t rd_offline_fetches(const struct rd *rd)
{
	return rd->fan ? rd->fan->n : 0;
}

const char *rd_offline_fetch(const struct rd *rd, size_t i)
{
	return rd->fan && i < rd->fan->n ? rd->fan->items[i].url : NULL;
}

int rd_offline_item(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	return rd->r->parse_item(rd, body, len, err);
}
