/* error.h: the one shape every failure takes, in every frontend.
 * docs/design.md §4: what happened, the likely cause and what to do
 * (message + hint), then the technical line (tech). */
#ifndef ONRAMP_ERROR_H
#define ONRAMP_ERROR_H
#include <stddef.h>

/* Exit codes: the command-line contract (docs/design.md §2). */
enum exit_code {
	EXIT_OK = 0,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_NETWORK = 4,
	EXIT_TLS = 5,
	EXIT_AUTH = 6,
	EXIT_API = 7,
	EXIT_STORE = 8,
	EXIT_CANCELLED = 9,
};

struct onr_error {
	int exit;          /* enum exit_code */
	char stage[16];    /* "address", "dns", ..., "store"; "" when none */
	char code[48];     /* stable dotted code: "dns.not_found" */
	char message[256]; /* what happened, plain words */
	char hint[768];    /* the likely cause and what to do now */
	char field[32];    /* form field to fix, "" when none */
	char tech[256];    /* quieter technical line: curl error, HTTP status */
};

/* Fills err from finished strings (callers format them first, e.g. with
 * str_fmt); longer texts are cut to the fields' sizes. Any argument may be
 * NULL. */
void error_set(struct onr_error *err, int exit, const char *stage,
	       const char *code, const char *message, const char *hint,
	       const char *field);
void error_clear(struct onr_error *err);
#endif
