/* timefmt.c: short times for people (see timefmt.h). */
#include "timefmt.h"
#include "util.h"
#include <string.h>

void time_span(long s, char *out, size_t size)
{
	if (s < 0)
		s = 0;
	if (s < 120)
		str_fmt(out, size, "%lds", s);
	else if (s < 7200)
		str_fmt(out, size, "%ldm", s / 60);
	else if (s < 172800)
		str_fmt(out, size, "%ldh", s / 3600);
	else
		str_fmt(out, size, "%ldd", s / 86400);
}

void time_clock(time_t t, time_t now, char *out, size_t size)
{
	struct tm a, b;
	localtime_r(&t, &a);
	localtime_r(&now, &b);
	if (a.tm_year == b.tm_year && a.tm_yday == b.tm_yday)
		strftime(out, size, "%H:%M", &a);
	else
		strftime(out, size, "%b %e %H:%M", &a);
}
