/* wizard_tls.c: after a certificate failure, the two explicit ways on
 * (GUIDE.md 3): name the company CA file, or trust exactly this
 * certificate's public key after comparing its fingerprint. A wrong host
 * name is never offered a pin: it means another server. */
#include "wizard.h"
#include "util.h"
#include <string.h>
#include <unistd.h>

/* Whether the failure is a certificate problem the user may get past. */
bool wizard_tls_choices(const struct wizard *w, bool *can_pin)
{
	const char *code;
	*can_pin = false;
	if (w->screen != SCR_FAILED || w->store_failed || !w->probe)
		return false;
	code = probe_error(w->probe)->code;
	*can_pin = probe_can_pin(w->probe);
	return !strcmp(code, "tls.untrusted") || !strcmp(code, "tls.expired") || !strcmp(code, "tls.not_yet_valid") ||
	       !strcmp(code, "tls.cafile");
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

void wizard_tls_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	bool can_pin;
	w->dirty = true;
	if (w->screen == SCR_FAILED) {
		if (!wizard_tls_choices(w, &can_pin))
			return;
		if (a == ACT_TRUST && can_pin)
			w->screen = SCR_TRUST;
		else if (a == ACT_CAFILE)
			w->screen = SCR_CAFILE;
		return;
	}
	if (a == ACT_BACK || a == ACT_NO) {
		w->screen = SCR_FAILED;
		return;
	}
	if (w->screen == SCR_TRUST && a == ACT_YES) {
		str_copy(w->pin, sizeof(w->pin), probe_tls(w->probe)->pin);
		w->opts.pin = w->pin; /* kept with the connection when it is saved */
		wizard_retry(w);
	} else if (w->screen == SCR_CAFILE && a == ACT_ENTER) {
		if (access(w->cafile, R_OK) != 0) {
			str_copy(w->cafile_problem, sizeof(w->cafile_problem),
				 "This file cannot be read. Check the path, e.g. /etc/ssl/company-ca.pem");
			return;
		}
		w->opts.cafile = w->cafile;
		wizard_retry(w);
	} else if (w->screen == SCR_CAFILE) {
		cafile_edit(w, a, text, len);
	}
}
