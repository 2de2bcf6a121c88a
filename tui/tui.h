/* tui.h: the full-screen frontend. It draws core's connect session and
 * turns keys into actions on the screen shown (screen.h); nothing here
 * decides how a connection is made. */
#ifndef ONRAMP_TUI_H
#define ONRAMP_TUI_H
#include <stdbool.h>
#include "screen.h"
#include "i18n.h"
#include "theme.h"

struct tui_opts {
	const char *theme; /* theme name */
	bool ascii;        /* force ASCII borders and marks */
};

/* Runs the wizard full-screen until the user quits; returns an exit code. */
int tui_run(struct wizard *w, const struct tui_opts *o);

/* Draws the whole screen for the wizard's state (screens.c). */
void draw_screen(const struct wizard *w, const struct tui_look *look);
int draw_cert(const struct tls_info *t, const struct tui_look *look, int y);

/* Shared pieces (draw_common.c). */
void draw_title(const struct tui_look *look, const char *left, const char *right);
void draw_help(const struct tui_look *look, const char *keys);
/* Prints UTF-8 text at y,x, clipped to width columns; returns columns used. */
int draw_text(int y, int x, int width, const char *text, int attr);
/* Word-wraps text into width columns from row y; returns rows used. */
int draw_wrapped(int y, int x, int width, int max_rows, const char *text, int attr);
/* A question or warning on the row above the key bar, over the screen. */
void draw_question(const struct tui_look *look, const char *text);
void draw_box(const struct tui_look *look, int y, int x, int h, int w);
/* ASCII look-alikes for everything outside ASCII (tui.c decides). */
void draw_set_ascii(bool ascii);
/* Columns the UTF-8 text takes on screen. */
int text_width(const char *text);

/* Keys (keys.c): one key to one action on the screen shown. */
enum action keys_action(const struct wizard *w, int ch, bool is_key);
#endif
