/* curl_dl.c: loads libcurl with dlopen on first network use (curl_dl.h).
 * The file name is the library's SONAME, fixed by the build from the
 * libcurl it compiled against (ONRAMP_CURL_SONAME), so the ABI matches. */
#include "i18n.h"
#include "curl_dl.h"
#include "curl_mem.h"
#include "util.h"
#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>

#ifndef ONRAMP_CURL_SONAME
#define ONRAMP_CURL_SONAME "libcurl.so.4"
#endif

static struct curl_fns fns;
static bool loaded;

static void load_fail(struct onr_error *err, const char *why)
{
	char msg[200];
	str_fmt(msg, sizeof(msg), _("Could not load the network library %s."), ONRAMP_CURL_SONAME);
	error_set(err, EXIT_NETWORK, "", "network.no_library", msg,
		  _("onramp needs libcurl (Debian package libcurl4) to reach a server. "
		    "Install it, for example with: sudo apt-get install libcurl4"),
		  NULL);
	str_copy(err->tech, sizeof(err->tech), why);
}

/* Resolves every name into the table; false when one is missing. */
static bool resolve(void *lib, const char **missing)
{
#define CURL_DL_RESOLVE(f)                                        \
	if (!(*(void **)&fns.f = dlsym(lib, "curl_" #f))) {      \
		*missing = "curl_" #f;                            \
		return false;                                     \
	}
	CURL_DL_FUNCS(CURL_DL_RESOLVE)
#undef CURL_DL_RESOLVE
	return true;
}

int curl_dl_load(struct onr_error *err)
{
	const char *missing = NULL;
	void *lib;
	if (loaded)
		return 0;
	/* LAZY, as the loader binds a program's libraries: with NOW, every
	 * function of libcurl's ~35 libraries was bound up front, most of them
	 * never called (a sixth of validate's loader time). The names onramp
	 * calls are all looked up below, so a missing one still fails here. */
	if (!(lib = dlopen(ONRAMP_CURL_SONAME, RTLD_LAZY | RTLD_LOCAL))) {
		load_fail(err, dlerror());
		return -1;
	}
	if (!resolve(lib, &missing)) {
		load_fail(err, missing);
		dlclose(lib);
		return -1;
	}
	/* libcurl's own copies of user:password, request heads and bodies
	 * are wiped when it frees them (curl_mem.c) */
	if (fns.global_init_mem(CURL_GLOBAL_DEFAULT, curl_mem_malloc, curl_mem_free, curl_mem_realloc,
				curl_mem_strdup, curl_mem_calloc) != CURLE_OK) {
		load_fail(err, "curl_global_init failed");
		dlclose(lib);
		return -1;
	}
	loaded = true;
	return 0;
}

/* core/ never prints or exits, so a failed load is reported by whoever
 * called curl_dl_load (main before any command, probe_start before a
 * check). Reaching here without a load is a bug in the caller: abort,
 * like tmux's fatalx, rather than call into an empty table. */
const struct curl_fns *curl_dl(void)
{
	struct onr_error err;
	/* a program that starts without libcurl (the wizard) loads it here;
	 * the probe loads it first and reports a missing one properly */
	if (!loaded && curl_dl_load(&err) < 0)
		abort();
	return &fns;
}

void curl_dl_cleanup(void)
{
	if (loaded)
		fns.global_cleanup();
}
