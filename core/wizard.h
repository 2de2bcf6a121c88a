/* wizard.h: the wizard's flow as a state machine: choose a system, fill
 * the form, validate live, then done or failed. Frontends turn input into
 * actions and draw the state; they hold no behaviour of their own. */
#ifndef ONRAMP_WIZARD_H
#define ONRAMP_WIZARD_H
#include "catalog.h"
#include "connect.h"
#include "form.h"
#include "loop.h"
#include "probe.h"
#include "secbuf.h"
#include "lifecycle.h"

enum wiz_screen { SCR_START, SCR_LIST, SCR_FORM, SCR_PROBE, SCR_FAILED, SCR_DONE, SCR_CONNS, SCR_CONFIRM, SCR_TRUST, SCR_CAFILE, SCR_AUTHORIZE };

enum action {
	ACT_NONE,
	ACT_UP, ACT_DOWN, ACT_PGUP, ACT_PGDN, ACT_HOME, ACT_END,
	ACT_LEFT, ACT_RIGHT, ACT_LINE_START, ACT_LINE_END,
	ACT_TEXT,      /* typed or pasted text */
	ACT_BACKSPACE, ACT_DELETE, ACT_KILL,
	ACT_NEXT, ACT_PREV, /* Tab, Shift-Tab */
	ACT_ENTER,
	ACT_BACK,      /* Esc: cancel what runs, or go back keeping input */
	ACT_REVEAL,    /* show/hide secrets */
	ACT_CATEGORY,  /* cycle the category filter */
	ACT_EDIT, ACT_RETRY, ACT_TO_LIST, /* choices after a failure */
	ACT_RECHECK, ACT_DISCONNECT, ACT_RECONNECT, ACT_PURGE, ACT_YES, ACT_NO, /* connections */
	ACT_TRUST, ACT_CAFILE, /* the two explicit ways past an untrusted certificate */
	ACT_QUIT,
};

#define WIZ_QUERY_MAX 128

/* --preset KEY=VALUE and --lock KEY: fields the embedding application or
 * kiosk fills in; locked ones cannot be changed. */
struct preset {
	const char *key, *value; /* value NULL: lock only */
	bool lock;
};

struct wizard_opts {
	const char *system;     /* start on this system's form, and stay on it */
	const struct preset *presets;
	size_t npresets;
	int result_fd;          /* --result-file / --result-fd, or -1 */
	bool kiosk;             /* nothing quits; idle timeout; no stored connections */
	int idle_timeout_s;     /* kiosk: wipe and start over after this long idle */
	int done_timeout_s;     /* kiosk: the done screen clears itself */
};

struct search;

struct wizard {
	struct wizard_opts o;
	struct loop *loop;
	struct catalog *cat;
	struct search *search;
	enum wiz_screen screen;
	bool quit, dirty;
	/* choose a system */
	char query[WIZ_QUERY_MAX];
	size_t *matches, nmatches;
	size_t sel, top, page; /* page: rows the frontend shows, for PgUp/PgDn */
	const char *category;  /* NULL = all */
	const char *categories[64];
	size_t ncategories;
	/* the form and its check */
	const struct system *sys;
	struct form *form;
	struct probe *probe;
	struct probe_opts opts;
	int fail_choice; /* 0 edit, 1 retry, 2 list */
	char notice[400];    /* e.g. a page path trimmed from the URL */
	char pin[64];        /* a certificate the user chose to trust */
	char cafile[512];    /* the company CA file the user named */
	char cafile_problem[160];
	/* the browser sign-in (wizard_oauth.c) */
	struct oauth_flow *oauth;
	struct secbuf oauth_paste; /* what the user pasted: holds the code */
	bool oauth_used;           /* its code went to a check already */
	struct onr_error oauth_err;
	/* done */
	struct connect_result result;
	bool have_result;
	struct onr_error store_err;
	bool store_failed;
	/* start and manage connections (wizard_manage.c) */
	int start_sel;           /* 0 connect, 1 manage */
	struct conn_list conns;
	bool have_conns;
	size_t conn_sel;
	int confirm;             /* ACT_DISCONNECT or ACT_PURGE awaiting yes */
	char recheck_id[16];     /* "" unless the probe re-checks a stored connection */
	char banner[256], banner_hint[768];
	bool banner_ok;
	int credits_used, credits_pool;
};

void wizard_init(struct wizard *w, struct loop *l, struct catalog *cat, const struct wizard_opts *o);
/* Fills a new form with the presets and locks of the options. */
void wizard_apply_presets(const struct wizard_opts *o, struct form *f);
void wizard_free(struct wizard *w);
/* Applies one action; text is for ACT_TEXT. Sets w->dirty when the screen
 * should be drawn again. */
void wizard_act(struct wizard *w, enum action a, const char *text, size_t len);
/* Opens the form for a system directly (--system, reconnect). */
bool wizard_open_system(struct wizard *w, const char *id);
const struct system *wizard_selected(const struct wizard *w);

/* TLS trust choices (wizard_tls.c). */
bool wizard_tls_choices(const struct wizard *w, bool *can_pin);
void wizard_tls_act(struct wizard *w, enum action a, const char *text, size_t len);
void wizard_retry(struct wizard *w);

/* The browser sign-in (wizard_oauth.c). */
bool wizard_oauth_needed(struct wizard *w);
void wizard_oauth_open(struct wizard *w);
void wizard_oauth_act(struct wizard *w, enum action a, const char *text, size_t len);
void wizard_oauth_close(struct wizard *w);

/* The probe's change callback (redraw, and the end of a check). */
void wizard_probe_changed(void *arg);

/* Manage connections (wizard_manage.c). */
void manage_open(struct wizard *w);
void manage_act(struct wizard *w, enum action a);
void manage_close(struct wizard *w);
/* Called when a re-check probe ends. */
void manage_recheck_done(struct wizard *w);
void manage_refresh_credits(struct wizard *w);
const struct conn *manage_selected(const struct wizard *w);
/* Wipes every typed value and the shown token, back to the start
 * (kiosk idle timeout). */
void wizard_reset(struct wizard *w);
#endif
