/* "Send the credentials unencrypted?" (issue 12): the in-screen yes to
 * plain http to another computer, which --allow-plain-http gives on the
 * command line. It says what the risk is, for which host, and that the
 * answer is no unless y is pressed. */
#include "tui.h"
#include "i18n.h"
#include "util.h"
#include <curses.h>

void draw_plain(const struct wizard *w, const struct tui_look *look)
{
	const char *host = wizard_plain_offer(w);
	char line[600];
	int y = 2, width = COLS - 6;
	static const char *const risk[] = {
		N_("Anyone who can see the traffic on the way (the Wi-Fi, the office network, a proxy, the internet) "
		   "can read the password and sign in as this user."),
		N_("Say yes only if IT confirms that the server has no https:// address and that this network is "
		   "trusted. The yes is for this server only, and only until you choose another system.")};
	draw_title(look, _("onramp \xc2\xb7 Send unencrypted?"), NULL);
	curs_set(0);
	if (!host)
		return;
	str_fmt(line, sizeof(line), _("The credentials for %s would go to \"%s\" over plain http://, unencrypted."),
		session_system(&w->s)->name, host);
	y += draw_wrapped(y, 3, width, 3, line, look->attr[ROLE_FAIL]) + 1;
	for (int i = 0; i < 2; i++) {
		str_fmt(line, sizeof(line), "- %s", _(risk[i]));
		y += draw_wrapped(y, 5, width - 2, 3, line, look->attr[ROLE_NORMAL]);
	}
	str_fmt(line, sizeof(line), _("Send them to \"%s\" unencrypted? (y/N)"), host);
	draw_question(look, line);
	draw_help(look, _("y yes, send unencrypted  n, Enter or Esc: no, go back  F1 help"));
}
