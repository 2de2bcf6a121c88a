/* `onramp validate SYSTEM` and `onramp connect SYSTEM`: the connect session
 * (session.h) fed from arguments, for support engineers and scripts
 * (docs/design.md §2). */
#include "commands.h"
#include "i18n_text.h"
#include "i18n.h"
#include "catalog.h"
#include "cli_invite.h"
#include "connect.h"
#include "form.h"
#include "loop.h"
#include "probe.h"
#include "print.h"
#include "report_json.h"
#include "session.h"
#include "invite_use.h"
#include "sync/sync.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct run {
	const struct cli_args *args;
	const char *system, *trace_path, *cafile, *pin;
	bool json, stdin_used, non_interactive, allow_plain_http;
	long stage_timeout_ms, total_timeout_ms;
	bool cancelled;
};

const struct cli_opt connect_opts[] = {
	{"--field", "KEY=VALUE", N_("a form field; repeat for more")},
	{"--secret", "KEY=@FILE|KEY=-", N_("a secret field from FILE, or stdin (once)")},
	{"--json", NULL, N_("one JSON object: ok, system, stages, tls, error")},
	{"--trace", "FILE", N_("requests and timings, every secret redacted")},
	{"--cafile", "FILE", N_("trust the company CA in FILE")},
	{"--pin", "sha256//BASE64", N_("trust exactly the server key with this pin")},
	{"--allow-plain-http", NULL, N_("yes: credentials may go unencrypted (http://)")},
	{"--stage-timeout", "S", N_("seconds per stage, 1 to 3599 (default 15)")},
	{"--timeout", "S", N_("seconds for the whole check (default 45)")},
	{"--non-interactive", NULL, N_("a field missing or wrong: print the next question")},
	{"--invite", "CODE|@FILE", N_("connect: a platform's invite (no SYSTEM_ID then)")},
	{"--platform-key", "FINGERPRINT", N_("confirm a new platform's invite key once")},
	{NULL},
};

#define VALIDATE_OPTIONS \
	"[--field KEY=VALUE]... [--json]\n" \
	"                [--secret KEY=@FILE | KEY=-]... [--trace FILE]\n" \
	"                [--cafile FILE] [--pin sha256//BASE64]\n" \
	"                [--stage-timeout S] [--timeout S] [--non-interactive]"

#define VALIDATE_NOTES N_( \
	"Secrets never go on the command line: --secret KEY=@FILE reads a file,\n" \
	"KEY=- reads standard input. `onramp systems ID --json` lists a system's fields.\n" \
	"\n" \
	"--non-interactive turns the form into a question loop for scripts: while a\n" \
	"field is missing or wrong, the answer (with --json) is {\"question\": {field,\n" \
	"label, help, secret, error, ...}}; run again with that field answered.")

static int usage_error(struct run *r, const char *message, const char *hint)
{
	return cli_usage(r->args, hint, "%s", message);
}

/* Reads a secret from "@FILE" or "-" (stdin) straight into secure memory,
 * with read(2) so no stdio buffer keeps a copy. */
