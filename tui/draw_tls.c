/* The certificate screens: trust exactly this certificate, or name the
 * company CA file. */
#include "tui.h"
#include "util.h"
#include <curses.h>
#include <string.h>

/* The SHA-256 fingerprint in lines of whole bytes ("AB:CD:"), as many as
 * the width takes, so it reads like the browser's. Returns rows used. */
static int draw_fingerprint(const char *fp, int y, int x, int width, int attr)
{
	int per = (width + 1) / 3, rows = 0; /* bytes per line */
	size_t len = strlen(fp);
	char line[100];
	if (per < 1)
		return 0;
	for (size_t at = 0; at < len; at += (size_t)per * 3, rows++) {
		size_t n = (size_t)per * 3 - 1;
		str_fmt(line, sizeof(line), "%.*s", (int)(n < len - at ? n : len - at), fp + at);
		draw_text(y + rows, x, width, line, attr);
	}
	return rows;
}

/* Subject, issuer, validity, the SHA-256 fingerprint (what IT staff read
 * out) and the public-key pin, one per line from row y. */
int draw_cert(const struct tls_info *t, const struct tui_look *look, int y)
{
	const char *labels[] = {_("Subject:"), _("Issuer:"), _("Valid from:"), _("Valid until:")};
	const char *values[] = {t->subject, t->issuer, t->start, t->expire};
	int r = 0;
	for (int i = 0; i < 4; i++, r++) {
		draw_text(y + r, 3, 14, labels[i], look->attr[ROLE_LABEL]);
		draw_text(y + r, 17, COLS - 18, values[i], look->attr[ROLE_NORMAL]);
	}
	draw_text(y + r, 3, 14, "SHA-256:", look->attr[ROLE_LABEL]);
	r += draw_fingerprint(t->sha256, y + r, 17, COLS - 18, look->attr[ROLE_SELECTED]);
	draw_text(y + r, 3, 14, _("Key pin:"), look->attr[ROLE_LABEL]);
	draw_text(y + r++, 17, COLS - 18, t->pin, look->attr[ROLE_NORMAL]);
	return r;
}

void draw_trust(const struct wizard *w, const struct tui_look *look)
{
	int y = 2;
	draw_title(look, _("onramp \xc2\xb7 Trust this certificate?"), NULL);
	curs_set(0);
	y += draw_wrapped(y, 3, COLS - 6, 3,
			  _("Only trust it when your IT team confirms this SHA-256 fingerprint (a browser's certificate "
			  "viewer and openssl x509 -fingerprint -sha256 show the same). Compare it character by character."),
			  look->attr[ROLE_NORMAL]) + 1;
	y += draw_cert(probe_tls(session_probe(&w->s)), look, y) + 1;
	draw_wrapped(y, 3, COLS - 6, 3,
		     _("If you say yes, onramp trusts exactly this key for this connection and checks it every time. "
		     "If the server's key ever changes, the check fails again."), look->attr[ROLE_MUTED]);
	draw_help(look, _("y yes, the fingerprint matches  n or Esc no, go back"));
}

void draw_cafile(const struct wizard *w, const struct tui_look *look)
{
	int y = 2;
	draw_title(look, _("onramp \xc2\xb7 Company CA file"), NULL);
	y += draw_wrapped(y, 3, COLS - 6, 3,
			  _("Type the path of your company's certificate authority file (PEM). Your IT team can give it to you; "
			  "it is often in /usr/local/share/ca-certificates/."), look->attr[ROLE_NORMAL]) + 1;
	draw_text(y, 3, 8, _("File:"), look->attr[ROLE_LABEL]);
	attron(look->attr[ROLE_SELECTED]);
	mvhline(y, 10, ' ', COLS - 12);
	attroff(look->attr[ROLE_SELECTED]);
	draw_text(y, 11, COLS - 14, w->cafile, look->attr[ROLE_SELECTED]);
	if (w->cafile_problem[0])
		draw_wrapped(y + 2, 3, COLS - 6, 2, w->cafile_problem, look->attr[ROLE_INVALID]);
	draw_help(look, _("Enter use this file and retry  Esc back"));
	move(y, 11 + text_width(w->cafile));
	curs_set(1);
}
