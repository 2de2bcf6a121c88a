/* main.c: onramp's entry point. Subcommands go to core/cmd_*.c; with none,
 * the wizard runs full-screen. */
#include "commands.h"
#include "catalog.h"
#include "error.h"
#include "tui.h"
#include "util.h"
#include <curl/curl.h>
#include <locale.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define ONRAMP_VERSION "0.1.0"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{"systems", cmd_systems},
	{"validate", cmd_validate},
	{"connect", cmd_connect},
};

static const char help_text[] =
	"onramp " ONRAMP_VERSION ": connect a business system, check it live, seal its credentials.\n"
	"\n"
	"usage: onramp [--theme NAME] [--system ID] [--ascii]      the wizard (full screen)\n"
	"       onramp systems [QUERY] [--json] [--limit N] [--category NAME]\n"
	"       onramp systems --filter QUERY [--input FILE]\n"
	"       onramp validate SYSTEM_ID [--field KEY=VALUE]... [--secret KEY=@FILE | KEY=-]...\n"
	"                       [--json] [--trace FILE] [--cafile FILE] [--pin sha256//...]\n"
	"       onramp connect SYSTEM_ID  (same options as validate)\n"
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

static int run_wizard(int argc, char **argv)
{
	struct tui_opts o = {0};
	struct catalog cat;
	struct onr_error err;
	struct wizard w;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--theme") && i + 1 < argc)
			o.theme = argv[++i];
		else if (!strcmp(argv[i], "--system") && i + 1 < argc)
			o.system = argv[++i];
		else if (!strcmp(argv[i], "--ascii"))
			o.ascii = true;
		else {
			fprintf(stderr, "onramp: unknown option %s\nRun onramp --help for the options.\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("onramp: the wizard needs a terminal.\n"
		      "For scripts, use `onramp validate` or `onramp connect` (see onramp --help).\n", stderr);
		return EXIT_USAGE;
	}
	if (o.theme == NULL && getenv("NO_COLOR"))
		o.theme = "mono";
	if (catalog_load_default(&cat, &err) < 0) {
		fprintf(stderr, "%s\n%s\n", err.message, err.hint);
		return err.exit;
	}
	if (err.code[0]) /* a broken drop-in file: say so, carry on without it */
		fprintf(stderr, "%s\n%s\n", err.message, err.hint);
	struct loop *l = loop_new();
	wizard_init(&w, l, &cat);
	rc = tui_run(&w, &o);
	wizard_free(&w);
	loop_free(l);
	catalog_free(&cat);
	return rc;
}

int main(int argc, char **argv)
{
	int rc;
	harden();
	setlocale(LC_ALL, "");
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fputs("onramp: could not start the crypto or network library.\n", stderr);
		return EXIT_STORE;
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(help_text, stdout);
		return EXIT_OK;
	}
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		puts("onramp " ONRAMP_VERSION);
		return EXIT_OK;
	}
	if (argc > 1 && argv[1][0] != '-') {
		for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
			if (!strcmp(argv[1], commands[i].name)) {
				rc = commands[i].run(argc - 1, argv + 1);
				curl_global_cleanup();
				return rc;
			}
		fprintf(stderr, "onramp: there is no command \"%s\".\nRun onramp --help for the list.\n", argv[1]);
		return EXIT_USAGE;
	}
	rc = run_wizard(argc, argv);
	curl_global_cleanup();
	return rc;
}
