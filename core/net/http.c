#include "http.h"
#include "json_arena.h"
#include "trace.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One exchange. Slot 0 is http_start's, whose handle stays for
 * http_easy after it ends; the others (http_start_more) run beside it on
 * the same multi handle and are cleaned up as soon as they end. */
struct xfer {
	struct http *h;
	CURL *easy;
	bool running;
	struct http_resp *resp;
	http_done_fn done;
	void *arg;
};

struct http {
	struct loop *loop;
	CURLM *multi;
	int timer_id;
	struct xfer x[HTTP_MAX_XFERS];
	FILE *trace;
	const char *const *redact;
};

static bool any_running(const struct http *h)
{
	for (int i = 0; i < HTTP_MAX_XFERS; i++)
		if (h->x[i].running)
			return true;
	return false;
}

static void xfer_drop(struct xfer *x)
{
	if (x->easy) {
		if (x->running)
			curl_multi_remove_handle(x->h->multi, x->easy);
		curl_easy_cleanup(x->easy);
	}
	x->easy = NULL;
	x->running = false;
}

static void xfer_done(struct xfer *x, CURLcode code)
{
	struct http *h = x->h;
	x->resp->code = code;
	if (x->resp->code == CURLE_WRITE_ERROR && x->resp->truncated)
		x->resp->code = CURLE_FILESIZE_EXCEEDED;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->resp->status);
	curl_multi_remove_handle(h->multi, x->easy);
	x->running = false;
	if (x != &h->x[0])
		xfer_drop(x);
	if (!any_running(h) && h->timer_id) {
		loop_cancel(h->loop, h->timer_id);
		h->timer_id = 0;
	}
	if (x->done)
		x->done(x->arg); /* may start the next exchange */
}

static void check_done(struct http *h)
{
	CURLMsg *m;
	int left;
	while ((m = curl_multi_info_read(h->multi, &left))) {
		/* libcurl drops the queued message of a handle removed meanwhile
		 * (a callback may abort or start exchanges), so each one here is live */
		for (int i = 0; m->msg == CURLMSG_DONE && i < HTTP_MAX_XFERS; i++) {
			if (h->x[i].running && m->easy_handle == h->x[i].easy) {
				xfer_done(&h->x[i], m->data.result);
				break;
			}
		}
	}
}

static void on_socket_event(void *arg, int fd, short revents)
{
	struct http *h = arg;
	int running, flags = 0;
	if (revents & (POLLIN | POLLHUP))
		flags |= CURL_CSELECT_IN;
	if (revents & POLLOUT)
		flags |= CURL_CSELECT_OUT;
	if (revents & POLLERR)
		flags |= CURL_CSELECT_ERR;
	curl_multi_socket_action(h->multi, fd, flags, &running);
	check_done(h);
}

static int socket_cb(CURL *e, curl_socket_t s, int what, void *userp, void *sockp)
{
	struct http *h = userp;
	short ev = 0;
	(void)e, (void)sockp;
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		ev |= POLLIN;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		ev |= POLLOUT;
	loop_watch(h->loop, s, what == CURL_POLL_REMOVE ? 0 : ev, on_socket_event, h);
	return 0;
}

static void on_timeout(void *arg)
{
	struct http *h = arg;
	int running;
	h->timer_id = 0;
	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(h);
}

static int timer_cb(CURLM *m, long ms, void *userp)
{
	struct http *h = userp;
	(void)m;
	if (h->timer_id)
		loop_cancel(h->loop, h->timer_id);
	h->timer_id = ms < 0 ? 0 : loop_after(h->loop, ms, on_timeout, h);
	return 0;
}

struct http *http_new(struct loop *l, FILE *trace, const char *const *redact)
{
	struct http *h = xcalloc(1, sizeof(*h));
	h->loop = l;
	h->trace = trace;
	h->redact = redact;
	for (int i = 0; i < HTTP_MAX_XFERS; i++)
		h->x[i].h = h;
	h->multi = curl_multi_init();
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETFUNCTION, socket_cb);
	curl_multi_setopt(h->multi, CURLMOPT_SOCKETDATA, h);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERFUNCTION, timer_cb);
	curl_multi_setopt(h->multi, CURLMOPT_TIMERDATA, h);
	return h;
}

