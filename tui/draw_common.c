/* draw_common.c: the drawing pieces every screen shares; it knows no
 * screen (screens.c picks the one to draw). */
#include "tui.h"
#include "utf8.h"
#include "util.h"
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <stdbool.h>

/* In ASCII mode (a non-UTF-8 locale, a vt100) every character outside
 * ASCII is drawn as its nearest ASCII look-alike, or '?'. */
static bool ascii_only;

void draw_set_ascii(bool ascii)
{
	ascii_only = ascii;
}

static const struct {
	unsigned cp;
	char ascii;
} lookalikes[] = {
	{0xB7, '-'}, {0x2022, '*'}, {0x2190, '<'}, {0x2191, '^'}, {0x2192, '>'}, {0x2193, 'v'},
	{0x25B8, '>'}, {0x2713, '+'}, {0x2717, 'x'}, {0x2500, '-'}, {0x2502, '|'}, {0x250C, '+'},
	{0x2510, '+'}, {0x2514, '+'}, {0x2518, '+'}, {0x2026, '.'}, {0xE9, 'e'}, {0xF6, 'o'},
	{0xFC, 'u'}, {0xE4, 'a'}, {0},
};

/* In ASCII mode every character is drawn as one ASCII cell. */
static int cell_width(uint32_t cp)
{
	return ascii_only ? 1 : utf8_cp_width(cp);
}

/* Columns of the first n bytes of text, as cell_width counts them. */
static int span_width(const char *text, size_t n)
{
	return ascii_only ? (int)utf8_count(text, n) : (int)utf8_width(text, n);
}

int text_width(const char *text)
{
	return span_width(text, strlen(text));
}

static void put_char(unsigned cp)
{
	wchar_t wc = (wchar_t)cp;
	if (cp < 0x80) {
		addch((chtype)cp);
		return;
	}
	if (!ascii_only) {
		addnwstr(&wc, 1);
		return;
	}
	for (int i = 0; lookalikes[i].cp; i++)
		if (lookalikes[i].cp == cp) {
			addch((chtype)lookalikes[i].ascii);
			return;
		}
	addch('?');
}

