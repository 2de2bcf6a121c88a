/* cmd_debug.c: a hidden subcommand for the store's own tests
 * (tests/store/crash_loop.sh, tests/store/concurrency.sh). It drives
 * lifecycle_connect without a catalog or a network check:
 *
 *   onramp __store-connect SYSTEM URL USER [--credits N] [--fields JSON]
 *                          [--schedule S] < secret.json
 *
 * prints "ID TOKEN" on one line (one write) once the connection is stored. */
#include "commands.h"
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

int cmd_debug_connect(int argc, char **argv)
{
	struct onr_error err;
	const char *pos[3] = {0}, *fields = "{}", *schedule = "";
	int npos = 0, credits = 1, rc;
	unsigned char *secret;
	char *token, id[16], line[128];
	size_t n = 0;

	error_clear(&err);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--credits") == 0 && i + 1 < argc)
			credits = atoi(argv[++i]);
		else if (strcmp(argv[i], "--fields") == 0 && i + 1 < argc)
			fields = argv[++i];
		else if (strcmp(argv[i], "--schedule") == 0 && i + 1 < argc)
			schedule = argv[++i];
		else if (npos < 3 && argv[i][0] != '-')
			pos[npos++] = argv[i];
		else {
			fprintf(stderr, "usage: onramp %s SYSTEM URL USER [--credits N] [--fields JSON] "
				"[--schedule S] < secret.json\n", argv[0]);
			return EXIT_USAGE;
		}
	}
	if (npos != 3) {
		fprintf(stderr, "usage: onramp %s SYSTEM URL USER [--credits N] < secret.json\n", argv[0]);
		return EXIT_USAGE;
	}
	secret = sodium_malloc(SECRET_MAX);
	token = sodium_malloc(LIFECYCLE_TOKEN_MAX);
	if (!secret || !token) {
		fprintf(stderr, "onramp: out of protected memory\n");
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
		.system = pos[0], .credits = credits, .url = pos[1], .user = pos[2],
		.public_json = fields, .secret_json = secret, .secret_len = n,
		.pin = "", .cafile = "", .schedule = schedule,
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
