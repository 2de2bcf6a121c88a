/* main.c: onramp's entry point. Subcommands go to core/cmd_*.c; with none,
 * the wizard runs full-screen. */
#include "commands.h"
#include "catalog.h"
#include "error.h"
#include "config.h"
#include "plain.h"
#include "result.h"
#include "tui.h"
#include "util.h"
#include "curl_dl.h"
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define ONRAMP_VERSION "0.1.0"

static int run_reconnect(int argc, char **argv);

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{"systems", cmd_systems},
	{"validate", cmd_validate},
	{"connect", cmd_connect},
	{"reconnect", run_reconnect},
	{"list", cmd_list},
	{"disconnect", cmd_disconnect},
	{"purge", cmd_purge},
	{"token", cmd_token},
	{"open", cmd_open},
	{"orders", cmd_orders},
	{"sync", cmd_sync},
	{"agent", cmd_agent},
	{"schedule", cmd_schedule},
	{"syncs", cmd_syncs},
	{"history", cmd_history},
	{"serve", cmd_serve},
	{"webhooks", cmd_webhooks},
	{"keygen", cmd_keygen},
	{"__store-connect", cmd_debug_connect},
};

static const char help_text[] =
	"onramp " ONRAMP_VERSION ": connect a business system, check it live, seal its credentials.\n"
	"\n"
	"usage: onramp [--system ID [--preset KEY=VALUE]... [--lock KEY]...] [--kiosk]\n"
	"              [--plain] [--theme NAME] [--ascii] [--idle-timeout SECONDS]\n"
	"              [--result-file PATH | --result-fd N]           the wizard\n"
	"       onramp systems [QUERY] [--json] [--limit N] [--category NAME]\n"
	"       onramp systems --filter QUERY [--input FILE]\n"
	"       onramp validate SYSTEM_ID [--field KEY=VALUE]... [--secret KEY=@FILE | KEY=-]...\n"
	"                       [--json] [--trace FILE] [--cafile FILE] [--pin sha256//...]\n"
	"       onramp connect SYSTEM_ID  (same options as validate) [--non-interactive]\n"
	"       onramp list [--json]\n"
	"       onramp disconnect ID | reconnect ID | purge ID   [--json]\n"
	"       onramp token check - [--json]      a token on stdin: its connection id, or failure\n"
	"       onramp open ID                     the credentials as JSON (needs the secret key)\n"
	"       onramp keygen [--passphrase-file FILE | --passphrase-fd N]\n"
	"       onramp orders ID [--json | --jsonl] [--since TIME] [--status S] [--limit N] [--raw]\n"
	"       onramp sync ID [--full] [--json] | sync --due   sync now, or every due one once\n"
	"       onramp schedule ID every 15m|hourly|daily | off\n"
	"       onramp syncs ID [--json]           recent sync runs\n"
	"       onramp history ID [--json | --jsonl] [--since SEQ|TIME] [--changes]\n"
	"       onramp agent                       runs scheduled syncs and webhook deliveries\n"
	"       onramp serve [--listen ADDR:PORT] [--tls-cert FILE --tls-key FILE]   the API, and the agent's work\n"
	"       onramp webhooks add URL [--events LIST] | list | remove ID | test ID | replay EVENT_ID\n"
	"       onramp webhooks listen --secret-file F [--listen ADDR:PORT] [--exec CMD]   the reference receiver\n"
	"       onramp COMMAND --help\n"
	"\n"
	"Exit codes: 0 success, 2 usage, 3 input, 4 network, 5 tls, 6 auth rejected,\n"
	"7 api or permission, 8 store or seal, 9 cancelled.\n"
	"Environment: XDG_CONFIG_HOME, XDG_DATA_HOME, NO_COLOR, HTTPS_PROXY, NO_PROXY, ESCDELAY.\n";

/* Secrets live in this process's memory: keep them out of core dumps and
 * away from other processes of the same user (GUIDE.md 3). */
static void harden(void)
{
	struct rlimit none = {0, 0};
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	setrlimit(RLIMIT_CORE, &none);
}

#define MAX_PRESETS 32

