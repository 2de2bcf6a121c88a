/* clock.h: what every bench program times with: a monotonic clock in
 * milliseconds, and the comparison qsort needs for medians and
 * percentiles of doubles. */
#ifndef ONRAMP_BENCH_CLOCK_H
#define ONRAMP_BENCH_CLOCK_H
#include <time.h>

static inline double bench_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}
#endif