void http_kick(struct http *h)
{
	int running;
	curl_multi_socket_action(h->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	check_done(h);
}

void http_abort(struct http *h)
{
	for (int i = 0; i < HTTP_MAX_XFERS; i++)
		xfer_drop(&h->x[i]);
	if (h->timer_id)
		loop_cancel(h->loop, h->timer_id);
	h->timer_id = 0;
}

void http_free(struct http *h)
{
	if (!h)
		return;
	http_abort(h);
	curl_multi_cleanup(h->multi);
	free(h);
}

CURL *http_easy(struct http *h)
{
	return h->x[0].easy;
}

void http_req_init(struct http_req *r)
{
	memset(r, 0, sizeof(*r));
	secbuf_init(&r->url, 4096);
	secbuf_init(&r->body, 8192);
	secbuf_init(&r->userpwd, 2 * 1024 + 2);
	r->method = "GET";
	r->connect_timeout_ms = 10000;
	r->total_timeout_ms = 30000;
}

void http_req_header(struct http_req *r, const char *name, const char *value)
{
	size_t n = strlen(name), v = strlen(value);
	char small[512];
	struct secbuf line = {0};
	/* the list keeps its own (heap) copy, wiped at http_req_free; a short
	 * line is put together on the stack and wiped there, since mapping a
	 * secure buffer for each header cost more than a page's parse */
	char *p = n + v + 3 <= sizeof(small) ? small : (secbuf_init(&line, n + v + 3), line.p);
	memcpy(p, name, n);
	memcpy(p + n, ": ", 2);
	memcpy(p + n + 2, value, v + 1);
	r->headers = curl_slist_append(r->headers, p);
	if (p == small)
		sodium_memzero(small, n + v + 3);
	else
		secbuf_free(&line);
}

void http_req_unset(struct http_req *r, const char *name)
{
	size_t n = strlen(name);
	struct curl_slist *keep = NULL;
	for (struct curl_slist *s = r->headers; s; s = s->next)
		if (strncasecmp(s->data, name, n) != 0 || s->data[n] != ':')
			keep = curl_slist_append(keep, s->data);
	for (struct curl_slist *s = r->headers; s; s = s->next)
		sodium_memzero(s->data, strlen(s->data));
	curl_slist_free_all(r->headers);
	r->headers = keep;
}

static void headers_free(struct http_req *r)
{
	for (struct curl_slist *s = r->headers; s; s = s->next)
		sodium_memzero(s->data, strlen(s->data));
	curl_slist_free_all(r->headers);
	r->headers = NULL;
}

void http_req_clear(struct http_req *r)
{
	headers_free(r);
	secbuf_clear(&r->url);
	secbuf_clear(&r->body);
	secbuf_clear(&r->userpwd);
	r->method = "GET";
	r->capture = NULL;
	r->inspect = false;
}

void http_req_free(struct http_req *r)
{
	headers_free(r);
	secbuf_free(&r->url);
	secbuf_free(&r->body);
	secbuf_free(&r->userpwd);
}

void http_resp_free(struct http_resp *resp)
{
	if (resp->body.data) /* sign-in answers carry tokens and session ids */
		sodium_memzero(resp->body.data, resp->body.cap);
	buf_free(&resp->body);
	sodium_memzero(resp->set_cookie, sizeof(resp->set_cookie));
	sodium_memzero(resp->captured, sizeof(resp->captured));
}

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct xfer *x = arg;
	struct http_resp *resp = x->resp;
	size_t len = size * n;
	curl_off_t cl = -1;
	if (resp->body.len + len > HTTP_BODY_MAX) {
		resp->truncated = true;
		return 0; /* stops the transfer */
	}
	/* the whole body's room at once when its length is announced: a page
	 * of orders grew from 64 bytes by doubling, copied and faulted in
	 * afresh each page. With the JSON parser's padding, so that a page
	 * can be parsed where it is (json_arena_offer). */
	if (!resp->body.len && curl_easy_getinfo(x->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl) == CURLE_OK &&
	    cl > (curl_off_t)resp->body.cap && cl < HTTP_BODY_MAX) {
		resp->body.cap = (size_t)cl + JSON_ARENA_PAD;
		resp->body.data = xrealloc(resp->body.data, resp->body.cap);
	}
	buf_add(&resp->body, p, len);
	return len;
}

