/* Validation, live: the checklist of stages, then the failure and what to
 * do about it. */
#include "tui.h"
#include "util.h"
#include <curses.h>
#include <string.h>

#define SPINNER_AFTER_MS 100

static const char *mark(const struct tui_look *look, const struct stage *s)
{
	static const char *const spin_u[] = {"\xe2\xa0\x8b", "\xe2\xa0\x99", "\xe2\xa0\xb9", "\xe2\xa0\xb8",
					     "\xe2\xa0\xbc", "\xe2\xa0\xb4", "\xe2\xa0\xa6", "\xe2\xa0\xa7"};
	static const char *const spin_a[] = {"|", "/", "-", "\\"};
	switch (s->status) {
	case STAGE_OK: return look->ascii ? "[ok]" : "\xe2\x9c\x93";
	case STAGE_FAILED: return look->ascii ? "[X]" : "\xe2\x9c\x97";
	case STAGE_SKIPPED: return look->ascii ? "[-]" : "-";
	case STAGE_PENDING: return look->ascii ? "[ ]" : "\xc2\xb7";
	case STAGE_RUNNING:
		/* no spinner on fast checks: it would only flicker */
		if (look->now - s->started < SPINNER_AFTER_MS)
			return look->ascii ? "[ ]" : " ";
		return look->ascii ? spin_a[(look->now / 120) % 4] : spin_u[(look->now / 100) % 8];
	}
	return " ";
}

/* The stages, one row each; returns the rows drawn. A failed check on a
 * short screen leaves out the stages that never ran and have nothing to
 * say: their rows go to the hint, which says what to do next. */
static int draw_stages(const struct wizard *w, const struct tui_look *look, int y)
{
	const struct probe *p = session_probe(&w->s);
	bool compact = w->screen == SCR_FAILED && LINES < 20;
	int rows = 0;
	for (int i = 0; i < STAGE_COUNT && p; i++) {
		const struct stage *s = probe_stage(p, (enum stage_id)i);
		if (compact && (s->status == STAGE_PENDING || s->status == STAGE_SKIPPED) && !s->detail[0])
			continue;
		int row = y + rows++;
		char time[32] = "", detail[300];
		int role = s->status == STAGE_OK ? ROLE_OK : s->status == STAGE_FAILED ? ROLE_FAIL : ROLE_MUTED;
		if (s->status == STAGE_OK || s->status == STAGE_FAILED)
			str_fmt(time, sizeof(time), _("%ld ms"), s->ms);
		str_copy(detail, sizeof(detail), s->detail);
		long long waited = (look->now - s->started) / 1000;
		if (s->status == STAGE_RUNNING && waited >= 3)
			str_fmt(detail, sizeof(detail), _("still waiting (%lld s)..."), waited);
		draw_text(row, 3, 4, mark(look, s), look->attr[role]);
		draw_text(row, 8, 20, stage_title((enum stage_id)i),
			  s->status == STAGE_PENDING || s->status == STAGE_SKIPPED ? look->attr[ROLE_MUTED] : look->attr[ROLE_NORMAL]);
		draw_text(row, 28, 9, time, look->attr[ROLE_MUTED]);
		draw_text(row, 38, COLS - 39, detail, look->attr[ROLE_MUTED]);
	}
	return rows;
}

/* One row of buttons from x; choice first..first+n-1 of w->fail_choice. */
static void draw_buttons(const struct wizard *w, const struct tui_look *look, int y, int x, const char *const *names,
			 int n, int first)
{
	for (int i = 0, cx = x; i < n; i++) {
		char b[48];
		bool sel = w->fail_choice == first + i;
		str_fmt(b, sizeof(b), sel ? "> %s <" : "  %s  ", _(names[i]));
		cx += draw_text(y, cx, COLS - cx, b, sel ? look->attr[ROLE_BUTTON] : look->attr[ROLE_NORMAL]) + 2;
	}
}

