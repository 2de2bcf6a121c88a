/* timefmt.h: short times for people: a span ("45s", "12m", "3h", "2d")
 * and a clock time in the local zone ("08:12", or "Dec 6 08:12" when it
 * is not today). */
#ifndef ONRAMP_TIMEFMT_H
#define ONRAMP_TIMEFMT_H
#include <stddef.h>
#include <time.h>

void time_span(long seconds, char *out, size_t size);
void time_clock(time_t t, time_t now, char *out, size_t size);
#endif
