/* cli.c: the one option parser and the help made from the command table
 * (cli.h). */
#include "cli.h"
#include "i18n.h"
#include "commands.h"
#include "print.h"
#include "util.h"
#include "utf8.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const exit_codes =
	N_("Exit codes: 0 success, 2 usage, 3 input, 4 network, 5 tls, 6 auth rejected,\n"
	"7 api or permission, 8 store or seal, 9 cancelled.\n");

static const struct cli_opt *find_opt(const struct cli_command *c, const char *name, size_t len)
{
	for (const struct cli_opt *o = c->opts; o && o->name; o++)
		if (strlen(o->name) == len && !strncmp(o->name, name, len))
			return o;
	return NULL;
}

static bool is_help(const char *s)
{
	return !strcmp(s, "--help") || !strcmp(s, "-h");
}

/* Before the real pass, so that a usage error anywhere on the line already
 * answers in JSON, and --help anywhere wins over mistakes elsewhere. */
static void prescan(const struct cli_command *c, int argc, char **argv, struct cli_args *a, bool *help)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		a->json |= !strcmp(argv[i], "--json") && find_opt(c, "--json", 6);
		*help |= is_help(argv[i]);
	}
}

/* One option at argv[*i]; takes its value from "=VALUE" or the next word. */
static int take_option(struct cli_args *a, int argc, char **argv, int *i)
{
	const char *word = argv[*i], *eq = strchr(word, '=');
	size_t len = eq ? (size_t)(eq - word) : strlen(word);
	const struct cli_opt *o = find_opt(a->cmd, word, len);
	struct cli_given *g = &a->given[a->ngiven];
	if (!o) /* named without its value: "--passwrd=..." may hold a secret */
		return cli_usage(a, NULL, _("Unknown option \"%.*s\"."), (int)len, word);
	if (!o->arg && eq)
		return cli_usage(a, NULL, _("The option %s takes no value."), o->name);
	if (o->arg && !eq && *i + 1 >= argc)
		return cli_usage(a, NULL, _("The option %s needs a value (%s)."), o->name, o->arg);
	g->opt = o;
	g->value = !o->arg ? NULL : eq ? eq + 1 : argv[++*i];
	a->ngiven++;
	return CLI_RUN;
}

static int check_count(const struct cli_args *a)
{
	const struct cli_command *c = a->cmd;
	if (a->npos < c->min_args)
		return cli_usage(a, NULL, _("Missing %s."), _(c->args));
	if (c->max_args >= 0 && a->npos > c->max_args)
		return cli_usage(a, NULL, _("Unexpected argument \"%s\"."), a->pos[c->max_args]);
	return CLI_RUN;
}

int cli_parse(const struct cli_command *c, int argc, char **argv, struct cli_args *a)
{
	bool help = false, only_args = false;
	int rc = CLI_RUN;
	memset(a, 0, sizeof(*a));
	a->cmd = c;
	a->pos = xcalloc((size_t)argc, sizeof(*a->pos));
	a->given = xcalloc((size_t)argc, sizeof(*a->given));
	prescan(c, argc, argv, a, &help);
	if (help) {
		cli_help(c, stdout);
		return EXIT_OK;
	}
	for (int i = 1; i < argc && rc == CLI_RUN; i++) {
		const char *w = argv[i];
		if (!only_args && !strcmp(w, "--"))
			only_args = true;
		else if (only_args || w[0] != '-' || !w[1]) /* "-" is stdin: an argument */
			a->pos[a->npos++] = w;
		else
			rc = take_option(a, argc, argv, &i);
	}
	return rc != CLI_RUN ? rc : check_count(a);
}

void cli_args_free(struct cli_args *a)
{
	free(a->pos);
	free(a->given);
	a->pos = NULL, a->given = NULL;
}

int cli_run(const struct cli_command *c, int argc, char **argv)
{
	struct cli_args a;
	int rc = cli_parse(c, argc, argv, &a);
	if (rc == CLI_RUN)
		rc = c->run(&a);
	cli_args_free(&a);
	return rc;
}

const char *cli_value(const struct cli_args *a, const char *name)
{
	const char *v = NULL;
	for (int i = 0; i < a->ngiven; i++)
		if (!strcmp(a->given[i].opt->name, name))
			v = a->given[i].value;
	return v;
}

bool cli_flag(const struct cli_args *a, const char *name)
{
	for (int i = 0; i < a->ngiven; i++)
		if (!strcmp(a->given[i].opt->name, name))
			return true;
	return false;
}

