/* httpd.c: libmicrohttpd in the event loop (see httpd.h). */
#include "api/httpd.h"
#include "i18n.h"
#include "paths.h"
#include "util.h"
#include <arpa/inet.h>
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct httpd {
	struct loop *l;
	struct MHD_Daemon *d;
	struct httpd_opts o;
	httpd_fn fn;
	void *arg;
	int fd, timer, unparked;
	char *cert, *key;
};

/* What a request carries between MHD's calls: its body so far, and the
 * handler's mark (httpd_park). */
struct pending {
	struct buf body;
	bool too_big;
	int mark;
};

static void on_timer(void *arg);

/* MHD's next deadline (a slow client to drop, or work left): a timer;
 * without one, still a call every second (see run). */
static void rearm(struct httpd *h)
{
	MHD_UNSIGNED_LONG_LONG ms = 1000;
	if (h->timer)
		loop_cancel(h->l, h->timer);
	if (MHD_get_timeout(h->d, &ms) != MHD_YES || ms > 1000)
		ms = 1000;
	h->timer = loop_after(h->l, (long)ms, on_timer, h);
}

/* Twice: at the connection cap MHD takes its listening socket out of the
 * epoll set and puts it back only at the start of a later MHD_run, after
 * connections closed; with nothing else pending, no event would come to
 * make that later call. */
static void run(struct httpd *h)
{
	MHD_run(h->d);
	MHD_run(h->d);
	rearm(h);
}

static void on_timer(void *arg)
{
	struct httpd *h = arg;
	h->timer = 0;
	run(h);
}

static void on_ready(void *arg, int fd, short revents)
{
	(void)fd;
	(void)revents;
	run(arg);
}

struct MHD_Response *httpd_response(const char *type, const char *body, size_t len, const char *header,
				    const char *value)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return NULL;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (header && value)
		MHD_add_response_header(r, header, value);
	return r;
}

enum MHD_Result httpd_reply_with(struct MHD_Connection *c, unsigned status, struct MHD_Response *r)
{
	return MHD_queue_response(c, status, r); /* MHD counts its references */
}

