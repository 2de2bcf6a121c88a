/* session.h: one connect attempt, with no user interface (README "How it
 * is built"). The full-screen TUI draws it, line mode asks its next
 * question, and `onramp validate|connect` feed it arguments, so the flow is
 * written once:
 *
 *   choose -> presets and locks -> form -> typo tidy -> credit check ->
 *   browser sign-in -> probe -> trust (pin or CA file) -> keep the refresh
 *   token -> seal and store -> result
 *
 * The session runs inside the caller's event loop (loop.h) and calls
 * on_change whenever what a frontend shows may have changed. The step says
 * where the attempt is; when failed is true it is the step that failed, and
 * session_error() says why in the plain words of docs/design.md §4. Nothing typed
 * is lost by a failure or a cancel. */
#ifndef ONRAMP_SESSION_H
#define ONRAMP_SESSION_H
#include "catalog.h"
#include "connect.h"
#include "error.h"
#include "form.h"
#include "loop.h"
#include "probe.h"
#include <cJSON.h>

/* --preset KEY=VALUE and --lock KEY: fields the embedding application or
 * kiosk fills in; locked ones cannot be changed. */
struct preset {
	const char *key, *value; /* value NULL: lock only */
	bool lock;
};

enum session_step {
	SESSION_CHOOSE,     /* no system yet */
	SESSION_PRESETS,    /* the embedder's values and locks go in */
	SESSION_FORM,       /* waiting for the values (failed: a field has a problem) */
	SESSION_TIDY,       /* a pasted page path is trimmed from URLs (never fails) */
	SESSION_CREDITS,    /* the credit pool can afford the system */
	SESSION_SIGN_IN,    /* the browser sign-in: waiting for its code */
	SESSION_PROBE,      /* the live check runs (failed: it said no) */
	SESSION_TRUST,      /* an untrusted certificate: a pin or a CA file goes on */
	SESSION_KEEP_TOKEN, /* a refresh token the server gave replaces the typed one */
	SESSION_STORE,      /* seal and store; may wait for another onramp's lock */
	SESSION_RESULT,     /* finished: stored, validated or re-checked */
	SESSION_STEP_COUNT
};

struct session_opts {
	const char *system;            /* the presets apply to this system */
	const struct preset *presets;
	size_t npresets;
	bool validate_only;            /* `onramp validate`: probe, store nothing */
	bool no_browser;               /* no one to sign in: the probe says what is missing */
	int result_fd;                 /* --result-fd: the final outcome as one JSON line, or -1 */
	struct probe_opts probe;       /* timeouts, trace, --cafile, --pin */
	long lock_wait_ms;             /* STORE waits this long for the lock; 0 = 15 s */
	bool preview;                  /* after a connect, read the first page of purchase
					  orders: the done screen's proof (data/preview.h) */
	const struct invite *invite;   /* a kiosk invite (core/kiosk/): the result is sealed
					  to its platform and delivered, never kept here */
};

typedef void (*session_fn)(void *arg);
struct oauth_flow;
struct data_preview;
struct invite;
struct sender;
struct device_flow;
struct relay_flow;

struct session {
	struct session_opts o;
	struct loop *loop;
	session_fn on_change;
	void *arg;
	enum session_step step;
	bool failed;
	struct onr_error err;          /* failures of the steps outside the probe */
	const struct system *sys;
	struct form *form;
	struct probe *probe;
	struct probe_opts popts;       /* o.probe plus the user's trust choice */
	char notice[400];              /* e.g. a page path trimmed from the URL */
	char pin[64], cafile[512];     /* the trust the user chose in this session */
	char plain_http_origin[320];   /* the user's yes to plain http, for this scheme://host:port
					* only (asked, or stored with a re-checked connection) */
	struct oauth_flow *oauth;      /* the browser sign-in (session_oauth.c) */
	struct device_flow *device;    /* ... or on another device (RFC 8628), when the catalog allows */
	struct relay_flow *relay;      /* ... or through the invite's platform (core/kiosk/relay.h) */
	bool relayed;                  /* the platform made the connection itself */
	bool oauth_used;               /* its code went to a check already */
	struct connect_result result;
	bool have_result;
	struct data_preview *preview;  /* o.preview: started with the result */
	char recheck_id[16];           /* "" unless re-checking a stored connection */
	struct sender *sender;         /* o.invite: the outbox's sender (kept across forms) */
	int lock_timer;                /* STORE: the next try for the lock */
	struct onr_error last_err;     /* the latest failure: the result line if no success follows */
	bool have_last_err, result_sent;
	long long lock_deadline;
};

