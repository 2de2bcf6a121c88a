/* pty: a program's screen as a person sees it, timed. Runs CMD in a
 * pseudo-terminal of 80x24, then:
 *   - first screen: the time from the start to the last byte of its
 *     first frame (the output has then been quiet for QUIET ms);
 *   - keystrokes: types KEYS one at a time, each after the previous
 *     answer went quiet, and times the answer's last byte after the key
 *     (end to end: the program's reading, search and drawing, and the
 *     terminal's bytes), counting the bytes each answer wrote;
 *   - peak RSS of the program (wait4), after Esc, Ctrl-C and at last
 *     SIGKILL.
 * usage: pty [--keys TEXT] [--quiet MS] [--rounds N] -- CMD [ARG...]
 * Prints tab-separated: first_ms first_bytes key_p50_ms key_p99_ms key_max_ms
 * bytes_per_key peak_rss_kb, each a median over the rounds (key figures
 * over every key of every round). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"


static double pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return v[(size_t)((double)(n - 1) * p)];
}

/* Reads until the output has been quiet for quiet ms (or limit ms have
 * passed); returns the time of the last byte (or -1 if none came) and
 * adds the bytes to *bytes. Answers the terminal queries a program may
 * wait for (cursor position), as a terminal would. */
static double drain(int fd, double quiet, double limit, size_t *bytes)
{
	double start = bench_ms(), last = -1;
	char buf[65536];
	for (;;) {
		double t = bench_ms(), wait = (last < 0 ? start + limit : last + quiet) - t;
		if (wait <= 0)
			return last;
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int r = poll(&p, 1, (int)wait + 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return last;
		last = bench_ms();
		*bytes += (size_t)n;
		if (memmem(buf, (size_t)n, "\033[6n", 4)) /* where is the cursor? */
			(void)!write(fd, "\033[1;1R", 6);
	}
}

int main(int argc, char **argv)
{
	const char *keys = "";
	double quiet = 150;
	int rounds = 1, i = 1;
	for (; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--keys") && i + 1 < argc)
			keys = argv[++i];
		else if (!strcmp(argv[i], "--quiet") && i + 1 < argc)
			quiet = atof(argv[++i]);
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = atoi(argv[++i]);
	}
	if (i + 1 >= argc || rounds < 1) {
		fputs("usage: pty [--keys TEXT] [--quiet MS] [--rounds N] -- CMD [ARG...]\n", stderr);
		return 2;
	}
	char **cmd = &argv[i + 1];
	size_t nkeys = strlen(keys), nk = 0;
	double *first = calloc((size_t)rounds, sizeof(double)), *fbytes = calloc((size_t)rounds, sizeof(double));
	double *rss = calloc((size_t)rounds, sizeof(double)), *kms = calloc((size_t)rounds * nkeys + 1, sizeof(double));
	double *kbytes = calloc((size_t)rounds * nkeys + 1, sizeof(double));
	for (int r = 0; r < rounds; r++) {
		struct winsize ws = {.ws_row = 24, .ws_col = 80};
		int fd;
		double t0 = bench_ms();
		pid_t pid = forkpty(&fd, NULL, NULL, &ws);
		if (pid < 0)
			return 1;
		if (pid == 0) {
			execvp(cmd[0], cmd);
			_exit(127);
		}
		size_t b = 0;
		double last = drain(fd, quiet, 30000, &b);
		first[r] = last < 0 ? -1 : last - t0;
		fbytes[r] = (double)b;
		for (size_t k = 0; k < nkeys; k++) {
			size_t kb = 0;
			double sent = bench_ms();
			(void)!write(fd, &keys[k], 1);
			last = drain(fd, quiet, 5000, &kb);
			kms[nk] = last < 0 ? 0 : last - sent;
			kbytes[nk++] = (double)kb;
		}
		(void)!write(fd, "\033", 1);
		size_t ignore = 0;
		drain(fd, 50, 300, &ignore);
		(void)!write(fd, "\003", 1);
		drain(fd, 50, 300, &ignore);
		int st;
		struct rusage ru = {0};
		if (wait4(pid, &st, WNOHANG, &ru) == 0) {
			kill(pid, SIGKILL);
			wait4(pid, &st, 0, &ru);
		}
		rss[r] = (double)ru.ru_maxrss;
		close(fd);
	}
	double p50 = pct(kms, nk, 0.5), p99 = pct(kms, nk, 0.99), mx = nk ? kms[nk - 1] : 0;
	printf("%.2f\t%.0f\t%.2f\t%.2f\t%.2f\t%.0f\t%.0f\n", pct(first, (size_t)rounds, 0.5),
	       pct(fbytes, (size_t)rounds, 0.5), p50, p99, mx, pct(kbytes, nk, 0.5), pct(rss, (size_t)rounds, 0.5));
	return 0;
}
