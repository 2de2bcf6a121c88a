/* tui.c: curses set-up and the full-screen event loop: the terminal, the
 * probe's sockets and SIGWINCH all wake the same poll() (core/base/loop.c). */
#include "tui.h"
#include "store.h"
#include "util.h"
#include <curses.h>
#include <langinfo.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)

struct tui {
	struct wizard *w;
	struct tui_look look;
	bool help, pasting;
	bool quit_ask;     /* Ctrl-C with something typed: "Quit and lose it?" */
	bool bytes;        /* a locale without UTF-8: read bytes, not characters */
	struct buf paste;
	int idle_timer, done_timer; /* kiosk */
	long long idle_at;          /* kiosk: when the idle wipe comes (ms), 0 = none */
};

static void init_look(struct tui *t, const struct theme *th, bool ascii)
{
	bool color = has_colors() && !getenv("NO_COLOR");
	if (color) {
		start_color();
		use_default_colors();
	}
	for (int r = 0; r < ROLE_COUNT; r++) {
		const struct theme_style *s = &th->role[r];
		int a = 0;
		if (s->attrs & THEME_BOLD)
			a |= A_BOLD;
		if (s->attrs & THEME_DIM)
			a |= A_DIM;
		if (s->attrs & THEME_REVERSE)
			a |= A_REVERSE;
		if (s->attrs & THEME_UNDERLINE)
			a |= A_UNDERLINE;
		if (color && s->fg < COLORS && s->bg < COLORS && r + 1 < COLOR_PAIRS) {
			init_pair((short)(r + 1), s->fg, s->bg);
			a |= COLOR_PAIR(r + 1);
		} else if (!color && (r == ROLE_SELECTED || r == ROLE_HELP || r == ROLE_TITLE || r == ROLE_BUTTON)) {
			a |= A_REVERSE; /* without colour, focus still shows */
		}
		t->look.attr[r] = a;
	}
	t->look.ascii = ascii;
	draw_set_ascii(ascii);
}

/* Over the bottom of the screen: the question Ctrl-C asks. */
static void draw_quit_ask(const struct tui_look *look)
{
	draw_question(look, _("Quit onramp? What you typed is not kept. (y/n)"));
	draw_help(look, _("y quit  n or any other key: stay"));
	curs_set(0);
	refresh();
}

/* Kiosk: seconds left before the idle wipe, when it is close enough to
 * warn (15 s, or half the timeout when that is shorter) and something
 * could be lost; else 0. */
static long idle_warning(const struct tui *t)
{
	long window = t->w->o.idle_timeout_s * 1000L / 2, left;
	if (!t->w->o.kiosk || !t->idle_at || screen_ops(t->w->screen)->ticks)
		return 0;
	if (window > 15000)
		window = 15000;
	left = (long)(t->idle_at - now_ms());
	return left > 0 && left <= window ? (left + 999) / 1000 : 0;
}

static void draw_idle_warning(const struct tui_look *look, long seconds)
{
	char line[160];
	str_fmt(line, sizeof(line), _("Nobody has typed for a while: everything typed is wiped in %ld s. Press any key to keep it."),
		seconds);
	/* where the long text would be cut (80 columns cut it short)
	 * the short one, whole, still names the key that keeps what was typed */
	if (text_width(line) > COLS - 2)
		str_fmt(line, sizeof(line), _("Wiped in %ld s: press any key to keep what you typed."), seconds);
	draw_question(look, line);
	refresh();
}

static void redraw(struct tui *t)
{
	t->look.now = now_ms();
	if (t->help && COLS >= 60 && LINES >= 16) {
		erase();
		draw_title(&t->look, _("onramp \xc2\xb7 Help"), NULL);
		draw_wrapped(2, 2, COLS - 4, LINES - 4, _(screen_ops(t->w->screen)->help), t->look.attr[ROLE_NORMAL]);
		draw_help(&t->look, _("Any key: back"));
		curs_set(0);
		refresh();
	} else {
		draw_screen(t->w, &t->look);
		if (t->quit_ask && COLS >= 60 && LINES >= 16)
			draw_quit_ask(&t->look);
		if (idle_warning(t) && COLS >= 60 && LINES >= 16)
			draw_idle_warning(&t->look, idle_warning(t));
	}
	t->w->dirty = false;
}

