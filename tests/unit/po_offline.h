/* po_offline.h: a reader's parser run without the network (reader.h's
 * rd_new_offline), collecting what it gives: each order as its JSON line
 * and each warning. For the reader suites (test_po_*.c). */
#ifndef PO_OFFLINE_H
#define PO_OFFLINE_H
#include "data/reader.h"
#include "util.h"

struct po_out {
	struct buf orders;   /* one JSON object a line */
	struct buf warnings; /* one a line */
	int n, nwarn;
	struct rd *rd;
	struct onr_error err;
};

void po_out_start(struct po_out *o, const struct reader *r, bool raw);
/* Feeds one page; returns parse's result. */
int po_out_page(struct po_out *o, const char *body);
/* Feeds one record answer (parse_item). */
int po_out_item(struct po_out *o, const char *body);
void po_out_free(struct po_out *o);
/* Does the collected output contain text? */
bool po_out_has(const struct po_out *o, const char *text);
bool po_out_warned(const struct po_out *o, const char *text);
#endif
