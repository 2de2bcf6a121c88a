/* `onramp validate SYSTEM` and `onramp connect SYSTEM`: the connect session
 * (session.h) fed from arguments, for support engineers and scripts
 * (GUIDE.md 2). */
#include "commands.h"
#include "catalog.h"
#include "connect.h"
#include "form.h"
#include "loop.h"
#include "probe.h"
#include "report.h"
#include "session.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct run {
	const char *cmd, *system, *trace_path, *cafile, *pin;
	bool json, stdin_used, non_interactive;
	long stage_timeout_ms, total_timeout_ms;
	bool cancelled;
};

static const char usage_text[] =
	"usage: onramp %s SYSTEM_ID [--field KEY=VALUE]... [--secret KEY=@FILE | KEY=-]...\n"
	"                [--json] [--trace FILE] [--cafile FILE] [--pin sha256//BASE64]\n"
	"                [--stage-timeout SECONDS] [--timeout SECONDS] [--non-interactive]\n"
	"\n"
	"%s\n"
	"Secrets never go on the command line: --secret KEY=@FILE reads a file,\n"
	"KEY=- reads standard input. `onramp systems ID --json` lists a system's fields.\n"
	"\n"
	"--non-interactive turns the form into a question loop for scripts: while a\n"
	"field is missing or wrong, the answer (with --json) is {\"question\": {field,\n"
	"label, help, secret, error, ...}}; run again with that field answered.\n"
	"\n"
	"Exit codes: 0 success, 2 usage, 3 input, 4 network, 5 tls, 6 auth rejected,\n"
	"7 api or permission, 8 store or seal, 9 cancelled.\n";

static int usage(const char *cmd, FILE *f)
{
	fprintf(f, usage_text, cmd,
		!strcmp(cmd, "connect") ? "Validates the credentials live, seals them to the recipient key, stores the\n"
					  "connection and prints its id and API token (shown once)."
					: "Validates the credentials live, stage by stage, and stores nothing.");
	return f == stdout ? EXIT_OK : EXIT_USAGE;
}

static int usage_error(struct run *r, const char *message, const char *hint)
{
	struct onr_error err;
	error_set(&err, EXIT_USAGE, "", "usage", message, hint, NULL);
	return report_fail(&err, r->json);
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
		return usage_error(r, "A field must be given as KEY=VALUE.", "For example: --field url=https://erp.example.com");
	memcpy(key, arg, (size_t)(eq - arg));
	key[eq - arg] = 0;
	f = system_field(form->sys, key);
	if (!f) {
		str_fmt(msg, sizeof(msg), "%s has no field \"%s\".", form->sys->name, key);
		return usage_error(r, msg, "Run `onramp systems ID --json` to see the system's fields.");
	}
	if (f->secret && !secret) {
		str_fmt(msg, sizeof(msg), "\"%s\" is a secret and cannot be given on the command line.", key);
		return usage_error(r, msg, "Use --secret KEY=@FILE to read it from a file, or --secret KEY=- to read it from standard input.");
	}
	if (!secret)
		return form_set(form, key, eq + 1) < 0 ? usage_error(r, "A value is too long.", "Values are limited to 1,000 characters.") : 0;
	struct secbuf v;
	secbuf_init(&v, FORM_VALUE_MAX);
	int rc = read_secret(r, eq + 1, &v);
	if (rc == 0)
		form_set(form, key, v.p);
	secbuf_free(&v);
	if (rc < 0) {
		str_fmt(msg, sizeof(msg), "The secret \"%s\" could not be read from %s.", key, eq + 1);
		return usage_error(r, msg, "Give --secret KEY=@FILE with a readable file, or KEY=- once to read standard input.");
	}
	return 0;
}

static long seconds(const char *s)
{
	char *end;
	long v = strtol(s ? s : "", &end, 10);
	return s && *s && !*end && v > 0 && v < 3600 ? v * 1000 : -1;
}

static int parse(struct run *r, int argc, char **argv, struct form *form)
{
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
		int rc = 0;
		if (!strcmp(a, "--json"))
			continue;
		if (!strcmp(a, "--non-interactive")) {
			r->non_interactive = true;
			continue;
		}
		if (!next && (!strcmp(a, "--field") || !strcmp(a, "--secret") || !strcmp(a, "--trace") || !strcmp(a, "--cafile") ||
			      !strcmp(a, "--pin") || !strcmp(a, "--timeout") || !strcmp(a, "--stage-timeout")))
			return usage_error(r, "An option is missing its value.", "See onramp validate --help.");
		if (!strcmp(a, "--field"))
			rc = set_field(r, form, argv[++i], false);
		else if (!strcmp(a, "--secret"))
			rc = set_field(r, form, argv[++i], true);
		else if (!strcmp(a, "--trace"))
			r->trace_path = argv[++i];
		else if (!strcmp(a, "--cafile"))
			r->cafile = argv[++i];
		else if (!strcmp(a, "--pin"))
			r->pin = argv[++i];
		else if (!strcmp(a, "--timeout"))
			r->total_timeout_ms = seconds(argv[++i]);
		else if (!strcmp(a, "--stage-timeout"))
			r->stage_timeout_ms = seconds(argv[++i]);
		else
			return usage_error(r, "Unknown option.", "See onramp validate --help.");
		if (rc)
			return rc;
		if (r->total_timeout_ms < 0 || r->stage_timeout_ms < 0)
			return usage_error(r, "A timeout must be a whole number of seconds, 1 to 3599.", NULL);
	}
	return 0;
}

