/* main.c: onramp's entry point. It finds the command in the table
 * (commands.c), parses its options (cli.c), starts the libraries the
 * command needs and runs it; with no command, the wizard (cmd_wizard.c). */
#include "commands.h"
#include "curl_dl.h"
#include "db.h"
#include "error.h"
#include "i18n.h"
#include <locale.h>
#include <stdbool.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

/* Secrets live in this process's memory: keep them out of core dumps and
 * away from other processes of the same user (README.md, "Secrets"). */
static void harden(void)
{
	struct rlimit none = {0, 0};
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	setrlimit(RLIMIT_CORE, &none);
}

/* The crypto and network libraries, for every command not marked
 * CLI_OFFLINE: `systems --filter` must start as fast as fzy, and --help
 * and --version need neither. */
static int start_libraries(unsigned flags)
{
	struct onr_error err;
	if (sodium_init() < 0) {
		fputs(_("onramp: could not start the crypto library.\n"), stderr);
		return EXIT_STORE;
	}
	if (!(flags & CLI_LAZY_NET) && curl_dl_load(&err) < 0) {
		fprintf(stderr, "%s\n%s\n%s\n", err.message, err.hint, err.tech);
		return err.exit;
	}
	return EXIT_OK;
}

static int run(const struct cli_command *c, int argc, char **argv)
{
	struct cli_args a;
	int rc = cli_parse(c, argc, argv, &a);
	if (rc == CLI_RUN && !(c->flags & CLI_OFFLINE)) {
		int lib = start_libraries(c->flags);
		rc = lib == EXIT_OK ? CLI_RUN : lib;
	}
	if (rc == CLI_RUN)
		rc = c->run(&a);
	cli_args_free(&a);
	return rc;
}

/* A global option NAME VALUE (or NAME=VALUE) anywhere before "--", for
 * every command: taken out of argv before the command's own options are
 * read, and handed to use(); a missing value is NULL. */
static int take_global(int *argc, char **argv, const char *name, int (*use)(const char *v))
{
	int out = 1, rc = EXIT_OK;
	size_t len = strlen(name);
	for (int i = 1; i < *argc; i++) {
		const char *v = NULL;
		bool found = true;
		if (!strcmp(argv[i], "--")) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!strncmp(argv[i], name, len) && argv[i][len] == '=')
			v = argv[i] + len + 1;
		else if (!strcmp(argv[i], name))
			v = i + 1 < *argc ? argv[++i] : NULL;
		else
			found = false;
		if (found && rc == EXIT_OK)
			rc = use(v);
		if (!found)
			argv[out++] = argv[i];
	}
	*argc = out;
	argv[out] = NULL;
	return rc;
}

/* --database URL: the shared database (db.h). */
static int use_database(const char *v)
{
	if (!v) {
		fputs(_("onramp: --database needs a value (postgresql://HOST/NAME).\n"), stderr);
		return EXIT_USAGE;
	}
	db_choose(v);
	return EXIT_OK;
}

/* --lang LANG: the language of every text, over LANGUAGE, LC_ALL,
 * LC_MESSAGES and LANG (i18n.h). */
static int use_lang(const char *v)
{
	if (!v || i18n_set(v) < 0) {
		fputs(_("onramp: --lang needs a language: en, de, es, fr or pt_BR.\n"), stderr);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct cli_command *c = &cmd_wizard_entry;
	int rc;
	harden();
	i18n_start(); /* the screen's wide characters, and the language */
	if ((rc = take_global(&argc, argv, "--lang", use_lang)) != EXIT_OK)
		return rc;
	if ((rc = take_global(&argc, argv, "--database", use_database)) != EXIT_OK)
		return rc;
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		puts("onramp " ONRAMP_VERSION);
		return EXIT_OK;
	}
	if (argc > 1 && argv[1][0] != '-' && !(c = cli_find(argv[1]))) {
		fprintf(stderr, _("onramp: there is no command \"%s\".\nRun onramp --help for the list.\n"), argv[1]);
		return EXIT_USAGE;
	}
	if (c == &cmd_webhooks_entry && argc > 2 && !strcmp(argv[2], "listen"))
		rc = run(&cmd_webhooks_listen_entry, argc - 2, argv + 2); /* its own options */
	else
		rc = c == &cmd_wizard_entry ? run(c, argc, argv) : run(c, argc - 1, argv + 1);
	curl_dl_cleanup();
	return rc;
}
