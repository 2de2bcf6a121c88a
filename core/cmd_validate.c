/* `onramp validate SYSTEM` and `onramp connect SYSTEM`: the wizard's flow
 * without a screen, for support engineers and scripts (GUIDE.md 2). */
#include "commands.h"
#include "catalog.h"
#include "connect.h"
#include "form.h"
#include "loop.h"
#include "probe.h"
#include "report.h"
#include "sync/sync.h"
#include "typo.h"
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

/* The question loop (rclone-style): the next thing the wizard would ask,
 * so a script can drive any system's form without knowing its fields. */
static cJSON *question_json(const struct form *form, int i, const char *error)
{
	const struct field *f = form->f[i].def;
	cJSON *q = cJSON_CreateObject(), *answered = cJSON_CreateArray(), *j = cJSON_CreateObject();
	cJSON_AddStringToObject(q, "field", f->key);
	cJSON_AddStringToObject(q, "label", f->label);
	cJSON_AddStringToObject(q, "help", f->help);
	cJSON_AddStringToObject(q, "kind", f->kind == FIELD_URL ? "url" : f->kind == FIELD_NUMBER ? "number" :
					  f->kind == FIELD_EMAIL ? "email" : "text");
	cJSON_AddBoolToObject(q, "required", f->required);
	cJSON_AddBoolToObject(q, "secret", f->secret);
	cJSON_AddStringToObject(q, "default", f->def);
	cJSON_AddStringToObject(q, "placeholder", f->placeholder);
	cJSON_AddStringToObject(q, "answer_with", f->secret ? "--secret KEY=@FILE or --secret KEY=-" : "--field KEY=VALUE");
	if (error && *error)
		cJSON_AddStringToObject(q, "error", error);
	else
		cJSON_AddNullToObject(q, "error");
	for (size_t k = 0; k < form->n; k++)
		if (form->f[k].value.len && (int)k != i)
			cJSON_AddItemToArray(answered, cJSON_CreateString(form->f[k].def->key));
	cJSON_AddBoolToObject(j, "ok", false);
	cJSON_AddStringToObject(j, "system", form->sys->id);
	cJSON_AddItemToObject(j, "question", q);
	cJSON_AddItemToObject(j, "answered", answered);
	return j;
}

static int ask_question(struct run *r, const struct form *form, int i, const char *error, int code)
{
	if (r->json) {
		report_print_json(question_json(form, i, error));
	} else {
		const struct field *f = form->f[i].def;
		fprintf(stderr, "Next question: %s (%s)%s%s\n  %s\nAnswer with %s %s=%s\n", f->label, f->key,
			error && *error ? ": " : "", error ? error : "", f->help, f->secret ? "--secret" : "--field", f->key,
			f->secret ? "@FILE" : "VALUE");
	}
	return code;
}

/* Required fields left empty: say which, with the option that fills it. */
static int missing_fields(struct run *r, struct form *form)
{
	int bad;
	form_check(form, true);
	if ((bad = form_first_problem(form)) < 0)
		return 0;
	if (r->non_interactive)
		return ask_question(r, form, bad, form->f[bad].value.len ? form->f[bad].problem : NULL, EXIT_INPUT);
	const struct field *f = form->f[bad].def;
	struct onr_error err;
	char msg[256], hint[300];
	str_fmt(msg, sizeof(msg), "%s: %s.", f->label, form->f[bad].problem);
	str_fmt(hint, sizeof(hint), "Give it with %s %s=%s. %s", f->secret ? "--secret" : "--field", f->key,
		f->secret ? "@FILE (or - for standard input)" : "VALUE", f->help);
	error_set(&err, EXIT_INPUT, "address", "input.invalid", msg, hint, f->key);
	return report_fail(&err, r->json);
}

static void on_cancel(void *arg, int signo)
{
	(void)signo;
	((struct run *)arg)->cancelled = true;
}

