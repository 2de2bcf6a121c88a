/* dl_table.c: see dl_table.h. */
#include "dl_table.h"
#include <dlfcn.h>
#include <stdio.h>

bool dl_table_load(const char *soname, const char *prefix, const char *const *names, void **slots,
		   size_t n, const char **why)
{
	static char missing[96];
	void *h;
	if (n && slots[0])
		return true; /* loaded before */
	/* LAZY: only what is called gets bound (curl_dl.c says why) */
	if (!(h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL))) {
		*why = dlerror();
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		char name[80];
		snprintf(name, sizeof(name), "%s%s", prefix, names[i]);
		if (!(slots[i] = dlsym(h, name))) {
			snprintf(missing, sizeof(missing), "%s is missing", name);
			*why = missing;
			for (size_t j = 0; j < i; j++)
				slots[j] = NULL;
			dlclose(h);
			return false;
		}
	}
	return true;
}