void session_init(struct session *s, struct loop *l, const struct session_opts *o, session_fn on_change, void *arg);
/* Stops whatever runs and wipes every value and the token. With
 * o.result_fd and no success sent, the final outcome goes there first: the
 * latest failure, or cancelled.by_user when nothing was tried (exactly one
 * line per run: a success is written when it happens). */
void session_free(struct session *s);

/* choose, presets and locks: a fresh form for sys (the same system again
 * keeps what was typed). False, with the error, for a system onramp cannot
 * connect yet: it is refused before anything is typed. */
bool session_choose(struct session *s, const struct system *sys);
/* Typo tidy -> credit check -> browser sign-in -> probe. A form problem
 * fails at SESSION_FORM with the field as the next question. */
void session_submit(struct session *s);
/* The credit check on its own, before anything is typed (line mode asks
 * it first); submit checks again. False: failed at SESSION_CREDITS. */
bool session_affordable(struct session *s);
/* Stops the sign-in, the probe or the wait for the lock; back to the form
 * with every value kept. */
void session_cancel(struct session *s);
/* Drops the form (a kiosk wipe, another system): back to SESSION_CHOOSE. */
void session_close(struct session *s);
/* After a failure: back to the form; returns the field to fix, or -1. */
int session_edit(struct session *s);

/* trust: exactly this certificate's key (when offered), or a CA file.
 * session_use_cafile is false with why filled when the file is unusable. */
bool session_trust_choices(const struct session *s, bool *can_pin);
void session_trust_pin(struct session *s);
bool session_use_cafile(struct session *s, const char *path, char *why, size_t whylen);
/* After address.plain_http: the host the credentials would go to over
 * plain http, else "". session_allow_plain_http is the user's explicit
 * yes for exactly that scheme://host:port (for this system, until another
 * is chosen), and checks again (issue 12: the wizard's in-screen yes). The
 * yes is stored with the connection and honoured by its re-checks, syncs
 * and readers, for that address only. */
const char *session_plain_http_host(const struct session *s);
void session_allow_plain_http(struct session *s);
/* A yes kept with a connection being reconnected (origin as probe_origin
 * gives it; NULL or "" for none): honoured for that address only. */
void session_keep_plain_http(struct session *s, const char *origin);

/* The browser sign-in (session_oauth.c): the address to open, and what
 * the user pasted. session_paste is false when it is not usable yet (the
 * problem is in session_oauth(s)->problem). */
const struct oauth_flow *session_oauth(const struct session *s);
/* The sign-in on another device (a phone), when the system offers it:
 * the address and code to show (core/net/device_flow.h); NULL otherwise. */
const struct device_flow *session_device(const struct session *s);
/* The sign-in through the invite's platform (the relay), or NULL. */
const struct relay_flow *session_relay(const struct session *s);
bool session_paste(struct session *s, const char *text, size_t len);

/* Fills the chosen system's form from a stored connection's public
 * fields (reconnect: the same system again, a new connection). */
void session_prefill(struct session *s, const char *public_json);
/* Re-checks a stored connection with its sealed credentials: a new
 * refresh token is sealed in place of the old one. False (the error says
 * why, e.g. a kiosk cannot open sealed credentials) when it cannot start. */
bool session_recheck(struct session *s, const struct system *sys, const char *id);

enum session_step session_step(const struct session *s);
bool session_failed(const struct session *s);
bool session_running(const struct session *s); /* sign-in, probe or lock wait */
bool session_waiting_for_lock(const struct session *s);
const char *session_step_name(enum session_step step);
const struct onr_error *session_error(const struct session *s);
const struct system *session_system(const struct session *s);
struct form *session_form(const struct session *s);
const struct probe *session_probe(const struct session *s);
const char *session_notice(const struct session *s);
/* SESSION_RESULT of a connect: the new connection (its token shown once). */
const struct connect_result *session_result(const struct session *s);
const char *session_recheck_id(const struct session *s);
/* With o.preview, after a connect: the first page of purchase orders, read
 * (or still being read: !done) with the credentials the check used; on_change
 * is called when it ends. NULL otherwise. Freed with the result. */
const struct data_preview *session_preview(const struct session *s);

/* With o.invite, after the check: what became of the delivery to the
 * platform (sender.h's enum send_state; why: the network's or platform's
 * words while it waits or when refused). -1 without an invite. */
int session_delivery(const struct session *s, char *why, size_t whylen);

/* The next question (rclone-style): the field to ask for next, with its
 * problem ("" when none), or -1 when the form is complete. */
int session_question(const struct session *s, const char **problem);
/* The question as the JSON object of `connect --non-interactive --json`. */
cJSON *session_question_json(const struct session *s);
#endif
