/* po.h: the unified purchase order (docs/models/purchase-order.md). Every
 * reader fills this one shape; po_json.c writes it. Text fields hold
 * server text already cleaned for the screen (po_set); amounts and
 * quantities are decimal strings (decimal.h), never floats; NULL is JSON
 * null. */
#ifndef ONRAMP_PO_H
#define ONRAMP_PO_H
#include <stdbool.h>
#include <stddef.h>
#include "data/decimal.h"

struct cJSON;

/* The unified status values, in this order in docs and schema. */
enum po_status {
	PO_DRAFT,
	PO_SUBMITTED,
	PO_OPEN,
	PO_PARTIALLY_RECEIVED,
	PO_RECEIVED,
	PO_CANCELLED,
	PO_UNKNOWN,
};

struct po_line {
	char *remote_id, *number, *item_code, *item_name, *description, *unit;
	char *quantity, *unit_price, *amount, *received_quantity;
};

#define PO_SRC_HEX 33 /* 128 bits as hex, and the NUL */

struct po {
	char *id, *remote_id, *display;
	char *created_at, *updated_at, *deleted_at; /* ISO 8601 UTC date-times */
	char *number, *supplier_id, *supplier_name;
	enum po_status status;
	char *remote_status;
	char *currency;                /* ISO 4217, or NULL when the source's name is unknown */
	char *order_date, *expected_date; /* ISO 8601 dates */
	char *subtotal, *tax, *total;
	struct po_line *lines;
	size_t nlines, cap;
	struct cJSON *remote_data; /* owned; only kept with --raw */
	char *remote_raw;          /* or instead: its JSON text, scrubbed (raw_write) */
	char src_hash[PO_SRC_HEX]; /* rd_src_fn's hash of the bytes it came from, "" = none */
	bool building;             /* between po_init and po_free (po.c: the text block) */
};

const char *po_status_name(enum po_status s);
/* "partially_received" -> PO_PARTIALLY_RECEIVED; -1 when unknown. */
int po_status_parse(const char *name);

/* An order is built between po_init and po_free (po_init again before
 * reusing it). Its text fields are set with the functions below, never
 * with free(): much of it lives in a block shared by the orders being
 * built (po.c), which po_drop knows from memory of its own. */
void po_init(struct po *po);
void po_free(struct po *po);
/* Whether s (a field's text) lies in the block of orders being built on
 * this thread, which has PO_TEXT_PAD readable bytes after its end: then
 * PO_TEXT_PAD bytes may be read from s at once, past its NUL (the JSON
 * writer looks for the end and for escapes 16 bytes a step). */
#define PO_TEXT_PAD 16
bool po_text_padded(const char *s);
/* The same test inline, for a writer that makes it for every field: s
 * is in the block when (uintptr_t)s - (uintptr_t)block < size, with
 * block and size from here (the block stays where it is while an order
 * is being built). */
const char *po_text_block(size_t *size);
/* Empties one text field (*field = NULL). */
void po_drop(char **field);
/* Replaces *field with a cleaned copy of n bytes of text (control
 * characters and escape sequences dropped, at most 1 KiB); NULL or ""
 * leaves it NULL. */
void po_set(char **field, const char *text, size_t n);
void po_sets(char **field, const char *text);
/* Text that po_set would keep as it is (onramp's own: a date it wrote, a
 * code from its tables), without the check. */
void po_set_clean(char **field, const char *text);
/* The same for n bytes of text whose length is known. */
void po_set_clean_n(char **field, const char *text, size_t n);
/* Another field's text of the same order (already cleaned): the field
 * may share it. */
void po_copy(char **field, const char *text);
/* Stores d as text: money with the currency's places, other values with
 * trailing zeros dropped (dec_format_min). */
void po_set_dec(char **field, struct dec d, int min_scale);
struct po_line *po_add_line(struct po *po);

/* The decimal text is below zero (a return line, or a bad value). */
bool po_negative(const char *dec_text);
/* Fills the parts every reader derives the same way: subtotal and total
 * from the lines when the source has none, amounts rounded to the
 * currency's places, line numbers (positions 1, 2, ...) and display
 * ("PO 4500000012 · Globex Supplies"). */
void po_finish(struct po *po);
/* From the lines, for a source whose order is open: received when every
 * line's received quantity reaches its quantity, partially_received when
 * some was received, else open. */
enum po_status po_receipt_status(const struct po *po);
/* One JSON object, compact, no newline; remote_data only when raw. */
char *po_to_json(const struct po *po, int raw);
struct buf;
/* The same, added to out (util.h), for a writer that reuses one buffer. */
void po_json_add(struct buf *out, const struct po *po, int raw);
#endif
