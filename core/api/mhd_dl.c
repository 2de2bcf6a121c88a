/* mhd_dl.c: loads libmicrohttpd when an HTTP server first starts
 * (mhd_dl.h), by the SONAME of the library the build compiled against
 * (ONRAMP_MHD_SONAME), so the ABI matches. */
#include "api/mhd_dl.h"
#include "dl_table.h"

#ifndef ONRAMP_MHD_SONAME
#define ONRAMP_MHD_SONAME "libmicrohttpd.so.12"
#endif

struct mhd_fns mhd_dl;

bool mhd_dl_load(const char **why)
{
#define MHD_DL_NAME(f) #f,
	static const char *const names[] = {MHD_DL_FUNCS(MHD_DL_NAME)};
#undef MHD_DL_NAME
	_Static_assert(sizeof(names) / sizeof(names[0]) * sizeof(void *) == sizeof(mhd_dl), "one slot a name");
	return dl_table_load(ONRAMP_MHD_SONAME, "MHD_", names, (void **)&mhd_dl, sizeof(names) / sizeof(names[0]), why);
}
