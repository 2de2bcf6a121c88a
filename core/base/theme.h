/* theme.h: themes as data. A theme file has lines "role = fg bg [attr...]"
 * (colors: default black red green yellow blue magenta cyan white, or 0-255;
 * attrs: bold dim reverse underline). The TUI maps roles to curses. */
#ifndef ONRAMP_THEME_H
#define ONRAMP_THEME_H
#include "error.h"

enum role {
	ROLE_NORMAL, ROLE_TITLE, ROLE_SELECTED, ROLE_MATCH, ROLE_LABEL, ROLE_INVALID,
	ROLE_HELP, ROLE_OK, ROLE_FAIL, ROLE_MUTED, ROLE_BUTTON, ROLE_BORDER, ROLE_COUNT
};

#define THEME_BOLD 1
#define THEME_DIM 2
#define THEME_REVERSE 4
#define THEME_UNDERLINE 8

struct theme_style {
	short fg, bg; /* -1 = terminal default */
	int attrs;
};

struct theme {
	char name[64];
	struct theme_style role[ROLE_COUNT];
};

/* Parses theme text over t (which keeps values for roles not named). */
int theme_parse(struct theme *t, const char *text, const char *source, struct onr_error *err);
/* Finds NAME: the user's themes folder, then installed themes, then the
 * built-in default / high-contrast / mono. */
int theme_load(struct theme *t, const char *name, struct onr_error *err);
const char *theme_role_name(enum role r);
#endif
