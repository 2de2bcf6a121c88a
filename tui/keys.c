/* keys.c: which key means what. The keys every screen shares are here;
 * each screen's row in screens.c names its own key function, and most of
 * those are here too, so this file and the help bars are the whole
 * keyboard story. */
#include "tui.h"
#include "manage.h"
#include <curses.h>

#define CTRL(c) ((c) & 0x1f)

static enum action common_key(int ch)
{
	switch (ch) {
	case KEY_UP: return ACT_UP;
	case KEY_DOWN: return ACT_DOWN;
	case KEY_PPAGE: return ACT_PGUP;
	case KEY_NPAGE: return ACT_PGDN;
	case KEY_LEFT: return ACT_LEFT;
	case KEY_RIGHT: return ACT_RIGHT;
	case KEY_BTAB: return ACT_PREV;
	case KEY_ENTER: return ACT_ENTER;
	case KEY_BACKSPACE: return ACT_BACKSPACE;
	case KEY_DC: return ACT_DELETE;
	case KEY_F(2): return ACT_REVEAL;
	default: return ACT_NONE;
	}
}

enum action list_key(int ch, bool is_key)
{
	if (is_key) {
		if (ch == KEY_HOME)
			return ACT_HOME;
		if (ch == KEY_END)
			return ACT_END;
		return common_key(ch);
	}
	switch (ch) {
	case '\t': return ACT_CATEGORY;
	case CTRL('u'): return ACT_KILL;
	case CTRL('p'): return ACT_UP;
	case CTRL('n'): return ACT_DOWN;
	default: return ACT_NONE;
	}
}

enum action form_key(int ch, bool is_key)
{
	if (is_key) {
		if (ch == KEY_HOME)
			return ACT_LINE_START;
		if (ch == KEY_END)
			return ACT_LINE_END;
		return common_key(ch);
	}
	switch (ch) {
	case '\t': return ACT_NEXT;
	case CTRL('a'): return ACT_LINE_START;
	case CTRL('e'): return ACT_LINE_END;
	case CTRL('u'): return ACT_KILL;
	case CTRL('r'): return ACT_REVEAL;
	default: return ACT_NONE;
	}
}

enum action failed_key(int ch, bool is_key)
{
	if (is_key)
		return common_key(ch);
	switch (ch) {
	case 'e': case 'E': return ACT_EDIT;
	case 'r': case 'R': return ACT_RETRY;
	case 'l': case 'L': return ACT_TO_LIST;
	case 't': case 'T': return ACT_TRUST;
	case 'c': case 'C': return ACT_CAFILE;
	case 'u': case 'U': return ACT_PLAIN_HTTP;
	case '\t': return ACT_NEXT;
	default: return ACT_NONE;
	}
}

enum action conns_key(int ch, bool is_key)
{
	if (is_key)
		return common_key(ch);
	switch (ch) {
	case 'c': case 'C': return ACT_RECHECK;
	case 'd': case 'D': return ACT_DISCONNECT;
	case 'n': case 'N': return ACT_RECONNECT;
	case 'p': case 'P': return ACT_PURGE;
	case 's': case 'S': return ACT_SYNC;
	case 'w': case 'W': return ACT_WEBHOOKS;
	case 't': case 'T': return ACT_ROTATE;
	default: return ACT_NONE;
	}
}

enum action webhooks_key(int ch, bool is_key)
{
	if (is_key)
		return common_key(ch);
	return ch == 'w' || ch == 'W' ? ACT_WEBHOOKS : ACT_NONE;
}

enum action yes_no_key(int ch, bool is_key)
{
	if (is_key)
		return ACT_NONE;
	return ch == 'y' || ch == 'Y' ? ACT_YES : ch == 'n' || ch == 'N' ? ACT_NO : ACT_NONE;
}

enum action no_key(int ch, bool is_key)
{
	(void)ch;
	(void)is_key;
	return ACT_NONE;
}

enum action done_key(int ch, bool is_key)
{
	if (is_key)
		return ACT_NONE;
	switch (ch) {
	case 'q': case 'Q': return ACT_QUIT;
	case 'c': case 'C': return ACT_COPY;
	default: return yes_no_key(ch, is_key);
	}
}

enum action start_key(int ch, bool is_key)
{
	return is_key ? common_key(ch) : ch == '\t' ? ACT_NEXT : ACT_NONE;
}

/* One line of text (the CA file path). */
enum action line_key(int ch, bool is_key)
{
	return is_key ? common_key(ch) : ch == CTRL('u') ? ACT_KILL : ACT_NONE;
}

enum action authorize_key(int ch, bool is_key)
{
	return !is_key && ch == CTRL('r') ? ACT_REVEAL : line_key(ch, is_key);
}

enum action keys_action(const struct wizard *w, int ch, bool is_key)
{
	if (!is_key) {
		if (ch == 27)
			return ACT_BACK;
		if (ch == '\r' || ch == '\n')
			return ACT_ENTER;
		if (ch == 127 || ch == CTRL('h'))
			return ACT_BACKSPACE;
	}
	return screen_ops(w->screen)->key(ch, is_key);
}
