/* The browser sign-in screen of the wizard (systems whose method is
 * oauth2_code): show the sign-in address, wait for the browser's answer
 * on the loopback listener or take a pasted address, then run the checks
 * with the code. A code works once, so every check attempt after the
 * first starts a new sign-in. */
#include "wizard.h"
#include "oauth_flow.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static void drop_flow(struct wizard *w)
{
	if (!w->oauth)
		return;
	oauth_flow_end(w->oauth);
	free(w->oauth);
	w->oauth = NULL;
	w->opts.grant = NULL;
}

void wizard_oauth_close(struct wizard *w)
{
	drop_flow(w);
	if (w->oauth_paste.p)
		secbuf_free(&w->oauth_paste);
}

bool wizard_oauth_needed(struct wizard *w)
{
	if (!oauth_needs_browser(w->form))
		return false;
	if (w->oauth && w->oauth->have_code && !w->oauth_used)
		return false;
	return true;
}

/* The listener got an answer, or the user pasted one. */
static void on_answer(void *arg)
{
	struct wizard *w = arg;
	w->dirty = true;
	if (w->screen != SCR_AUTHORIZE || !w->oauth->have_code)
		return; /* the problem is on the screen */
	w->opts.grant = &w->oauth->grant;
	w->oauth_used = false;
	wizard_retry(w);
}

void wizard_oauth_open(struct wizard *w)
{
	probe_free(w->probe); /* it may point at the old code */
	w->probe = NULL;
	drop_flow(w);
	if (!w->oauth_paste.p)
		secbuf_init(&w->oauth_paste, 4096);
	secbuf_clear(&w->oauth_paste);
	w->oauth = xcalloc(1, sizeof(*w->oauth));
	w->oauth_used = false;
	w->dirty = true;
	if (oauth_flow_begin(w->oauth, w->sys, w->form, w->loop, on_answer, w, &w->oauth_err) < 0) {
		free(w->oauth);
		w->oauth = NULL;
		w->screen = SCR_FAILED;
		w->store_failed = true; /* shows oauth_err through the store path */
		w->store_err = w->oauth_err;
		return;
	}
	w->screen = SCR_AUTHORIZE;
}

void wizard_oauth_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	struct secbuf *p = &w->oauth_paste;
	w->dirty = true;
	switch (a) {
	case ACT_TEXT: secbuf_add(p, text, len); break;
	case ACT_BACKSPACE:
		if (p->len)
			p->p[--p->len] = 0;
		break;
	case ACT_KILL: secbuf_clear(p); break;
	case ACT_REVEAL: w->form->reveal = !w->form->reveal; break;
	case ACT_ENTER:
		if (oauth_flow_paste(w->oauth, p->p, p->len))
			on_answer(w);
		break;
	case ACT_BACK:
		drop_flow(w);
		secbuf_clear(p);
		w->form->reveal = false;
		w->screen = SCR_FORM;
		break;
	case ACT_QUIT: w->quit = !w->o.kiosk; break;
	default: break;
	}
}
