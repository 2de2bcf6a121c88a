/* The network side of a read (reader.h): sign in with the auth module,
 * then page, on the one event loop. Every step ends in on_signin_done or
 * on_page_done, called from the loop. */
#include "i18n.h"
#include "data/rd_impl.h"
#include "data/errors.h"
#include "errtable.h"
#include "json_arena.h"
#include "trace.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RETRY_MAX 5
#define RETRY_WAIT_MAX_S 120
#define EMPTY_PAGES_MAX 3

static void next_page(struct rd *rd);
static void on_page_done(void *arg);
static void on_signin_done(void *arg);

/* A next page sent ahead is not wanted: the read ends. */
static void drop_prefetch(struct rd *rd)
{
	if (rd->pf == PF_SENT && rd->http)
		http_abort(rd->http); /* readers that prefetch fetch no records one by one */
	if (rd->pf == PF_ANSWERED)
		http_resp_free(&rd->pf_resp);
	rd->pf = PF_NONE;
	rd->pf_wait = false;
}

static void finish(struct rd *rd, bool ok)
{
	drop_prefetch(rd);
	rd->done = true;
	rd->failed = !ok;
	rd->err.field[0] = 0; /* the table's "@url": nothing to retype in a read */
	if (rd->deadline_timer)
		loop_cancel(rd->loop, rd->deadline_timer);
	rd->deadline_timer = 0;
	trace_note(rd->opts.trace, "read %s: %ld orders, %d pages%s%s", ok ? "done" : "failed", rd->count, rd->pages,
		   ok ? "" : ": ", ok ? "" : rd->err.code);
	if (rd->on_done)
		rd->on_done(rd->arg);
}

/* err from the data.* table, with the host and detail every message may use. */
static int build_fail(struct rd *rd, struct onr_error *err, const char *code, const char *detail, const char *tech)
{
	struct err_vars v = {.host = rd->host, .detail = detail, .location = detail};
	data_fail(err, code, &v, tech);
	return RD_FAIL;
}

static void fail_code(struct rd *rd, const char *code, const char *detail, const char *tech)
{
	build_fail(rd, &rd->err, code, detail, tech);
	finish(rd, false);
}

static void req_settings(struct rd *rd, struct http_req *req)
{
	req->cafile = rd->opts.cafile;
	req->pin = rd->opts.pin;
	req->connect_timeout_ms = 15000;
	req->total_timeout_ms = rd->opts.request_timeout_ms;
}

void rd_req_init(struct rd *rd, struct http_req *req)
{
	http_req_init(req);
	req_settings(rd, req);
}

/* req emptied for the next request. Its secure buffers are kept from one
 * page to the next: mapping them afresh (sodium_malloc) for every page
 * cost a tenth of a read. */
static void req_fresh(struct rd *rd, struct http_req *req, bool *live)
{
	if (*live)
		http_req_clear(req);
	else
		http_req_init(req);
	*live = true;
	req_settings(rd, req);
}

static void req_reset(struct rd *rd)
{
	req_fresh(rd, &rd->req, &rd->req_live);
}

static void note_host(struct rd *rd, const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK && curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		str_copy(rd->host, sizeof(rd->host), host);
	curl_free(host);
	curl_url_cleanup(u);
}

static void curl_failed(struct rd *rd)
{
	const struct err_row *row = errtable_for_curl(rd->resp.code, rd->resp.errbuf, "http");
	struct err_vars v = {.host = rd->host, .suggest = ""};
	char tech[300];
	errtable_fill(&rd->err, row, &v);
	str_fmt(tech, sizeof(tech), "curl %d: %s", (int)rd->resp.code,
		rd->resp.errbuf[0] ? rd->resp.errbuf : curl_easy_strerror(rd->resp.code));
	str_copy(rd->err.tech, sizeof(rd->err.tech), tech);
	finish(rd, false);
}

static void send_signin(struct rd *rd)
{
	req_reset(rd);
	if (rd->method->build(&rd->ctx, &rd->req, &rd->err) < 0) {
		finish(rd, false);
		return;
	}
	note_host(rd, rd->req.url.p);
	/* as the check does: over plain http to another computer only with
	 * the yes kept for exactly this address */
	if (http_plain_refused(rd->req.url.p, rd->opts.plain_http)) {
		fail_code(rd, "data.plain_http", NULL, "plain http without the user's yes for this address");
		return;
	}
	trace_note(rd->opts.trace, "sign-in request %d: %s %s", rd->ctx.step + 1, rd->req.method, rd->host);
	if (http_start(rd->http, &rd->req, &rd->resp, on_signin_done, rd) < 0)
		fail_code(rd, "network.other", NULL, "could not start the transfer");
}