struct wizard_args {
	struct tui_opts tui;
	struct wizard_opts w;
	struct preset presets[MAX_PRESETS];
	bool plain, kiosk_flag, idle_given;
	const char *result_file, *result_fd;
};

static int bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "onramp: %s%s%s\nRun onramp --help for the options.\n", what, arg ? ": " : "", arg ? arg : "");
	return EXIT_USAGE;
}

/* --preset KEY=VALUE and --lock KEY share one list. */
static int add_preset(struct wizard_args *a, const char *arg, bool lock)
{
	struct preset *p;
	const char *eq = lock ? NULL : strchr(arg, '=');
	if (a->w.npresets >= MAX_PRESETS || (!lock && (!eq || eq == arg)))
		return bad_usage(lock ? "too many --lock options" : "--preset takes KEY=VALUE", arg);
	p = &a->presets[a->w.npresets++];
	if (lock) {
		p->key = arg;
		p->lock = true;
		return 0;
	}
	char *key = xstrdup(arg); /* freed by run_wizard */
	key[eq - arg] = 0;
	p->key = key;
	p->value = eq + 1;
	return 0;
}

static int parse_wizard_args(int argc, char **argv, struct wizard_args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = !strcmp(o, "--theme") || !strcmp(o, "--system") || !strcmp(o, "--preset") ||
			     !strcmp(o, "--lock") || !strcmp(o, "--result-file") || !strcmp(o, "--result-fd") ||
			     !strcmp(o, "--idle-timeout");
		int rc = 0;
		if (takes && !v)
			return bad_usage("missing value for", o);
		if (!strcmp(o, "--theme"))
			a->tui.theme = v;
		else if (!strcmp(o, "--system"))
			a->w.system = v;
		else if (!strcmp(o, "--preset"))
			rc = add_preset(a, v, false);
		else if (!strcmp(o, "--lock"))
			rc = add_preset(a, v, true);
		else if (!strcmp(o, "--result-file"))
			a->result_file = v;
		else if (!strcmp(o, "--result-fd"))
			a->result_fd = v;
		else if (!strcmp(o, "--idle-timeout"))
			a->idle_given = true, a->w.idle_timeout_s = atoi(v);
		else if (!strcmp(o, "--ascii"))
			a->tui.ascii = true;
		else if (!strcmp(o, "--plain"))
			a->plain = true;
		else if (!strcmp(o, "--kiosk"))
			a->kiosk_flag = true;
		else
			return bad_usage("unknown option", o);
		if (rc)
			return rc;
		i += takes;
	}
	return 0;
}

/* Presets come on argv, so they may not carry secrets, and must name
 * fields of the chosen system. */
static int check_presets(const struct catalog *cat, const struct wizard_args *a)
{
	const struct system *sys = a->w.system ? catalog_find(cat, a->w.system) : NULL;
	if (a->w.system && !sys) {
		fprintf(stderr, "onramp: there is no system with the id \"%s\".\nFind the id with: onramp systems NAME\n", a->w.system);
		return EXIT_INPUT;
	}
	for (size_t i = 0; i < a->w.npresets; i++) {
		const struct field *f = sys ? system_field(sys, a->presets[i].key) : NULL;
		if (!sys)
			return bad_usage("--preset and --lock need --system ID", NULL);
		if (!f)
			return bad_usage("the system has no such field", a->presets[i].key);
		if (f->secret && a->presets[i].value)
			return bad_usage("a secret cannot be preset on the command line", a->presets[i].key);
	}
	return 0;
}


