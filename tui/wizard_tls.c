/* wizard_tls.c: after a certificate failure, the two explicit ways on
 * (README, TLS): name the company CA file, or trust exactly this
 * certificate's public key after comparing its fingerprint. The session
 * decides what is offered (a wrong host name never gets a pin); these
 * screens only ask. */
#include "screen.h"
#include "util.h"
#include <string.h>

bool wizard_tls_choices(const struct wizard *w, bool *can_pin)
{
	*can_pin = false;
	return w->screen == SCR_FAILED && session_trust_choices(&w->s, can_pin);
}

int failed_tls_buttons(const struct wizard *w)
{
	bool can_pin;
	return wizard_tls_choices(w, &can_pin) ? (can_pin ? 2 : 1) : 0;
}

enum action failed_tls_choice(const struct wizard *w)
{
	bool can_pin;
	wizard_tls_choices(w, &can_pin);
	return w->fail_choice == 3 && can_pin ? ACT_TRUST : ACT_CAFILE;
}

void failed_tls_act(struct wizard *w, enum action a)
{
	bool can_pin;
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
