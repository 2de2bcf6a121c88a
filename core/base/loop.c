#include "loop.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_FDS 64
/* An agent runs AGENT_MAX syncs and DISPATCH_SLOTS deliveries at once,
 * each with its transfer's timers: 32 filled up, and loop_after then
 * dropped the agent's own tick, which stopped it for good. */
#define MAX_TIMERS 256
#define MAX_SIGNALS 8

struct watch {
	int fd;
	short events;
	loop_fd_fn fn;
	void *arg;
};

struct timer {
	int id;
	long long due;
	loop_timer_fn fn;
	void *arg;
};

struct sigh {
	int signo;
	loop_signal_fn fn;
	void *arg;
};

struct loop {
	struct watch w[MAX_FDS];
	int nw;
	struct timer t[MAX_TIMERS];
	int nt, next_id;
	struct sigh s[MAX_SIGNALS];
	int ns;
	int pipe[2];
};

/* The self-pipe: a signal handler may only write a byte; the loop reads it. */
static int sig_pipe_w = -1;

static void on_signal(int signo)
{
	int saved = errno;
	unsigned char b = (unsigned char)signo;
	if (sig_pipe_w >= 0 && write(sig_pipe_w, &b, 1) < 0) {
		/* pipe full: the loop is already awake */
	}
	errno = saved;
}

static void read_signals(void *arg, int fd, short revents)
{
	struct loop *l = arg;
	unsigned char b[32];
	ssize_t n;
	(void)revents;
	while ((n = read(fd, b, sizeof(b))) > 0)
		for (ssize_t i = 0; i < n; i++)
			for (int k = 0; k < l->ns; k++)
				if (l->s[k].signo == b[i])
					l->s[k].fn(l->s[k].arg, b[i]);
}

struct loop *loop_new(void)
{
	struct loop *l = xcalloc(1, sizeof(*l));
	if (pipe2(l->pipe, O_NONBLOCK | O_CLOEXEC) < 0) {
		l->pipe[0] = l->pipe[1] = -1;
	} else {
		sig_pipe_w = l->pipe[1];
		loop_watch(l, l->pipe[0], POLLIN, read_signals, l);
	}
	l->next_id = 1;
	return l;
}

void loop_free(struct loop *l)
{
	if (!l)
		return;
	for (int k = 0; k < l->ns; k++)
		signal(l->s[k].signo, SIG_DFL);
	if (l->pipe[0] >= 0) {
		sig_pipe_w = -1;
		close(l->pipe[0]);
		close(l->pipe[1]);
	}
	free(l);
}

void loop_watch(struct loop *l, int fd, short events, loop_fd_fn fn, void *arg)
{
	for (int i = 0; i < l->nw; i++) {
		if (l->w[i].fd != fd)
			continue;
		if (!events) {
			l->w[i] = l->w[--l->nw];
		} else {
			l->w[i].events = events;
			l->w[i].fn = fn;
			l->w[i].arg = arg;
		}
		return;
	}
	if (events && l->nw < MAX_FDS)
		l->w[l->nw++] = (struct watch){fd, events, fn, arg};
}

int loop_after(struct loop *l, long ms, loop_timer_fn fn, void *arg)
{
	if (l->nt >= MAX_TIMERS)
		return 0;
	l->t[l->nt] = (struct timer){l->next_id++, now_ms() + ms, fn, arg};
	return l->t[l->nt++].id;
}

void loop_cancel(struct loop *l, int id)
{
	for (int i = 0; i < l->nt; i++)
		if (l->t[i].id == id) {
			l->t[i] = l->t[--l->nt];
			return;
		}
}

void loop_on_signal(struct loop *l, int signo, loop_signal_fn fn, void *arg)
{
	struct sigaction sa;
	if (l->ns >= MAX_SIGNALS)
		return;
	l->s[l->ns++] = (struct sigh){signo, fn, arg};
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(signo, &sa, NULL);
}

static int next_timeout(struct loop *l, int max_ms)
{
	long long now = now_ms();
	int wait = max_ms;
	for (int i = 0; i < l->nt; i++) {
		long long d = l->t[i].due - now;
		if (d < 0)
			d = 0;
		if (wait < 0 || d < wait)
			wait = (int)d;
	}
	return wait;
}

static void run_due_timers(struct loop *l)
{
	long long now = now_ms();
	for (int i = 0; i < l->nt;) {
		if (l->t[i].due <= now) {
			struct timer t = l->t[i];
			l->t[i] = l->t[--l->nt];
			t.fn(t.arg); /* may add or cancel timers: restart the scan */
			i = 0;
			continue;
		}
		i++;
	}
}

void loop_once(struct loop *l, int max_ms)
{
	struct pollfd p[MAX_FDS];
	struct watch snap[MAX_FDS];
	int n = l->nw, r;

	memcpy(snap, l->w, sizeof(snap[0]) * (size_t)n);
	for (int i = 0; i < n; i++)
		p[i] = (struct pollfd){snap[i].fd, snap[i].events, 0};
	r = poll(p, (nfds_t)n, next_timeout(l, max_ms));
	if (r > 0) {
		for (int i = 0; i < n; i++) {
			if (!p[i].revents)
				continue;
			/* a callback may have removed this watch: check it still stands */
			for (int k = 0; k < l->nw; k++)
				if (l->w[k].fd == snap[i].fd && l->w[k].fn == snap[i].fn) {
					l->w[k].fn(l->w[k].arg, p[i].fd, p[i].revents);
					break;
				}
		}
	}
	run_due_timers(l);
}
