/* pq_dl.c: loads libpq with dlopen when a PostgreSQL store is first
 * opened (pq_dl.h), by the SONAME of the libpq the build compiled
 * against (ONRAMP_PQ_SONAME), so the ABI matches. */
#include "pq_dl.h"
#include <dlfcn.h>
#include <stddef.h>

#ifndef ONRAMP_PQ_SONAME
#define ONRAMP_PQ_SONAME "libpq.so.5"
#endif

struct pq_fns pq_dl;

bool pq_dl_load(const char **why)
{
	static void *lib;
	if (lib)
		return true;
	void *h = dlopen(ONRAMP_PQ_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		*why = dlerror();
		return false;
	}
#define PQ_DL_RESOLVE(f)                                         \
	if (!(*(void **)&pq_dl.f = dlsym(h, "PQ" #f))) {        \
		*why = "PQ" #f " is missing";                    \
		dlclose(h);                                      \
		return false;                                    \
	}
	PQ_DL_FUNCS(PQ_DL_RESOLVE)
#undef PQ_DL_RESOLVE
	lib = h;
	return true;
}
