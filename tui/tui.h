/* tui.h: the full-screen frontend. It draws core's wizard state and turns
 * keys into wizard actions; nothing here decides anything. */
#ifndef ONRAMP_TUI_H
#define ONRAMP_TUI_H
#include <stdbool.h>
#include "theme.h"
#include "wizard.h"

struct tui_opts {
	const char *theme; /* theme name */
	bool ascii;        /* force ASCII borders and marks */
};

/* Runs the wizard full-screen until the user quits; returns an exit code. */
int tui_run(struct wizard *w, const struct tui_opts *o);

/* Drawing (draw_*.c). Each draws the whole screen for one wizard state. */
struct tui_look {
	int attr[ROLE_COUNT]; /* curses attributes per role */
	bool ascii;           /* no UTF-8 or no line drawing: ASCII marks */
	long long now;        /* for spinners */
};
void draw_screen(const struct wizard *w, const struct tui_look *look);
void draw_list(const struct wizard *w, const struct tui_look *look);
void draw_form(const struct wizard *w, const struct tui_look *look);
void draw_check(const struct wizard *w, const struct tui_look *look);
void draw_done(const struct wizard *w, const struct tui_look *look);
void draw_start(const struct wizard *w, const struct tui_look *look);
void draw_conns(const struct wizard *w, const struct tui_look *look);
void draw_confirm(const struct wizard *w, const struct tui_look *look);
void draw_trust(const struct wizard *w, const struct tui_look *look);
void draw_cafile(const struct wizard *w, const struct tui_look *look);
void draw_authorize(const struct wizard *w, const struct tui_look *look);
int draw_cert(const struct tls_info *t, const struct tui_look *look, int y);

/* Shared pieces (draw_common.c). */
void draw_title(const struct tui_look *look, const char *left, const char *right);
void draw_help(const struct tui_look *look, const char *keys);
/* Prints UTF-8 text at y,x, clipped to width columns; returns columns used. */
int draw_text(int y, int x, int width, const char *text, int attr);
/* Word-wraps text into width columns from row y; returns rows used. */
int draw_wrapped(int y, int x, int width, int max_rows, const char *text, int attr);
void draw_box(const struct tui_look *look, int y, int x, int h, int w);
/* ASCII look-alikes for everything outside ASCII (tui.c decides). */
void draw_set_ascii(bool ascii);
/* Columns the UTF-8 text takes on screen. */
int text_width(const char *text);

/* Keys (keys.c): one key to one action, per screen. */
enum action keys_action(const struct wizard *w, int ch, bool is_key);
#endif
