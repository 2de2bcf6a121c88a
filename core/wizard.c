#include "wizard.h"
#include "result_file.h"
#include "search.h"
#include "typo.h"
#include "util.h"
#include "utf8.h"
#include <stdlib.h>
#include <string.h>

static void rerank(struct wizard *w)
{
	w->nmatches = search_run(w->search, w->query, w->category, NULL, 0, w->matches, w->cat->n);
	w->sel = w->top = 0;
	w->dirty = true;
}

void wizard_apply_presets(const struct wizard_opts *o, struct form *f)
{
	for (size_t i = 0; i < o->npresets; i++) {
		if (o->presets[i].value)
			form_set(f, o->presets[i].key, o->presets[i].value);
		if (o->presets[i].lock)
			form_lock(f, o->presets[i].key);
	}
	form_focus_first_empty(f);
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

void wizard_init(struct wizard *w, struct loop *l, struct catalog *cat, const struct wizard_opts *o)
{
	memset(w, 0, sizeof(*w));
	if (o)
		w->o = *o;
	else
		w->o.result_fd = -1;
	w->loop = l;
	w->cat = cat;
	w->search = search_new(cat);
	w->matches = xcalloc(cat->n + 1, sizeof(size_t));
	w->ncategories = search_categories(w->search, w->categories, 64);
	if (w->ncategories > 64)
		w->ncategories = 64;
	order_categories(w);
	w->page = 10;
	rerank(w);
	/* a kiosk never shows stored connections: it starts on the list */
	w->screen = w->o.kiosk ? SCR_LIST : SCR_START;
	manage_refresh_credits(w);
	if (w->o.system)
		wizard_open_system(w, w->o.system);
}

static void drop_result(struct wizard *w)
{
	if (w->have_result)
		connect_result_free(&w->result);
	w->have_result = false;
}

static void close_form(struct wizard *w)
{
	w->pin[0] = w->cafile[0] = w->notice[0] = 0;
	w->opts.pin = w->opts.cafile = NULL;
	probe_free(w->probe);
	w->probe = NULL;
	wizard_oauth_close(w);
	form_free(w->form);
	w->form = NULL;
	w->sys = NULL;
}

void wizard_free(struct wizard *w)
{
	manage_close(w);
	close_form(w);
	drop_result(w);
	search_free(w->search);
	free(w->matches);
}

void wizard_reset(struct wizard *w)
{
	close_form(w);
	drop_result(w);
	w->query[0] = 0;
	w->category = NULL;
	w->screen = w->o.kiosk ? SCR_LIST : SCR_START;
	manage_refresh_credits(w);
	rerank(w);
	if (w->o.system) /* a kiosk or embedding starts on its system */
		wizard_open_system(w, w->o.system);
}

const struct system *wizard_selected(const struct wizard *w)
{
	return w->nmatches ? &w->cat->systems[w->matches[w->sel]] : NULL;
}

static void open_form(struct wizard *w, const struct system *sys)
{
	if (w->sys != sys) { /* a different system: a fresh form */
		close_form(w);
		w->sys = sys;
		w->form = form_new(sys);
		if (w->o.system && !strcmp(w->o.system, sys->id))
			wizard_apply_presets(&w->o, w->form);
	}
	w->screen = SCR_FORM;
	w->dirty = true;
}

bool wizard_open_system(struct wizard *w, const char *id)
{
	const struct system *sys = catalog_find(w->cat, id);
	if (!sys)
		return false;
	open_form(w, sys);
	return true;
}

static void move_sel(struct wizard *w, long delta)
{
	long n = (long)w->nmatches, s = (long)w->sel + delta;
	if (!n)
		return;
	w->sel = (size_t)(s < 0 ? 0 : s >= n ? n - 1 : s);
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

static void list_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	w->dirty = true;
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
		if (w->query[0])
			query_edit(w, ACT_KILL, NULL, 0);
		else if (w->category)
			w->category = NULL, rerank(w);
		else if (!w->o.kiosk)
			w->screen = SCR_START;
		break;
	case ACT_QUIT: w->quit = !w->o.kiosk; break;
	default: query_edit(w, a, text, len); break;
	}
}

void wizard_probe_changed(void *arg)
{
	struct wizard *w = arg;
	w->dirty = true;
	if (!probe_done(w->probe) || w->screen != SCR_PROBE)
		return;
	if (w->recheck_id[0]) {
		manage_recheck_done(w);
		return;
	}
	if (!probe_ok(w->probe)) {
		w->screen = SCR_FAILED;
		w->fail_choice = 0;
		result_write_error(w->o.result_fd, probe_error(w->probe));
		return;
	}
	drop_result(w);
	probe_keep_refresh_token(w->probe, w->form);
	w->store_failed = connect_store(w->form, w->opts.pin, w->opts.cafile, &w->result, &w->store_err) < 0;
	w->have_result = true;
	if (w->store_failed)
		result_write_error(w->o.result_fd, &w->store_err);
	else
		result_write_ok(w->o.result_fd, w->sys->id, w->result.id, w->result.token.p);
	w->screen = w->store_failed ? SCR_FAILED : SCR_DONE;
	if (!w->store_failed) /* the typed secrets are sealed: wipe them now */
		form_reset(w->form);
}

