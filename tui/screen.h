/* screen.h: the full-screen frontend's state and its screens. The connect
 * attempt itself is core's session (session.h); struct wizard wraps it
 * with what only a screen needs (the highlighted row, the scroll offset,
 * the chosen button, the banner), and each screen is one row of a table
 * of operations (screens.c): how it draws, which key means what, what an
 * action does, and its help. */
#ifndef ONRAMP_SCREEN_H
#define ONRAMP_SCREEN_H
#include "catalog.h"
#include "search_window.h"
#include "lifecycle.h"
#include "loop.h"
#include "secbuf.h"
#include "session.h"
#include "theme.h"
#include "wizard.h"

enum wiz_screen { SCR_START, SCR_LIST, SCR_FORM, SCR_PROBE, SCR_FAILED, SCR_DONE, SCR_CONNS, SCR_CONFIRM, SCR_TRUST, SCR_CAFILE, SCR_AUTHORIZE, SCR_WEBHOOKS, SCR_TOKEN, SCR_PLAIN, SCR_COUNT };

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
	ACT_SYNC, ACT_WEBHOOKS, /* a connection's syncs and webhooks (manage.h) */
	ACT_TRUST, ACT_CAFILE, /* the two explicit ways past an untrusted certificate */
	ACT_PLAIN_HTTP, /* the explicit way to send credentials over plain http (asks first) */
	ACT_COPY,      /* the done screen: the token to the terminal's clipboard */
	ACT_ROTATE,    /* Manage: a new token for a connection (after y) */
	ACT_QUIT,
};

#define WIZ_QUERY_MAX 128

struct search;
struct manage_state;

struct wizard {
	struct wizard_opts o;
	struct loop *loop;
	struct catalog *cat;
	struct search *search;
	struct session s;        /* the connect attempt */
	enum wiz_screen screen;
	bool quit, dirty;
	/* choose a system */
	char query[WIZ_QUERY_MAX];
	struct search_window win; /* the ranked rows (search_window.h) */
	size_t *matches, nmatches; /* win.rows (ranked up to win.nrows) and every match's count */
	size_t sel, top, page; /* page: rows the frontend shows, for PgUp/PgDn */
	const char *category;  /* NULL = all */
	const char *categories[64];
	size_t ncategories;
	char list_notice[256]; /* why the chosen system cannot be started */
	bool typo_only;        /* the first hit matches only with typing mistakes forgiven */
	/* after a failure */
	int fail_choice; /* 0 edit, 1 retry, 2 list */
	char cafile[512];    /* the company CA file being typed */
	char cafile_problem[160];
	struct secbuf oauth_paste; /* the browser sign-in's pasted address: holds the code */
	/* start and manage connections (wizard_manage.c) */
	int start_sel;           /* 0 connect, 1 manage */
	struct conn_list conns;
	bool have_conns;
	size_t conn_sel;
	int confirm;             /* ACT_DISCONNECT or ACT_PURGE awaiting yes */
	bool rechecking;         /* the session re-checks a stored connection */
	int recheck_timer;       /* its end is handled from the loop */
	struct manage_state *mg; /* syncs and webhooks of the highlighted one (manage.h) */
	char banner[256], banner_hint[768];
	bool banner_ok;
	int credits_used, credits_pool;
	/* the done screen (wizard_done.c) */
	enum action leaving;     /* ACT_ENTER or ACT_QUIT asked "saved the token?" */
	bool copied;             /* the token went to the clipboard (OSC 52) */
	bool from_manage;        /* the form is a reconnect: Esc goes back there */
	bool query_kept;         /* the list's search is from before the form: Esc leaves at once */
	/* Manage's new token (SCR_TOKEN): shown once, like the done screen's */
	struct secbuf new_token;
	char new_token_for[300]; /* "abcd1234, tryton (onramp_test, admin)" */
};

void wizard_init(struct wizard *w, struct loop *l, struct catalog *cat, const struct wizard_opts *o);
void wizard_free(struct wizard *w);
/* Applies one action to the current screen; text is for ACT_TEXT. Sets
 * w->dirty when the screen should be drawn again. */
void wizard_act(struct wizard *w, enum action a, const char *text, size_t len);
/* Opens the form for a system directly (--system, reconnect). */
bool wizard_open_system(struct wizard *w, const char *id);
const struct system *wizard_selected(const struct wizard *w);
/* Wipes every typed value and the shown token, back to the start
 * (kiosk idle timeout, the done screen). */
void wizard_reset(struct wizard *w);
/* The list shows page rows: the ranked window grows to cover them. */
void wizard_set_page(struct wizard *w, size_t page);
/* Something typed would be lost by quitting now (Ctrl-C asks first). */
bool wizard_has_typed(const struct wizard *w);
/* The session changed: the screen follows it (sign-in, checking, failed,
 * done). */
void wizard_follow(struct wizard *w);

/* Manage connections (wizard_manage.c). */
void manage_open(struct wizard *w);
void manage_close(struct wizard *w);
void manage_recheck_done(struct wizard *w);
/* The re-check's outcome as a banner, back to the list (after a no to
 * plain http too). */