enum MHD_Result httpd_reply(struct MHD_Connection *c, unsigned status, const char *type, const char *body, size_t len,
			    const char *header, const char *value)
{
	struct MHD_Response *r = httpd_response(type, body, len, header, value);
	enum MHD_Result rc;
	if (!r)
		return MHD_NO;
	rc = httpd_reply_with(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

enum MHD_Result httpd_error(struct MHD_Connection *c, unsigned status, const char *code,
			    const char *message)
{
	cJSON *o = cJSON_CreateObject(), *e = cJSON_AddObjectToObject(o, "error");
	char *s;
	enum MHD_Result rc;
	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", message);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	rc = httpd_reply(c, status, "application/json", s ? s : "{}", s ? strlen(s) : 2, NULL, NULL);
	free(s);
	return rc;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **state)
{
	struct httpd *h = cls;
	struct pending *p = *state;
	(void)version;
	if (!p) { /* headers are in: the body (if any) comes in the next calls */
		*state = p = xcalloc(1, sizeof(*p));
		buf_init(&p->body);
		return MHD_YES;
	}
	if (*upload_size) {
		if (p->body.len + *upload_size > h->o.body_max)
			p->too_big = true;
		else
			buf_add(&p->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (p->too_big)
		return httpd_error(c, MHD_HTTP_CONTENT_TOO_LARGE, "request.too_large",
				   "The request body is too large.");
	if (strlen(url) > h->o.url_max)
		return httpd_error(c, MHD_HTTP_URI_TOO_LONG, "request.url_too_long", "The URL is too long.");
	struct httpd_req r = {h, c, method, url, p->body.data ? p->body.data : "", p->body.len, &p->mark};
	return h->fn(h->arg, &r);
}

enum MHD_Result httpd_park(const struct httpd_req *r)
{
	MHD_suspend_connection(r->c);
	return MHD_YES;
}

static void on_unparked(void *arg)
{
	struct httpd *h = arg;
	h->unparked = 0;
	run(h);
}

/* MHD handles a resumed connection in its next MHD_run ("run MHD_run
 * afterwards" in the external-polling mode): one run, soon, for all the
 * connections unparked in this turn of the loop. */
void httpd_unpark(struct httpd *h, struct MHD_Connection *c)
{
	MHD_resume_connection(c);
	if (!h->unparked)
		h->unparked = loop_after(h->l, 0, on_unparked, h);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **state,
			 enum MHD_RequestTerminationCode why)
{
	struct pending *p = *state;
	(void)cls;
	(void)c;
	(void)why;
	if (p) {
		buf_free(&p->body);
		free(p);
		*state = NULL;
	}
}

int httpd_parse_listen(const char *s, struct sockaddr_in *out)
{
	char host[64];
	const char *colon = s ? strrchr(s, ':') : NULL;
	char *end;
	long port;

	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = 0;
	port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 0 || port > 65535)
		return -1;
	memset(out, 0, sizeof(*out));
	out->sin_family = AF_INET;
	out->sin_port = htons((unsigned short)port);
	if (!strcmp(host, "localhost"))
		str_copy(host, sizeof(host), "127.0.0.1");
	return inet_pton(AF_INET, *host ? host : "0.0.0.0", &out->sin_addr) == 1 ? 0 : -1;
}

static void fill_defaults(struct httpd_opts *o)
{
	o->conn_limit = o->conn_limit ? o->conn_limit : 256;
	o->per_ip_limit = o->per_ip_limit ? o->per_ip_limit : 64;
	o->timeout_s = o->timeout_s ? o->timeout_s : 10;
	o->mem_limit = o->mem_limit ? o->mem_limit : 16 * 1024;
	o->body_max = o->body_max ? o->body_max : 64 * 1024;
	o->url_max = o->url_max ? o->url_max : 2048;
}

/* The key is a secret: sodium_malloc'd (secure). */
static int read_pem(const char *path, bool secure, char **out, struct onr_error *err)
{
	size_t len;
	if (path && paths_read(path, 1 << 20, secure, out, &len, err) == 0)
		return 0;
	error_set(err, EXIT_INPUT, "serve", "serve.tls_file", _("Could not read a TLS certificate or key file."),
		  _("Check that --tls-cert and --tls-key name readable PEM files."), NULL);
	return -1;
}

static struct MHD_Daemon *daemon_start(struct httpd *h, const struct sockaddr_in *sa)
{
	unsigned flags = MHD_USE_EPOLL | MHD_USE_TURBO | (h->o.parking ? MHD_ALLOW_SUSPEND_RESUME : 0);
	if (h->cert)
		return MHD_start_daemon(flags | MHD_USE_TLS, 0, NULL, NULL, on_request, h,
			MHD_OPTION_SOCK_ADDR, sa, MHD_OPTION_HTTPS_MEM_CERT, h->cert,
			MHD_OPTION_HTTPS_MEM_KEY, h->key,
			MHD_OPTION_CONNECTION_LIMIT, h->o.conn_limit,
			MHD_OPTION_PER_IP_CONNECTION_LIMIT, h->o.per_ip_limit,
			MHD_OPTION_CONNECTION_TIMEOUT, h->o.timeout_s,
			MHD_OPTION_CONNECTION_MEMORY_LIMIT, h->o.mem_limit,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, h, MHD_OPTION_SOCK_ADDR, sa,
		MHD_OPTION_CONNECTION_LIMIT, h->o.conn_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, h->o.per_ip_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, h->o.timeout_s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, h->o.mem_limit,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
}

struct httpd *httpd_start(struct loop *l, const struct httpd_opts *o, httpd_fn fn, void *arg,
			  struct onr_error *err)
{
	struct httpd *h;
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	const char *why = "";

	if (!mhd_dl_load(&why)) {
		error_set(err, EXIT_NETWORK, "serve", "serve.no_library",
			  _("Could not load the web server library libmicrohttpd."),
			  _("onramp needs libmicrohttpd (Debian package libmicrohttpd12) to serve HTTP. Install "
			    "it, for example with: sudo apt-get install libmicrohttpd12"),
			  NULL);
		str_copy(err->tech, sizeof(err->tech), why);
		return NULL;
	}
	h = xcalloc(1, sizeof(*h));

	h->l = l;
	h->o = *o;
	h->fn = fn;
	h->arg = arg;
	fill_defaults(&h->o);
	if (httpd_parse_listen(o->listen, &sa) != 0) {
		error_set(err, EXIT_USAGE, "serve", "serve.listen", _("The listen address is not HOST:PORT."),
			  _("Use for example --listen 127.0.0.1:8470."), NULL);
		goto fail;
	}
	if (o->cert_file && (read_pem(o->cert_file, false, &h->cert, err) || read_pem(o->key_file, true, &h->key, err)))
		goto fail;
	if (!(h->d = daemon_start(h, &sa)) ||
	    !(info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD))) {
		error_set(err, EXIT_NETWORK, "serve", "serve.listen_failed",
			  _("Could not listen on that address."),
			  _("Another program may use the port, or the address is not this machine's. "
			  "Pick another --listen address."), NULL);
		goto fail;
	}
	h->fd = info->epoll_fd;
	loop_watch(l, h->fd, POLLIN, on_ready, h);
	rearm(h);
	return h;
fail:
	httpd_free(h);
	return NULL;
}

unsigned short httpd_port(const struct httpd *h)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	return i ? i->port : 0;
}

void httpd_free(struct httpd *h)
{
	if (!h)
		return;
	if (h->d) {
		loop_watch(h->l, h->fd, 0, NULL, NULL);
		if (h->timer)
			loop_cancel(h->l, h->timer);
		if (h->unparked)
			loop_cancel(h->l, h->unparked);
		MHD_stop_daemon(h->d);
	}
	if (h->key)
		sodium_free(h->key); /* wipes it */
	free(h->cert);
	free(h);
}