static void start_probe(struct wizard *w)
{
	int bad;
	typo_tidy_urls(w->form, w->notice, sizeof(w->notice));
	form_check(w->form, true);
	if ((bad = form_first_problem(w->form)) >= 0) {
		w->form->focus = (size_t)bad;
		w->dirty = true;
		return;
	}
	w->store_failed = !!connect_precheck(w->sys, &w->store_err);
	if (w->store_failed) { /* the pool cannot afford it: say so before any network work */
		w->screen = SCR_FAILED;
		w->dirty = true;
		return;
	}
	if (wizard_oauth_needed(w)) {
		wizard_oauth_open(w);
		return;
	}
	probe_free(w->probe);
	w->screen = SCR_PROBE;
	w->dirty = true;
	w->probe = probe_start(w->loop, w->sys, w->form, &w->opts, wizard_probe_changed, w);
	w->oauth_used = w->opts.grant != NULL; /* a browser code works once */
}

static void form_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	struct form *f = w->form;
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
		/* Enter moves on, and submits on the last field or [Connect]. */
		if (f->focus + 1 >= f->n)
			start_probe(w);
		else
			form_focus_next(f, 1);
		break;
	case ACT_BACK:
		f->reveal = false; /* never leave a secret shown */
		if (!w->o.system) /* a preset system has no list to go back to */
			w->screen = SCR_LIST;
		break;
	case ACT_QUIT: w->quit = !w->o.kiosk; break;
	default: break;
	}
}

/* The form again, focused on the field the failure names. */
static void edit_after_failure(struct wizard *w)
{
	const char *field = w->store_failed ? w->store_err.field : probe_error(w->probe)->field;
	int i = field && field[0] ? system_field_index(w->sys, field) : -1;
	if (i >= 0)
		w->form->focus = (size_t)i;
	form_focus_next(w->form, 0);
	w->screen = SCR_FORM;
}

void wizard_retry(struct wizard *w)
{
	start_probe(w);
}

static void failed_act(struct wizard *w, enum action a)
{
	w->dirty = true;
	if (a == ACT_TRUST || a == ACT_CAFILE) {
		wizard_tls_act(w, a, NULL, 0);
		return;
	}
	if (a == ACT_LEFT || a == ACT_PREV)
		w->fail_choice = (w->fail_choice + 2) % 3;
	else if (a == ACT_RIGHT || a == ACT_NEXT)
		w->fail_choice = (w->fail_choice + 1) % 3;
	else if (a == ACT_ENTER)
		a = w->fail_choice == 0 ? ACT_EDIT : w->fail_choice == 1 ? ACT_RETRY : ACT_TO_LIST;
	if (a == ACT_EDIT || a == ACT_BACK)
		edit_after_failure(w);
	else if (a == ACT_RETRY)
		start_probe(w);
	else if (a == ACT_TO_LIST && !w->o.system)
		w->screen = SCR_LIST;
	else if (a == ACT_QUIT)
		w->quit = !w->o.kiosk;
}

static void start_act(struct wizard *w, enum action a)
{
	w->dirty = true;
	if (a == ACT_UP || a == ACT_DOWN || a == ACT_NEXT || a == ACT_PREV)
		w->start_sel = !w->start_sel;
	else if (a == ACT_ENTER && w->start_sel == 0)
		w->screen = SCR_LIST;
	else if (a == ACT_ENTER)
		manage_open(w);
	else if (a == ACT_BACK || a == ACT_QUIT)
		w->quit = true;
}

void wizard_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	switch (w->screen) {
	case SCR_LIST: list_act(w, a, text, len); break;
	case SCR_FORM: form_act(w, a, text, len); break;
	case SCR_START: start_act(w, a); break;
	case SCR_CONNS: case SCR_CONFIRM: manage_act(w, a); break;
	case SCR_PROBE:
		if (a == ACT_BACK && w->recheck_id[0]) { /* cancel a re-check */
			probe_free(w->probe);
			w->probe = NULL;
			w->recheck_id[0] = 0;
			form_free(w->form);
			w->form = NULL;
			w->screen = SCR_CONNS;
			w->dirty = true;
		} else if (a == ACT_BACK) { /* cancel: back to the form, every field kept */
			probe_free(w->probe);
			w->probe = NULL;
			w->screen = SCR_FORM;
			w->dirty = true;
		}
		break;
	case SCR_FAILED: failed_act(w, a); break;
	case SCR_TRUST: case SCR_CAFILE: wizard_tls_act(w, a, text, len); break;
	case SCR_AUTHORIZE: wizard_oauth_act(w, a, text, len); break;
	case SCR_DONE:
		if (a == ACT_ENTER || a == ACT_BACK) { /* the token is shown once: wipe it */
			wizard_reset(w);
			w->quit = w->o.system && !w->o.kiosk; /* an embedded run ends here */
		} else if (a == ACT_QUIT) {
			w->quit = !w->o.kiosk;
		}
		break;
	}
}
