/* plain.h: the line-mode frontend (--plain, TERM=dumb, or stdout not a
 * terminal): the same flow as plain prompts, one question per line, for
 * screen readers and serial consoles. */
#ifndef ONRAMP_PLAIN_H
#define ONRAMP_PLAIN_H
#include "catalog.h"
#include "wizard.h"

int plain_run(struct catalog *cat, const struct wizard_opts *o);
#endif
