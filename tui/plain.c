#include "plain.h"
#include "connect.h"
#include "loop.h"
#include "oauth_flow.h"
#include "probe.h"
#include "../cli/print.h"
#include "result_file.h"
#include "search.h"
#include "util.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define SHOW_MAX 10 /* never a numbered list of 2,000 */

/* Reads one line from stdin into out; false at end of input. */
static bool ask(const char *prompt, char *out, size_t size)
{
	printf("%s", prompt);
	fflush(stdout);
	if (!fgets(out, (int)size, stdin))
		return false;
	out[strcspn(out, "\r\n")] = 0;
	return true;
}

/* Reads a secret without echo, straight into secure memory. */
static bool ask_secret(const char *prompt, struct secbuf *out)
{
	struct termios old, quiet;
	bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
	char c;
	ssize_t n;
	if (tty) { /* echo off first, so nothing typed ahead is shown */
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(STDIN_FILENO, TCSADRAIN, &quiet);
	}
	printf("%s", prompt);
	fflush(stdout);
	while ((n = read(STDIN_FILENO, &c, 1)) == 1 && c != '\n')
		if (c != '\r')
			secbuf_add(out, &c, 1);
	c = 0;
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		putchar('\n');
	}
	return n == 1 || out->len > 0;
}

static const struct system *choose_system(struct catalog *cat, struct search *s)
{
	char query[128], answer[128];
	size_t idx[SHOW_MAX], total, shown;
	if (!ask("Search for a system (its name, vendor or an abbreviation): ", query, sizeof(query)))
		return NULL;
	for (;;) {
		total = search_run(s, query, NULL, NULL, 0, idx, SHOW_MAX);
		shown = total < SHOW_MAX ? total : SHOW_MAX;
		if (!total)
			printf("No system matches \"%s\". Try fewer letters or the vendor's name.\n", query);
		else
			printf("%zu match%s%s:\n", total, total == 1 ? "" : "es", total > shown ? ", the best 10" : "");
		for (size_t i = 0; i < shown; i++) {
			const struct system *sys = &cat->systems[idx[i]];
			printf("  %zu) %s (%s, %s)%s\n", i + 1, sys->name, sys->vendor, sys->category,
			       system_usable(sys) ? "" : " - not available yet");
		}
		if (!ask(total ? "Type a number to choose, or a new search: " : "New search: ", answer, sizeof(answer)))
			return NULL;
		char *end;
		long n = strtol(answer, &end, 10);
		if (*answer && !*end && n >= 1 && (size_t)n <= shown) {
			const struct system *sys = &cat->systems[idx[n - 1]];
			if (system_usable(sys))
				return sys;
			printf("%s is not available in onramp yet: its sign-in method is still being built.\n", sys->name);
			continue;
		}
		if (*answer)
			str_copy(query, sizeof(query), answer);
	}
}

static bool read_value(bool secret, const char *prompt, struct secbuf *v)
{
	char line[FORM_VALUE_MAX];
	if (secret)
		return ask_secret(prompt, v);
	if (!ask(prompt, line, sizeof(line)))
		return false;
	secbuf_adds(v, line);
	return true;
}

/* Asks one field until its value passes the checks. */
static bool ask_field(struct form *f, size_t i)
{
	struct form_field *ff = &f->f[i];
	const struct field *d = ff->def;
	const char *req = d->required ? " (required)" : "";
	char prompt[FORM_VALUE_MAX + 200];
	if (ff->locked)
		return true;
	for (;;) {
		struct secbuf v;
		bool got;
		printf("  %s\n", d->help);
		if (ff->value.len && !d->secret) /* Enter keeps the value shown */
			str_fmt(prompt, sizeof(prompt), "%s%s [%s]: ", d->label, req, ff->value.p);
		else
			str_fmt(prompt, sizeof(prompt), "%s%s%s: ", d->label, req, d->secret ? " (hidden as you type)" : "");
		secbuf_init(&v, FORM_VALUE_MAX);
		got = read_value(d->secret, prompt, &v);
		if (got && (v.len || !ff->value.len))
			form_set(f, d->key, v.p);
		secbuf_free(&v);
		if (!got)
			return false;
		ff->touched = true;
		form_check_field(ff);
		if (!ff->problem[0])
			return true;
		printf("  ! %s\n", ff->problem);
	}
}

static bool ask_all(struct form *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (!ask_field(f, i))
			return false;
	return true;
}

struct live {
	struct probe *p;
	int printed;
	bool cancelled;
	struct oauth_flow flow; /* the browser sign-in; outlives the probe */
	bool have_flow;
};

