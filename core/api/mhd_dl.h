/* mhd_dl.h: libmicrohttpd, loaded when the program first starts an HTTP
 * server (httpd_start: `onramp serve`, `webhooks listen`).
 *
 * Linking it made every start load it and GnuTLS with its eight
 * libraries (some 3 MB of the wizard's resident memory) for the two
 * commands that serve HTTP. As with libcurl (net/curl_dl.h), the binary
 * does not link it: this header maps each MHD_* function the code calls
 * onto a table filled by dlopen in mhd_dl_load. */
#ifndef ONRAMP_MHD_DL_H
#define ONRAMP_MHD_DL_H
#include <microhttpd.h>
#include <stdbool.h>

#define MHD_DL_FUNCS(X) \
	X(add_response_header) X(create_response_from_buffer) X(destroy_response) \
	X(get_connection_info) X(get_connection_values) X(get_daemon_info) X(get_timeout) \
	X(lookup_connection_value) \
	X(queue_response) X(resume_connection) X(run) X(start_daemon) X(stop_daemon) \
	X(suspend_connection)

struct mhd_fns {
#define MHD_DL_MEMBER(f) __typeof__(&MHD_##f) f;
	MHD_DL_FUNCS(MHD_DL_MEMBER)
#undef MHD_DL_MEMBER
};

/* Loads libmicrohttpd once; false (with dlerror's words or the missing
 * name in why) when it cannot. */
bool mhd_dl_load(const char **why);
/* The table; only after a successful mhd_dl_load (httpd_start loads). */
extern struct mhd_fns mhd_dl;

#define MHD_add_response_header (mhd_dl.add_response_header)
#define MHD_create_response_from_buffer (mhd_dl.create_response_from_buffer)
#define MHD_destroy_response (mhd_dl.destroy_response)
#define MHD_get_connection_info (mhd_dl.get_connection_info)
#define MHD_get_connection_values (mhd_dl.get_connection_values)
#define MHD_get_daemon_info (mhd_dl.get_daemon_info)
#define MHD_get_timeout (mhd_dl.get_timeout)
#define MHD_lookup_connection_value (mhd_dl.lookup_connection_value)
#define MHD_queue_response (mhd_dl.queue_response)
#define MHD_resume_connection (mhd_dl.resume_connection)
#define MHD_run (mhd_dl.run)
#define MHD_start_daemon (mhd_dl.start_daemon)
#define MHD_stop_daemon (mhd_dl.stop_daemon)
#define MHD_suspend_connection (mhd_dl.suspend_connection)
#endif
