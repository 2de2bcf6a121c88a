/* wizard_tls.c: after a certificate failure, the two explicit ways on
 * (README, TLS): name the company CA file, or trust exactly this
 * certificate's public key after comparing its fingerprint. The session
 * decides what is offered (a wrong host name never gets a pin); these
 * screens only ask. Likewise after address.plain_http: an explicit yes to
 * sending the credentials unencrypted to that one host. */
#include "screen.h"
#include "util.h"
#include <string.h>

bool wizard_tls_choices(const struct wizard *w, bool *can_pin)
{
	*can_pin = false;
	return w->screen == SCR_FAILED && session_trust_choices(&w->s, can_pin);
}

const char *wizard_plain_offer(const struct wizard *w)
{
	const char *host = session_plain_http_host(&w->s);
	return (w->screen == SCR_FAILED || w->screen == SCR_PLAIN) && !w->o.kiosk && host[0] ? host : NULL;
}

int failed_tls_buttons(const struct wizard *w)
{
	bool can_pin;
	if (wizard_plain_offer(w)) /* "Send unencrypted..." */
		return 1;
	return wizard_tls_choices(w, &can_pin) ? (can_pin ? 2 : 1) : 0;
}

enum action failed_tls_choice(const struct wizard *w)
{
	bool can_pin;
	if (wizard_plain_offer(w))
		return ACT_PLAIN_HTTP;
	wizard_tls_choices(w, &can_pin);
	return w->fail_choice == 3 && can_pin ? ACT_TRUST : ACT_CAFILE;
}

void failed_tls_act(struct wizard *w, enum action a)
{
	bool can_pin;
	if (a == ACT_PLAIN_HTTP && wizard_plain_offer(w))
		w->screen = SCR_PLAIN;
	if (!wizard_tls_choices(w, &can_pin))
		return;
	if (a == ACT_TRUST && can_pin)
		w->screen = SCR_TRUST;
	else if (a == ACT_CAFILE)
		w->screen = SCR_CAFILE;
}

void trust_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	(void)text;
	(void)len;
	w->dirty = true;
	if (a == ACT_BACK || a == ACT_NO)
		w->screen = SCR_FAILED;
	else if (a == ACT_YES)
		session_trust_pin(&w->s); /* kept with the connection when it is saved */
}

/* "Send the credentials unencrypted?": only y goes on; Enter, n and Esc
 * (the default) go back to the failure. */
void plain_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	(void)text;
	(void)len;
	w->dirty = true;
	if (a == ACT_YES) {
		session_allow_plain_http(&w->s); /* for this host only, then the check again */
		if (w->rechecking) /* Manage's re-check: its outcome ends it (manage_recheck_done) */
			w->screen = SCR_PROBE;
	} else if ((a == ACT_BACK || a == ACT_NO || a == ACT_ENTER) && w->rechecking) {
		manage_recheck_end(w); /* the failure, as a banner over the list */
	} else if (a == ACT_BACK || a == ACT_NO || a == ACT_ENTER) {
		w->screen = SCR_FAILED;
	}
}

static void cafile_edit(struct wizard *w, enum action a, const char *text, size_t len)
{
	size_t n = strlen(w->cafile);
	if (a == ACT_TEXT) {
		for (size_t i = 0; i < len && n + 1 < sizeof(w->cafile); i++)
			if ((unsigned char)text[i] >= 0x20)
				w->cafile[n++] = text[i];
		w->cafile[n] = 0;
	} else if (a == ACT_BACKSPACE && n) {
		w->cafile[n - 1] = 0;
	} else if (a == ACT_KILL) {
		w->cafile[0] = 0;
	}
	w->cafile_problem[0] = 0;
}

void cafile_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	w->dirty = true;
	if (a == ACT_BACK)
		w->screen = SCR_FAILED;
	else if (a == ACT_ENTER)
		session_use_cafile(&w->s, w->cafile, w->cafile_problem, sizeof(w->cafile_problem));
	else
		cafile_edit(w, a, text, len);
}
