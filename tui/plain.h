/* plain.h: the line-mode frontend (--plain, TERM=dumb, or stdout not a
 * terminal): the same flow as plain prompts, one question per line, for
 * screen readers and serial consoles. */
#ifndef ONRAMP_PLAIN_H
#define ONRAMP_PLAIN_H
#include "catalog.h"
#include "loop.h"
#include "wizard.h"

int plain_run(struct catalog *cat, const struct wizard_opts *o);

/* The browser sign-in of oauth2_code systems (plain_oauth.c). */
struct oauth_flow;
/* 0 once the browser's code is in flow; -1 when cancelled or stdin ended. */
int plain_browser_sign_in(struct loop *l, const struct form *f, struct oauth_flow *flow, const bool *cancelled);
#endif
