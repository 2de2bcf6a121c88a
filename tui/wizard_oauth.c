/* wizard_oauth.c: the keys of the browser sign-in screen. The sign-in
 * itself (the address, the listener, the code) is the session's step
 * (core/session/session_oauth.c); here the user may paste the address the browser
 * ended on, or go back. */
#include "screen.h"

void authorize_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	struct secbuf *p = &w->oauth_paste;
	struct form *f = session_form(&w->s);
	w->dirty = true;
	switch (a) {
	case ACT_TEXT: secbuf_add(p, text, len); break;
	case ACT_BACKSPACE:
		if (p->len)
			p->p[--p->len] = 0;
		break;
	case ACT_KILL: secbuf_clear(p); break;
	case ACT_REVEAL: f->reveal = !f->reveal; break;
	case ACT_ENTER: session_paste(&w->s, p->p, p->len); break;
	case ACT_BACK:
		session_cancel(&w->s);
		secbuf_clear(p);
		w->screen = SCR_FORM;
		break;
	case ACT_QUIT: w->quit = !w->o.kiosk; break;
	default: break;
	}
}
