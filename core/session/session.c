/* session.c: the connect attempt as one state machine (see session.h).
 * The browser sign-in is in session_oauth.c, seal-and-store and its wait
 * for the lock in session_store.c, the next question in
 * session_question.c. */
#include "session.h"
#include "i18n_text.h"
#include "i18n.h"
#include "session_impl.h"
#include "wizard.h"
#include "data/preview.h"
#include "oauth_flow.h"
#include "result_file.h"
#include "sender.h"
#include "relay_flow.h"
#include "typo.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const step_names[SESSION_STEP_COUNT] = {
	"choose", "presets", "form", "tidy", "credits", "sign_in", "probe", "trust", "keep_token", "store", "result",
};

void session_changed(struct session *s)
{
	if (s->on_change)
		s->on_change(s->arg);
}

void session_fail(struct session *s, enum session_step step, const struct onr_error *e)
{
	s->step = step;
	s->failed = true;
	if (e && e != &s->err)
		s->err = *e;
	if (!s->recheck_id[0]) { /* the embedder's line, should the user give up now */
		s->last_err = *session_error(s);
		s->have_last_err = true;
	}
	session_changed(s);
}

/* The embedder's one line when no success was written: the user gave up. */
static void report_end(struct session *s)
{
	struct onr_error e;
	if (s->o.result_fd < 0 || s->result_sent)
		return;
	if (!s->have_last_err)
		error_set(&e, EXIT_CANCELLED, "", "cancelled.by_user", _("onramp was closed before a connection was made."),
			  _("Nothing was saved; start again when ready."), NULL);
	result_write_error(s->o.result_fd, s->have_last_err ? &s->last_err : &e);
	s->result_sent = true;
}

void session_init(struct session *s, struct loop *l, const struct session_opts *o, session_fn on_change, void *arg)
{
	*s = (struct session){.o = o ? *o : (struct session_opts){.result_fd = -1}, .step = SESSION_CHOOSE};
	s->loop = l;
	s->on_change = on_change;
	s->arg = arg;
}

/* Stops the probe and the wait for the lock; the sign-in stays, since its
 * code may still be unused. */
void session_stop(struct session *s)
{
	probe_free(s->probe);
	s->probe = NULL;
	session_store_stop(s);
}

static void drop_result(struct session *s)
{
	data_preview_free(s->preview); /* stops a read still running */
	s->preview = NULL;
	if (s->have_result)
		connect_result_free(&s->result);
	s->have_result = false;
}

void session_close(struct session *s)
{
	session_stop(s);
	session_oauth_drop(s);
	drop_result(s);
	form_free(s->form); /* wipes every value */
	s->form = NULL;
	s->sys = NULL;
	s->pin[0] = s->cafile[0] = s->notice[0] = s->recheck_id[0] = s->plain_http_origin[0] = 0;
	s->step = SESSION_CHOOSE;
	s->failed = false;
	error_clear(&s->err);
}

void session_free(struct session *s)
{
	report_end(s);
	session_close(s);
	sender_free(s->sender);
	s->sender = NULL;
}

/* presets and locks: only for the system the embedder named. */
static void apply_presets(struct session *s)
{
	const struct session_opts *o = &s->o;
	s->step = SESSION_PRESETS;
	if (!o->system || strcmp(o->system, s->sys->id))
		return;
	for (size_t i = 0; i < o->npresets; i++) {
		if (o->presets[i].value)
			form_set(s->form, o->presets[i].key, o->presets[i].value);
		if (o->presets[i].lock)
			form_lock(s->form, o->presets[i].key);
	}
	if (session_relays(s)) /* the client secret stays on the platform */
		relay_form_prepare(s->form);
	form_focus_first_empty(s->form);
}