/* Picks the frontend (full screen or line mode) and runs the wizard. */
static int start_frontend(struct wizard_args *a)
{
	struct catalog cat;
	struct onr_error err;
	struct config cfg;
	const char *term = getenv("TERM");
	int rc;

	if (config_load(&cfg, &err) < 0) {
		fprintf(stderr, "%s\n%s\n", err.message, err.hint);
		return err.exit;
	}
	a->w.kiosk = a->kiosk_flag || cfg.kiosk;
	if (!a->idle_given) /* 0 in either place: no idle timeout */
		a->w.idle_timeout_s = cfg.idle_timeout;
	a->w.done_timeout_s = a->w.idle_timeout_s > 0 && a->w.idle_timeout_s < 60 ? a->w.idle_timeout_s : 60;
	if (!a->tui.theme)
		a->tui.theme = getenv("NO_COLOR") ? "mono" : cfg.theme[0] ? cfg.theme : "default";
	if (!isatty(STDIN_FILENO)) {
		/* never prompt a script: it gets the non-interactive commands */
		fputs("onramp: the wizard needs a terminal to ask its questions.\n"
		      "For scripts, use `onramp connect SYSTEM --non-interactive --json` (see onramp --help).\n", stderr);
		return EXIT_USAGE;
	}
	if (catalog_load_default(&cat, &err) < 0) {
		fprintf(stderr, "%s\n%s\n", err.message, err.hint);
		return err.exit;
	}
	if (err.code[0]) /* a broken drop-in file: say so, carry on without it */
		fprintf(stderr, "%s\n%s\n", err.message, err.hint);
	if ((rc = check_presets(&cat, a)) == 0 && (a->result_file || a->result_fd) &&
	    (a->w.result_fd = result_open(a->result_file, a->result_fd, &err)) < 0)
		rc = err.exit, fprintf(stderr, "%s\n%s\n", err.message, err.hint);
	if (rc == 0 && (a->plain || (term && !strcmp(term, "dumb")) || !isatty(STDOUT_FILENO))) {
		rc = plain_run(&cat, &a->w);
	} else if (rc == 0) {
		struct loop *l = loop_new();
		struct wizard w;
		wizard_init(&w, l, &cat, &a->w);
		if (err.code[0]) { /* the full screen would hide the message */
			str_copy(w.banner, sizeof(w.banner), err.message);
			str_copy(w.banner_hint, sizeof(w.banner_hint), err.hint);
		}
		rc = tui_run(&w, &a->tui);
		wizard_free(&w);
		loop_free(l);
	}
	catalog_free(&cat);
	return rc;
}

static int run_wizard(int argc, char **argv)
{
	struct wizard_args a = {0};
	int rc;
	a.w.result_fd = -1;
	a.w.presets = a.presets;
	if ((rc = parse_wizard_args(argc, argv, &a)) == 0)
		rc = start_frontend(&a);
	for (size_t i = 0; i < a.w.npresets; i++)
		if (a.presets[i].value) /* --preset keys were copied out of argv */
			free((char *)a.presets[i].key);
	return rc;
}

static int reconnect_wizard(const char *system, const struct preset *presets, size_t n)
{
	struct wizard_args a = {0};
	a.w.result_fd = -1;
	a.w.system = system;
	a.w.presets = presets;
	a.w.npresets = n;
	return start_frontend(&a);
}

static int run_reconnect(int argc, char **argv)
{
	return cmd_reconnect(argc, argv, reconnect_wizard);
}

/* Commands that never touch the network, the store or the screen. They
 * skip loading libcurl and sodium_init: `systems --filter` must start as
 * fast as fzy. */
static bool offline_command(int argc, char **argv)
{
	return argc > 1 && (!strcmp(argv[1], "systems") || !strcmp(argv[1], "--version") ||
			    !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
}

/* The crypto and network libraries, for every other command. */
static int start_libraries(void)
{
	struct onr_error err;
	if (sodium_init() < 0) {
		fputs("onramp: could not start the crypto library.\n", stderr);
		return EXIT_STORE;
	}
	if (curl_dl_load(&err) < 0) {
		fprintf(stderr, "%s\n%s\n%s\n", err.message, err.hint, err.tech);
		return err.exit;
	}
	return EXIT_OK;
}

static int run_command(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "onramp: there is no command \"%s\".\nRun onramp --help for the list.\n", argv[1]);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	int rc;
	harden();
	if (!offline_command(argc, argv)) {
		setlocale(LC_ALL, ""); /* the screen's wide characters */
		if ((rc = start_libraries()) != EXIT_OK)
			return rc;
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(help_text, stdout);
		return EXIT_OK;
	}
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		puts("onramp " ONRAMP_VERSION);
		return EXIT_OK;
	}
	if (argc > 1 && argv[1][0] != '-')
		rc = run_command(argc, argv);
	else
		rc = run_wizard(argc, argv);
	curl_dl_cleanup();
	return rc;
}
