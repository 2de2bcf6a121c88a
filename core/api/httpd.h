/* httpd.h: libmicrohttpd driven by the one event loop (core/loop.h). MHD
 * runs without threads of its own: MHD_USE_EPOLL gives one file
 * descriptor, watched in loop.c's poll(); MHD_run is called when it is
 * ready and when MHD_get_timeout's deadline passes (slow-client timeouts).
 *
 * A handler sees each request once, with its whole body read (bodies above
 * opts.body_max get 413 without reaching it). Both onramp's API
 * (`onramp serve`) and the reference webhook receiver use this. */
#ifndef ONRAMP_HTTPD_H
#define ONRAMP_HTTPD_H
#include "api/mhd_dl.h" /* libmicrohttpd, loaded by httpd_start */
#include <stdbool.h>
#include <stddef.h>
#include "error.h"
#include "loop.h"

struct httpd_opts {
	const char *listen;      /* "127.0.0.1:8470" ("HOST:0" picks a free port) */
	const char *cert_file, *key_file; /* PEM files for TLS, or NULL */
	unsigned conn_limit;     /* open connections at most (0: 256) */
	unsigned per_ip_limit;   /* per client address (0: 64) */
	unsigned timeout_s;      /* idle or slow client (0: 10 s) */
	size_t mem_limit;        /* request line and headers per connection (0: 16 KiB) */
	size_t body_max;         /* request body (0: 64 KiB) */
	size_t url_max;          /* 0: 2048 */
	bool parking;            /* handlers may httpd_park requests */
};

struct httpd;

struct httpd_req {
	struct httpd *h;
	struct MHD_Connection *c;
	const char *method, *url;
	const char *body;
	size_t len;
	int *mark; /* the handler's own number for this request:
				  * 0 at first, kept while it is parked */
};

/* Answers the request (httpd_reply...); returns MHD_YES or MHD_NO. */
typedef enum MHD_Result (*httpd_fn)(void *arg, const struct httpd_req *r);

struct httpd *httpd_start(struct loop *l, const struct httpd_opts *o, httpd_fn fn, void *arg,
			  struct onr_error *err);
unsigned short httpd_port(const struct httpd *h);
void httpd_free(struct httpd *h);

/* Sends body (len bytes, copied) with status and content type; header
 * and value (may be NULL) add one more header. */
enum MHD_Result httpd_reply(struct MHD_Connection *c, unsigned status, const char *type,
			    const char *body, size_t len, const char *header, const char *value);
/* The response httpd_reply would send (body copied), to keep and queue
 * again and again (httpd_reply_with); MHD_destroy_response when done. */
struct MHD_Response *httpd_response(const char *type, const char *body, size_t len, const char *header,
				    const char *value);
enum MHD_Result httpd_reply_with(struct MHD_Connection *c, unsigned status, struct MHD_Response *r);
/* {"error": {"code": code, "message": message}} */
enum MHD_Result httpd_error(struct MHD_Connection *c, unsigned status, const char *code,
			    const char *message);
/* Parks the request instead of answering it (opts.parking): MHD stops
 * reading the connection until httpd_unpark(r->h, r->c), then calls the handler
 * again for the same request; *r->mark (set before parking) tells the two
 * calls apart. A parked request does not time out: unpark every one
 * before httpd_free. Returns MHD_YES. */
enum MHD_Result httpd_park(const struct httpd_req *r);
void httpd_unpark(struct httpd *h, struct MHD_Connection *c);
/* Parses "HOST:PORT" (IPv4 dotted or "localhost"); 0 or -1. */
int httpd_parse_listen(const char *s, struct sockaddr_in *out);
#endif
