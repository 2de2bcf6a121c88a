/* advice.h: what a person should do after a sync run that did not end
 * DONE, in plain words (docs/design.md 4). A run keeps only its error's
 * code and message (db_run); the hint comes back from the error table by
 * the code, so the screen says what the CLI said when the run failed. */
#ifndef ONRAMP_SYNC_ADVICE_H
#define ONRAMP_SYNC_ADVICE_H
#include <stddef.h>
#include "store/db.h"

/* The hint for run r ("" when it ended DONE or is still running); host is
 * the connection's server, for hints that name it (may be NULL). */
void sync_run_advice(const struct db_run *r, const char *host, char *out, size_t size);
#endif