static int read_secret(struct run *r, const char *spec, struct secbuf *out)
{
	int fd = 0;
	char chunk[256];
	ssize_t n;
	if (!strcmp(spec, "-")) {
		if (r->stdin_used)
			return -1;
		r->stdin_used = true;
	} else if (spec[0] == '@') {
		if ((fd = open(spec + 1, O_RDONLY | O_CLOEXEC)) < 0)
			return -1;
	} else {
		return -1;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			secbuf_add(out, chunk, (size_t)n);
	explicit_bzero(chunk, sizeof(chunk));
	if (fd)
		close(fd);
	while (out->len && (out->p[out->len - 1] == '\n' || out->p[out->len - 1] == '\r'))
		out->p[--out->len] = 0;
	return n < 0 || out->overflow ? -1 : 0;
}

static int set_field(struct run *r, struct form *form, const char *arg, bool secret)
{
	const char *eq = strchr(arg, '=');
	char key[64], msg[256];
	const struct field *f;
	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(key))
		return usage_error(r, _("A field must be given as KEY=VALUE."), _("For example: --field url=https://erp.example.com"));
	memcpy(key, arg, (size_t)(eq - arg));
	key[eq - arg] = 0;
	f = system_field(form->sys, key);
	if (!f) {
		str_fmt(msg, sizeof(msg), _("%s has no field \"%s\"."), form->sys->name, key);
		return usage_error(r, msg, _("Run `onramp systems ID --json` to see the system's fields."));
	}
	if (form->f[system_field_index(form->sys, key)].locked) {
		str_fmt(msg, sizeof(msg), _("\"%s\" is set by the invite and cannot be changed."), key);
		return usage_error(r, msg, _("Leave it out: the invite fills it in."));
	}
	if (f->secret && !secret) {
		str_fmt(msg, sizeof(msg), _("\"%s\" is a secret and cannot be given on the command line."), key);
		return usage_error(r, msg, _("Use --secret KEY=@FILE to read it from a file, or --secret KEY=- to read it from standard input."));
	}
	if (!secret)
		return form_set(form, key, eq + 1) < 0 ? usage_error(r, _("A value is too long."), _("Values are limited to 1,000 characters.")) : 0;
	struct secbuf v;
	secbuf_init(&v, FORM_VALUE_MAX);
	int rc = read_secret(r, eq + 1, &v);
	if (rc == 0)
		form_set(form, key, v.p);
	secbuf_free(&v);
	if (rc < 0) {
		str_fmt(msg, sizeof(msg), _("The secret \"%s\" could not be read from %s."), key, eq + 1);
		return usage_error(r, msg, _("Give --secret KEY=@FILE with a readable file, or KEY=- once to read standard input."));
	}
	return 0;
}

/* A timeout in milliseconds, or -1 when s is not 1 to 3599 seconds. */
static long seconds(const char *s)
{
	long v;
	return s ? (cli_number(s, 1, 3599, &v) ? v * 1000 : -1) : 0;
}

/* The options in argv order: fields and secrets fill the form as given,
 * so standard input is read at most once, where it was named. */
static int parse(struct run *r, struct form *form)
{
	const struct cli_args *a = r->args;
	for (int i = 0; i < a->ngiven; i++) {
		const char *name = a->given[i].opt->name;
		bool secret = !strcmp(name, "--secret");
		int rc = secret || !strcmp(name, "--field") ? set_field(r, form, a->given[i].value, secret) : 0;
		if (rc)
			return rc;
	}
	r->non_interactive = cli_flag(a, "--non-interactive");
	r->trace_path = cli_value(a, "--trace");
	r->cafile = cli_value(a, "--cafile");
	r->pin = cli_value(a, "--pin");
	r->allow_plain_http = cli_flag(a, "--allow-plain-http");
	r->total_timeout_ms = seconds(cli_value(a, "--timeout"));
	r->stage_timeout_ms = seconds(cli_value(a, "--stage-timeout"));
	if (r->total_timeout_ms < 0 || r->stage_timeout_ms < 0)
		return usage_error(r, _("A timeout must be a whole number of seconds, 1 to 3599."), NULL);
	return 0;
}

/* The session's next question, for a script to answer (--non-interactive). */
static int ask_question(struct run *r, const struct session *s, int code)
{
	const char *error;
	int i = session_question(s, &error);
	if (r->json) {
		print_json(session_question_json(s));
	} else {
		const struct field *f = session_form(s)->f[i].def;
		fprintf(stderr, _("Next question: %s (%s)%s%s\n  %s\nAnswer with %s %s=%s\n"), i18n_text(f->label), f->key,
			*error ? ": " : "", error, i18n_text(f->help), f->secret ? "--secret" : "--field", f->key,
			f->secret ? "@FILE" : "VALUE");
	}
	return code;
}

/* A field missing or wrong: say which, with the option that fills it. */
static int missing_fields(struct run *r, const struct session *s)
{
	const char *problem;
	int bad = session_question(s, &problem);
	if (r->non_interactive)
		return ask_question(r, s, EXIT_INPUT);
	const struct field *f = session_form(s)->f[bad].def;
	struct onr_error err = *session_error(s);
	str_fmt(err.hint, sizeof(err.hint), _("Give it with %s %s=%s. %s"), f->secret ? "--secret" : "--field", f->key,
		f->secret ? _("@FILE (or - for standard input)") : "VALUE", i18n_text(f->help));
	return print_fail(&err, r->json);
}

static void on_cancel(void *arg, int signo)
{
	(void)signo;
	((struct run *)arg)->cancelled = true;
}

static char kept_plain_http[320]; /* cmd_connect_keep_plain_http */

