/* kiosk_words.c: the words after a check from an invite (sender.h). */
#include "sender.h"
#include "i18n.h"
#include "session.h"
#include "util.h"

void kiosk_words(const struct session *s, struct kiosk_words *w)
{
	const struct invite *inv = s->o.invite;
	const struct connect_result *res = session_result(s);
	char why[256] = "";
	int st = session_delivery(s, why, sizeof(why));
	*w = (struct kiosk_words){0};
	if (!inv || !res || st < 0)
		return;
	w->final = st == SEND_DELIVERED || st == SEND_WAITING || st == SEND_REFUSED;
	if (st == SEND_DELIVERED) {
		w->ok = true;
		str_fmt(w->head, sizeof(w->head), _("Connected; %s has it."), inv->platform);
		str_fmt(w->detail, sizeof(w->detail),
			_("Connection ID: %s. The credentials went to %s sealed; nothing is kept on this machine."),
			res->id, inv->platform);
	} else if (st == SEND_WAITING) {
		str_fmt(w->head, sizeof(w->head), _("Checked and sealed, but %s can't be reached right now."),
			inv->platform);
		str_fmt(w->detail, sizeof(w->detail),
			_("It waits on this machine, sealed, and is sent by itself as soon as the platform answers "
			"(onramp --status shows it). %s"),
			why);
	} else if (st == SEND_REFUSED) {
		str_fmt(w->head, sizeof(w->head), _("The check passed, but %s refused the result."), inv->platform);
		str_fmt(w->detail, sizeof(w->detail), _("%s Ask %s for a new invite."), why, inv->platform);
	} else {
		str_fmt(w->head, sizeof(w->head), _("Checked. Sending it to %s ..."), inv->platform);
	}
}
