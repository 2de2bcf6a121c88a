/* catalog_stats.c: counts for `onramp systems --stats` (catalog_stats.h). */
#include "catalog_stats.h"
#include <stdlib.h>
#include <string.h>

bool category_industrial(const char *category)
{
	static const char *const industrial[] = {"ERP", "CMMS/EAM", "WMS", "MES", "Procurement", NULL};
	for (size_t i = 0; category && industrial[i]; i++)
		if (!strcmp(category, industrial[i]))
			return true;
	return false;
}

static void count_category(struct catalog_stats *st, const char *name)
{
	size_t c = 0;
	while (c < st->ncats && strcmp(st->cats[c].name, name))
		c++;
	if (c == st->ncats) {
		if (st->ncats == CATALOG_STATS_MAX_CATEGORIES)
			return;
		st->cats[st->ncats++].name = name;
	}
	st->cats[c].available++;
}

static int by_count(const void *a, const void *b)
{
	const struct category_count *x = a, *y = b;
	if (x->available != y->available)
		return x->available > y->available ? -1 : 1;
	return strcmp(x->name, y->name);
}

void catalog_stats(const struct catalog *cat, struct catalog_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (size_t i = 0; i < cat->n; i++) {
		/* whole, not the list's stub: the check's depth is not in a stub */
		const struct system *s = catalog_at(cat, i);
		bool usable = system_usable(s), ind = category_industrial(s->category);
		st->total++;
		st->industrial += ind;
		if (!usable) {
			st->unavailable++;
			continue;
		}
		st->available++;
		st->verified += s->probe.verifies_credentials;
		st->server_only += !s->probe.verifies_credentials;
		st->industrial_available += ind;
		st->industrial_verified += ind && s->probe.verifies_credentials;
		count_category(st, s->category ? s->category : "");
	}
	qsort(st->cats, st->ncats, sizeof(st->cats[0]), by_count);
}
