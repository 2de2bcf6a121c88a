/* The certificate screens: trust exactly this certificate, or name the
 * company CA file. */
#include "tui.h"
#include "util.h"
#include <curses.h>

/* Subject, issuer, validity and pin, one per line from row y. */
int draw_cert(const struct tls_info *t, const struct tui_look *look, int y)
{
	const char *labels[] = {"Subject:", "Issuer:", "Valid from:", "Valid until:", "Fingerprint:"};
	const char *values[] = {t->subject, t->issuer, t->start, t->expire, t->pin};
	for (int i = 0; i < 5; i++) {
		draw_text(y + i, 3, 14, labels[i], look->attr[ROLE_LABEL]);
		draw_text(y + i, 17, COLS - 18, values[i], i == 4 ? look->attr[ROLE_SELECTED] : look->attr[ROLE_NORMAL]);
	}
	return 5;
}

void draw_trust(const struct wizard *w, const struct tui_look *look)
{
	int y = 2;
	draw_title(look, "onramp \xc2\xb7 Trust this certificate?", NULL);
	curs_set(0);
	y += draw_wrapped(y, 3, COLS - 6, 3,
			  "Only trust it when your IT team confirms this fingerprint. Read it to them, or compare it with "
			  "the one they send you, character by character.", look->attr[ROLE_NORMAL]) + 1;
	y += draw_cert(probe_tls(session_probe(&w->s)), look, y) + 1;
	draw_wrapped(y, 3, COLS - 6, 3,
		     "If you say yes, onramp trusts exactly this key for this connection and checks it every time. "
		     "If the server's key ever changes, the check fails again.", look->attr[ROLE_MUTED]);
	draw_help(look, "y yes, the fingerprint matches  n or Esc no, go back");
}

void draw_cafile(const struct wizard *w, const struct tui_look *look)
{
	int y = 2;
	draw_title(look, "onramp \xc2\xb7 Company CA file", NULL);
	y += draw_wrapped(y, 3, COLS - 6, 3,
			  "Type the path of your company's certificate authority file (PEM). Your IT team can give it to you; "
			  "it is often in /usr/local/share/ca-certificates/.", look->attr[ROLE_NORMAL]) + 1;
	draw_text(y, 3, 8, "File:", look->attr[ROLE_LABEL]);
	attron(look->attr[ROLE_SELECTED]);
	mvhline(y, 10, ' ', COLS - 12);
	attroff(look->attr[ROLE_SELECTED]);
	draw_text(y, 11, COLS - 14, w->cafile, look->attr[ROLE_SELECTED]);
	if (w->cafile_problem[0])
		draw_wrapped(y + 2, 3, COLS - 6, 2, w->cafile_problem, look->attr[ROLE_INVALID]);
	draw_help(look, "Enter use this file and retry  Esc back");
	move(y, 11 + text_width(w->cafile));
	curs_set(1);
}
