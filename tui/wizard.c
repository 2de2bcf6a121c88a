/* wizard.c: the full-screen frontend's state around the connect session:
 * choosing a system from the list, the form's editing keys, and following
 * the session from screen to screen. What a connection attempt does is
 * core's session (session.h); this file only decides what is shown. */
#include "screen.h"
#include "i18n.h"
#include "alias_pick.h"
#include "search.h"
#include "search_window.h"
#include "util.h"
#include "utf8.h"
#include <stdlib.h>
#include <string.h>

/* The list asks for the rows it can show (search_window.h), not all. */
static void rerank(struct wizard *w)
{
	w->sel = w->top = 0;
	search_window_run(&w->win, w->search, w->query, w->category, w->page, w->page);
	w->matches = w->win.rows;
	w->nmatches = w->win.total;
	/* a first hit that only typo forgiveness found is a suggestion, not the answer */
	w->typo_only = w->win.nrows && w->query[0] && search_needs_typo(w->search, w->matches[0], w->query);
	w->dirty = true;
}

/* The category key visits the industrial core first, in the order of
 * CATALOG.md, then whatever else the catalog has. */
static void order_categories(struct wizard *w)
{
	static const char *const first[] = {"ERP", "CMMS/EAM", "WMS", "MES", "Procurement", "Accounting", "HR",
					    "CRM", "E-commerce", NULL};
	const char *sorted[64];
	size_t n = 0;
	for (int k = 0; first[k]; k++)
		for (size_t i = 0; i < w->ncategories; i++)
			if (!strcmp(w->categories[i], first[k]))
				sorted[n++] = w->categories[i];
	for (size_t i = 0; i < w->ncategories; i++) {
		bool listed = false;
		for (int k = 0; first[k] && !listed; k++)
			listed = !strcmp(w->categories[i], first[k]);
		if (!listed)
			sorted[n++] = w->categories[i];
	}
	memcpy(w->categories, sorted, n * sizeof(sorted[0]));
}

static void on_session(void *arg)
{
	wizard_follow(arg);
}

/* Where the wizard opens: a kiosk, and a first run with no stored
 * connection, go straight to the list (nothing to manage yet). Also sets
 * the credits: the list read them, so the start opens the store once
 * (each open reads its schema again and sets its pragmas). */
static enum wiz_screen first_screen(struct wizard *w)
{
	struct conn_list l = {0};
	struct onr_error err;
	bool any;
	if (w->o.kiosk || lifecycle_list(&l, &err) != 0) {
		manage_refresh_credits(w);
		return w->o.kiosk ? SCR_LIST : SCR_START; /* a damaged store: the start screen says so */
	}
	w->credits_used = l.used;
	w->credits_pool = l.pool;
	any = l.n > 0;
	conn_list_free(&l);
	return any ? SCR_START : SCR_LIST;
}

void wizard_init(struct wizard *w, struct loop *l, struct catalog *cat, const struct wizard_opts *o)
{
	struct session_opts so = wizard_session_opts(o);
	*w = (struct wizard){.o = o ? *o : (struct wizard_opts){.result_fd = -1}, .loop = l};
	w->cat = cat;
	session_init(&w->s, l, &so, on_session, w);
	secbuf_init(&w->oauth_paste, 4096);
	secbuf_init(&w->new_token, LIFECYCLE_TOKEN_MAX);
	w->search = catalog_search_new(cat);
	search_window_init(&w->win, cat->n);
	w->ncategories = search_categories(w->search, w->categories, 64);
	if (w->ncategories > 64)
		w->ncategories = 64;
	order_categories(w);
	w->page = 10;
	rerank(w);
	w->screen = first_screen(w);
	if (w->o.system)
		wizard_open_system(w, w->o.system);
}

void wizard_free(struct wizard *w)
{
	if (w->recheck_timer)
		loop_cancel(w->loop, w->recheck_timer);
	manage_close(w);
	session_free(&w->s);
	secbuf_free(&w->oauth_paste);
	secbuf_free(&w->new_token);
	search_free(w->search);
	search_window_free(&w->win);
}

