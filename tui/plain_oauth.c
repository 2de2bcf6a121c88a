/* The browser sign-in in line mode: print the sign-in address, then wait
 * for the browser on the loopback listener (the session's step) or for
 * the address the user pastes on a line of its own, whichever comes
 * first. */
#include "plain.h"
#include "i18n.h"
#include "device_flow.h"
#include "relay_flow.h"
#include "oauth_flow.h"
#include "qr.h"
#include "util.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* One pasted line: the session takes it, or the problem is printed. */
static void on_line(struct plain_paste *w)
{
	if (!session_paste(w->s, w->line.p, w->line.len))
		printf(_("%s\nPaste it again, or press Ctrl-C to stop: "), session_oauth(w->s)->problem), fflush(stdout);
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
	w->tty = false;
	secbuf_init(&w->line, 4096);
	if (!flow) { /* on another device: the code is printed when it comes */
		printf(_("\n%s signs in on your phone. Asking for a sign-in %s ...\n"), sys->name,
		       session_relay(s) ? _("link") : _("code"));
		fflush(stdout);
		return;
	}
	printf(_("\n%s signs in through a web browser.\n1. Open this address in a browser, on this computer or any other:\n\n%s\n\n"
	       "2. Sign in there and allow access.\n%s\n3. Or paste the address the browser ends on here (it is not shown) and press Enter: "),
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
		printf(session_device(w->s) ? _("\nSigned in on the phone.\n") : _("\nSigned in in the browser.\n"));
}

/* The address and code, once, when the device flow has them; the QR code
 * in ASCII too, for a terminal that can show it. */
static void show_device(struct plain_paste *w, const struct device_flow *d)
{
	struct qr_art art;
	if (d->state != DEVICE_WAITING || w->problem[0])
		return;
	str_copy(w->problem, sizeof(w->problem), "shown");
	if (qr_art_make(d->verification_uri_complete[0] ? d->verification_uri_complete : d->verification_uri, true, &art) == 0) {
		for (int i = 0; i < art.nlines; i++)
			printf("%s\n", art.lines[i]);
		qr_art_free(&art);
	}
	printf(_("\n1. On your phone, open (or scan the code above):  %s\n2. %s  %s\n"
	       "3. Sign in there and allow access; onramp goes on by itself (Ctrl-C stops).\n"
	       "The code lasts %d minutes.\n"),
	       d->verification_uri, d->verification_uri_complete[0] ? _("Check that it shows this code:") : _("Enter this code:"),
	       d->user_code, (device_flow_left_s(d) + 59) / 60);
	fflush(stdout);
}

/* The relay's link once, then each stage the platform reports. */
static void show_relay(struct plain_paste *w, const struct relay_flow *f)
{
	char stage[8];
	if (f->state == RELAY_ASKING)
		return;
	if (!w->problem[0])
		printf(_("\nOn your phone, open:  %s\nSign in there and allow access; the platform checks the connection "
		       "(Ctrl-C stops).\n"), f->start);
	str_fmt(stage, sizeof(stage), "%d", (int)f->state);
	if (strcmp(stage, w->problem) && f->message[0])
		printf("%s\n", f->message);
	str_copy(w->problem, sizeof(w->problem), stage);
	fflush(stdout);
}

void plain_paste_problem(struct plain_paste *w)
{
	const struct oauth_flow *flow = session_oauth(w->s);
	if (session_relay(w->s)) {
		show_relay(w, session_relay(w->s));
		return;
	}
	if (session_device(w->s)) {
		show_device(w, session_device(w->s));
		return;
	}
	if (!flow || !flow->problem[0] || !strcmp(flow->problem, w->problem))
		return;
	str_copy(w->problem, sizeof(w->problem), flow->problem);
	printf("%s\n", flow->problem);
	fflush(stdout);
}
