/* The browser sign-in in line mode: print the sign-in address, then wait
 * for the browser on the loopback listener (the session's step) or for
 * the address the user pastes on a line of its own, whichever comes
 * first. */
#include "plain.h"
#include "oauth_flow.h"
#include "util.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* One pasted line: the session takes it, or the problem is printed. */
static void on_line(struct plain_paste *w)
{
	if (!session_paste(w->s, w->line.p, w->line.len))
		printf("%s\nPaste it again, or press Ctrl-C to stop: ", session_oauth(w->s)->problem), fflush(stdout);
	secbuf_clear(&w->line);
}

static void on_stdin(void *arg, int fd, short revents)
{
	struct plain_paste *w = arg;
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

void plain_paste_begin(struct plain_paste *w, struct session *s, struct loop *l)
{
	const struct oauth_flow *flow = session_oauth(s);
	const struct system *sys = session_system(s);
	struct termios quiet;
	w->s = s;
	w->active = true;
	w->eof = false;
	w->problem[0] = 0;
	secbuf_init(&w->line, 4096);
	printf("\n%s signs in through a web browser.\n1. Open this address in a browser, on this computer or any other:\n\n%s\n\n"
	       "2. Sign in there and allow access.\n%s\n3. Or paste the address the browser ends on here (it is not shown) and press Enter: ",
	       sys->name, flow->auth_url, flow->listen_note);
	fflush(stdout);
	/* the pasted address carries the code: not echoed, like a password */
	w->tty = tcgetattr(STDIN_FILENO, &w->old) == 0;
	if (w->tty) {
		quiet = w->old;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(STDIN_FILENO, TCSADRAIN, &quiet);
	}
	loop_watch(l, STDIN_FILENO, POLLIN, on_stdin, w);
}

void plain_paste_end(struct plain_paste *w, struct loop *l, bool signed_in)
{
	loop_watch(l, STDIN_FILENO, 0, NULL, NULL);
	if (w->tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &w->old);
	secbuf_free(&w->line);
	w->active = false;
	if (signed_in)
		printf("\nSigned in in the browser.\n");
}

void plain_paste_problem(struct plain_paste *w)
{
	const struct oauth_flow *flow = session_oauth(w->s);
	if (!flow || !flow->problem[0] || !strcmp(flow->problem, w->problem))
		return;
	str_copy(w->problem, sizeof(w->problem), flow->problem);
	printf("%s\n", flow->problem);
	fflush(stdout);
}
