/* screens.c: the table of screens. Each row says how a screen draws,
 * which key means what there, what an action does, and its F1 help; tui.c
 * and keys.c only look rows up. */
#include "tui.h"
#include "manage.h"
#include <curses.h>

static const struct screen_ops table[SCR_COUNT] = {
	[SCR_START] = {draw_start, start_key, start_act,
		       N_("Choose \"Connect a system\" to add a connection, or \"Manage connections\" to see the ones you have. "
		       "The credits in use show at the top right. F3 switches the language (English, Deutsch, "
		       "Espa\xc3\xb1ol, Fran\xc3\xa7" "ais, Portugu\xc3\xaas) on this screen, the list and Manage connections."), false, false},
	[SCR_LIST] = {draw_list, list_key, list_act,
		      N_("Choose the system to connect. Type part of its name, its vendor or an abbreviation "
		      "(bc, jde, d365); the list narrows as you type. Up/Down, PgUp/PgDn, Home/End or the mouse "
		      "wheel move; Enter picks the highlighted system. Tab shows one category at a time. "
		      "Esc clears the search, or goes back when it is empty. Credits: each connection takes its system's "
		      "credits (1, 2 or 4, beside each system) from a pool your administrator sets in the config; "
		      "disconnecting a connection gives them back. When the pool is full, choosing a system opens Manage "
		      "connections to free some. F3 switches the language."), true, false},
	[SCR_FORM] = {draw_form, form_key, form_act,
		      N_("Fill in the connection details. Tab and Shift-Tab move between fields; Enter moves on and, "
		      "on the last field or [Connect], starts the check. F2 (or Ctrl-R) shows or hides secrets. "
		      "A label marked ! has a problem, explained under it. Esc goes back to the list and keeps what you typed."),
		      true, false},
	[SCR_PROBE] = {draw_check, no_key, probe_act,
		       N_("onramp is checking the connection step by step: the address, finding the server, connecting, "
		       "the secure connection, reaching the API and signing in. Esc cancels and returns to the form with everything kept."),
		       false, true},
	[SCR_FAILED] = {draw_check, failed_key, failed_act,
			N_("The check failed. The message says what happened and what to do. E (or Enter on Edit details) "
			"returns to the form on the field to fix; R retries; L goes back to the list of systems."), false, false},
	[SCR_DONE] = {draw_done, done_key, done_act,
		      N_("The connection is saved. Copy the API token now: it is shown only once; c puts it on the terminal's "
		      "clipboard (OSC 52: xterm, tmux, kitty and others; not every terminal supports it). Below it, onramp "
		      "says when the first sync runs and reads the first purchase orders through the new connection, or "
		      "says why it cannot. Enter, Esc or q first ask whether you saved the token, then clear it from the "
		      "screen. A lost token: t in Manage connections (or onramp token rotate ID) gives a new one."),
		      false, false},
	[SCR_CONNS] = {draw_conns, conns_key, conns_act,
		       N_("Your connections. Below the list: the highlighted one's last sync and when the next is due, and its "
		       "webhooks. s syncs it now (Esc stops the sync); w lists its webhook endpoints and failing deliveries. "
		       "c re-checks it with its stored credentials (this needs the secret key, "
		       "which a kiosk does not have); t makes a new API token for it (the old one stops working at once; the connection stays as it is); "
		       "d disconnects it: its token stops working, its syncs stop and its credits "
		       "return, while its synced data is kept; n reconnects: a new connection with a new token; p deletes the "
		       "synced history of a disconnected connection."), false, false},
	[SCR_CONFIRM] = {draw_confirm, yes_no_key, confirm_act,
			 N_("Press y to go ahead, or n or Esc to go back without changing anything."), false, false},
	[SCR_WEBHOOKS] = {draw_webhooks, webhooks_key, webhooks_act,
			  N_("The webhook endpoints (each gets the events of every connection) and the deliveries of this "
			  "connection's events that are failing, each with what to do. onramp agent or onramp serve sends "
			  "them. Up/Down scroll; Esc goes back."), false, false},
	[SCR_TRUST] = {draw_trust, yes_no_key, trust_act,
		       N_("onramp trusts a certificate that no authority vouches for only when you say so. Compare the fingerprint "
		       "with the one your IT team has for this server; y trusts exactly this key for this connection."), false, false},
	[SCR_CAFILE] = {draw_cafile, line_key, cafile_act,
			N_("Type the path of the company CA file (PEM) and press Enter; onramp then checks the server's certificate "
			"against it. Esc goes back."), true, false},
	[SCR_AUTHORIZE] = {draw_authorize, authorize_key, authorize_act,
			   N_("This system signs in through a web browser. Open the address shown, sign in and allow access. "
			   "When the browser runs on this computer, onramp continues by itself; otherwise copy the address the "
			   "browser ends on and paste it here, then press Enter. A system that offers it signs in on your phone "
			   "instead: scan the code or open the address shown, and enter the code there. Esc goes back to the form."),
			   true, true},
	[SCR_TOKEN] = {draw_new_token, done_key, done_act,
		       N_("The connection's new API token: it is shown only once. c puts it on the terminal's clipboard (OSC 52; "
		       "not every terminal supports it). The old token stopped working when this one was made. Enter, Esc "
		       "or q first ask whether you saved the token, then clear it from the screen."), false, false},
	[SCR_PLAIN] = {draw_plain, yes_no_key, plain_act,
		       N_("The server's address starts with http://, so the password would cross the network unencrypted. "
		       "y sends it anyway, to this server only; n, Enter or Esc go back without sending anything. Better: "
		       "use the server's https:// address (Edit details)."), false, false},
};

const struct screen_ops *screen_ops(enum wiz_screen s)
{
	return &table[s < SCR_COUNT ? s : SCR_START];
}

void draw_screen(const struct wizard *w, const struct tui_look *look)
{
	erase();
	if (COLS < 60 || LINES < 16) {
		/* below 60x16 the flow does not fit: say so, at any size */
		const char *msg = _("Make the window larger (at least 60 x 16).");
		curs_set(0);
		if (COLS > 0 && LINES > 0)
			draw_wrapped(0, 0, COLS, LINES, msg, A_BOLD);
		refresh();
		return;
	}
	screen_ops(w->screen)->draw(w, look);
	refresh();
}
