/* plain.c: line mode. It asks the connect session's questions one line at
 * a time and prints each stage as it finishes; the attempt itself is
 * core's session (session.h), the same as the full-screen TUI's. */
#include "plain.h"
#include "i18n_text.h"
#include "i18n.h"
#include "alias_pick.h"
#include "oauth_flow.h"
#include "preview_view.h"
#include "utf8.h"
#include "../cli/print.h"
#include "search.h"
#include "store.h"
#include "sync.h"
#include "util.h"
#include "sender.h"
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

static const struct system *choose_system(struct catalog *cat, struct search *s, char *query, size_t qsize)
{
	char answer[128];
	size_t idx[SHOW_MAX], total, shown;
	if (!ask(_("Search for a system (its name, vendor or an abbreviation): "), query, qsize))
		return NULL;
	for (;;) {
		total = search_run(s, query, NULL, NULL, 0, idx, SHOW_MAX);
		shown = total < SHOW_MAX ? total : SHOW_MAX;
		if (!total)
			printf(_("No system matches \"%s\". Try fewer letters or the vendor's name.\n"), query);
		else if (search_needs_typo(s, idx[0], query)) /* the same words as the list and `systems` */
			printf(_("No exact match for \"%s\"; did you mean %s?\n"), query, cat->systems[idx[0]].name);
		else
			printf(NG_("%zu match%s:\n", "%zu matches%s:\n", total), total, total > shown ? _(", the best 10") : "");
		for (size_t i = 0; i < shown; i++) {
			const struct system *sys = &cat->systems[idx[i]];
			printf(_("  %zu) %s (%s, %s)%s\n"), i + 1, sys->name, sys->vendor, sys->category,
			       system_usable(sys) ? "" : _(" - not available yet"));
		}
		if (!ask(total ? _("Type a number to choose, or a new search: ") : _("New search: "), answer, sizeof(answer)))
			return NULL;
		char *end;
		long n = strtol(answer, &end, 10);
		if (*answer && !*end && n >= 1 && (size_t)n <= shown) {
			const struct system *sys = catalog_at(cat, idx[n - 1]);
			if (system_usable(sys))
				return sys;
			printf(_("%s is not available in onramp yet: its sign-in method is still being built.\n"), sys->name);
			continue;
		}
		if (*answer)
			str_copy(query, qsize, answer);
	}
}

static bool read_value(bool secret, const char *prompt, struct secbuf *v)
{
	char line[FORM_VALUE_MAX];
	if (secret)
		return ask_secret(prompt, v);
	if (!ask(prompt, line, sizeof(line)))
		return false;
	/* blanks around a pasted value are never part of it */
	size_t b = strspn(line, " \t"), e = strlen(line);
	while (e > b && (line[e - 1] == ' ' || line[e - 1] == '\t'))
		e--;
	line[e] = 0;
	secbuf_adds(v, line + b);
	return true;
}