bool session_choose(struct session *s, const struct system *sys)
{
	char msg[256];
	if (!system_usable(sys)) { /* refused before anything is typed */
		str_fmt(msg, sizeof(msg), _("%s is not available in onramp yet."), sys->name);
		error_set(&s->err, EXIT_INPUT, "address", "system.unavailable", msg,
			  _("Its sign-in method is still being built. Pick another system, or ask support when it is planned."),
			  NULL);
		session_fail(s, SESSION_CHOOSE, NULL);
		return false;
	}
	session_stop(s);
	if (s->sys != sys || s->recheck_id[0]) { /* another system: a fresh form */
		session_close(s);
		s->sys = sys;
		s->form = form_new(sys);
		apply_presets(s);
	}
	drop_result(s);
	s->step = SESSION_FORM;
	s->failed = false;
	session_changed(s);
	return true;
}

/* The form check of submit: the first field with a problem becomes the
 * next question. */
static bool form_complete(struct session *s)
{
	char msg[256];
	int bad;
	form_check(s->form, true);
	if ((bad = form_first_problem(s->form)) < 0)
		return true;
	const struct form_field *ff = &s->form->f[bad];
	s->form->focus = (size_t)bad;
	str_fmt(msg, sizeof(msg), "%s: %s.", i18n_text(ff->def->label), ff->problem);
	error_set(&s->err, EXIT_INPUT, "address", "input.invalid", msg, i18n_text(ff->def->help), ff->def->key);
	session_fail(s, SESSION_FORM, NULL);
	return false;
}

bool session_affordable(struct session *s)
{
	if (s->o.validate_only || s->recheck_id[0])
		return true; /* nothing new is stored */
	s->step = SESSION_CREDITS;
	if (connect_precheck(s->sys, &s->err) == 0)
		return true;
	session_fail(s, SESSION_CREDITS, NULL);
	return false;
}

static void on_probe(void *arg)
{
	struct session *s = arg;
	if (s->probe && probe_done(s->probe) && s->step == SESSION_PROBE)
		session_probe_done(s);
	else
		session_changed(s);
}

void session_start_probe(struct session *s)
{
	session_stop(s);
	s->step = SESSION_PROBE;
	s->failed = false;
	s->popts = s->o.probe;
	if (s->pin[0])
		s->popts.pin = s->pin;
	if (s->cafile[0])
		s->popts.cafile = s->cafile;
	if (s->plain_http_origin[0])
		s->popts.plain_http_origin = s->plain_http_origin;
	s->popts.grant = session_oauth_grant(s);
	s->oauth_used = s->popts.grant != NULL; /* a browser code works once */
	s->probe = probe_start(s->loop, s->sys, s->form, &s->popts, on_probe, s);
	session_changed(s);
}

void session_submit(struct session *s)
{
	if (!s->form)
		return;
	session_stop(s);
	s->failed = false;
	error_clear(&s->err);
	s->step = SESSION_TIDY;
	typo_tidy_urls(s->form, s->notice, sizeof(s->notice));
	if (!form_complete(s) || !session_affordable(s))
		return;
	if (session_oauth_needed(s) && !s->o.no_browser)
		session_oauth_begin(s);
	else
		session_start_probe(s);
}

/* Certificate failures the user may get past with a pin or a CA file. */
static bool tls_overridable(const struct probe *p)
{
	static const char *const codes[] = {"tls.untrusted", "tls.expired", "tls.not_yet_valid", "tls.cafile",
					    "tls.cafile_mismatch", NULL};
	for (int i = 0; codes[i]; i++)
		if (!strcmp(probe_error(p)->code, codes[i]))
			return true;
	return false;
}

void session_probe_done(struct session *s)
{
	const struct probe *p = s->probe;
	if (!probe_ok(p)) {
		session_fail(s, tls_overridable(p) ? SESSION_TRUST : SESSION_PROBE, NULL);
		return;
	}
	s->step = SESSION_KEEP_TOKEN;
	probe_keep_refresh_token(p, s->form);
	if (s->o.validate_only) {
		s->step = SESSION_RESULT;
		session_changed(s);
		return;
	}
	session_store_begin(s);
}

