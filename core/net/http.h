/* http.h: HTTP exchanges on libcurl's multi interface, driven by the event
 * loop (its sockets and timer live in loop.c's poll()): one at a time with
 * http_start, or several side by side on the same multi handle with
 * http_start_more (a reader fetching records one URL each). */
#ifndef ONRAMP_HTTP_H
#define ONRAMP_HTTP_H
#include "curl_dl.h"
#include <stdio.h>
#include "loop.h"
#include "secbuf.h"
#include "util.h"

#define HTTP_BODY_MAX (1024 * 1024) /* a bigger answer is cut: hostile servers */
#define HTTP_MAX_XFERS 9 /* http_start's exchange and 8 more beside it */

struct http_req {
	struct secbuf url, body, userpwd; /* userpwd: "user:password" for basic */
	const char *method;               /* "GET" or "POST" */
	struct curl_slist *headers;       /* may carry secrets: freed with a wipe */
	const char *cafile;               /* company CA file, or NULL */
	const char *pin;                  /* "sha256//..." public-key pin, or NULL */
	long connect_timeout_ms, total_timeout_ms;
	/* A response header an auth module needs ("x-csrf-token"), or NULL.
	 * "set-cookie" keeps every cookie's name=value, joined by "; ", ready
	 * to send back as a Cookie header. Kept in resp->captured (wiped). */
	const char *capture;
	bool inspect; /* connect and handshake only, to read the certificate:
		       * no request is sent, so no credential can leave */
};

struct http_resp {
	CURLcode code;
	char errbuf[CURL_ERROR_SIZE];
	long status;
	struct buf body;
	bool truncated;
	char server[96], www_auth[256], retry_after[32], content_type[96], location[512];
	char set_cookie[512]; /* first session cookie, name=value (secret: wiped) */
	char captured[1024];  /* the request's capture header (secret: wiped) */
	const char *capture;  /* its name, from the request */
	char tls_version[32]; /* "TLSv1.3", from libcurl's connection notes */
};

struct http;
typedef void (*http_done_fn)(void *arg);

struct http *http_new(struct loop *l, FILE *trace, const char *const *redact);
void http_free(struct http *h);
void http_req_init(struct http_req *r);
void http_req_free(struct http_req *r);
/* Empties r (wiped) for another request, keeping its secure buffers and
 * its CA file, pin and timeouts: a read sends hundreds of pages. */
void http_req_clear(struct http_req *r);
/* Adds "Name: value" to r->headers. */
void http_req_header(struct http_req *r, const char *name, const char *value);
/* Removes every "Name:" header (wiping it). */
void http_req_unset(struct http_req *r, const char *name);
void http_resp_free(struct http_resp *resp);
/* Keeps what onramp reads of one response header line (libcurl's header
 * callback; apart for the fuzzer, tests/fuzz/fuzz_http.c). */
void http_header_line(struct http_resp *r, const char *line, size_t len);
/* For showing an address or host name: the text itself, and when its host
 * has letters beyond ASCII (a look-alike such as аpple.com with a Cyrillic
 * "а") its xn-- form after it in brackets. Needs libcurl loaded. */
const char *http_idn_shown(const char *text, char *out, size_t size);
/* url's scheme://host:port (host in lower case, the scheme's default port
 * written out), what a yes to plain http is given for; false and "" when
 * it is not an address. Needs libcurl loaded. */
bool http_origin(const char *url, char *out, size_t size);
/* Is host this machine (localhost, 127.x, ::1)? Credentials to it over
 * plain http never cross the network, so they need no yes. */
bool http_host_loopback(const char *host);
/* Would credentials sent to url cross the network unencrypted without the
 * user's yes? allowed: the origin a yes was given for (http_origin's
 * form), or NULL. An address that is not one is refused too. */
bool http_plain_refused(const char *url, const char *allowed);
/* Starts the exchange, ending any still running; done is called from the
 * loop when it ends. */
int http_start(struct http *h, struct http_req *req, struct http_resp *resp, http_done_fn done, void *arg);
/* Starts one more exchange beside those running; -1 when HTTP_MAX_XFERS
 * already run. req and resp must live until done is called. */
int http_start_more(struct http *h, struct http_req *req, struct http_resp *resp, http_done_fn done, void *arg);
/* Lets libcurl move the exchanges on now (connect, send the request)
 * instead of at the loop's next turn: a reader starts the next page this
 * way before it spends its time on the current one. done callbacks may
 * run from here. */
void http_kick(struct http *h);
/* Ends every exchange. */
void http_abort(struct http *h);
/* The running (or last) transfer, for curl_easy_getinfo. */
CURL *http_easy(struct http *h);
#endif
