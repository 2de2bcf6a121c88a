/* curl_dl.h: libcurl, loaded when the program first needs the network.
 *
 * Linking libcurl makes every start pay for loading it and its ~37
 * libraries (~6 ms), even `onramp systems`, which never goes on the
 * network. So the binary does not link it: this header maps each curl_*
 * function the code calls onto a table filled by dlopen on first use
 * (core/net/curl_dl.c). Code keeps calling curl_easy_setopt and friends as
 * usual; include this header instead of <curl/curl.h>.
 *
 * curl's type-check macros (typecheck-gcc.h) would wrap the same names,
 * so they are turned off. */
#ifndef ONRAMP_CURL_DL_H
#define ONRAMP_CURL_DL_H
#ifndef CURL_DISABLE_TYPECHECK
#define CURL_DISABLE_TYPECHECK
#endif
#include <curl/curl.h>
#include "error.h"

/* Every libcurl function the program calls. */
#define CURL_DL_FUNCS(X) \
	X(global_init) X(global_init_mem) X(global_cleanup) \
	X(easy_init) X(easy_cleanup) X(easy_setopt) X(easy_getinfo) X(easy_strerror) X(easy_escape) \
	X(easy_unescape) X(free) X(slist_append) X(slist_free_all) \
	X(multi_init) X(multi_cleanup) X(multi_setopt) X(multi_add_handle) X(multi_remove_handle) \
	X(multi_socket_action) X(multi_info_read) \
	X(url) X(url_cleanup) X(url_get) X(url_set)

struct curl_fns {
#define CURL_DL_MEMBER(f) __typeof__(&curl_##f) f;
	CURL_DL_FUNCS(CURL_DL_MEMBER)
#undef CURL_DL_MEMBER
};

/* Loads libcurl and runs curl_global_init once. 0 when ready; -1 with err
 * filled (exit EXIT_NETWORK, a message naming the libcurl4 package). */
int curl_dl_load(struct onr_error *err);
/* The table. Call curl_dl_load first and report its error: the table
 * loads libcurl itself when nobody did (the wizard starts without it), but
 * can only abort when that fails. */
const struct curl_fns *curl_dl(void);
/* curl_global_cleanup, only when libcurl was loaded. */
void curl_dl_cleanup(void);

/* curl.h defines these three as function-like macros that only check the
 * argument count; ours take their place. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
#undef curl_multi_setopt

#define curl_global_init (curl_dl()->global_init)
#define curl_global_init_mem (curl_dl()->global_init_mem)
#define curl_global_cleanup (curl_dl()->global_cleanup)
#define curl_easy_init (curl_dl()->easy_init)
#define curl_easy_cleanup (curl_dl()->easy_cleanup)
#define curl_easy_setopt (curl_dl()->easy_setopt)
#define curl_easy_getinfo (curl_dl()->easy_getinfo)
#define curl_easy_strerror (curl_dl()->easy_strerror)
#define curl_easy_escape (curl_dl()->easy_escape)
#define curl_easy_unescape (curl_dl()->easy_unescape)
#define curl_free (curl_dl()->free)
#define curl_slist_append (curl_dl()->slist_append)
#define curl_slist_free_all (curl_dl()->slist_free_all)
#define curl_multi_init (curl_dl()->multi_init)
#define curl_multi_cleanup (curl_dl()->multi_cleanup)
#define curl_multi_setopt (curl_dl()->multi_setopt)
#define curl_multi_add_handle (curl_dl()->multi_add_handle)
#define curl_multi_remove_handle (curl_dl()->multi_remove_handle)
#define curl_multi_socket_action (curl_dl()->multi_socket_action)
#define curl_multi_info_read (curl_dl()->multi_info_read)
#define curl_url (curl_dl()->url)
#define curl_url_cleanup (curl_dl()->url_cleanup)
#define curl_url_get (curl_dl()->url_get)
#define curl_url_set (curl_dl()->url_set)
#endif
