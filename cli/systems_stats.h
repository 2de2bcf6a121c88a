/* systems_stats.h: `onramp systems --stats` (systems_stats.c). */
#ifndef ONRAMP_SYSTEMS_STATS_H
#define ONRAMP_SYSTEMS_STATS_H
#include "catalog.h"
void systems_stats_print(const struct catalog *cat);
#endif