/* Keeps the value of a header we care about, cleaned of control bytes. */
static void keep_header(char *dst, size_t size, const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	if (len <= nl || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	line += nl + 1, len -= nl + 1;
	while (len && (*line == ' ' || *line == '\t'))
		line++, len--;
	while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	str_clean(dst, size, line, len);
}

/* The header an auth module asked for: the first value, or for
 * "set-cookie" every cookie's name=value joined by "; ". */
static void capture_header(struct http_resp *r, const char *line, size_t len)
{
	bool cookies = !strcasecmp(r->capture, "set-cookie");
	char value[sizeof(r->captured)];
	size_t have = strlen(r->captured), n;
	if (!cookies && have)
		return;
	value[0] = 0;
	keep_header(value, sizeof(value), line, len, r->capture);
	if (!value[0])
		return;
	if (cookies)
		value[strcspn(value, ";")] = 0;
	n = strlen(value);
	while (n && value[n - 1] == ' ')
		value[--n] = 0;
	if (n && have + n + 3 < sizeof(r->captured))
		str_fmt(r->captured + have, sizeof(r->captured) - have, "%s%s", have ? "; " : "", value);
	sodium_memzero(value, sizeof(value));
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	http_header_line(arg, p, size * n);
	return size * n;
}

void http_header_line(struct http_resp *r, const char *p, size_t len)
{
	if (len > 5 && !strncmp(p, "HTTP/", 5)) /* a new response (after 100 Continue) */
		r->www_auth[0] = r->server[0] = 0;
	keep_header(r->server, sizeof(r->server), p, len, "server");
	keep_header(r->www_auth, sizeof(r->www_auth), p, len, "www-authenticate");
	keep_header(r->retry_after, sizeof(r->retry_after), p, len, "retry-after");
	keep_header(r->content_type, sizeof(r->content_type), p, len, "content-type");
	keep_header(r->location, sizeof(r->location), p, len, "location");
	if (!r->set_cookie[0])
		keep_header(r->set_cookie, sizeof(r->set_cookie), p, len, "set-cookie");
	if (r->capture)
		capture_header(r, p, len);
}

/* libcurl tells the TLS version only in its connection notes. */
static void note_tls_version(struct http_resp *r, const char *data, size_t size)
{
	static const char tag[] = "SSL connection using ";
	size_t n = sizeof(tag) - 1, i = 0;
	if (size <= n || strncmp(data, tag, n) != 0)
		return;
	while (n + i < size && i + 1 < sizeof(r->tls_version) && data[n + i] != ' ' && data[n + i] != '\n')
		i++;
	str_clean(r->tls_version, sizeof(r->tls_version), data + n, i);
}

static int on_debug(CURL *e, curl_infotype type, char *data, size_t size, void *arg)
{
	struct xfer *x = arg;
	(void)e;
	if (type == CURLINFO_TEXT && x->resp)
		note_tls_version(x->resp, data, size);
	trace_curl(x->h->trace, type, data, size, x->h->redact);
	return 0;
}

static void set_security(CURL *e, const struct http_req *req)
{
	/* Redirects are never followed: credentials must reach only the host
	 * the user typed, and a redirect is reported with its target. */
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (req->cafile && *req->cafile)
		curl_easy_setopt(e, CURLOPT_CAINFO, req->cafile);
	if (req->pin && *req->pin) {
		/* An explicit, confirmed pin replaces CA trust for this one key. */
		curl_easy_setopt(e, CURLOPT_PINNEDPUBLICKEY, req->pin);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
	}
	curl_easy_setopt(e, CURLOPT_CERTINFO, 1L);
	if (req->inspect) {
		curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	}
}

static int xfer_start(struct xfer *x, struct http_req *req, struct http_resp *resp, http_done_fn done, void *arg)
{
	CURL *e;
	memset(resp, 0, sizeof(*resp));
	buf_init(&resp->body);
	resp->capture = req->capture;
	e = x->easy = curl_easy_init();
	if (!e)
		return -1;
	x->resp = resp;
	x->done = done;
	x->arg = arg;
	curl_easy_setopt(e, CURLOPT_URL, req->url.p);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, resp->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, resp);
	if (!req->inspect)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, req->headers);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "onramp/0.1");
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, req->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, req->total_timeout_ms);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	/* a page of orders is hundreds of KiB: read it in few large reads (the
	 * curl tool uses 100 KiB; libcurl's default 16 KiB cost a system call
	 * and a poll per 16 KiB) */
	curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 128L * 1024);
	if (req->userpwd.len && !req->inspect) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERPWD, req->userpwd.p);
	}
	if (!strcmp(req->method, "POST")) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body.p);
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)req->body.len);
	}
	set_security(e, req);
	/* verbose always: the notes carry the TLS version; the trace file
	 * gets them only when asked for */
	curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(e, CURLOPT_DEBUGDATA, x);
	x->running = curl_multi_add_handle(x->h->multi, e) == CURLM_OK;
	return x->running ? 0 : -1;
}