void wizard_reset(struct wizard *w)
{
	session_close(&w->s);
	secbuf_clear(&w->oauth_paste);
	secbuf_clear(&w->new_token);
	w->cafile[0] = w->list_notice[0] = 0;
	w->query[0] = 0;
	w->leaving = ACT_NONE;
	w->copied = false;
	w->from_manage = false;
	w->category = NULL;
	w->screen = first_screen(w);
	rerank(w);
	if (w->o.system) /* a kiosk or embedding starts on its system */
		wizard_open_system(w, w->o.system);
}

void wizard_set_page(struct wizard *w, size_t page)
{
	w->page = page;
	/* a taller screen shows rows past the ranked window */
	search_window_reach(&w->win, w->search, w->query, w->category, w->top + page, page);
}

bool wizard_has_typed(const struct wizard *w)
{
	const struct form *f = session_form(&w->s);
	for (size_t i = 0; f && i < f->n; i++)
		if (!f->f[i].locked && f->f[i].touched && f->f[i].value.len)
			return true;
	return false;
}

const struct system *wizard_selected(const struct wizard *w)
{
	return w->nmatches ? catalog_at(w->cat, w->matches[w->sel]) : NULL;
}

/* The pool cannot pay for the chosen system: say so, and (outside a
 * kiosk) open Manage connections, where d frees the credits. */
static void credits_short(struct wizard *w)
{
	const struct onr_error *e = session_error(&w->s);
	if (w->o.kiosk) {
		str_copy(w->list_notice, sizeof(w->list_notice), e->message);
		w->screen = SCR_LIST;
		return;
	}
	manage_open(w);
	str_copy(w->banner, sizeof(w->banner), e->message);
	str_fmt(w->banner_hint, sizeof(w->banner_hint), _("Disconnect one here (d) to free its credits, then choose %s "
		"again; or ask your administrator to raise the pool."), session_system(&w->s)->name);
	w->banner_ok = false;
}

/* choose: a system onramp cannot connect yet is refused here, and the
 * list says why, before anything is typed. */
static void open_form(struct wizard *w, const struct system *sys)
{
	w->dirty = true;
	if (!session_choose(&w->s, sys)) {
		str_copy(w->list_notice, sizeof(w->list_notice), session_error(&w->s)->message);
		w->screen = SCR_LIST;
		return;
	}
	w->list_notice[0] = 0;
	w->cafile[0] = 0;
	w->from_manage = false;
	/* "DynamoDB" chose AWS: the service it named goes in the form */
	const char *svc = system_service_preset(sys, w->query);
	const char *had = form_value(session_form(&w->s), "service");
	if (svc && (!had || !*had))
		form_set(session_form(&w->s), "service", svc);
	w->screen = SCR_FORM;
	/* refused at the choice, before anything is typed (an embedder's
	 * --system has no choice: its form says so on submit) */
	if (!w->o.system && !session_affordable(&w->s))
		credits_short(w);
}

bool wizard_open_system(struct wizard *w, const char *id)
{
	const struct system *sys = catalog_find(w->cat, id);
	if (!sys)
		return false;
	open_form(w, sys);
	return w->screen == SCR_FORM;
}

static void recheck_finished(void *arg)
{
	struct wizard *w = arg;
	w->recheck_timer = 0;
	manage_recheck_done(w);
}

void wizard_follow(struct wizard *w)
{
	const struct session *s = &w->s;
	enum session_step step = session_step(s);
	w->dirty = true;
	if (w->rechecking) {
		/* not from inside the probe's own callback: it frees the probe */
		if (!session_running(s) && !w->recheck_timer)
			w->recheck_timer = loop_after(w->loop, 0, recheck_finished, w);
		return;
	}
	if (session_running(s)) {
		if (step == SESSION_SIGN_IN && w->screen != SCR_AUTHORIZE)
			secbuf_clear(&w->oauth_paste);
		w->screen = step == SESSION_SIGN_IN ? SCR_AUTHORIZE : SCR_PROBE;
	} else if (step == SESSION_RESULT) {
		w->screen = SCR_DONE;
	} else if (session_failed(s) && step == SESSION_FORM) {
		w->screen = SCR_FORM;
	} else if (session_failed(s) && step != SESSION_CHOOSE && w->screen != SCR_FAILED && w->screen != SCR_TRUST &&
		   w->screen != SCR_CAFILE) {
		w->screen = SCR_FAILED;
		w->fail_choice = 0;
		bool can_pin; /* (a certificate to trust first keeps them for the retry) */
		if (w->o.kiosk && session_form(s) && !session_trust_choices(s, &can_pin))
			form_wipe_secrets(session_form(s)); /* the next person cannot reveal this one's password */
	}
}