void manage_recheck_end(struct wizard *w);
void manage_refresh_credits(struct wizard *w);
const struct conn *manage_selected(const struct wizard *w);

/* Drawing: the look each screen draws with (tui.c makes it). */
struct tui_look {
	int attr[ROLE_COUNT]; /* curses attributes per role */
	bool ascii;           /* no UTF-8 or no line drawing: ASCII marks */
	long long now;        /* for spinners */
};

/* One screen. Adding a screen is one file with these and one row in
 * screens.c. */
struct screen_ops {
	void (*draw)(const struct wizard *w, const struct tui_look *look);
	/* The action of a key on this screen (Esc, Enter and Backspace are
	 * mapped before, for every screen). */
	enum action (*key)(int ch, bool is_key);
	void (*act)(struct wizard *w, enum action a, const char *text, size_t len);
	const char *help;     /* F1 */
	bool takes_text;      /* '?' is typed here, not help */
	bool ticks;           /* drawn again every 100 ms (spinners, timers) */
};
const struct screen_ops *screen_ops(enum wiz_screen s);

/* The screens' parts, each in the file named. */
void draw_list(const struct wizard *w, const struct tui_look *look);       /* draw_list.c */
enum action list_key(int ch, bool is_key);                                  /* keys.c */
void list_act(struct wizard *w, enum action a, const char *text, size_t len); /* wizard.c */
void draw_form(const struct wizard *w, const struct tui_look *look);       /* draw_form.c */
enum action form_key(int ch, bool is_key);
void form_act(struct wizard *w, enum action a, const char *text, size_t len);
void draw_check(const struct wizard *w, const struct tui_look *look);      /* draw_check.c */
void probe_act(struct wizard *w, enum action a, const char *text, size_t len);
enum action failed_key(int ch, bool is_key);
void failed_act(struct wizard *w, enum action a, const char *text, size_t len);
void draw_done(const struct wizard *w, const struct tui_look *look);       /* draw_done.c */
void draw_done_invite(const struct wizard *w, const struct tui_look *look); /* draw_invite.c */
void draw_device(const struct wizard *w, const struct tui_look *look);      /* draw_device.c */
void draw_relay(const struct wizard *w, const struct tui_look *look);       /* draw_device.c */
enum action done_key(int ch, bool is_key);
void done_act(struct wizard *w, enum action a, const char *text, size_t len); /* wizard_done.c */
/* The done screen shows the token: leaving it asks first. */
bool done_token_shown(const struct wizard *w);
/* The token this screen shows (the done screen's or Manage's new one),
 * or NULL. */
const char *wizard_token(const struct wizard *w);
/* The token whole from row y, and what c does; returns the next row. */
int draw_token(const struct wizard *w, const struct tui_look *look, int y);   /* draw_done.c */
/* The bottom lines: "Have you saved the token?", or the keys. */
void draw_token_keys(const struct wizard *w, const struct tui_look *look);
void draw_new_token(const struct wizard *w, const struct tui_look *look);  /* draw_token.c */
/* Leaving Manage's new token: it is wiped, and Manage shows again. */
void manage_token_done(struct wizard *w);                                  /* wizard_manage.c */
void draw_start(const struct wizard *w, const struct tui_look *look);      /* draw_manage.c */
enum action start_key(int ch, bool is_key);
void start_act(struct wizard *w, enum action a, const char *text, size_t len);
void draw_conns(const struct wizard *w, const struct tui_look *look);
enum action conns_key(int ch, bool is_key);
void conns_act(struct wizard *w, enum action a, const char *text, size_t len); /* wizard_manage.c */
void draw_confirm(const struct wizard *w, const struct tui_look *look);
enum action yes_no_key(int ch, bool is_key);
void confirm_act(struct wizard *w, enum action a, const char *text, size_t len);
void draw_trust(const struct wizard *w, const struct tui_look *look);      /* draw_tls.c */
/* After a certificate failure: the trust choices offered, and T or C. */
bool wizard_tls_choices(const struct wizard *w, bool *can_pin);
void failed_tls_act(struct wizard *w, enum action a);
/* The certificate buttons on the failure screen (choices 3 and 4). */
int failed_tls_buttons(const struct wizard *w);
enum action failed_tls_choice(const struct wizard *w);
void trust_act(struct wizard *w, enum action a, const char *text, size_t len); /* wizard_tls.c */
/* After address.plain_http (outside a kiosk): the host the yes would be
 * for, else NULL; the yes itself is asked on SCR_PLAIN, default no. */
const char *wizard_plain_offer(const struct wizard *w);
void plain_act(struct wizard *w, enum action a, const char *text, size_t len);
void draw_plain(const struct wizard *w, const struct tui_look *look);       /* draw_plain.c */
void draw_cafile(const struct wizard *w, const struct tui_look *look);
enum action line_key(int ch, bool is_key);
void cafile_act(struct wizard *w, enum action a, const char *text, size_t len);
void draw_authorize(const struct wizard *w, const struct tui_look *look);  /* draw_oauth.c */
enum action authorize_key(int ch, bool is_key);
void authorize_act(struct wizard *w, enum action a, const char *text, size_t len); /* wizard_oauth.c */
enum action no_key(int ch, bool is_key);
#endif