void cmd_connect_keep_plain_http(const char *origin)
{
	str_copy(kept_plain_http, sizeof(kept_plain_http), origin ? origin : "");
}

/* Runs the session in the loop until it ends or Ctrl-C cancels it. */
static void run_session(struct run *r, struct session *s, FILE *trace)
{
	s->o.probe = (struct probe_opts){r->stage_timeout_ms, r->total_timeout_ms, r->cafile, r->pin, trace, NULL,
					 r->allow_plain_http, *kept_plain_http ? kept_plain_http : NULL};
	loop_on_signal(s->loop, SIGINT, on_cancel, r);
	loop_on_signal(s->loop, SIGTERM, on_cancel, r);
	session_submit(s);
	while (session_running(s) && !r->cancelled)
		loop_once(s->loop, 1000);
	if (session_running(s)) /* cancelled: nothing was stored */
		session_cancel(s);
	if (*session_notice(s))
		fprintf(stderr, _("Note: %s\n"), session_notice(s));
}

static void print_stages(const struct probe *p)
{
	for (int i = 0; i < STAGE_COUNT; i++)
		print_stage_line(stderr, p, (enum stage_id)i);
}

static int print_connected(struct run *r, const struct session *s)
{
	const struct connect_result *res = session_result(s);
	if (r->json) {
		cJSON *j = cJSON_CreateObject(), *c = cJSON_AddObjectToObject(j, "connection");
		cJSON_AddBoolToObject(j, "ok", true);
		cJSON_AddStringToObject(c, "id", res->id);
		cJSON_AddStringToObject(c, "system", session_system(s)->id);
		cJSON_AddStringToObject(c, "saved_in", res->where);
		cJSON_AddStringToObject(c, "schedule", schedule_default(session_system(s)->id));
		print_json_secret(j, cJSON_AddStringToObject(j, "token", res->token.p));
	} else {
		printf(_("Connected. Connection ID: %s\nAPI token (shown once, copy it now): %s\nSaved in: %s\n"), res->id,
		       res->token.p, res->where);
		if (schedule_default_sentence(session_system(s)->id))
			printf("%s\n", schedule_default_sentence(session_system(s)->id));
	}
	fflush(stdout);
	return EXIT_OK;
}

/* The probe's report: its stages, or the question its failure asks. */
static int report_probe(struct run *r, const struct session *s, bool store)
{
	const struct probe *p = session_probe(s);
	const char *sys_id = session_system(s)->id, *problem;
	if (r->non_interactive && r->json && !probe_ok(p) && session_question(s, &problem) >= 0) {
		cJSON *q = session_question_json(s);
		cJSON_AddItemToObject(q, "check", report_probe_json(p, sys_id));
		print_json(q);
	} else if (!r->json || !store || !probe_ok(p)) {
		r->json ? print_json(report_probe_json(p, sys_id)) : print_stages(p);
	}
	if (!probe_ok(p))
		return r->json ? (probe_error(p)->exit ? probe_error(p)->exit : EXIT_API)
			       : (print_error_text(stderr, probe_error(p)), print_tls_text(stderr, p), probe_error(p)->exit);
	if (!store && !r->json)
		fprintf(stderr, "\n%s\n", probe_verified(p) ? _("The connection works.") :
			_("The server answers, but onramp cannot verify these credentials for this system."));
	return EXIT_OK;
}

/* What the session ended with, printed for a person or a script. */
static int report_session(struct run *r, const struct session *s, bool store)
{
	const struct probe *p = session_probe(s);
	struct onr_error err;
	int rc;
	if (session_step(s) == SESSION_FORM && session_failed(s))
		return missing_fields(r, s);
	if (!session_failed(s) && session_step(s) != SESSION_RESULT) {
		error_set(&err, EXIT_CANCELLED, "", "cancelled.by_user", _("The check was cancelled."), _("Nothing was saved."), NULL);
		return print_fail(&err, r->json);
	}
	if (!p || !probe_done(p)) /* the credit check or the sign-in */
		return print_fail(session_error(s), r->json);
	if ((rc = report_probe(r, s, store)) != EXIT_OK || !store)
		return rc;
	if (session_failed(s))
		return print_fail(session_error(s), r->json);
	return s->o.invite ? cli_invite_report((struct session *)s, r->json) : print_connected(r, s);
}

/* connect --invite: the system, presets and locks come from the invite;
 * else the SYSTEM_ID argument. 0, or the exit code after printing why not. */
