/* preview_view.c: see preview_view.h. */
#include "preview_view.h"
#include "i18n.h"
#include "utf8.h"
#include "util.h"
#include <string.h>

const char *preview_status(const struct data_preview *p)
{
	return p->done ? p->headline : _("Reading purchase orders\xe2\x80\xa6");
}

const char *preview_cell(const struct preview_row *r, int i, char *out, size_t size)
{
	const char *plain[PV_COLS] = {r->number, r->supplier, r->status, NULL};
	if (i == PV_TOTAL)
		return str_fmt(out, size, "%s%s%s", r->total[0] ? r->total : "-", r->currency[0] ? " " : "",
			       r->currency);
	return str_copy(out, size, plain[i]);
}

void preview_columns(const struct data_preview *p, int width, int w[PV_COLS])
{
	char cell[128];
	int fixed = 0, widest = 0;
	for (int i = 0; i < PV_COLS; i++) {
		w[i] = 0;
		for (int r = 0; r < p->nrows; r++) {
			int cw = (int)utf8_width(cell, strlen(preview_cell(&p->rows[r], i, cell, sizeof(cell))));
			w[i] = cw > w[i] ? cw : w[i];
		}
		if (i != PV_SUPPLIER)
			fixed += w[i] + PV_GAP;
	}
	widest = w[PV_SUPPLIER];
	w[PV_SUPPLIER] = width - fixed < widest ? width - fixed : widest;
	if (w[PV_SUPPLIER] < 0)
		w[PV_SUPPLIER] = 0;
}
