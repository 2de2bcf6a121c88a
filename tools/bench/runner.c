/* runner: times whole processes, interleaved, and prints medians.
 * usage: runner REPS NAME INPUT CMD [ARG...] ; NAME INPUT CMD [ARG...] ; ...
 * INPUT is a file for standard input ("-" for /dev/null); output goes to /dev/null.
 * Prints one line per command:
 *   NAME median_ms min_ms exit max_ms peak_rss_kb ratio_median ratio_min ratio_max
 * (tab-separated): exit is the first non-zero exit status of any round (0:
 * every round succeeded); peak RSS is the median of the rounds' (wait4), and the
 * ratio is the command's time over the FIRST command's in the same round,
 * so a busy moment slows both sides of each ratio alike. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"

struct cmd { const char *name, *input; char **argv; double *ms, *rss, *ratio; int status; };


static double median(const double *v, int n)
{
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double run(struct cmd *c, double *rss_kb)
{
	double t0 = bench_ms();
	pid_t pid = fork();
	if (pid == 0) {
		int in = open(strcmp(c->input, "-") ? c->input : "/dev/null", O_RDONLY);
		int out = open("/dev/null", O_WRONLY);
		if (in < 0 || out < 0)
			_exit(127);
		dup2(in, 0), dup2(out, 1), dup2(out, 2);
		execvp(c->argv[0], c->argv);
		_exit(127);
	}
	int st = 0;
	struct rusage ru = {0};
	wait4(pid, &st, 0, &ru);
	if (rss_kb)
		*rss_kb = (double)ru.ru_maxrss;
	int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	if (rc && !c->status) /* the first failure is kept: one failing round shows */
		c->status = rc;
	return bench_ms() - t0;
}

int main(int argc, char **argv)
{
	struct cmd cmds[16] = {0};
	int n = 0, reps = argc > 1 ? atoi(argv[1]) : 0;
	if (reps < 1)
		return 2;
	for (int i = 2; i < argc && n < 16;) {
		if (i + 2 >= argc)
			return 2;
		cmds[n].name = argv[i], cmds[n].input = argv[i + 1], cmds[n].argv = &argv[i + 2];
		int j = i + 2;
		while (j < argc && strcmp(argv[j], ";"))
			j++;
		if (j < argc)
			argv[j] = NULL;
		cmds[n].ms = calloc((size_t)reps, sizeof(double));
		cmds[n].rss = calloc((size_t)reps, sizeof(double));
		cmds[n].ratio = calloc((size_t)reps, sizeof(double));
		n++;
		i = j + 1;
	}
	for (int c = 0; c < n; c++) /* warm up: page cache, dynamic loader */
		run(&cmds[c], NULL), run(&cmds[c], NULL);
	for (int r = 0; r < reps; r++)
		for (int k = 0; k < n; k++) { /* rotate the order each round */
			struct cmd *c = &cmds[(k + r) % n];
			c->ms[r] = run(c, &c->rss[r]);
		}
	for (int c = 0; c < n; c++)
		for (int r = 0; r < reps; r++)
			cmds[c].ratio[r] = cmds[0].ms[r] > 0 ? cmds[c].ms[r] / cmds[0].ms[r] : 0;
	for (int c = 0; c < n; c++) {
		struct cmd *x = &cmds[c];
		qsort(x->ms, (size_t)reps, sizeof(double), bench_cmp_double);
		qsort(x->rss, (size_t)reps, sizeof(double), bench_cmp_double);
		qsort(x->ratio, (size_t)reps, sizeof(double), bench_cmp_double);
		printf("%s\t%.2f\t%.2f\t%d\t%.2f\t%.0f\t%.3f\t%.3f\t%.3f\n", x->name, median(x->ms, reps), x->ms[0],
		       x->status, x->ms[reps - 1], median(x->rss, reps), median(x->ratio, reps), x->ratio[0],
		       x->ratio[reps - 1]);
	}
	return 0;
}
