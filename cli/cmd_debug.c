/* cmd_debug.c: a hidden subcommand for the store's own tests
 * (tests/store/crash_loop.sh, tests/store/concurrency.sh). It drives
 * lifecycle_connect without a catalog or a network check:
 *
 *   onramp __store-connect SYSTEM URL USER [--credits N] [--fields JSON]
 *                          [--schedule S] < secret.json
 *
 * prints "ID TOKEN" on one line (one write) once the connection is stored.
 * Its entry is at the end; it is left out of onramp --help. */
#include "commands.h"
#include "i18n.h"
#include "lifecycle.h"
#include "print.h"
#include "util.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#define SECRET_MAX 65536

static const struct cli_opt debug_opts[] = {
	{"--credits", "N", N_("credits the connection takes (default 1)")},
	{"--fields", "JSON", N_("its public fields (default {})")},
	{"--schedule", "S", N_("its sync schedule (default none)")},
	{NULL},
};

static int run_debug_connect(const struct cli_args *a)
{
	struct onr_error err;
	const char *fields = cli_value(a, "--fields"), *schedule = cli_value(a, "--schedule");
	long credits = 1;
	int rc;
	unsigned char *secret;
	char *token, id[16], line[128];
	size_t n = 0;

	error_clear(&err);
	if (cli_value(a, "--credits") && !cli_number(cli_value(a, "--credits"), 0, 1000000, &credits))
		return cli_usage(a, NULL, _("--credits needs a whole number."));
	secret = sodium_malloc(SECRET_MAX);
	token = sodium_malloc(LIFECYCLE_TOKEN_MAX);
	if (!secret || !token) {
		fprintf(stderr, _("onramp: out of protected memory\n"));
		return EXIT_STORE;
	}
	while (n < SECRET_MAX) {
		ssize_t r = read(STDIN_FILENO, secret + n, SECRET_MAX - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	while (n && (secret[n - 1] == '\n' || secret[n - 1] == '\r' || secret[n - 1] == ' '))
		n--;
	struct conn_new c = {
		.system = a->pos[0], .credits = (int)credits, .url = a->pos[1], .user = a->pos[2],
		.public_json = fields ? fields : "{}", .secret_json = secret, .secret_len = n,
		.pin = "", .cafile = "", .schedule = schedule ? schedule : "",
	};
	rc = lifecycle_connect(&c, id, token, NULL, 0, &err);
	sodium_free(secret);
	if (rc != 0) {
		sodium_free(token);
		return print_fail(&err, false);
	}
	int len = snprintf(line, sizeof(line), "%s %s\n", id, token);
	sodium_free(token);
	rc = write(STDOUT_FILENO, line, (size_t)len) == len ? EXIT_OK : EXIT_STORE;
	sodium_memzero(line, sizeof(line));
	return rc;
}

const struct cli_command cmd_debug_connect_entry = {
	.name = "__store-connect",
	.args = "SYSTEM URL USER",
	.usage = N_("onramp __store-connect SYSTEM URL USER [--credits N] [--fields JSON]\n"
		 "                       [--schedule S] < secret.json"),
	.about = N_("For the store's own tests: stores a connection without a check and prints\n"
		 "\"ID TOKEN\" on one line."),
	.opts = debug_opts,
	.min_args = 3,
	.max_args = 3,
	.flags = CLI_HIDDEN,
	.run = run_debug_connect,
};