/* The session's next question, for a script to answer (--non-interactive). */
static int ask_question(struct run *r, const struct session *s, int code)
{
	const char *error;
	int i = session_question(s, &error);
	if (r->json) {
		report_print_json(session_question_json(s));
	} else {
		const struct field *f = session_form(s)->f[i].def;
		fprintf(stderr, "Next question: %s (%s)%s%s\n  %s\nAnswer with %s %s=%s\n", f->label, f->key,
			*error ? ": " : "", error, f->help, f->secret ? "--secret" : "--field", f->key,
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
	str_fmt(err.hint, sizeof(err.hint), "Give it with %s %s=%s. %s", f->secret ? "--secret" : "--field", f->key,
		f->secret ? "@FILE (or - for standard input)" : "VALUE", f->help);
	return report_fail(&err, r->json);
}

static void on_cancel(void *arg, int signo)
{
	(void)signo;
	((struct run *)arg)->cancelled = true;
}

/* Runs the session in the loop until it ends or Ctrl-C cancels it. */
static void run_session(struct run *r, struct session *s, FILE *trace)
{
	s->o.probe = (struct probe_opts){r->stage_timeout_ms, r->total_timeout_ms, r->cafile, r->pin, trace, NULL};
	loop_on_signal(s->loop, SIGINT, on_cancel, r);
	loop_on_signal(s->loop, SIGTERM, on_cancel, r);
	session_submit(s);
	while (session_running(s) && !r->cancelled)
		loop_once(s->loop, 1000);
	if (session_running(s)) /* cancelled: nothing was stored */
		session_cancel(s);
	if (*session_notice(s))
		fprintf(stderr, "Note: %s\n", session_notice(s));
}

static void print_stages(const struct probe *p)
{
	for (int i = 0; i < STAGE_COUNT; i++)
		report_stage_line(stderr, p, (enum stage_id)i);
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
		cJSON *tok = cJSON_AddStringToObject(j, "token", res->token.p);
		char *out = cJSON_Print(j);
		fputs(out, stdout);
		fputc('\n', stdout);
		explicit_bzero(out, strlen(out));
		free(out);
		explicit_bzero(tok->valuestring, strlen(tok->valuestring));
		cJSON_Delete(j);
	} else {
		printf("Connected. Connection ID: %s\nAPI token (shown once, copy it now): %s\nSaved in: %s\n", res->id,
		       res->token.p, res->where);
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
		report_print_json(q);
	} else if (!r->json || !store || !probe_ok(p)) {
		r->json ? report_print_json(report_probe_json(p, sys_id)) : print_stages(p);
	}
	if (!probe_ok(p))
		return r->json ? (probe_error(p)->exit ? probe_error(p)->exit : EXIT_API)
			       : (report_error_text(stderr, probe_error(p)), report_tls_text(stderr, p), probe_error(p)->exit);
	if (!store && !r->json)
		fprintf(stderr, "\n%s\n", probe_verified(p) ? "The connection works." :
			"The server answers, but onramp cannot verify these credentials for this system.");
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
		error_set(&err, EXIT_CANCELLED, "", "cancelled", "The check was cancelled.", "Nothing was saved.", NULL);
		return report_fail(&err, r->json);
	}
	if (!p || !probe_done(p)) /* the credit check or the sign-in */
		return report_fail(session_error(s), r->json);
	if ((rc = report_probe(r, s, store)) != EXIT_OK || !store)
		return rc;
	return session_failed(s) ? report_fail(session_error(s), r->json) : print_connected(r, s);
}

static int validate_or_connect(int argc, char **argv, bool store)
{
	struct run r = {.cmd = argv[0]};
	struct catalog cat;
	struct onr_error err;
	const struct system *sys;
	struct session s;
	struct session_opts so = {.validate_only = !store, .no_browser = true, .result_fd = -1};
	struct loop *l;
	FILE *trace = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return usage(argv[0], stdout);
		r.json |= !strcmp(argv[i], "--json");
	}
	if (argc < 2 || argv[1][0] == '-')
		return usage(argv[0], stderr);
	if (catalog_load_default(&cat, &err) < 0)
		return report_fail(&err, r.json);
	if (!(sys = catalog_find(&cat, argv[1]))) {
		char msg[256];
		str_fmt(msg, sizeof(msg), "There is no system with the id \"%s\".", argv[1]);
		error_set(&err, EXIT_INPUT, "", "input.unknown_system", msg,
			  "Find the id with: onramp systems NAME", NULL);
		catalog_free(&cat);
		return report_fail(&err, r.json);
	}
	l = loop_new();
	session_init(&s, l, &so, NULL, NULL);
	if (!session_choose(&s, sys))
		rc = report_fail(session_error(&s), r.json);
	else
		rc = parse(&r, argc, argv, session_form(&s));
	if (!rc && r.trace_path && !(trace = fopen(r.trace_path, "we")))
		rc = usage_error(&r, "The trace file could not be created.", "Check the folder exists and is writable.");
	if (trace)
		fchmod(fileno(trace), 0600);
	if (!rc) {
		run_session(&r, &s, trace);
		rc = report_session(&r, &s, store);
	}
	session_free(&s);
	loop_free(l);
	if (trace)
		fclose(trace);
	catalog_free(&cat);
	return rc;
}

int cmd_validate(int argc, char **argv)
{
	return validate_or_connect(argc, argv, false);
}

int cmd_connect(int argc, char **argv)
{
	return validate_or_connect(argc, argv, true);
}
