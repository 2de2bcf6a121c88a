/* frontend.h: starts the wizard in the frontend that fits the terminal:
 * full screen, or line mode (--plain, TERM=dumb, or stdout not a terminal).
 * cli/cmd_wizard.c and `onramp reconnect` call it after parsing. */
#ifndef ONRAMP_FRONTEND_H
#define ONRAMP_FRONTEND_H
#include <stdbool.h>
#include "tui.h"
#include "wizard.h"

struct frontend_opts {
	struct tui_opts tui;
	struct wizard_opts w; /* w.presets points at the caller's array */
	bool plain, kiosk_flag, idle_given;
	const char *result_file, *result_fd;
	char config_theme[64]; /* the config's theme, which tui.theme may point at */
};

/* Fills in what the config decides, checks the presets against the
 * catalog and runs the wizard; returns an exit code. */
int frontend_run(struct frontend_opts *a);
#endif