static void move_sel(struct wizard *w, long delta)
{
	long n = (long)w->nmatches, s = (long)w->sel + delta;
	if (!n)
		return;
	w->sel = (size_t)(s < 0 ? 0 : s >= n ? n - 1 : s);
	/* past the ranked window: rank a wider one (rows before sel stay) */
	search_window_reach(&w->win, w->search, w->query, w->category, w->sel + w->page, w->page);
	if (!search_window_reach(&w->win, w->search, w->query, w->category, w->sel, w->page))
		w->sel = w->win.nrows ? w->win.nrows - 1 : 0;
	if (w->sel < w->top)
		w->top = w->sel;
	if (w->page && w->sel >= w->top + w->page)
		w->top = w->sel - w->page + 1;
	w->dirty = true;
}

static void query_edit(struct wizard *w, enum action a, const char *text, size_t len)
{
	size_t q = strlen(w->query);
	if (a == ACT_TEXT) {
		for (size_t i = 0; i < len && q + 1 < WIZ_QUERY_MAX; i++)
			if ((unsigned char)text[i] >= 0x20)
				w->query[q++] = text[i];
		w->query[q] = 0;
	} else if (a == ACT_BACKSPACE && q) {
		w->query[utf8_prev(w->query, q)] = 0;
	} else if (a == ACT_KILL) {
		w->query[0] = 0;
	} else {
		return;
	}
	rerank(w);
}

static void cycle_category(struct wizard *w)
{
	size_t i = 0;
	if (w->category)
		while (i < w->ncategories && strcmp(w->categories[i], w->category))
			i++;
	/* all -> first -> ... -> last -> all */
	w->category = !w->category ? (w->ncategories ? w->categories[0] : NULL)
				   : i + 1 < w->ncategories ? w->categories[i + 1] : NULL;
	rerank(w);
}

void list_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	w->dirty = true;
	if (a != ACT_ENTER)
		w->list_notice[0] = 0;
	if (a != ACT_BACK)
		w->query_kept = false; /* anything else done here: Esc clears the search first again */
	switch (a) {
	case ACT_UP: move_sel(w, -1); break;
	case ACT_DOWN: move_sel(w, 1); break;
	case ACT_PGUP: move_sel(w, -(long)(w->page ? w->page : 1)); break;
	case ACT_PGDN: move_sel(w, (long)(w->page ? w->page : 1)); break;
	case ACT_HOME: move_sel(w, -(long)w->nmatches); break;
	case ACT_END: move_sel(w, (long)w->nmatches); break;
	case ACT_CATEGORY: cycle_category(w); break;
	case ACT_ENTER:
		if (wizard_selected(w))
			open_form(w, wizard_selected(w));
		break;
	case ACT_BACK:
		/* one Esc per screen on the way out of a form: the search it kept
		 * is not cleared first */
		if (w->query_kept && !w->o.kiosk) {
			w->query[0] = 0;
			w->category = NULL;
			rerank(w);
			w->screen = SCR_START;
		} else if (w->query[0]) {
			query_edit(w, ACT_KILL, NULL, 0);
		} else if (w->category) {
			w->category = NULL, rerank(w);
		} else if (!w->o.kiosk) {
			w->screen = SCR_START;
		}
		w->query_kept = false;
		break;
	case ACT_QUIT: w->quit = !w->o.kiosk; break;
	default: query_edit(w, a, text, len); break;
	}
}

