/* The connection-details form: one labelled input per catalog field. */
#include "tui.h"
#include "i18n_text.h"
#include "util.h"
#include "utf8.h"
#include <curses.h>
#include <string.h>

/* The label column fits the longest label of this form ("> * " + label),
 * so a longer language's "Adresse du serveur" is whole at 60 columns too,
 * as long as the input keeps INPUT_MIN columns (else the label ends in an
 * ellipsis). */
#define INPUT_MIN 24
static int label_w = 22;

static void fit_labels(const struct form *f)
{
	int w = 18;
	for (size_t i = 0; i < f->n; i++)
		if (text_width(i18n_text(f->f[i].def->label)) + 5 > w)
			w = text_width(i18n_text(f->f[i].def->label)) + 5;
	label_w = w < COLS - 4 - INPUT_MIN ? w : COLS - 4 - INPUT_MIN;
}

/* What the input shows: the value, or a mask of the same length. */
static void shown_value(const struct form *f, const struct form_field *ff, const struct tui_look *look,
			char *out, size_t size, size_t *cursor_cols)
{
	size_t chars = utf8_count(ff->value.p, ff->value.len), cur = utf8_count(ff->value.p, ff->cursor);
	if (!ff->def->secret || f->reveal) {
		str_copy(out, size, ff->value.p);
		char tmp[FORM_VALUE_MAX + 1];
		str_copy(tmp, sizeof(tmp), ff->value.p);
		tmp[ff->cursor < sizeof(tmp) ? ff->cursor : sizeof(tmp) - 1] = 0;
		*cursor_cols = (size_t)text_width(tmp);
		return;
	}
	const char *dot = look->ascii ? "*" : "\xe2\x80\xa2";
	out[0] = 0;
	for (size_t i = 0; i < chars && strlen(out) + 4 < size; i++)
		strcat(out, dot);
	*cursor_cols = cur;
}

static void draw_field(const struct wizard *w, const struct tui_look *look, size_t i, int y, bool focus)
{
	const struct form *f = session_form(&w->s);
	const struct form_field *ff = &f->f[i];
	char label[96], value[FORM_VALUE_MAX * 3 + 1];
	size_t cursor_cols = 0;
	bool bad = ff->problem[0] != 0;
	int box_w = COLS - label_w - 4, lattr = bad ? look->attr[ROLE_INVALID] : look->attr[ROLE_LABEL];

	/* The label itself changes when the value is wrong, so it shows without colour. */
	str_fmt(label, sizeof(label), "%s%s%s", focus ? "> " : "  ", bad ? "! " : ff->def->required ? "* " : "  ", i18n_text(ff->def->label));
	draw_text(y, 1, label_w, label, lattr);
	shown_value(f, ff, look, value, sizeof(value), &cursor_cols);
	int vattr = focus ? look->attr[ROLE_SELECTED] : look->attr[ROLE_NORMAL];
	attron(vattr);
	mvhline(y, label_w + 2, ' ', box_w);
	attroff(vattr);
	/* keep the cursor in view: scroll long values left */
	size_t skip = cursor_cols + 2 > (size_t)box_w ? cursor_cols + 2 - (size_t)box_w : 0;
	const char *v = value + utf8_fit(value, sizeof(value), skip, &skip);
	if (ff->value.len)
		draw_text(y, label_w + 3, box_w - 2, v, vattr);
	else if (ff->def->placeholder[0] && !bad) {
		/* an example, never mistaken for a value: "e.g." and dim, in colour or not */
		char eg[300];
		str_fmt(eg, sizeof(eg), _("e.g. %s"), ff->def->placeholder);
		draw_text(y, label_w + 3, box_w - 2, eg, vattr | look->attr[ROLE_MUTED] | A_DIM);
	}
	if (ff->locked)
		draw_text(y, COLS - 10, 9, _("(locked)"), look->attr[ROLE_MUTED]);
	/* help runs under the whole row: it is often longer than the input */
	draw_text(y + 1, 7, COLS - 8, bad ? ff->problem : i18n_text(ff->def->help), bad ? look->attr[ROLE_INVALID] : look->attr[ROLE_MUTED]);
	if (focus)
		move(y, label_w + 3 + (int)(cursor_cols - skip));
}

void draw_form(const struct wizard *w, const struct tui_look *look)
{
	const struct form *f = session_form(&w->s);
	char title[160];
	int rows = LINES - 7, per = 2, visible = rows / per;
	size_t first = 0;
	bool on_button = f->focus >= f->n;

	fit_labels(f);

	char cost[64];
	str_fmt(title, sizeof(title), _("onramp \xc2\xb7 %s \xc2\xb7 Connection details"), session_system(&w->s)->name);
	str_fmt(cost, sizeof(cost), NG_("uses %d credit", "uses %d credits", session_system(&w->s)->tier), session_system(&w->s)->tier);
	draw_title(look, title, cost);
	/* the help bar first: the focused field puts the cursor last */
	/* Esc back only where there is somewhere to go back to */
	bool back = !w->o.system || w->from_manage;
	draw_help(look, f->reveal ? (back ? _("Tab/Shift-Tab move  F2 hide  Enter next  F1 help  Esc back")
					  : _("Tab/Shift-Tab move  F2 hide  Enter next  F1 help"))
				  : (back ? _("Tab/Shift-Tab move  F2 show  Enter next  F1 help  Esc back")
					  : _("Tab/Shift-Tab move  F2 show  Enter next  F1 help")));
	char origin[1200];
	if (*system_origin(session_system(&w->s), origin, sizeof(origin))) /* a drop-in: say so */
		draw_text(2, 1, COLS - 2, origin, look->attr[ROLE_FAIL]);
	else
		draw_text(2, 1, COLS - 2, _("Fill in the details, then Enter on [Connect]. * = required."), look->attr[ROLE_NORMAL]);
	if (visible < 1)
		visible = 1;
	if (!on_button && f->focus >= (size_t)visible)
		first = f->focus - (size_t)visible + 1;
	if (on_button && f->n > (size_t)visible)
		first = f->n - (size_t)visible;
	curs_set(on_button ? 0 : 1);
	int by = LINES - 3;
	const char *button = on_button ? _("> [ Connect ] <") : _("  [ Connect ]  ");
	draw_text(by, label_w + 2, COLS - label_w - 3, button, /* as wide as its language needs */
		  on_button ? look->attr[ROLE_BUTTON] : look->attr[ROLE_NORMAL]);
	if (on_button)
		move(by, label_w + 4);
	if (first > 0)
		draw_text(3, COLS - 12, 11, _("more above"), look->attr[ROLE_MUTED]);
	if (first + (size_t)visible < f->n)
		draw_text(LINES - 3, COLS - 12, 11, _("more below"), look->attr[ROLE_MUTED]);
	for (size_t i = first; i < f->n && (int)(i - first) < visible; i++)
		draw_field(w, look, i, 4 + (int)(i - first) * per, i == f->focus);
}