static void on_signin_done(void *arg)
{
	struct rd *rd = arg;
	enum auth_verdict v;
	if (rd->resp.code != CURLE_OK) {
		curl_failed(rd);
		return;
	}
	v = rd->method->judge(&rd->ctx, &rd->resp, &rd->err);
	if (v == AUTH_OK && rd->r->signed_in && rd->r->signed_in(rd, &rd->resp, &rd->err) < 0)
		v = AUTH_FAIL;
	http_resp_free(&rd->resp);
	if (v == AUTH_NEXT) {
		rd->ctx.step++;
		send_signin(rd);
	} else if (v == AUTH_FAIL) {
		finish(rd, false);
	} else {
		rd->signing_in = false;
		next_page(rd);
	}
}

static bool skip_header(const char *line)
{
	return !strncasecmp(line, "accept:", 7) || !strncasecmp(line, "content-type:", 13);
}

/* The credentials the auth module puts on its own checking request. They
 * are made once a read, after sign-in (the token is final then), and kept
 * in rd->scratch (secure buffers, headers wiped at rd_free): building the
 * whole checking request again for every page cost a twentieth of a read. */
static int default_authorize(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct http_req *scratch = &rd->scratch;
	if (!rd->authorized) {
		req_fresh(rd, scratch, &rd->scratch_live);
		if (rd->method->build(&rd->ctx, scratch, err) < 0) {
			http_req_clear(scratch);
			return -1;
		}
		rd->authorized = true;
	}
	secbuf_add(&req->userpwd, scratch->userpwd.p, scratch->userpwd.len);
	for (struct curl_slist *s = scratch->headers; s; s = s->next)
		if (!skip_header(s->data))
			req->headers = curl_slist_append(req->headers, s->data);
	return 0;
}

int rd_authorize(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	return (rd->r->authorize ? rd->r->authorize : default_authorize)(rd, req, err);
}

/* A request already sent once means the paging goes round in a circle. */
static bool repeated(struct rd *rd, const struct http_req *req)
{
	uint64_t h = seen_hash(req->url.p, req->url.len, 0);
	h = seen_hash(req->method, strlen(req->method), h);
	h = seen_hash(req->body.p, req->body.len, h);
	return !seen_add(&rd->requests, h);
}

/* The request for the page after `done` pages, into req: the reader's
 * request(), the credentials, the loop check. RD_SEND, RD_DONE or RD_FAIL
 * (err set). */
static int build_next(struct rd *rd, struct http_req *req, struct onr_error *err, int done)
{
	char n[16];
	enum rd_next v = rd->r->request(rd, req, err);
	if (v != RD_SEND)
		return v;
	if (rd_authorize(rd, req, err) < 0)
		return RD_FAIL;
	rd->first = false;
	str_fmt(n, sizeof(n), "%d", done);
	if (req->url.overflow || req->body.overflow)
		return build_fail(rd, err, "data.bad_page", NULL, "a next-page link or request too long to send");
	if (repeated(rd, req)) {
		char shown[256];
		/* without the query, which may carry a key */
		str_clean(shown, sizeof(shown), req->url.p, strcspn(req->url.p, "?"));
		return build_fail(rd, err, "data.page_loop", n, shown);
	}
	note_host(rd, req->url.p);
	if (http_plain_refused(req->url.p, rd->opts.plain_http))
		return build_fail(rd, err, "data.plain_http", NULL, "plain http without the user's yes for this address");
	trace_note(rd->opts.trace, "page %d: %s %s", done + 1, req->method, rd->host);
	return RD_SEND;
}

static void send_page(struct rd *rd)
{
	if (http_start(rd->http, &rd->req, &rd->resp, on_page_done, rd) < 0)
		fail_code(rd, "network.other", NULL, "could not start the transfer");
}

/* The request rd_prefetch built becomes the current one (with its
 * answer, when it came). */
static int take_prefetch(struct rd *rd)
{
	struct http_req t = rd->req;
	bool live = rd->req_live;
	rd->req = rd->pf_req;
	rd->req_live = rd->pf_live;
	rd->pf_req = t; /* its buffers serve the prefetch after this one */
	rd->pf_live = live;
	if (rd->pf == PF_ANSWERED) {
		http_resp_free(&rd->resp);
		rd->resp = rd->pf_resp;
		memset(&rd->pf_resp, 0, sizeof(rd->pf_resp));
	}
	if (rd->pf_next == RD_FAIL)
		rd->err = rd->pf_err;
	rd->pf = PF_NONE;
	return rd->pf_next;
}

