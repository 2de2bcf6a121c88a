/* probe_run.h: runs one probe to its end in a loop of its own, for the
 * tests that drive the probe against the fixture servers. */
#ifndef ONRAMP_TEST_PROBE_RUN_H
#define ONRAMP_TEST_PROBE_RUN_H
#include <stdbool.h>
#include "form.h"
#include "probe.h"

struct result {
	bool ok;
	char code[48], field[32], detail[256], hint[768], tech[256], identity[128];
	enum stage_status st[STAGE_COUNT];
	char *trace; /* when asked for: the whole support trace (free it) */
};

/* Runs the probe of f (or gives up after 20 s); opts may be NULL. */
struct result probe_run(const struct form *f, const struct probe_opts *opts, bool want_trace);
#endif