bool cli_number(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s ? s : "", &end, 10);
	if (!s || !*s || *end || errno || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

int cli_usage(const struct cli_args *a, const char *hint, const char *fmt, ...)
{
	struct onr_error err;
	char msg[256], help[128];
	const char *name = a->cmd->name;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	str_fmt(help, sizeof(help), _("Run onramp %s%s--help for the options."), name ? name : "", name ? " " : "");
	error_set(&err, EXIT_USAGE, "", "usage.invalid", msg, hint ? hint : help, NULL);
	if (a->json)
		return print_fail(&err, true);
	fprintf(stderr, _("onramp%s%s: %s\n%s\n"), name ? " " : "", name ? name : "", err.message, err.hint);
	return EXIT_USAGE;
}

/* ---- help ------------------------------------------------------------- */

/* "usage: " (in its language) before the first line, its width in spaces
 * before the rest. */
static void print_usage(FILE *f, const char *usage, bool first)
{
	const char *head = _("usage: ");
	int indent = (int)utf8_width(head, strlen(head)); /* "Aufruf: " is wider */
	for (const char *p = usage; *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(f, "%*s%.*s\n", first ? 0 : indent, first ? head : "", (int)n, p);
		first = false;
		p += n + (p[n] == '\n');
	}
}

static void print_row(FILE *f, int width, const char *left, const char *help)
{
	if ((int)strlen(left) > width) /* too long for the column: help on the next line */
		fprintf(f, "  %s\n  %-*s  %s\n", left, width, "", help);
	else
		fprintf(f, "  %-*s  %s\n", width, left, help);
}

/* The options column is as wide as the longest option, up to 25. */
static void print_options(FILE *f, const struct cli_opt *opts)
{
	int width = 6; /* "--help" */
	for (const struct cli_opt *o = opts; o && o->name; o++) {
		int w = (int)strlen(o->name) + (o->arg ? 1 + (int)strlen(o->arg) : 0);
		width = w > width && w < 26 ? w : width;
	}
	fputs(_("\nOptions:\n"), f);
	for (const struct cli_opt *o = opts; o && o->name; o++) {
		char left[64];
		str_fmt(left, sizeof(left), "%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
		print_row(f, width, left, _(o->help));
	}
	print_row(f, width, "--help", _("this text"));
}

/* Where a line's text continues when it is folded: after the first gap of
 * two spaces (an option's or a synopsis' help column), else under its own
 * first character. */
static size_t fold_indent(const char *line, size_t n)
{
	size_t lead = strspn(line, " ");
	for (size_t i = lead; i + 2 < n && i < 40; i++)
		if (line[i] == ' ' && line[i + 1] == ' ' && line[i + 2] != ' ')
			return utf8_width(line, i + 2);
	return lead;
}

/* Prints text with every line folded at a space to at most HELP_COLS
 * columns: the help is written for 80 columns in English, and a longer
 * language must not run past them. English lines fit, so they print as
 * they are. */
#define HELP_COLS 80
static void print_folded(FILE *f, const char *text)
{
	for (const char *line = text; *line;) {
		size_t n = strcspn(line, "\n"), indent = fold_indent(line, n), start = 0, cols = HELP_COLS;
		while (utf8_width(line + start, n - start) > cols) {
			size_t used, fit = start + utf8_fit(line + start, n - start, cols, &used), cut = fit;
			while (cut > start && line[cut] != ' ')
				cut--;
			if (cut == start) /* one word longer than the line: leave it whole */
				break;
			fprintf(f, "%.*s\n%*s", (int)(cut - start), line + start, (int)indent, "");
			start = cut + 1;
			cols = HELP_COLS - indent;
		}
		fprintf(f, "%.*s\n", (int)(n - start), line + start);
		line += n + (line[n] == '\n');
	}
}

/* onramp --help: the wizard, then every command's synopsis. */
static void print_overview(FILE *f, const struct cli_command *wizard)
{
	fprintf(f, _("onramp %s: connect a business system, check it live, seal its credentials.\n\n"), ONRAMP_VERSION);
	print_usage(f, _(wizard->usage), true);
	for (size_t i = 0; cli_commands[i]; i++)
		if (!(cli_commands[i]->flags & CLI_HIDDEN))
			print_usage(f, _(cli_commands[i]->usage), false);
	print_usage(f, _("onramp COMMAND --help              a command's options"), false);
	print_usage(f, _("onramp --database URL COMMAND ...  use a shared PostgreSQL database"), false);
	print_usage(f, _("onramp --lang LANG COMMAND ...     the language: en, de, es, fr or pt_BR"), false);
	fprintf(f, "\n%s\n", _(wizard->about));
	print_options(f, wizard->opts);
	fprintf(f, "\n%s", _(exit_codes));
	fputs(_("Environment: XDG_CONFIG_HOME, XDG_DATA_HOME, NO_COLOR, HTTPS_PROXY, NO_PROXY,\nESCDELAY, "
	      "ONRAMP_DATABASE (as --database).\n"), f);
	fputs(_("--database postgresql://HOST/NAME, before or after any command, keeps\n"
	      "everything in one PostgreSQL database that several instances share (README,\n"
	      "\"Running several instances\"); without it, or \"database =\" in the config,\n"
	      "onramp uses SQLite.\n"), f);
	fputs(_("--lang LANG, before or after any command, picks the language of every text\n"
	      "(en, de, es, fr, pt_BR) over LANGUAGE, LC_ALL, LC_MESSAGES and LANG;\n"
	      "\"language =\" in the config fixes it for the wizard (a kiosk).\n"), f);
}

static void print_command(const struct cli_command *c, FILE *f)
{
	if (!c->name) {
		print_overview(f, c);
		return;
	}
	print_usage(f, _(c->usage), true);
	fprintf(f, "\n%s\n", _(c->about));
	if (c->notes)
		fprintf(f, "\n%s\n", _(c->notes));
	print_options(f, c->opts);
	fprintf(f, "\n%s", _(c->exits ? c->exits : exit_codes));
}

/* The help is made in memory, then folded to 80 columns on its way out. */
void cli_help(const struct cli_command *c, FILE *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m) {
		print_command(c, f);
		return;
	}
	print_command(c, m);
	fclose(m);
	print_folded(f, text);
	free(text);
}
