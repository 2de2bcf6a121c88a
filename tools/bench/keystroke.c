/* keystroke: the time the search takes per keystroke, in process, called
 * exactly as the TUI's list calls it (tui/wizard.c rerank: one
 * search_window_run per letter, for an 80x24 screen's 17 rows). Prints
 * p50, p99 and max.
 *
 *   keystroke [--names FILE] [--rounds N] [QUERY...]
 *
 * Without --names: the catalog the wizard loads (catalog_load_default,
 * catalog_search_new), drop-in files included, so a million-entry drop-in
 * file in $XDG_DATA_HOME is measured as the picker sees it. With it:
 * every line of FILE is a name (search_new_names), e.g. a million. */
#include "catalog.h"
#include "search.h"
#include "search_window.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"


static const char *const default_queries[] = {
	"s", "sap", "sap s4", "dyn bus", "quickbooks onl", "maximmo", "jde", "bc",
	"oracle netsuite", "netsute", "microsoft", "korber", "erp", "zendesk", "x",
	"netsuite", "maximo", "quickbooks", "business central", "quikbooks",
};

int main(int argc, char **argv)
{
	const char *names_path = NULL;
	const char *const *queries = default_queries;
	size_t nq = sizeof(default_queries) / sizeof(default_queries[0]);
	int rounds = 0;
	struct catalog cat = {0};
	struct search *s;
	char *text = NULL, **names = NULL;
	size_t n = 0;
	double t0, build_ms;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--names") && i + 1 < argc)
			names_path = argv[++i];
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
		else {
			queries = (const char *const *)&argv[i];
			nq = (size_t)(argc - i);
			break;
		}
	}
	t0 = (bench_ms() * 1e3);
	if (names_path) {
		size_t len, cap = 1024;
		text = file_read(names_path, &len);
		if (!text) {
			fprintf(stderr, "keystroke: cannot read %s\n", names_path);
			return 1;
		}
		names = xmalloc(cap * sizeof(*names));
		for (char *p = text, *end = text + len; p < end;) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			if (nl)
				*nl = 0;
			if (*p) {
				if (n == cap)
					names = xrealloc(names, (cap *= 2) * sizeof(*names));
				names[n++] = p;
			}
			p = nl ? nl + 1 : end;
		}
		s = search_new_names((const char *const *)names, n);
	} else {
		struct onr_error err;
		if (catalog_load_default(&cat, &err) < 0) {
			fprintf(stderr, "keystroke: %s\n", err.message);
			return 1;
		}
		n = cat.n;
		s = catalog_search_new(&cat);
	}
	build_ms = ((bench_ms() * 1e3) - t0) / 1e3;
	if (rounds <= 0)
		rounds = n > 100000 ? 3 : 40;

	size_t cap = 0, count = 0, page = 24 - 7; /* tui.c: LINES - 7 */
	struct search_window win;
	search_window_init(&win, n);
	for (size_t q = 0; q < nq; q++)
		cap += strlen(queries[q]);
	cap *= (size_t)rounds;
	double *us = xmalloc((cap + 1) * sizeof(*us));
	for (int r = 0; r < rounds; r++) {
		for (size_t q = 0; q < nq; q++) {
			char buf[256];
			size_t len = strlen(queries[q]);
			search_window_run(&win, s, "", NULL, page, page); /* the cleared field */
			for (size_t k = 1; k <= len && k < sizeof(buf); k++) {
				memcpy(buf, queries[q], k);
				buf[k] = 0;
				double a = (bench_ms() * 1e3);
				search_window_run(&win, s, buf, NULL, page, page);
				us[count++] = (bench_ms() * 1e3) - a;
			}
		}
	}
	qsort(us, count, sizeof(*us), bench_cmp_double);
	printf("%zu\t%.3f\t%.3f\t%.3f\t%zu\t%.0f\n", n, us[count / 2] / 1e3,
	       us[(size_t)((double)(count - 1) * 0.99)] / 1e3, us[count - 1] / 1e3, count, build_ms);
	free(us);
	search_window_free(&win);
	search_free(s);
	free(names);
	free(text);
	catalog_free(&cat);
	return 0;
}