int draw_text(int y, int x, int width, const char *text, int attr)
{
	int used = 0, limit = width;
	uint32_t cp;
	const char *end = text + strlen(text);
	bool cut;
	if (width <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	/* text that does not fit ends in an ellipsis: never a silent cut */
	cut = width > 1 && span_width(text, (size_t)(end - text)) > width;
	if (cut)
		limit = width - 1;
	move(y, x);
	attron(attr);
	for (const char *p = text; *p;) {
		size_t n = utf8_step(p, (size_t)(end - p), &cp);
		int w = cell_width(cp);
		if (cp < 0x20 || cp == 0x7F)
			cp = '?'; /* control characters never reach the terminal */
		if (used + w > limit)
			break;
		put_char(cp);
		used += w;
		p += n;
	}
	if (cut) {
		put_char(0x2026);
		used++;
	}
	attroff(attr);
	return used;
}

static int flush_line(int y, int x, int width, char *line, size_t *len, int attr)
{
	line[*len] = 0;
	draw_text(y, x, width, line, attr);
	*len = 0;
	return 1;
}

/* The last row of a wrapped text: what is left, with an ellipsis when it
 * does not fit (draw_text cuts it so). */
static int flush_rest(int y, int x, int width, char *line, size_t len, const char *rest, int attr)
{
	struct buf b;
	buf_init(&b);
	buf_add(&b, line, len);
	for (const char *p = rest; *p; p++)
		if (*p != '\n' || (b.len && b.data[b.len - 1] != ' '))
			buf_add(&b, *p == '\n' ? " " : p, 1);
	buf_add(&b, "", 1);
	draw_text(y, x, width, b.data, attr);
	buf_free(&b);
	return 1;
}

int draw_wrapped(int y, int x, int width, int max_rows, const char *text, int attr)
{
	char line[512];
	size_t len = 0;
	int rows = 0;
	for (const char *p = text; *p && rows < max_rows;) {
		size_t wl;
		if (*p == '\n') {
			if (rows + 1 == max_rows && p[1])
				return rows + flush_rest(y + rows, x, width, line, len, p, attr);
			rows += flush_line(y + rows, x, width, line, &len, attr);
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		wl = strcspn(p, " \n");
		if (wl > 200)
			wl = utf8_floor(p, wl, 200); /* a very long word is clipped, not wrapped */
		line[len] = 0;
		if (len && (len + 1 + wl >= sizeof(line) || text_width(line) + 1 + span_width(p, wl) > width)) {
			if (rows + 1 == max_rows) { /* no row left for the rest */
				line[len++] = ' ';
				return rows + flush_rest(y + rows, x, width, line, len, p, attr);
			}
			rows += flush_line(y + rows, x, width, line, &len, attr);
		}
		if (len)
			line[len++] = ' ';
		memcpy(line + len, p, wl);
		len += wl;
		p += wl;
		while (*p && *p != ' ' && *p != '\n')
			p++;
	}
	if (len && rows < max_rows)
		rows += flush_line(y + rows, x, width, line, &len, attr);
	return rows;
}

/* Box characters are written as text, not ACS: the same on every terminal
 * that shows UTF-8, and plain ASCII where it cannot. */
void draw_box(const struct tui_look *look, int y, int x, int h, int w)
{
	const char *hz = look->ascii ? "-" : "\xe2\x94\x80", *vt = look->ascii ? "|" : "\xe2\x94\x82";
	const char *corner[4] = {"+", "+", "+", "+"};
	int a = look->attr[ROLE_BORDER];
	if (!look->ascii) {
		corner[0] = "\xe2\x94\x8c", corner[1] = "\xe2\x94\x90";
		corner[2] = "\xe2\x94\x94", corner[3] = "\xe2\x94\x98";
	}
	if (h < 2 || w < 2)
		return;
	for (int i = 1; i < w - 1; i++) {
		draw_text(y, x + i, 1, hz, a);
		draw_text(y + h - 1, x + i, 1, hz, a);
	}
	for (int i = 1; i < h - 1; i++) {
		draw_text(y + i, x, 1, vt, a);
		draw_text(y + i, x + w - 1, 1, vt, a);
	}
	draw_text(y, x, 1, corner[0], a);
	draw_text(y, x + w - 1, 1, corner[1], a);
	draw_text(y + h - 1, x, 1, corner[2], a);
	draw_text(y + h - 1, x + w - 1, 1, corner[3], a);
}

void draw_title(const struct tui_look *look, const char *left, const char *right)
{
	int a = look->attr[ROLE_TITLE];
	attron(a);
	mvhline(0, 0, ' ', COLS);
	attroff(a);
	draw_text(0, 1, COLS - 2, left, a);
	if (right && *right) {
		int w = text_width(right);
		if (w + text_width(left) + 4 < COLS)
			draw_text(0, COLS - w - 1, w, right, a);
	}
}

void draw_question(const struct tui_look *look, const char *text)
{
	attron(look->attr[ROLE_FAIL]);
	mvhline(LINES - 2, 0, ' ', COLS);
	attroff(look->attr[ROLE_FAIL]);
	draw_text(LINES - 2, 1, COLS - 2, text, look->attr[ROLE_FAIL] | A_BOLD);
}

/* The key bar: its groups (two spaces apart) are listed most important
 * first; where the bar is too narrow the last ones go, but never the one
 * with F1, so help is always one key away. */
void draw_help(const struct tui_look *look, const char *keys)
{
	int a = look->attr[ROLE_HELP], used = 0, f1w = 0;
	const char *g[16];
	size_t n[16], ng = 0, f1 = 16;
	struct buf bar;
	attron(a);
	mvhline(LINES - 1, 0, ' ', COLS);
	attroff(a);
	for (const char *p = keys; *p && ng < 16; ng++) {
		const char *e = strstr(p, "  ");
		g[ng] = p;
		n[ng] = e ? (size_t)(e - p) : strlen(p);
		if (!strncmp(p, "F1 ", 3))
			f1 = ng, f1w = span_width(p, n[ng]) + 2;
		p = e ? e + 2 : p + n[ng];
	}
	buf_init(&bar);
	for (size_t i = 0; i < ng; i++) {
		int w = span_width(g[i], n[i]) + (used ? 2 : 0);
		if (i == f1)
			continue;
		if (used + w + f1w > COLS - 2)
			break;
		buf_add(&bar, "  ", used ? 2 : 0);
		buf_add(&bar, g[i], n[i]);
		used += w;
	}
	if (f1 < ng) {
		buf_add(&bar, "  ", used ? 2 : 0);
		buf_add(&bar, g[f1], n[f1]);
	}
	buf_add(&bar, "", 1);
	draw_text(LINES - 1, 1, COLS - 2, bar.data, a);
	buf_free(&bar);
}