static int run_probe(struct run *r, const struct system *sys, struct form *form, struct probe **out)
{
	struct loop *l = loop_new();
	FILE *trace = NULL;
	struct probe_opts o = {r->stage_timeout_ms, r->total_timeout_ms, r->cafile, r->pin, NULL};
	if (r->trace_path && !(trace = fopen(r->trace_path, "we")))
		return usage_error(r, "The trace file could not be created.", "Check the folder exists and is writable.");
	if (trace)
		fchmod(fileno(trace), 0600);
	o.trace = trace;
	loop_on_signal(l, SIGINT, on_cancel, r);
	loop_on_signal(l, SIGTERM, on_cancel, r);
	struct probe *p = probe_start(l, sys, form, &o, NULL, NULL);
	while (!probe_done(p) && !r->cancelled)
		loop_once(l, 1000);
	if (!probe_done(p)) { /* cancelled: nothing was stored */
		probe_free(p);
		p = NULL;
	}
	*out = p;
	loop_free(l);
	if (trace)
		fclose(trace);
	return 0;
}

static void print_stages(const struct probe *p)
{
	for (int i = 0; i < STAGE_COUNT; i++)
		report_stage_line(stderr, p, (enum stage_id)i);
}

static int store_and_print(struct run *r, struct form *form)
{
	struct connect_result res;
	struct onr_error err;
	if (connect_store(form, r->pin, r->cafile, &res, &err) < 0) {
		connect_result_free(&res);
		return report_fail(&err, r->json);
	}
	if (r->json) {
		cJSON *j = cJSON_CreateObject(), *c = cJSON_AddObjectToObject(j, "connection");
		cJSON_AddBoolToObject(j, "ok", true);
		cJSON_AddStringToObject(c, "id", res.id);
		cJSON_AddStringToObject(c, "system", form->sys->id);
		cJSON_AddStringToObject(c, "saved_in", res.where);
		cJSON_AddStringToObject(c, "schedule", schedule_default(form->sys->id));
		cJSON *tok = cJSON_AddStringToObject(j, "token", res.token.p);
		char *s = cJSON_Print(j);
		fputs(s, stdout);
		fputc('\n', stdout);
		explicit_bzero(s, strlen(s));
		free(s);
		explicit_bzero(tok->valuestring, strlen(tok->valuestring));
		cJSON_Delete(j);
	} else {
		printf("Connected. Connection ID: %s\nAPI token (shown once, copy it now): %s\nSaved in: %s\n", res.id,
		       res.token.p, res.where);
		if (*schedule_default(form->sys->id))
			printf("Its purchase orders sync hourly; the first sync runs as soon as \"onramp agent\" "
			       "(or \"onramp sync --due\") runs.\n");
	}
	fflush(stdout);
	connect_result_free(&res);
	return EXIT_OK;
}

static int validate_or_connect(int argc, char **argv, bool store)
{
	struct run r = {.cmd = argv[0]};
	struct catalog cat;
	struct onr_error err;
	struct probe *p = NULL;
	const struct system *sys;
	struct form *form;
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
	form = form_new(sys);
	rc = parse(&r, argc, argv, form);
	char notice[400];
	if (!rc && typo_tidy_urls(form, notice, sizeof(notice)))
		fprintf(stderr, "Note: %s\n", notice);
	if (!rc)
		rc = missing_fields(&r, form);
	if (!rc && store && connect_precheck(sys, &err) < 0)
		rc = report_fail(&err, r.json);
	if (!rc)
		rc = run_probe(&r, sys, form, &p);
	if (!rc && !p) {
		error_set(&err, EXIT_CANCELLED, "", "cancelled", "The check was cancelled.", "Nothing was saved.", NULL);
		rc = report_fail(&err, r.json);
	} else if (!rc) {
		int fix = probe_ok(p) ? -1 : system_field_index(sys, probe_error(p)->field);
		if (r.non_interactive && fix >= 0 && r.json) {
			cJSON *q = question_json(form, fix, probe_error(p)->message);
			cJSON_AddItemToObject(q, "check", report_probe_json(p, sys->id));
			report_print_json(q);
		} else if (!r.json || !store || !probe_ok(p))
			r.json ? report_print_json(report_probe_json(p, sys->id)) : print_stages(p);
		if (!probe_ok(p))
			rc = r.json ? (probe_error(p)->exit ? probe_error(p)->exit : EXIT_API)
				    : (report_error_text(stderr, probe_error(p)), report_tls_text(stderr, p), probe_error(p)->exit);
		else if (store)
			rc = store_and_print(&r, form);
		else if (!r.json)
			fprintf(stderr, "\n%s\n", probe_verified(p) ? "The connection works." :
				"The server answers, but onramp cannot verify these credentials for this system.");
	}
	probe_free(p);
	form_free(form);
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