static void next_page(struct rd *rd)
{
	char n[16];
	bool answered = rd->pf == PF_ANSWERED;
	int v;
	/* first_page: the first page that had orders (BC's first is companies) */
	if (rd->full || (rd->opts.first_page && rd->records.n > 0)) {
		finish(rd, true);
		return;
	}
	str_fmt(n, sizeof(n), "%d", rd->pages);
	if (rd->pages >= rd->opts.max_pages) {
		fail_code(rd, "data.too_many_pages", n, NULL);
		return;
	}
	if (rd->pf == PF_SENT) { /* on its way: on_prefetch_done goes on */
		rd->pf_wait = true;
		return;
	}
	if (rd->pf != PF_NONE) {
		v = take_prefetch(rd);
	} else {
		req_reset(rd);
		v = build_next(rd, &rd->req, &rd->err, rd->pages);
	}
	if (v != RD_SEND) {
		finish(rd, v == RD_DONE);
		return;
	}
	rd->retries = 0;
	if (answered)
		on_page_done(rd);
	else
		send_page(rd);
}

static void on_prefetch_done(void *arg)
{
	struct rd *rd = arg;
	rd->pf = PF_ANSWERED;
	if (rd->pf_wait) {
		rd->pf_wait = false;
		next_page(rd);
	}
}

void rd_prefetch(struct rd *rd)
{
	/* not for the preview's one page, the last pages allowed, a --limit
	 * this page may reach, or readers that fetch records one by one */
	if (!rd->http || rd->pf != PF_NONE || rd->done || rd->failed || rd->full || rd->signing_in ||
	    rd->r->parse_item || rd->opts.first_page || rd->pages + 1 >= rd->opts.max_pages ||
	    (rd->opts.limit && rd->count + rd->opts.page_size >= rd->opts.limit))
		return;
	req_fresh(rd, &rd->pf_req, &rd->pf_live);
	rd->pf_next = build_next(rd, &rd->pf_req, &rd->pf_err, rd->pages + 1);
	rd->pf = PF_BUILT; /* not sent (done, failed, no free transfer): next_page goes on with it */
	if (rd->pf_next != RD_SEND || http_start_more(rd->http, &rd->pf_req, &rd->pf_resp, on_prefetch_done, rd) < 0)
		return;
	rd->pf = PF_SENT;
	http_kick(rd->http); /* out now, not after this page's orders */
}

static void on_retry(void *arg)
{
	struct rd *rd = arg;
	rd->retry_timer = 0;
	/* a reader's own credentials (a signature with a nonce, a session)
	 * are made afresh: NetSuite refuses a nonce it has seen */
	if (rd->r->authorize) {
		http_req_unset(&rd->req, "Authorization");
		if (rd->r->authorize(rd, &rd->req, &rd->err) < 0) {
			finish(rd, false);
			return;
		}
	}
	send_page(rd);
}

/* 429 and 503 with Retry-After (seconds; an HTTP date counts as 30 s):
 * wait and send the same request again, a few times. */
static bool retry_later(struct rd *rd)
{
	long s = 5;
	if (rd->resp.status != 429 && !(rd->resp.status == 503 && rd->resp.retry_after[0]))
		return false;
	if (rd->resp.retry_after[0])
		s = strspn(rd->resp.retry_after, "0123456789") == strlen(rd->resp.retry_after)
			    ? strtol(rd->resp.retry_after, NULL, 10)
			    : 30;
	if (rd->retries >= RETRY_MAX || s > RETRY_WAIT_MAX_S)
		return false;
	rd->retries++;
	trace_note(rd->opts.trace, "HTTP %ld: retrying in %ld s (%d of %d)", rd->resp.status, s, rd->retries, RETRY_MAX);
	http_resp_free(&rd->resp);
	rd->retry_timer = loop_after(rd->loop, s * 1000, on_retry, rd);
	return true;
}

static bool looks_html(const struct http_resp *resp)
{
	const char *b = resp->body.data ? resp->body.data : "";
	while (*b == ' ' || *b == '\n' || *b == '\r' || *b == '\t')
		b++;
	return strstr(resp->content_type, "html") || !strncasecmp(b, "<!doctype", 9) || !strncasecmp(b, "<html", 5);
}

