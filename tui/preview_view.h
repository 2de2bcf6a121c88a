/* preview_view.h: what the done screen (draw_done.c) and line mode
 * (plain.c) show of the purchase-order preview (core/data/preview.h): the
 * line above the orders and the columns the orders are cut into, so both
 * say the same. */
#ifndef ONRAMP_PREVIEW_VIEW_H
#define ONRAMP_PREVIEW_VIEW_H
#include <stddef.h>
#include "data/preview.h"

enum { PV_NUMBER, PV_SUPPLIER, PV_STATUS, PV_TOTAL, PV_COLS };
#define PV_GAP 2 /* columns between two cells */

/* "Reading purchase orders…" while it runs, then the headline. */
const char *preview_status(const struct data_preview *p);
/* Cell i of row r (total with its currency: "25.00 EUR") into out. */
const char *preview_cell(const struct preview_row *r, int i, char *out, size_t size);
/* Each column's width for rows cut to width terminal columns: as wide as
 * its widest cell; the supplier takes what is left, and gives way first. */
void preview_columns(const struct data_preview *p, int width, int w[PV_COLS]);
#endif
