/* The unit-test runner. Speaks TAP, so prove can run each suite as its own
 * test and several at once (tests/run-all.sh):
 *
 *   unit-san [SUITE...]   runs the named suites (all without names): "1..N",
 *                         then "ok N - suite.case" or "not ok N - suite.case",
 *                         the failed checks before it as "# " lines
 *   unit-san --list       one suite a line; "NAME servers" when the suite
 *                         talks to the fixture servers (T_SUITE_SERVERS), so
 *                         tests/unit/suite.sh knows to start them */
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <sodium.h>
#include "curl_dl.h"
#include "t.h"

#define MAX_SUITES 64

int t_failed_checks;
static struct {
	const char *name;
	const struct t_case *cases;
	int servers;
} suites[MAX_SUITES];
static int nsuites;

void t_register(const char *suite, const struct t_case *cases, int servers)
{
	if (nsuites == MAX_SUITES) {
		/* a constructor cannot report back: stop before any test runs */
		fprintf(stderr, "tests/unit/main.c: more than %d suites, raise MAX_SUITES\n", MAX_SUITES);
		abort();
	}
	suites[nsuites].name = suite;
	suites[nsuites].cases = cases;
	suites[nsuites].servers = servers;
	nsuites++;
}

void t_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	t_failed_checks++;
}

static int wanted(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return 1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	int planned = 0, n = 0, failed = 0;
	struct onr_error err;

	/* line by line, so a crash (a sanitizer abort) keeps what was printed */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (int s = 0; s < nsuites; s++)
			printf("%s%s\n", suites[s].name, suites[s].servers ? " servers" : "");
		return 0;
	}
	/* Failures before the plan end the run without one, which prove counts
	 * as a failed suite; "Bail out!" would stop the other suites too. */
	for (int i = 1; i < argc; i++) {
		int known = 0;
		for (int s = 0; s < nsuites; s++)
			known |= strcmp(argv[i], suites[s].name) == 0;
		if (!known) {
			fprintf(stderr, "unit: no suite \"%s\" (see --list)\n", argv[i]);
			return 2;
		}
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "unit: sodium_init failed\n");
		return 1;
	}
	if (curl_dl_load(&err) < 0) {
		fprintf(stderr, "unit: %s\n", err.message);
		return 1;
	}
	for (int s = 0; s < nsuites; s++) {
		if (!wanted(suites[s].name, argc, argv))
			continue;
		for (const struct t_case *c = suites[s].cases; c->name; c++)
			planned++;
	}
	printf("1..%d\n", planned);
	for (int s = 0; s < nsuites; s++) {
		if (!wanted(suites[s].name, argc, argv))
			continue;
		for (const struct t_case *c = suites[s].cases; c->name; c++) {
			int before = t_failed_checks;
			c->fn();
			int ok = t_failed_checks == before;
			printf("%sok %d - %s.%s\n", ok ? "" : "not ", ++n, suites[s].name, c->name);
			failed += !ok;
		}
	}
	curl_dl_cleanup();
	return failed ? 1 : 0;
}
