/* wizard_done.c: leaving the done screen, or Manage's new token (the
 * same keys). The token is shown this once, so Enter, Esc and q first ask
 * whether it was saved (issue 11: four Enters in the form made a fifth
 * wipe it), and c hands it to the terminal's clipboard. */
#include "screen.h"
#include <sodium.h>
#include <string.h>
#include <unistd.h>

const char *wizard_token(const struct wizard *w)
{
	if (w->screen == SCR_TOKEN) /* Manage's new token */
		return w->new_token.len ? w->new_token.p : NULL;
	return w->o.result_fd < 0 && session_result(&w->s) ? session_result(&w->s)->token.p : NULL;
}

bool done_token_shown(const struct wizard *w)
{
	return wizard_token(w) != NULL;
}

/* OSC 52: the terminal (xterm, tmux, kitty, iTerm2, WezTerm...) puts the
 * text on its clipboard. A terminal without it ignores the sequence, so
 * the screen says that this may not have worked. The encoded copy is
 * secret too: it lives in sodium memory and is wiped. */
static void copy_to_clipboard(const char *text)
{
	size_t n = strlen(text), cap = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL) + 16, len, off = 0;
	char *seq = sodium_malloc(cap);
	if (!seq)
		return;
	memcpy(seq, "\033]52;c;", 7);
	sodium_bin2base64(seq + 7, cap - 8, (const unsigned char *)text, n, sodium_base64_VARIANT_ORIGINAL);
	len = strlen(seq);
	seq[len++] = '\a';
	while (off < len) { /* one sequence, whole: a cut one is dropped by the terminal */
		ssize_t k = write(STDOUT_FILENO, seq + off, len - off);
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	sodium_free(seq); /* sodium_free wipes */
}

static void leave(struct wizard *w, enum action how)
{
	w->leaving = ACT_NONE;
	w->copied = false;
	if (w->screen == SCR_TOKEN) { /* Manage's new token: back there */
		manage_token_done(w);
		w->quit = how == ACT_QUIT;
		return;
	}
	wizard_reset(w);
	/* an embedded run ends here; q ends any run outside a kiosk */
	w->quit = !w->o.kiosk && (how == ACT_QUIT || w->o.system);
}

void done_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	(void)text;
	(void)len;
	w->dirty = true;
	if (w->leaving) { /* "Have you saved the token?" */
		if (a == ACT_YES)
			leave(w, w->leaving);
		else if (a == ACT_NO || a == ACT_BACK)
			w->leaving = ACT_NONE;
		return;
	}
	if (a == ACT_COPY && done_token_shown(w)) {
		copy_to_clipboard(wizard_token(w));
		w->copied = true;
	} else if (a == ACT_ENTER || a == ACT_BACK || (a == ACT_QUIT && !w->o.kiosk)) {
		if (done_token_shown(w))
			w->leaving = a == ACT_QUIT ? ACT_QUIT : ACT_ENTER;
		else
			leave(w, a == ACT_QUIT ? ACT_QUIT : ACT_ENTER);
	}
}