int http_start(struct http *h, struct http_req *req, struct http_resp *resp, http_done_fn done, void *arg)
{
	http_abort(h);
	return xfer_start(&h->x[0], req, resp, done, arg);
}

int http_start_more(struct http *h, struct http_req *req, struct http_resp *resp, http_done_fn done, void *arg)
{
	for (int i = 1; i < HTTP_MAX_XFERS; i++)
		if (!h->x[i].easy)
			return xfer_start(&h->x[i], req, resp, done, arg);
	return -1;
}

const char *http_idn_shown(const char *text, char *out, size_t size)
{
	CURLU *u;
	char *host = NULL;
	bool ascii = true;
	for (const char *p = text; *p; p++)
		ascii = ascii && (unsigned char)*p < 0x80;
	str_copy(out, size, text);
	if (ascii || !(u = curl_url()))
		return out;
	if (curl_url_set(u, CURLUPART_URL, text, CURLU_NON_SUPPORT_SCHEME | CURLU_GUESS_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, CURLU_PUNYCODE) == CURLUE_OK && strstr(host, "xn--")) {
		size_t l = strlen(out);
		str_fmt(out + l, size - l, " (%s)", host);
	}
	curl_free(host);
	curl_url_cleanup(u);
	return out;
}

bool http_host_loopback(const char *host)
{
	return !strcasecmp(host, "localhost") || !strncmp(host, "127.", 4) || !strcmp(host, "[::1]") ||
	       !strcmp(host, "::1");
}

bool http_plain_refused(const char *url, const char *allowed)
{
	char origin[320];
	if (strncasecmp(url, "http:", 5) != 0)
		return false;
	if (!http_origin(url, origin, sizeof(origin)))
		return true;
	const char *host = strstr(origin, "://") + 3;
	char *colon = strrchr(origin, ':');
	*colon = 0; /* origin always ends with :PORT */
	if (http_host_loopback(host))
		return false;
	*colon = ':';
	return !allowed || strcmp(allowed, origin) != 0;
}

bool http_origin(const char *url, char *out, size_t size)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK;
	str_copy(out, size, "");
	if (ok) {
		for (char *c = host; *c; c++)
			*c = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
		str_fmt(out, size, "%s://%s:%s", scheme, host, port);
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	if (u)
		curl_url_cleanup(u);
	return ok;
}
