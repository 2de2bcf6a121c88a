/* The browser sign-in in line mode: print the sign-in address, then wait
 * for the browser on the loopback listener or for the address the user
 * pastes on a line of its own, whichever comes first. */
#include "plain.h"
#include "oauth_flow.h"
#include "util.h"
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct wait {
	struct oauth_flow *flow;
	struct secbuf line; /* the pasted address: it holds the code */
	bool done, eof;
};

static void on_answer(void *arg)
{
	struct wait *w = arg;
	if (w->flow->have_code)
		w->done = true;
	else
		printf("%s\n", w->flow->problem), fflush(stdout);
}

/* One pasted line: take it, or say what is wrong and wait for another. */
static void on_line(struct wait *w)
{
	if (oauth_flow_paste(w->flow, w->line.p, w->line.len))
		w->done = true;
	else
		printf("%s\nPaste it again, or press Ctrl-C to stop: ", w->flow->problem), fflush(stdout);
	secbuf_clear(&w->line);
}

static void on_stdin(void *arg, int fd, short revents)
{
	struct wait *w = arg;
	char c;
	(void)revents;
	ssize_t n = read(fd, &c, 1);
	if (n <= 0) {
		w->eof = true;
		return;
	}
	if (c == '\n')
		on_line(w);
	else if (c != '\r')
		secbuf_add(&w->line, &c, 1);
}

int plain_browser_sign_in(struct loop *l, const struct form *f, struct oauth_flow *flow, const bool *cancelled)
{
	struct wait w = {.flow = flow};
	struct onr_error err;
	if (oauth_flow_begin(flow, f->sys, f, l, on_answer, &w, &err) < 0) {
		printf("%s (%s)\n", err.message, err.tech);
		return -1;
	}
	secbuf_init(&w.line, 4096);
	printf("\n%s signs in through a web browser.\n1. Open this address in a browser, on this computer or any other:\n\n%s\n\n"
	       "2. Sign in there and allow access.\n%s\n3. Or paste the address the browser ends on here (it is not shown) and press Enter: ",
	       f->sys->name, flow->auth_url, flow->listen_note);
	fflush(stdout);
	/* the pasted address carries the code: not echoed, like a password */
	struct termios old, quiet;
	bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(STDIN_FILENO, TCSADRAIN, &quiet);
	}
	loop_watch(l, STDIN_FILENO, POLLIN, on_stdin, &w);
	while (!w.done && !w.eof && !*cancelled)
		loop_once(l, 500);
	loop_watch(l, STDIN_FILENO, 0, NULL, NULL);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	oauth_flow_stop_listening(flow); /* the loop ends before the flow does */
	secbuf_free(&w.line);
	if (w.done)
		printf("\nSigned in in the browser.\n");
	return w.done ? 0 : -1;
}