/* A browser code works once: each check gets a new sign-in. */
static void live_end(struct live *lv)
{
	probe_free(lv->p);
	lv->p = NULL;
	if (lv->have_flow)
		oauth_flow_end(&lv->flow);
	lv->have_flow = false;
}

/* Prints each stage once it has finished, in order. */
static void on_change(void *arg)
{
	struct live *lv = arg;
	while (lv->p && lv->printed < STAGE_COUNT) {
		const struct stage *s = probe_stage(lv->p, (enum stage_id)lv->printed);
		if (s->status == STAGE_PENDING || s->status == STAGE_RUNNING)
			break;
		print_stage_line(stdout, lv->p, (enum stage_id)lv->printed);
		lv->printed++;
	}
	fflush(stdout);
}

static void on_sigint(void *arg, int signo)
{
	(void)signo;
	((struct live *)arg)->cancelled = true;
}

static struct probe *check(struct form *f, struct live *lv)
{
	struct loop *l = loop_new();
	struct probe_opts opts = {0};
	*lv = (struct live){0};
	loop_on_signal(l, SIGINT, on_sigint, lv);
	if (oauth_needs_browser(f)) {
		lv->have_flow = true;
		if (plain_browser_sign_in(l, f, &lv->flow, &lv->cancelled) < 0) {
			printf("\nStopped before the browser sign-in finished. Your answers are kept.\n");
			live_end(lv);
			loop_free(l);
			return NULL;
		}
		opts.grant = &lv->flow.grant;
	}
	printf("Checking the connection (Ctrl-C cancels):\n");
	lv->p = probe_start(l, f->sys, f, &opts, on_change, lv);
	on_change(lv);
	while (!probe_done(lv->p) && !lv->cancelled)
		loop_once(l, 500);
	on_change(lv);
	if (!probe_done(lv->p)) {
		live_end(lv);
		printf("Cancelled. Your answers are kept.\n");
	}
	loop_free(l);
	return lv->p;
}

static int finish(struct form *f, int result_fd)
{
	struct connect_result res;
	struct onr_error err;
	if (connect_store(f, NULL, NULL, &res, &err) < 0) {
		print_error_text(stdout, &err);
		result_write_error(result_fd, &err);
		connect_result_free(&res);
		return err.exit;
	}
	printf("\nConnected. Connection ID: %s\nAPI token (shown once, copy it now): %s\nSaved in: %s\n", res.id, res.token.p, res.where);
	result_write_ok(result_fd, f->sys->id, res.id, res.token.p);
	connect_result_free(&res);
	return EXIT_OK;
}

/* After a failure: edit the field it names, retry, or start over. */
static int after_failure(struct form *f, const struct probe *p)
{
	char answer[32];
	const char *field = probe_error(p)->field;
	print_error_text(stdout, probe_error(p));
	print_tls_text(stdout, p);
	for (;;) {
		if (!ask("\nWhat now? e = edit details, r = retry, s = choose another system, q = quit: ", answer, sizeof(answer)))
			return 'q';
		if (answer[0] == 'e') {
			int i = field[0] ? system_field_index(f->sys, field) : -1;
			if (i >= 0 ? !ask_field(f, (size_t)i) : !ask_all(f))
				return 'q';
			return 'r';
		}
		if (strchr("rsq", answer[0]) && answer[0])
			return answer[0];
	}
}

int plain_run(struct catalog *cat, const struct wizard_opts *o)
{
	struct search *s = search_new(cat);
	int rc = EXIT_CANCELLED;
	struct onr_error err;
	printf("onramp, line mode. Answer each question and press Enter; Ctrl-D stops.\n\n");
	for (bool again = true; again;) {
		const struct system *sys = o->system ? catalog_find(cat, o->system) : choose_system(cat, s);
		if (!sys)
			break;
		struct form *f = form_new(sys);
		wizard_apply_presets(o, f);
		printf("\n%s needs: %s\n%s\n\n", sys->name, sys->needs, sys->where);
		int next = 'r';
		if (connect_precheck(sys, &err) < 0) {
			print_error_text(stdout, &err);
			next = 'q', rc = err.exit;
		} else if (!ask_all(f)) {
			next = 'q';
		}
		while (next == 'r') {
			struct live lv;
			struct probe *p = check(f, &lv);
			if (!p) {
				next = 'q';
				break;
			}
			if (probe_ok(p)) {
				probe_keep_refresh_token(p, f);
				rc = finish(f, o->result_fd);
				next = 'q';
			} else {
				result_write_error(o->result_fd, probe_error(p));
				rc = probe_error(p)->exit;
				next = after_failure(f, p);
			}
			live_end(&lv);
		}
		form_free(f);
		again = next == 's' && !o->system;
	}
	search_free(s);
	return rc;
}