/* Asks one field until its value passes the checks. */
static bool ask_field(struct form *f, size_t i)
{
	struct form_field *ff = &f->f[i];
	const struct field *d = ff->def;
	const char *req = d->required ? _(" (required)") : "";
	char prompt[FORM_VALUE_MAX + 200];
	if (ff->locked)
		return true;
	for (;;) {
		struct secbuf v;
		bool got;
		print_wrapped(stdout, "  ", i18n_text(d->help));
		if (ff->value.len && !d->secret) /* Enter keeps the value shown */
			str_fmt(prompt, sizeof(prompt), "%s%s [%s]: ", i18n_text(d->label), req, ff->value.p);
		else
			str_fmt(prompt, sizeof(prompt), "%s%s%s: ", i18n_text(d->label), req, d->secret ? _(" (hidden as you type)") : "");
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
	char origin[1200];
	if (*system_origin(f->sys, origin, sizeof(origin))) /* a drop-in: say so */
		printf("%s\n", origin);
	for (size_t i = 0; i < f->n; i++)
		if (!ask_field(f, i))
			return false;
	return true;
}

/* One line-mode run: the session, and what has been printed of it. */
struct plain {
	struct session s;
	struct loop *loop;
	const struct probe *shown; /* the probe whose stages are being printed */
	int printed;
	bool cancelled;
	struct plain_paste paste;  /* the browser sign-in's pasted address */
	char query[128];           /* the search the system was chosen from */
};

/* Prints each stage once it has finished, in order. */
static void print_stages(struct plain *pl)
{
	const struct probe *p = session_probe(&pl->s);
	if (p != pl->shown) {
		pl->shown = p;
		pl->printed = 0;
	}
	while (p && pl->printed < STAGE_COUNT) {
		const struct stage *st = probe_stage(p, (enum stage_id)pl->printed);
		if (st->status == STAGE_PENDING || st->status == STAGE_RUNNING)
			break;
		print_stage_line(stdout, p, (enum stage_id)pl->printed);
		pl->printed++;
	}
	fflush(stdout);
}

static void on_change(void *arg)
{
	struct plain *pl = arg;
	bool signing_in = session_step(&pl->s) == SESSION_SIGN_IN && !session_failed(&pl->s);
	if (signing_in && !pl->paste.active)
		plain_paste_begin(&pl->paste, &pl->s, pl->loop);
	else if (!signing_in && pl->paste.active)
		plain_paste_end(&pl->paste, pl->loop, session_step(&pl->s) == SESSION_PROBE);
	if (signing_in)
		plain_paste_problem(&pl->paste);
	if (session_step(&pl->s) == SESSION_PROBE && pl->shown != session_probe(&pl->s))
		printf(_("Checking the connection (Ctrl-C cancels):\n"));
	print_stages(pl);
}

static void on_sigint(void *arg, int signo)
{
	(void)signo;
	((struct plain *)arg)->cancelled = true;
}

/* Runs the session until it stops; false when Ctrl-C or the end of input
 * cancelled it (every answer is kept). */
static bool attempt(struct plain *pl)
{
	struct session *s = &pl->s;
	pl->cancelled = false;
	if (!session_running(s))
		session_submit(s);
	while (session_running(s) && !pl->cancelled && !pl->paste.eof)
		loop_once(pl->loop, 500);
	print_stages(pl);
	if (!session_running(s))
		return true;
	printf(session_step(s) == SESSION_SIGN_IN ? _("\nStopped before the browser sign-in finished. Your answers are kept.\n")
						  : _("Cancelled. Your answers are kept.\n"));
	session_cancel(s);
	return false;
}

static void print_connected(const struct session *s)
{
	const struct connect_result *res = session_result(s);
	const char *sync = schedule_default_sentence(session_system(s)->id);
	/* the token on a line of its own: a terminal's wrap never splits it */
	printf(_("\nConnected. Connection ID: %s\nAPI token (shown once, copy it now):\n%s\nSaved in: %s\n"), res->id,
	       res->token.p, res->where);
	if (sync) /* the connection is scheduled whichever frontend made it */
		print_wrapped(stdout, "", sync);
}

/* After a check from an invite: what became of the delivery (the token
 * is the platform's). Ctrl-C stops the wait; the outbox keeps it. */
static void print_delivered(struct plain *pl)
{
	struct kiosk_words k;
	for (kiosk_words(&pl->s, &k); !k.final && !pl->cancelled; kiosk_words(&pl->s, &k))
		loop_once(pl->loop, 500);
	printf("\n%s\n%s\n", k.head, k.detail);
}

/* One cell of an order, cut or padded to cols columns. */
static void print_cell(const char *text, int cols, bool right)
{
	size_t used, n = utf8_fit(text, strlen(text), (size_t)cols, &used);
	int pad = cols - (int)used;
	printf("%*s%.*s%*s", right ? pad : 0, "", (int)n, text, right ? 0 : pad + PV_GAP, "");
}

/* Under "Connected": the first purchase orders read through the new
 * connection, the same lines as the done screen. Ctrl-C stops the read;
 * the connection is made either way. */
static void print_preview(struct plain *pl)
{
	const struct data_preview *p = session_preview(&pl->s);
	char cell[128];
	int cw[PV_COLS];
	if (!p)
		return;
	printf("\n%s", p->done ? "" : _("Reading purchase orders (Ctrl-C stops)...\n"));
	fflush(stdout);
	for (pl->cancelled = false; !p->done && !pl->cancelled;)
		loop_once(pl->loop, 500);
	if (!p->done) {
		printf(_("Stopped reading purchase orders.\n"));
	} else if (p->failed && !p->no_reader) {
		printf("%s\n%s\n", p->err.message, p->err.hint);
	} else {
		printf("%s\n", p->headline);
		preview_columns(p, 74, cw);
		for (int r = 0; r < p->nrows; r++) {
			printf("  ");
			for (int i = 0; i < PV_COLS; i++)
				print_cell(preview_cell(&p->rows[r], i, cell, sizeof(cell)), cw[i], i == PV_TOTAL);
			putchar('\n');
		}
	}
	fflush(stdout);
}

/* trust: after comparing the fingerprint, exactly this certificate's key;
 * or the company CA file. Each retries at once. */
static bool trust(struct session *s, char choice)
{
	char answer[512], why[160];
	bool can_pin;
	if (!session_trust_choices(s, &can_pin) || (choice == 't' && !can_pin))
		return false;
	if (choice == 't') {
		if (!ask(_("Trust exactly this certificate? Only when your IT team confirms the pin shown above (y/n): "), answer,
			 sizeof(answer)) || (answer[0] != 'y' && answer[0] != 'Y'))
			return false;
		session_trust_pin(s);
		return true;
	}
	while (ask(_("Path of the company CA file (PEM), or Enter to go back: "), answer, sizeof(answer)) && answer[0]) {
		if (session_use_cafile(s, answer, why, sizeof(why)))
			return true;
		printf("  ! %s\n", why);
	}
	return false;
}

/* After address.plain_http: the risk, then an explicit yes (default no)
 * to sending the credentials unencrypted to that one host; it retries. */
static bool plain_http_yes(struct session *s)
{
	char answer[16], line[600];
	const char *host = session_plain_http_host(s);
	if (!host[0])
		return false;
	str_fmt(line, sizeof(line),
		_("The credentials for %s would go to \"%s\" over plain http://, unencrypted: anyone who can see the "
		  "traffic on the way can read the password and sign in as this user. Say yes only if IT confirms that "
		  "the server has no https:// address and that this network is trusted."),
		session_system(s)->name, host);
	print_wrapped(stdout, "", line);
	if (!ask(_("Send them unencrypted, to this server only? (y/N): "), answer, sizeof(answer)) ||
	    (answer[0] != 'y' && answer[0] != 'Y'))
		return false;
	session_allow_plain_http(s);
	return true;
}

static void print_failure(const struct session *s)
{
	const struct probe *p = session_probe(s);
	print_error_text(stdout, session_error(s));
	if (p && probe_done(p))
		print_tls_text(stdout, p);
}

/* After a failure: edit the field it names, retry, trust the
 * certificate, or start over. */
static int after_failure(struct session *s)
{
	char answer[32];
	bool can_pin, tls = session_trust_choices(s, &can_pin), plain = session_plain_http_host(s)[0];
	print_failure(s);
	for (;;) {
		if (plain && !ask(_("\nWhat now? e = edit details, r = retry, u = send unencrypted (asks first), "
				    "s = choose another system, q = quit: "), answer, sizeof(answer)))
			return 'q';
		if (plain && answer[0] == 'u' && plain_http_yes(s))
			return 'r';
		if (!plain && !ask(can_pin ? _("\nWhat now? e = edit details, r = retry, t = trust this certificate, c = company CA file, "
				   "s = choose another system, q = quit: ")
			 : tls ? _("\nWhat now? e = edit details, r = retry, c = company CA file, s = choose another system, q = quit: ")
			       : _("\nWhat now? e = edit details, r = retry, s = choose another system, q = quit: "),
			 answer, sizeof(answer)))
			return 'q';
		if ((answer[0] == 't' || answer[0] == 'c') && trust(s, answer[0]))
			return 'r';
		if (answer[0] == 'e') {
			int i = session_edit(s);
			struct form *f = session_form(s);
			return (i >= 0 ? ask_field(f, (size_t)i) : ask_all(f)) ? 'r' : 'q';
		}
		if (answer[0] && strchr("rsq", answer[0]))
			return answer[0];
	}
}

/* One system: its questions, then attempts until success or giving up. */
static int connect_one(struct plain *pl, const struct system *sys, int *rc)
{
	struct session *s = &pl->s;
	int next = 'r';
	if (!session_choose(s, sys)) { /* not available yet: before any question */
		print_error_text(stdout, session_error(s));
		*rc = session_error(s)->exit;
		return 'q';
	}
	/* "DynamoDB" chose AWS: the service it named is the Service field's answer */
	const char *svc = system_service_preset(sys, pl->query);
	if (svc)
		form_set(session_form(s), "service", svc);
	char needs[1024];
	str_fmt(needs, sizeof(needs), _("%s needs: %s"), sys->name, i18n_text(sys->needs));
	putchar('\n');
	print_wrapped(stdout, "", needs);
	print_wrapped(stdout, "", i18n_text(sys->where));
	putchar('\n');
	if (!session_affordable(s)) { /* before anything is typed */
		print_error_text(stdout, session_error(s));
		*rc = session_error(s)->exit;
		return 'q';
	}
	if (!ask_all(session_form(s)))
		return 'q';
	while (next == 'r') {
		if (!attempt(pl))
			return 'q';
		if (session_step(s) == SESSION_RESULT && s->o.invite) {
			print_delivered(pl);
			*rc = EXIT_OK;
			return 'q';
		}
		if (session_step(s) == SESSION_RESULT) {
			print_connected(s);
			print_preview(pl);
			*rc = EXIT_OK;
			return 'q';
		}
		*rc = session_error(s)->exit;
		next = session_step(s) == SESSION_CREDITS || session_step(s) == SESSION_STORE ||
			       session_step(s) == SESSION_SIGN_IN
			       ? (print_failure(s), 'q')
			       : after_failure(s);
	}
	return next;
}

int plain_run(struct catalog *cat, const struct wizard_opts *o)
{
	struct search *srch = catalog_search_new(cat);
	struct session_opts so = wizard_session_opts(o);
	struct plain pl = {.loop = loop_new()};
	int rc = EXIT_CANCELLED;
	session_init(&pl.s, pl.loop, &so, on_change, &pl);
	loop_on_signal(pl.loop, SIGINT, on_sigint, &pl);
	store_lock_patience(0); /* Ctrl-C works while waiting for another onramp */
	print_wrapped(stdout, "", _("onramp, line mode. Answer each question and press Enter; Ctrl-D stops."));
	putchar('\n');
	for (bool again = true; again;) {
		const struct system *sys =
			o->system ? catalog_find(cat, o->system) : choose_system(cat, srch, pl.query, sizeof(pl.query));
		if (!sys)
			break;
		again = connect_one(&pl, sys, &rc) == 's' && !o->system;
		session_close(&pl.s);
	}
	session_free(&pl.s);
	loop_free(pl.loop);
	search_free(srch);
	return rc;
}