static void http_failed(struct rd *rd)
{
	char tech[300], status[16];
	long st = rd->resp.status;
	const char *loc = rd->resp.location[0] ? rd->resp.location : "?";
	str_fmt(tech, sizeof(tech), "HTTP %ld from %s", st, rd->host);
	str_fmt(status, sizeof(status), "%ld", st);
	if (st >= 300 && st < 400)
		fail_code(rd, "data.redirect", loc, tech);
	else if (st == 401)
		fail_code(rd, "data.session_expired", NULL, tech);
	else if (st == 403)
		fail_code(rd, "data.forbidden", rd->r->forbidden_hint ? _(rd->r->forbidden_hint) : NULL, tech);
	else if (st == 404)
		fail_code(rd, "data.not_found", rd->r->service ? _(rd->r->service) : NULL, tech);
	else if (st == 429)
		fail_code(rd, "data.rate_limited", NULL, tech);
	else {
		struct err_vars v = {.host = rd->host, .status = st, .detail = status};
		const struct err_row *row = errtable_for_http(st);
		if (row)
			errtable_fill(&rd->err, row, &v);
		else
			data_fail(&rd->err, "data.bad_page", &v, NULL);
		str_copy(rd->err.tech, sizeof(rd->err.tech), tech);
		finish(rd, false);
	}
}

static void parse_page(struct rd *rd)
{
	int rc;
	free(rd->next);
	rd->next = NULL;
	size_t len;
	rd->emitted_page = 0;
	const char *body = rd_src_page(rd, rd->resp.body.data ? rd->resp.body.data : "", rd->resp.body.len, &len);
	/* the page is parsed where it is, not copied (json_arena_offer): then
	 * the tree owns the answer's buffer. An answer holds orders, not
	 * credentials (sign-in answers never come here): no wipe is owed. */
	if (body == rd->resp.body.data)
		json_arena_offer(rd->resp.body.data, rd->resp.body.cap);
	rc = rd->r->parse(rd, body, len, &rd->err);
	if (json_arena_taken())
		rd->resp.body = (struct buf){0};
	http_resp_free(&rd->resp);
	if (rc < 0 || rd->failed) { /* failed: a next link to another host */
		finish(rd, false);
		return;
	}
	rd->pages++;
	if (rd_fan_pending(rd))
		rd_fan_run(rd); /* the page named records to fetch one by one; then rd_continue */
	else
		rd_continue(rd);
}

/* After a page (and the records it named): on to the next, unless pages
 * keep coming without a new order. Also for readers that page by offset:
 * a server that answers every offset with the same orders never runs out
 * of "next pages". */
void rd_continue(struct rd *rd)
{
	char n[16];
	rd->empty_run = rd->emitted_page ? 0 : rd->empty_run + 1;
	str_fmt(n, sizeof(n), "%d", rd->empty_run);
	if (rd->empty_run >= EMPTY_PAGES_MAX)
		fail_code(rd, "data.no_progress", n, NULL);
	else
		next_page(rd);
}

void rd_finish(struct rd *rd, bool ok)
{
	finish(rd, ok);
}

bool rd_answer_ok(const struct http_resp *resp)
{
	return resp->code == CURLE_OK && resp->status >= 200 && resp->status <= 299 && !resp->truncated &&
	       !looks_html(resp);
}

void rd_answer_failed(struct rd *rd)
{
	if (rd->resp.code == CURLE_FILESIZE_EXCEEDED || rd->resp.truncated)
		fail_code(rd, "data.page_too_large", NULL, "more than 1 MiB in one page");
	else if (rd->resp.code != CURLE_OK)
		curl_failed(rd);
	else if (rd->resp.status < 200 || rd->resp.status > 299)
		http_failed(rd);
	else
		fail_code(rd, "data.html", NULL, rd->resp.content_type);
}

static void on_page_done(void *arg)
{
	struct rd *rd = arg;
	if (rd_answer_ok(&rd->resp)) {
		parse_page(rd); /* frees the answer before the next request */
		return;
	}
	if (rd->resp.code == CURLE_FILESIZE_EXCEEDED || rd->resp.truncated)
		fail_code(rd, "data.page_too_large", NULL, "more than 1 MiB in one page");
	else if (rd->resp.code != CURLE_OK)
		curl_failed(rd);
	else if (retry_later(rd))
		return;
	else if (rd->resp.status < 200 || rd->resp.status > 299)
		http_failed(rd);
	else
		fail_code(rd, "data.html", NULL, rd->resp.content_type);
	http_resp_free(&rd->resp);
}

void rd_next_url(struct rd *rd, const char *url)
{
	free(rd->next);
	rd->next = url && *url ? rd_resolve(rd, url) : NULL;
}

