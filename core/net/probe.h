/* probe.h: live validation as a state machine (docs/design.md §1). It advances
 * when the event loop reports socket or timer activity; each stage goes
 * pending -> running -> ok | failed | skipped with its time and detail. */
#ifndef ONRAMP_PROBE_H
#define ONRAMP_PROBE_H
#include <stdio.h>
#include "catalog.h"
#include "error.h"
#include "form.h"
#include "loop.h"
#include "tlsinfo.h"

enum stage_id { STAGE_ADDRESS, STAGE_DNS, STAGE_CONNECT, STAGE_TLS, STAGE_HTTP, STAGE_AUTH, STAGE_COUNT };
enum stage_status { STAGE_PENDING, STAGE_RUNNING, STAGE_OK, STAGE_FAILED, STAGE_SKIPPED };

struct stage {
	enum stage_status status;
	long long started; /* now_ms() when it began running */
	long ms;           /* how long it took, when done */
	char detail[256];
};

struct oauth_grant;

struct probe_opts {
	long stage_timeout_ms; /* one stage; 0 = 15 s */
	long total_timeout_ms; /* the whole probe; 0 = 45 s */
	const char *cafile;    /* company CA file, or NULL */
	const char *pin;       /* confirmed public-key pin, or NULL */
	FILE *trace;           /* support trace, or NULL */
	const struct oauth_grant *grant; /* the browser sign-in's code (oauth2_code), or NULL */
	bool allow_plain_http; /* the user said yes: credentials may cross the network
				* unencrypted (--allow-plain-http); loopback never asks */
	const char *plain_http_origin; /* the same yes for this one scheme://host:port
					* only (asked on the screen, or stored with the
					* connection: probe_origin's form), or NULL */
};

struct probe;
typedef void (*probe_fn)(void *arg);

/* Starts validating form against sys; on_change is called on every stage
 * change and every 100 ms tick while running, so frontends can redraw. */
struct probe *probe_start(struct loop *l, const struct system *sys, const struct form *form,
			  const struct probe_opts *opts, probe_fn on_change, void *arg);
/* Cancels whatever is running and frees everything, wiping secrets. */
void probe_free(struct probe *p);

bool probe_done(const struct probe *p);
bool probe_ok(const struct probe *p);
/* The sign-in was proven (false for systems checked only up to the server). */
bool probe_verified(const struct probe *p);
const struct stage *probe_stage(const struct probe *p, enum stage_id id);
const struct onr_error *probe_error(const struct probe *p);
const char *probe_identity(const struct probe *p);
/* The host the address names, as shown ("" before the address stage). */
const char *probe_host(const struct probe *p);
/* The address as scheme://host:port (host in lower case, the default port
 * written out): what a yes to plain http is given for. */
const char *probe_origin(const struct probe *p);
/* Did the credentials go (or were they cleared to go) over plain http to
 * another computer, by --allow-plain-http or a yes for probe_origin? */
bool probe_plain_http(const struct probe *p);
/* Puts a refresh token the token service gave into the form's
 * refresh_token field, so it is sealed with the connection and re-checks
 * need no browser. Nothing happens when there is none. */
void probe_keep_refresh_token(const struct probe *p, struct form *form);
/* The server's certificate (https only): on success, and when TLS failed
 * for a reason the user may override (untrusted, expired, not yet valid). */
const struct tls_info *probe_tls(const struct probe *p);
/* The failure lets the user trust this exact certificate (never for a
 * wrong host name, which means another server). */
bool probe_can_pin(const struct probe *p);
/* A notice about the input, e.g. a trimmed URL; "" when none. */
const char *probe_notice(const struct probe *p);

const char *stage_name(enum stage_id id);  /* "dns": stable, for JSON */
const char *stage_title(enum stage_id id); /* "Find server": for people */
const char *stage_status_name(enum stage_status s);
#endif
