/* wizard.h: what the embedding application or kiosk asks of the
 * interactive frontends (the full-screen TUI, tui/screen.h, and line mode,
 * tui/plain.h). Both run one connect session (session.h). */
#ifndef ONRAMP_WIZARD_H
#define ONRAMP_WIZARD_H
#include "session.h"

struct wizard_opts {
	const char *system;     /* start on this system's form, and stay on it */
	const struct preset *presets;
	size_t npresets;
	int result_fd;          /* --result-file / --result-fd, or -1 */
	bool kiosk;             /* nothing quits; idle timeout; no stored connections */
	int idle_timeout_s;     /* kiosk: wipe and start over after this long idle */
	int done_timeout_s;     /* kiosk: the done screen clears itself */
	const struct invite *invite; /* --invite: deliver to its platform (core/kiosk/) */
	bool allow_plain_http;  /* --allow-plain-http: credentials may cross the network unencrypted */
	const char *plain_http_origin; /* the same yes for one scheme://host:port only (reconnect:
					* the one kept with the old connection), or NULL */
};

/* The session options these ask for. */
struct session_opts wizard_session_opts(const struct wizard_opts *o);
#endif