static void on_resize(void *arg, int signo)
{
	struct tui *t = arg;
	struct winsize ws;
	(void)signo;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	wizard_set_page(t->w, LINES > 7 ? (size_t)(LINES - 7) : 1);
	redraw(t);
}

static void send_text(struct tui *t, wint_t wc)
{
	char mb[MB_LEN_MAX + 1];
	mbstate_t st = {0};
	size_t n = wcrtomb(mb, (wchar_t)wc, &st);
	if (n == (size_t)-1 && wc > 0x7f && wc <= 0xff) {
		/* a locale without UTF-8 (LANG=C) hands over the terminal's bytes
		 * one by one: keep them, never drop a letter silently */
		mb[0] = (char)wc;
		n = 1;
	} else if (n == (size_t)-1) {
		return;
	}
	if (t->pasting)
		buf_add(&t->paste, mb, n);
	else
		wizard_act(t->w, ACT_TEXT, mb, n);
}

static void on_mouse(struct tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED)
		wizard_act(t->w, ACT_UP, NULL, 0);
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		wizard_act(t->w, ACT_DOWN, NULL, 0);
#endif
}

/* Ctrl-C outside a kiosk: quit, but ask first when something typed would
 * be lost; the screens with a token ask about it themselves. */
static void ctrl_c(struct tui *t)
{
	struct wizard *w = t->w;
	if (w->o.kiosk)
		return;
	if (w->screen == SCR_DONE || w->screen == SCR_TOKEN)
		wizard_act(w, ACT_QUIT, NULL, 0);
	else if (wizard_has_typed(w))
		t->quit_ask = true;
	else
		w->quit = true;
	w->dirty = true;
}

/* "Quit and lose what you typed?": y quits, any other key stays. */
static void quit_answer(struct tui *t, int ch)
{
	t->quit_ask = false;
	t->w->quit = ch == 'y' || ch == 'Y';
	t->w->dirty = true;
}

/* One key or character. */
static void handle_key(struct tui *t, int rc, wint_t ch)
{
	bool is_key = rc == KEY_CODE_YES;
	enum wiz_screen s = t->w->screen;
	bool too_small = COLS < 60 || LINES < 16;
	if (is_key && ch == KEY_PASTE_BEGIN) {
		t->pasting = true;
		buf_free(&t->paste);
		buf_init(&t->paste);
		return;
	}
	if (is_key && ch == KEY_PASTE_END) {
		t->pasting = false;
		wizard_act(t->w, ACT_TEXT, t->paste.data, t->paste.len);
		buf_free(&t->paste);
		return;
	}
	if (t->pasting && !is_key) { /* a pasted line break is text, never Enter */
		if (ch == '\r' || ch == '\n' || ch == '\t')
			buf_add(&t->paste, " ", 1); /* blanks: trimmed or kept as spaces, never keys */
		else if (ch >= 0x20 && ch != 0x7f)
			send_text(t, ch);
		return;
	}
	if (t->help) { /* any key closes help */
		t->help = false;
		t->w->dirty = true;
		return;
	}
	if ((is_key && ch == KEY_F(1)) || (!is_key && ch == '?' && !screen_ops(s)->takes_text)) {
		t->help = true;
		t->w->dirty = true;
		return;
	}
	if (is_key && ch == KEY_F(3) && (s == SCR_START || s == SCR_LIST || s == SCR_CONNS)) {
		i18n_next(); /* every text is looked up as it is drawn: no restart */
		t->w->dirty = true;
		return;
	}
	if (is_key && ch == KEY_RESIZE) {
		/* resizeterm() queues this key itself: only draw again, or each
		 * resize would queue the next one forever */
		wizard_set_page(t->w, LINES > 7 ? (size_t)(LINES - 7) : 1);
		t->w->dirty = true;
		return;
	}
	if (!is_key && ch == 3) { /* Ctrl-C: raw mode makes it a key */
		ctrl_c(t);
		return;
	}
	if (t->quit_ask) {
		quit_answer(t, is_key ? 0 : (int)ch);
		return;
	}
	if (too_small) /* behind "Make the window larger" nothing acts blindly */
		return;
	if (is_key && ch == KEY_MOUSE) {
		on_mouse(t);
		return;
	}
	enum action a = keys_action(t->w, (int)ch, is_key);
	if (a != ACT_NONE)
		wizard_act(t->w, a, NULL, 0);
	else if (!is_key && ch >= 0x20 && ch != 0x7f)
		send_text(t, ch);
}

