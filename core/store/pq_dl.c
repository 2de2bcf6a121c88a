/* pq_dl.c: loads libpq when a PostgreSQL store is first opened (pq_dl.h),
 * by the SONAME of the libpq the build compiled against
 * (ONRAMP_PQ_SONAME), so the ABI matches. */
#include "pq_dl.h"
#include "dl_table.h"

#ifndef ONRAMP_PQ_SONAME
#define ONRAMP_PQ_SONAME "libpq.so.5"
#endif

struct pq_fns pq_dl;

bool pq_dl_load(const char **why)
{
#define PQ_DL_NAME(f) #f,
	static const char *const names[] = {PQ_DL_FUNCS(PQ_DL_NAME)};
#undef PQ_DL_NAME
	_Static_assert(sizeof(names) / sizeof(names[0]) * sizeof(void *) == sizeof(pq_dl), "one slot a name");
	return dl_table_load(ONRAMP_PQ_SONAME, "PQ", names, (void **)&pq_dl, sizeof(names) / sizeof(names[0]), why);
}