static int invite_or_system(struct run *r, bool store, struct session_opts *so, struct invite *inv, struct loop **l)
{
	const struct cli_args *a = r->args;
	bool invited = cli_value(a, "--invite") != NULL;
	int rc;
	if (invited && (!store || a->npos))
		return usage_error(r, store ? _("With --invite, leave out SYSTEM_ID: the invite names the system.")
					    : _("--invite goes with onramp connect."), NULL);
	if (!invited && a->npos != 1)
		return usage_error(r, _("Name the system: onramp connect SYSTEM_ID (or --invite CODE|@FILE)."), NULL);
	*l = loop_new();
	if (!invited)
		return 0;
	if ((rc = cli_invite_take(a, *l, false, inv)) != 0) {
		loop_free(*l);
		return rc;
	}
	so->invite = inv;
	so->system = inv->system;
	so->npresets = invite_presets(inv, &so->presets);
	return 0;
}

static int validate_or_connect(const struct cli_args *a, bool store)
{
	struct run r = {.args = a, .json = a->json};
	struct catalog cat;
	struct onr_error err;
	const struct system *sys;
	struct session s;
	struct session_opts so = {.validate_only = !store, .no_browser = true, .result_fd = -1};
	struct loop *l = NULL;
	FILE *trace = NULL;
	int rc;

	struct invite inv = {0};
	const char *sys_id = a->npos ? a->pos[0] : NULL;
	if ((rc = invite_or_system(&r, store, &so, &inv, &l)) != 0)
		return rc;
	sys_id = so.invite ? inv.system : sys_id;
	if (catalog_load_one(&cat, sys_id ? sys_id : "", &err) < 0) {
		invite_free(&inv);
		loop_free(l);
		return print_fail(&err, r.json);
	}
	if (!(sys = catalog_find(&cat, sys_id))) {
		char msg[256];
		str_fmt(msg, sizeof(msg), _("There is no system with the id \"%s\"."), sys_id);
		error_set(&err, EXIT_INPUT, "", "input.unknown_system", msg,
			  _("Find the id with: onramp systems NAME"), NULL);
		catalog_free(&cat);
		invite_free(&inv);
		loop_free(l);
		return print_fail(&err, r.json);
	}
	session_init(&s, l, &so, NULL, NULL);
	if (!session_choose(&s, sys))
		rc = print_fail(session_error(&s), r.json);
	else
		rc = parse(&r, session_form(&s));
	if (!rc && r.trace_path && !(trace = fopen(r.trace_path, "we")))
		rc = usage_error(&r, _("The trace file could not be created."), _("Check the folder exists and is writable."));
	if (trace)
		fchmod(fileno(trace), 0600);
	if (!rc) {
		run_session(&r, &s, trace);
		rc = report_session(&r, &s, store);
	}
	session_free(&s);
	invite_free(&inv);
	loop_free(l);
	if (trace)
		fclose(trace);
	catalog_free(&cat);
	return rc;
}

static int run_validate(const struct cli_args *a)
{
	return validate_or_connect(a, false);
}

static int run_connect(const struct cli_args *a)
{
	return validate_or_connect(a, true);
}

const struct cli_command cmd_validate_entry = {
	.name = "validate",
	.args = "SYSTEM_ID",
	.usage = "onramp validate SYSTEM_ID " VALIDATE_OPTIONS,
	.about = N_("Validates the credentials live, stage by stage, and stores nothing."),
	.notes = VALIDATE_NOTES,
	.opts = connect_opts,
	.min_args = 1,
	.max_args = 1,
	.run = run_validate,
};

const struct cli_command cmd_connect_entry = {
	.name = "connect",
	.args = "SYSTEM_ID",
	.usage = N_("onramp connect SYSTEM_ID  (options as for validate)\n"
		 "onramp connect --invite CODE|@FILE [--platform-key FINGERPRINT] ..."),
	.about = N_("Validates the credentials live, seals them to the recipient key, stores the\n"
		 "connection and prints its id and API token (shown once). With --invite, the\n"
		 "platform's invite names the system, presets and locks; the result is sealed to\n"
		 "the platform and delivered to it (no token here)."),
	.notes = VALIDATE_NOTES,
	.opts = connect_opts,
	.min_args = 0,
	.max_args = 1,
	.run = run_connect,
};