void session_cancel(struct session *s)
{
	if (s->recheck_id[0]) { /* the opened credentials go at once */
		session_close(s);
		session_changed(s);
		return;
	}
	session_stop(s);
	session_oauth_drop(s);
	if (s->form)
		s->form->reveal = false;
	s->step = s->form ? SESSION_FORM : SESSION_CHOOSE;
	s->failed = false;
	session_changed(s);
}

int session_edit(struct session *s)
{
	const char *field = session_error(s)->field;
	int i = field && field[0] && s->sys ? system_field_index(s->sys, field) : -1;
	if (!s->form)
		return -1;
	if (i >= 0)
		s->form->focus = (size_t)i;
	form_focus_next(s->form, 0);
	session_stop(s);
	s->step = SESSION_FORM;
	s->failed = false;
	session_changed(s);
	return i;
}

bool session_trust_choices(const struct session *s, bool *can_pin)
{
	*can_pin = false;
	if (s->step != SESSION_TRUST || !s->probe)
		return false;
	*can_pin = probe_can_pin(s->probe);
	return true;
}

void session_trust_pin(struct session *s)
{
	bool can_pin;
	if (!session_trust_choices(s, &can_pin) || !can_pin)
		return;
	str_copy(s->pin, sizeof(s->pin), probe_tls(s->probe)->pin); /* stored with the connection */
	session_submit(s);
}

bool session_use_cafile(struct session *s, const char *path, char *why, size_t whylen)
{
	if (!path || !*path || access(path, R_OK) != 0) {
		str_copy(why, whylen, _("This file cannot be read. Check the path, e.g. /etc/ssl/company-ca.pem"));
		return false;
	}
	str_copy(s->cafile, sizeof(s->cafile), path);
	session_submit(s);
	return true;
}

const char *session_plain_http_host(const struct session *s)
{
	bool asked = s->failed && s->probe && probe_done(s->probe) && !strcmp(probe_error(s->probe)->code, "address.plain_http");
	return asked ? probe_host(s->probe) : "";
}

void session_allow_plain_http(struct session *s)
{
	if (!session_plain_http_host(s)[0])
		return;
	str_copy(s->plain_http_origin, sizeof(s->plain_http_origin), probe_origin(s->probe));
	session_submit(s);
}

void session_keep_plain_http(struct session *s, const char *origin)
{
	str_copy(s->plain_http_origin, sizeof(s->plain_http_origin), origin ? origin : "");
}

enum session_step session_step(const struct session *s) { return s->step; }
bool session_failed(const struct session *s) { return s->failed; }
const struct system *session_system(const struct session *s) { return s->sys; }
struct form *session_form(const struct session *s) { return s->form; }
const struct probe *session_probe(const struct session *s) { return s->probe; }
const char *session_notice(const struct session *s) { return s->notice; }
const char *session_recheck_id(const struct session *s) { return s->recheck_id; }
const struct data_preview *session_preview(const struct session *s) { return s->preview; }

const char *session_step_name(enum session_step step)
{
	return step < SESSION_STEP_COUNT ? step_names[step] : "?";
}

bool session_running(const struct session *s)
{
	return !s->failed && (s->step == SESSION_SIGN_IN || s->step == SESSION_PROBE || s->step == SESSION_STORE);
}

const struct onr_error *session_error(const struct session *s)
{
	if (s->probe && probe_done(s->probe) && !probe_ok(s->probe) &&
	    (s->step == SESSION_PROBE || s->step == SESSION_TRUST))
		return probe_error(s->probe);
	return &s->err;
}

const struct connect_result *session_result(const struct session *s)
{
	return s->have_result ? &s->result : NULL;
}

struct session_opts wizard_session_opts(const struct wizard_opts *o)
{
	struct session_opts so = {.result_fd = -1};
	if (o) {
		so.system = o->system;
		so.presets = o->presets;
		so.npresets = o->npresets;
		so.result_fd = o->result_fd;
		so.invite = o->invite;
		so.probe.allow_plain_http = o->allow_plain_http;
		so.probe.plain_http_origin = o->plain_http_origin;
	}
	so.preview = true; /* the TUI and line mode show it; `connect` scripts use `onramp orders` */
	return so;
}