static void draw_failure(const struct wizard *w, const struct tui_look *look, int y)
{
	const struct onr_error *e = session_error(&w->s);
	static const char *const choices[] = {N_("Edit details"), N_("Retry"), N_("Back to systems")};
	static const char *const trust[] = {N_("Trust this certificate"), N_("Use a company CA file")};
	static const char *const plain[] = {N_("Send unencrypted...")};
	int width = COLS - 6, x = 3, ntls = failed_tls_buttons(w);
	int last = LINES - (ntls ? 5 : 4); /* rows above the buttons */
	const char *hint = e->hint;
	if (wizard_plain_offer(w)) /* the yes is a button here, not a restart with a flag */
		hint = _("Nothing was sent. Use the server's https:// address if it has one (Edit details). To send the "
		       "credentials unencrypted anyway, choose \"Send unencrypted...\" (U): onramp asks first.");
	/* never into the buttons' rows: at 60x16 the stages leave one row */
	y += draw_wrapped(y, x, width, last - y >= 1 ? 2 : 1, e->message, look->attr[ROLE_FAIL]);
	/* the hint says what to do: on a short screen it may take the row kept
	 * for the technical detail (the --trace and F1 still give that) */
	y += draw_wrapped(y, x, width, last - y - (LINES < 20 ? 0 : 1), hint, look->attr[ROLE_NORMAL]);
	if (e->tech[0] && y < last) {
		char tech[320];
		str_fmt(tech, sizeof(tech), "%s (%s)", e->tech, e->code);
		y += draw_wrapped(y, x, width, 1, tech, look->attr[ROLE_MUTED]);
	}
	bool can_pin = false, tls = wizard_tls_choices(w, &can_pin);
	if (tls && probe_tls(session_probe(&w->s))->have && y + 8 < last)
		y += draw_cert(probe_tls(session_probe(&w->s)), look, y + 1) + 1;
	if (ntls) /* the two ways past the certificate are buttons, not only keys */
		draw_buttons(w, look, LINES - 4, x, wizard_plain_offer(w) ? plain : can_pin ? trust : trust + 1, ntls, 3);
	/* only keys that work: with --system (kiosk, embedder) there is no list */
	draw_buttons(w, look, LINES - 3, x, choices, w->o.system ? 2 : 3, 0);
	if (wizard_plain_offer(w))
		draw_help(look, w->o.system ? _("U send unencrypted  E edit  R retry  F1 help")
					    : _("U send unencrypted  E edit  R retry  L systems  F1 help"));
	else if (w->o.system)
		draw_help(look, can_pin ? _("T trust this certificate  C company CA file  E edit  R retry  F1 help")
				 : tls ? _("C company CA file  E edit  R retry  \xe2\x86\x90\xe2\x86\x92 choose  F1 help")
				       : _("E edit  R retry  \xe2\x86\x90\xe2\x86\x92 choose  Enter do it  F1 help"));
	else
		draw_help(look, can_pin ? _("T trust this certificate  C company CA file  E edit  R retry  L systems  F1 help")
				 : tls ? _("C company CA file  E edit  R retry  L systems  \xe2\x86\x90\xe2\x86\x92 choose  F1 help")
				       : _("E edit  R retry  L systems  \xe2\x86\x90\xe2\x86\x92 choose  Enter do it  F1 help"));
}

/* Seal and store waits while another onramp changes the connections. */
static void draw_wait(const struct tui_look *look, int y)
{
	draw_wrapped(y, 3, COLS - 6, 2, _("Waiting for another onramp to finish saving a connection..."), look->attr[ROLE_MUTED]);
	draw_help(look, _("Esc cancel (nothing is saved, your details are kept)  F1 help"));
}

void draw_check(const struct wizard *w, const struct tui_look *look)
{
	char title[160];
	bool failed = w->screen == SCR_FAILED;
	str_fmt(title, sizeof(title), _("onramp \xc2\xb7 %s \xc2\xb7 %s"), session_system(&w->s)->name, failed ? _("Connection failed") : _("Checking"));
	draw_title(look, title, NULL);
	curs_set(0);
	/* on a short screen a failure's words come before the intro: at 60x16
	 * the intro's two rows are the hint's, which says what to do next */
	int top = failed && LINES < 20 ? 2 : 4;
	if (top == 4)
		draw_text(2, 1, COLS - 2, failed ? _("The check stopped. Here is what happened and what to do:") : _("Checking your connection, step by step. Esc cancels and keeps your details."),
			  look->attr[ROLE_NORMAL]);
	int y = top + draw_stages(w, look, top) + (top == 4);
	if (session_notice(&w->s)[0] && !w->rechecking)
		y += draw_wrapped(y, 3, COLS - 6, 2, session_notice(&w->s), look->attr[ROLE_MUTED]) + 1;
	if (failed)
		draw_failure(w, look, y);
	else if (session_waiting_for_lock(&w->s))
		draw_wait(look, y);
	else
		draw_help(look, _("Esc cancel (your details are kept)  F1 help"));
}