/* After a kiosk wipe the next frame starts from a cleared terminal: drawn
 * as changes over the old one, a revealed password or the token stayed on
 * the lower rows while the upper ones were repainted, which a slow link
 * (or a capture, in e2e/test_kiosk) could catch. */
static void wipe_terminal(void)
{
	clearok(curscr, TRUE);
}

/* Kiosk: whatever was typed is wiped when nobody touched a key for a
 * while, and the done screen (with its token) clears itself. */
static void on_idle(void *arg)
{
	struct tui *t = arg;
	t->idle_timer = t->done_timer = 0;
	t->idle_at = 0;
	if (!screen_ops(t->w->screen)->ticks) { /* never in the middle of a check */
		t->help = false;
		wizard_reset(t->w);
		wipe_terminal();
	} else {
		t->idle_timer = loop_after(t->w->loop, t->w->o.idle_timeout_s * 1000L, on_idle, t);
		t->idle_at = now_ms() + t->w->o.idle_timeout_s * 1000L;
	}
}

static void on_done_timeout(void *arg)
{
	struct tui *t = arg;
	t->done_timer = 0;
	if (t->w->screen == SCR_DONE) {
		wizard_reset(t->w);
		wipe_terminal();
	}
}

static void kiosk_timers(struct tui *t, bool key_pressed)
{
	struct wizard *w = t->w;
	if (!w->o.kiosk)
		return;
	if (key_pressed && idle_warning(t))
		w->dirty = true; /* the key keeps what was typed: the warning goes */
	if (w->o.idle_timeout_s > 0 && (key_pressed || !t->idle_timer)) {
		if (t->idle_timer)
			loop_cancel(w->loop, t->idle_timer);
		t->idle_timer = loop_after(w->loop, w->o.idle_timeout_s * 1000L, on_idle, t);
		t->idle_at = now_ms() + w->o.idle_timeout_s * 1000L;
	}
	if (w->screen == SCR_DONE && !t->done_timer)
		t->done_timer = loop_after(w->loop, w->o.done_timeout_s * 1000L, on_done_timeout, t);
	else if (w->screen != SCR_DONE && t->done_timer) {
		loop_cancel(w->loop, t->done_timer);
		t->done_timer = 0;
	}
}

/* The next key: get_wch in a UTF-8 locale. Elsewhere (LANG=C) get_wch
 * waits forever on the first byte above 127 and swallows all after it, so
 * bytes are read one by one and passed on as they are. */
static int read_key(const struct tui *t, wint_t *ch)
{
	int k;
	if (!t->bytes)
		return get_wch(ch);
	k = getch();
	*ch = (wint_t)k;
	return k == ERR ? ERR : k >= KEY_MIN ? KEY_CODE_YES : OK;
}

/* After an Esc that curses did not turn into a key: the rest of an escape
 * sequence this terminal description does not know (arriving with it)
 * is read and dropped, so it never acts as Esc and never types "[1~".
 * True when a sequence was dropped; otherwise *rc, *ch hold the next key
 * (or ERR). */
