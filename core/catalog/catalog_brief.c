/* catalog_brief.c: the search view of a parsed catalog (catalog_index.h),
 * used when drop-in files add systems, and by the build to make the
 * embedded index. */
#include "catalog_index.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

void catalog_brief_from_catalog(struct catalog_brief *b, const struct catalog *cat)
{
	memset(b, 0, sizeof(*b));
	b->n = cat->n;
	b->systems = xcalloc(cat->n + 1, sizeof(*b->systems));
	for (size_t i = 0; i < cat->n; i++) {
		const struct system *s = &cat->systems[i];
		b->systems[i] = (struct system_brief){
			.id = s->id, .name = s->name, .vendor = s->vendor, .category = s->category,
			.aliases = (const char *const *)s->aliases, .naliases = s->naliases,
			.tier = s->tier, .popular = s->popular, .core = s->core,
			.usable = system_usable(s)};
	}
}

void catalog_brief_free(struct catalog_brief *b)
{
	free(b->systems);
	free(b->alias_ptrs);
	memset(b, 0, sizeof(*b));
}