void form_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	struct form *f = session_form(&w->s);
	w->dirty = true;
	switch (a) {
	case ACT_TEXT: form_insert(f, text, len); break;
	case ACT_BACKSPACE: form_backspace(f); break;
	case ACT_DELETE: form_delete(f); break;
	case ACT_KILL: form_kill_line(f); break;
	case ACT_LEFT: form_cursor(f, -1); break;
	case ACT_RIGHT: form_cursor(f, 1); break;
	case ACT_LINE_START: form_home(f); break;
	case ACT_LINE_END: form_end(f); break;
	case ACT_NEXT: case ACT_DOWN: form_focus_next(f, 1); break;
	case ACT_PREV: case ACT_UP: form_focus_next(f, -1); break;
	case ACT_REVEAL: f->reveal = !f->reveal; break;
	case ACT_ENTER:
		/* Enter goes to the next field that still needs a value, and
		 * submits when none does: defaults cost no key. */
		if (form_next_needed(f) < 0)
			session_submit(&w->s);
		else
			f->focus = (size_t)form_next_needed(f);
		break;
	case ACT_BACK:
		f->reveal = false; /* never leave a secret shown */
		if (w->from_manage) /* a reconnect goes back where it came from */
			manage_open(w), w->from_manage = false;
		else if (!w->o.system) /* a preset system has no list to go back to */
			w->screen = SCR_LIST, w->query_kept = true;
		break;
	case ACT_QUIT: w->quit = !w->o.kiosk; break;
	default: break;
	}
}

/* Esc while checking (or waiting for another onramp): cancel, every field
 * kept; a re-check goes back to the connections. */
void probe_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	(void)text;
	(void)len;
	if (a != ACT_BACK)
		return;
	w->screen = w->rechecking ? SCR_CONNS : SCR_FORM;
	w->rechecking = false; /* first: a cancelled re-check has no outcome to show */
	session_cancel(&w->s);
	w->dirty = true;
}

void failed_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	(void)text;
	(void)len;
	w->dirty = true;
	int n = 3 + failed_tls_buttons(w); /* Edit, Retry, Back, then the certificate's */
	if (a == ACT_LEFT || a == ACT_PREV || a == ACT_UP || a == ACT_RIGHT || a == ACT_NEXT || a == ACT_DOWN) {
		int step = a == ACT_LEFT || a == ACT_PREV || a == ACT_UP ? n - 1 : 1;
		do /* "Back to systems" is not there when there is no list (--system) */
			w->fail_choice = (w->fail_choice + step) % n;
		while (w->fail_choice == 2 && w->o.system);
	}
	else if (a == ACT_ENTER)
		a = w->fail_choice == 0 ? ACT_EDIT : w->fail_choice == 1 ? ACT_RETRY
			: w->fail_choice == 2 ? ACT_TO_LIST : failed_tls_choice(w);
	if (a == ACT_TRUST || a == ACT_CAFILE || a == ACT_PLAIN_HTTP) {
		failed_tls_act(w, a);
		return;
	}
	if (a == ACT_EDIT || a == ACT_BACK) {
		session_edit(&w->s); /* the form, focused on the field the failure names */
		w->screen = SCR_FORM;
	} else if (a == ACT_RETRY) {
		session_submit(&w->s);
	} else if (a == ACT_TO_LIST && !w->o.system) {
		w->screen = SCR_LIST;
	} else if (a == ACT_QUIT) {
		w->quit = !w->o.kiosk;
	}
}

void start_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	w->dirty = true;
	if (a == ACT_UP || a == ACT_DOWN || a == ACT_NEXT || a == ACT_PREV)
		w->start_sel = !w->start_sel;
	else if (a == ACT_TEXT) { /* typing starts a new search: the list opens with it */
		w->screen = SCR_LIST;
		w->query[0] = 0;
		list_act(w, a, text, len);
	} else if (a == ACT_ENTER && w->start_sel == 0)
		w->screen = SCR_LIST;
	else if (a == ACT_ENTER)
		manage_open(w);
	else if (a == ACT_BACK || a == ACT_QUIT)
		w->quit = true;
}

void wizard_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	screen_ops(w->screen)->act(w, a, text, len);
}
