/* Runs every registered unit-test suite, or those named on the command line. */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "curl_dl.h"
#include "t.h"

#define MAX_SUITES 64

int t_failed_checks;
static struct {
	const char *name;
	const struct t_case *cases;
} suites[MAX_SUITES];
static int nsuites;

void t_register(const char *suite, const struct t_case *cases)
{
	if (nsuites < MAX_SUITES) {
		suites[nsuites].name = suite;
		suites[nsuites].cases = cases;
		nsuites++;
	}
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
	int passed = 0, failed = 0;
	struct onr_error err;

	if (sodium_init() < 0 || curl_dl_load(&err) < 0)
		return 1;
	for (int s = 0; s < nsuites; s++) {
		if (!wanted(suites[s].name, argc, argv))
			continue;
		for (const struct t_case *c = suites[s].cases; c->name; c++) {
			int before = t_failed_checks;
			c->fn();
			int ok = t_failed_checks == before;
			printf("%s %s.%s\n", ok ? "ok  " : "FAIL", suites[s].name, c->name);
			ok ? passed++ : failed++;
		}
	}
	curl_dl_cleanup();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
