/* plain.h: the line-mode frontend (--plain, TERM=dumb, or stdout not a
 * terminal): the connect session as plain prompts, one question per line,
 * for screen readers and serial consoles. */
#ifndef ONRAMP_PLAIN_H
#define ONRAMP_PLAIN_H
#include <termios.h>
#include "catalog.h"
#include "loop.h"
#include "wizard.h"

int plain_run(struct catalog *cat, const struct wizard_opts *o);

/* The browser sign-in of oauth2_code systems (plain_oauth.c): while the
 * session waits for the browser, the address is printed and standard
 * input takes a pasted address, without echo (it holds the code). */
struct plain_paste {
	struct session *s;
	struct secbuf line;
	bool active, eof, tty;
	struct termios old;
	char problem[240]; /* the last problem printed */
};
void plain_paste_begin(struct plain_paste *w, struct session *s, struct loop *l);
/* signed_in: the code arrived and the checks run. */
void plain_paste_end(struct plain_paste *w, struct loop *l, bool signed_in);
/* Prints what was wrong with the browser's last answer, once. */
void plain_paste_problem(struct plain_paste *w);
#endif