static bool unknown_sequence(const struct tui *t, int *rc, wint_t *ch)
{
	wint_t c;
	int r = read_key(t, &c);
	*rc = r;
	*ch = c;
	if (r != OK || (c != '[' && c != 'O'))
		return false;
	if (c == 'O') { /* SS3: one more byte */
		read_key(t, &c);
	} else { /* CSI: parameters, then a final byte @ to ~ */
		while ((r = read_key(t, &c)) == OK && !(c >= 0x40 && c <= 0x7e))
			;
	}
	*rc = ERR;
	return true;
}

static void on_input(void *arg, int fd, short revents)
{
	struct tui *t = arg;
	wint_t ch;
	int rc;
	(void)fd;
	if (revents & (POLLHUP | POLLERR) && !(revents & POLLIN)) {
		t->w->quit = true; /* the terminal went away */
		return;
	}
	while ((rc = read_key(t, &ch)) != ERR) {
		if (rc == OK && ch == 27 && !unknown_sequence(t, &rc, &ch))
			handle_key(t, OK, 27); /* a lone Esc, or Esc and the next key */
		if (rc != ERR)
			handle_key(t, rc, ch);
		kiosk_timers(t, true);
	}
}

/* ASCII marks where the locale is not UTF-8, or on a vt100, which has no
 * UTF-8 to draw lines with. */
static bool utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && strcmp(cs, "UTF-8") == 0;
}

static bool want_ascii(bool forced)
{
	const char *term = getenv("TERM");
	return forced || !utf8_locale() || (term && !strcmp(term, "vt100"));
}

int tui_run(struct wizard *w, const struct tui_opts *o)
{
	struct tui t = {.w = w};
	struct theme th;
	struct onr_error err;

	if (theme_load(&th, o->theme ? o->theme : "default", &err) < 0) {
		fprintf(stderr, "%s\n%s\n", err.message, err.hint);
		return EXIT_USAGE;
	}
	if (!getenv("ESCDELAY"))
		set_escdelay(50);
	if (!initscr())
		return EXIT_USAGE;
	raw(); /* Ctrl-C arrives as a key: Esc or q quit, nothing else kills the form */
	noecho();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	/* Home, End and Delete as PuTTY, rxvt and the Linux console send them */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[7~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[8~", KEY_END);
	define_key("\033[3~", KEY_DC);
	define_key("\033[200~", KEY_PASTE_BEGIN);
	define_key("\033[201~", KEY_PASTE_END);
	fputs("\033[?2004h", stdout); /* bracketed paste */
	fflush(stdout);
	init_look(&t, &th, want_ascii(o->ascii));
	t.bytes = !utf8_locale();
	loop_on_signal(w->loop, SIGWINCH, on_resize, &t);
	loop_watch(w->loop, STDIN_FILENO, POLLIN, on_input, &t);
	wizard_set_page(w, LINES > 7 ? (size_t)(LINES - 7) : 1);
	store_lock_patience(0); /* never freeze the screen: the session waits in the loop */
	if (w->o.kiosk) { /* raw mode makes these keys; ignore the signals too */
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGTSTP, SIG_IGN);
	}
	redraw(&t);
	while (!w->quit) {
		kiosk_timers(&t, false);
		/* while checking, redraw on each probe tick for spinner and timers */
		bool ticks = screen_ops(w->screen)->ticks;
		loop_once(w->loop, ticks ? 100 : 1000);
		if (w->dirty || ticks || idle_warning(&t)) /* the warning counts down */
			redraw(&t);
	}
	loop_watch(w->loop, STDIN_FILENO, 0, NULL, NULL);
	fputs("\033[?2004l", stdout);
	fflush(stdout);
	erase();
	refresh();
	endwin();
	buf_free(&t.paste);
	return EXIT_OK;
}
