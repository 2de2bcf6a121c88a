/* wh_poll.c: see poll.h. */
#include "webhooks/wh_poll.h"
#include "http.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct poll {
	struct loop *l;
	struct inbox *ib;
	char *api;
	const char *token;
	long interval_ms;
	poll_fn done;
	void *arg;
	struct http *h;
	struct http_req req;
	struct http_resp resp;
	bool busy, have_conn;
	char conn[16];
	int timer, added;
};

static void round_start(void *arg);

static void request(struct poll *p, const char *path)
{
	char auth[128];
	http_req_init(&p->req);
	secbuf_adds(&p->req.url, p->api);
	secbuf_adds(&p->req.url, path);
	str_fmt(auth, sizeof(auth), "Bearer %s", p->token);
	http_req_header(&p->req, "Authorization", auth);
	explicit_bzero(auth, sizeof(auth));
}

static void round_end(struct poll *p, const char *error)
{
	http_req_free(&p->req);
	http_resp_free(&p->resp);
	p->busy = false;
	if (p->done)
		p->done(p->arg, p->added, error);
	p->timer = loop_after(p->l, p->interval_ms, round_start, p);
}

/* One record of a page into the inbox, unless it was seen. */
static void queue_record(struct poll *p, const cJSON *rec)
{
	const cJSON *rid = cJSON_GetObjectItemCaseSensitive(rec, "remote_id"),
		    *meta = cJSON_GetObjectItemCaseSensitive(rec, "_onramp"),
		    *seq = cJSON_GetObjectItemCaseSensitive(meta, "seq");
	char id[200], body[512];
	bool dup = false;
	if (!cJSON_IsString(rid) || !cJSON_IsNumber(seq) || strlen(rid->valuestring) > 100)
		return;
	str_fmt(id, sizeof(id), "poll_%s_%s_%lld", p->conn, rid->valuestring, (long long)seq->valuedouble);
	cJSON *ev = cJSON_CreateObject(), *d;
	cJSON_AddStringToObject(ev, "type", "purchase_order.polled");
	d = cJSON_AddObjectToObject(ev, "data");
	cJSON_AddStringToObject(d, "connection_id", p->conn);
	cJSON_AddStringToObject(d, "id", rid->valuestring);
	cJSON_AddNumberToObject(d, "seq", seq->valuedouble);
	if (cJSON_PrintPreallocated(ev, body, sizeof(body), 0) &&
	    inbox_put(p->ib, id, body, strlen(body), &dup) == 0 && !dup) {
		p->added++;
		inbox_count(p->ib, "polled", 1);
	}
	cJSON_Delete(ev);
}

static void next_page(struct poll *p);

static void on_page(void *arg)
{
	struct poll *p = arg;
	cJSON *j = p->resp.status == 200 ? cJSON_Parse(p->resp.body.data) : NULL, *rec;
	const cJSON *next = cJSON_GetObjectItemCaseSensitive(j, "next_cursor"),
		    *more = cJSON_GetObjectItemCaseSensitive(j, "has_more"),
		    *id = cJSON_GetObjectItemCaseSensitive(j, "id");
	bool again = false;

	if (!j) {
		round_end(p, p->resp.status ? "the API refused the request" : "the API did not answer");
		return;
	}
	if (!p->have_conn) { /* the answer of /v1/connection */
		p->have_conn = cJSON_IsString(id);
		str_copy(p->conn, sizeof(p->conn), cJSON_IsString(id) ? id->valuestring : "");
		again = p->have_conn;
	} else {
		cJSON_ArrayForEach(rec, cJSON_GetObjectItemCaseSensitive(j, "data"))
			queue_record(p, rec);
		if (cJSON_IsString(next))
			inbox_meta_set(p->ib, "poll_cursor", next->valuestring);
		again = cJSON_IsTrue(more);
	}
	cJSON_Delete(j);
	if (!again) {
		round_end(p, p->have_conn ? NULL : "the API did not say which connection");
		return;
	}
	http_req_free(&p->req);
	http_resp_free(&p->resp);
	next_page(p);
}

static void next_page(struct poll *p)
{
	char cursor[64], path[160];
	inbox_meta_get(p->ib, "poll_cursor", cursor, sizeof(cursor));
	if (!p->have_conn)
		str_copy(path, sizeof(path), "/v1/connection");
	else
		str_fmt(path, sizeof(path), "/v1/purchase-orders?limit=500%s%s", *cursor ? "&cursor=" : "",
			cursor);
	request(p, path);
	if (http_start(p->h, &p->req, &p->resp, on_page, p) != 0)
		round_end(p, "could not start the request");
}

static void round_start(void *arg)
{
	struct poll *p = arg;
	p->timer = 0;
	p->added = 0;
	p->busy = true;
	next_page(p);
}

struct poll *poll_new(struct loop *l, struct inbox *ib, const char *api, const char *token,
		      long interval_ms, poll_fn done, void *arg)
{
	struct poll *p = xcalloc(1, sizeof(*p));
	size_t n = strlen(api);
	p->l = l;
	p->ib = ib;
	p->api = xstrdup(api);
	while (n && p->api[n - 1] == '/')
		p->api[--n] = 0;
	p->token = token;
	p->interval_ms = interval_ms;
	p->done = done;
	p->arg = arg;
	p->h = http_new(l, NULL, NULL);
	p->timer = loop_after(l, 0, round_start, p);
	return p;
}

void poll_free(struct poll *p)
{
	if (!p)
		return;
	if (p->timer)
		loop_cancel(p->l, p->timer);
	if (p->busy) {
		http_abort(p->h);
		http_req_free(&p->req);
		http_resp_free(&p->resp);
	}
	http_free(p->h);
	free(p->api);
	free(p);
}
