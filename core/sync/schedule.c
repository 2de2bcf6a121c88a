/* schedule.c: sync schedules (see sync.h). */
#include "sync/sync.h"
#include "i18n.h"
#include "data/reader.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	long seconds;
} schedules[] = {
	{"15m", 15 * 60},
	{"hourly", 3600},
	{"daily", 86400},
};

long schedule_interval(const char *schedule)
{
	for (size_t i = 0; schedule && i < sizeof(schedules) / sizeof(schedules[0]); i++)
		if (strcmp(schedule, schedules[i].name) == 0)
			return schedules[i].seconds;
	return 0;
}

int schedule_parse(int argc, char **argv, char out[16])
{
	out[0] = 0;
	if (argc == 1 && strcmp(argv[0], "off") == 0)
		return 0;
	if (argc == 2 && strcmp(argv[0], "every") == 0)
		argv++, argc--;
	if (argc != 1 || !schedule_interval(argv[0]))
		return -1;
	str_copy(out, 16, argv[0]);
	return 0;
}

const char *schedule_default(const char *system_id)
{
	return system_id && reader_for(system_id) ? "hourly" : "";
}

const char *schedule_default_sentence(const char *system_id)
{
	return *schedule_default(system_id) ? _("Its purchase orders sync hourly; the first sync runs as soon as "
						 "\"onramp agent\" (or \"onramp sync --due\") runs.")
					     : NULL;
}