char *rd_resolve(struct rd *rd, const char *url)
{
	CURLU *u;
	char *abs = NULL, *host = NULL, *cur_host = NULL, *port = NULL, *cur_port = NULL, *out;
	if (!rd->http) /* offline: kept as sent */
		return xstrdup(url);
	u = curl_url();
	curl_url_set(u, CURLUPART_URL, rd->req.url.p, 0);
	curl_url_get(u, CURLUPART_HOST, &cur_host, 0);
	curl_url_get(u, CURLUPART_PORT, &cur_port, CURLU_DEFAULT_PORT);
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) { /* relative to the current request */
		curl_url_get(u, CURLUPART_URL, &abs, 0);
		curl_url_get(u, CURLUPART_HOST, &host, 0);
		curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
	}
	out = abs && host && cur_host && port && cur_port && !strcasecmp(host, cur_host) && !strcmp(port, cur_port) &&
			      (str_starts(abs, "https:") || !str_starts(rd->req.url.p, "https:"))
		      ? xstrdup(abs)
		      : NULL;
	if (!out) {
		char shown[256];
		str_clean(shown, sizeof(shown), url, strcspn(url, "?"));
		rd->full = true; /* nothing more is read */
		struct err_vars v = {.host = rd->host, .location = shown};
		data_fail(&rd->err, "data.next_other_host", &v, shown);
		rd->failed = true;
	}
	curl_free(abs);
	curl_free(host);
	curl_free(cur_host);
	curl_free(port);
	curl_free(cur_port);
	curl_url_cleanup(u);
	return out;
}

int rd_render(struct rd *rd, const char *tpl, struct secbuf *out, struct onr_error *err)
{
	struct auth_ctx ctx = {.sys = rd->sys, .form = rd->form};
	return auth_render(&ctx, tpl, true, out, err);
}

static void begin(void *arg)
{
	struct rd *rd = arg;
	rd->retry_timer = 0;
	if (!rd->method)
		fail_code(rd, "data.no_reader", rd->sys->name, "no auth module for this system");
	else
		send_signin(rd);
}

static void on_deadline(void *arg)
{
	struct rd *rd = arg;
	rd->deadline_timer = 0;
	http_abort(rd->http);
	fail_code(rd, "data.timeout", NULL, "overall time limit");
}

static void collect_secrets(struct rd *rd)
{
	int n = 0;
	for (size_t i = 0; i < rd->form->n && n < RD_MAX_REDACT - 2; i++)
		if (rd->form->f[i].def->secret && rd->form->f[i].value.len)
			rd->redact[n++] = rd->form->f[i].value.p;
	rd->redact[n++] = rd->ctx.token.p;
	rd->redact[n] = NULL;
}

struct rd *rd_start(struct loop *l, const struct reader *r, const struct system *sys, const struct form *form,
		    const struct rd_opts *opts, rd_record_fn on_record, rd_warn_fn on_warn, rd_done_fn on_done,
		    void *arg)
{
	struct rd *rd = xcalloc(1, sizeof(*rd));
	rd_common_init(rd, r, opts, on_record, on_warn, arg);
	rd->loop = l;
	rd->sys = sys;
	rd->form = form;
	rd->on_done = on_done;
	if (!rd->opts.request_timeout_ms)
		rd->opts.request_timeout_ms = 60000;
	if (!rd->opts.total_timeout_ms)
		rd->opts.total_timeout_ms = 30L * 60 * 1000;
	rd->ctx.sys = sys;
	rd->ctx.form = form;
	secbuf_init(&rd->ctx.token, 8192);
	secbuf_init(&rd->ctx.refresh, 4096);
	collect_secrets(rd);
	rd->http = http_new(l, rd->opts.trace, rd->redact);
	rd->method = auth_find(sys->auth.method);
	rd->signing_in = true;
	rd->deadline_timer = loop_after(l, rd->opts.total_timeout_ms, on_deadline, rd);
	/* even a failure at once is reported from the loop, after rd_start returned */
	rd->retry_timer = loop_after(l, 0, begin, rd);
	return rd;
}

void rd_free(struct rd *rd)
{
	if (!rd)
		return;
	if (rd->retry_timer)
		loop_cancel(rd->loop, rd->retry_timer);
	if (rd->deadline_timer)
		loop_cancel(rd->loop, rd->deadline_timer);
	if (rd->http)
		http_free(rd->http);
	rd_fan_free(rd);
	http_resp_free(&rd->resp);
	http_resp_free(&rd->pf_resp);
	if (rd->req_live)
		http_req_free(&rd->req);
	if (rd->pf_live)
		http_req_free(&rd->pf_req);
	if (rd->scratch_live)
		http_req_free(&rd->scratch);
	if (rd->loop) {
		secbuf_free(&rd->ctx.token);
		secbuf_free(&rd->ctx.refresh);
	}
	rd_common_free(rd);
	free(rd);
}
