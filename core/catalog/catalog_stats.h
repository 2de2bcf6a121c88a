/* catalog_stats.h: the catalog counted the way the README states it (issue
 * 16, "show the honesty"): by category of the systems that can be connected,
 * by depth of the check, and the industrial core on its own line.
 * `onramp systems --stats` prints it; the README's table is that output. */
#ifndef ONRAMP_CATALOG_STATS_H
#define ONRAMP_CATALOG_STATS_H
#include "catalog.h"
#include <stdbool.h>
#include <stddef.h>

#define CATALOG_STATS_MAX_CATEGORIES 32

struct category_count {
	const char *name; /* points into the catalog */
	size_t available;
};

struct catalog_stats {
	size_t total, available, verified, server_only, unavailable;
	size_t industrial, industrial_available, industrial_verified;
	struct category_count cats[CATALOG_STATS_MAX_CATEGORIES];
	size_t ncats; /* most systems first, ties by name */
};

/* ERP, CMMS/EAM, WMS, MES and procurement: what plants run (issue 16's
 * industrial goal; accounting is core but not counted here). */
bool category_industrial(const char *category);
void catalog_stats(const struct catalog *cat, struct catalog_stats *st);
#endif
