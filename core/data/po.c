#include "data/po.h"
#include "data/currency.h"
#include "util.h"
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PO_TEXT_MAX 1024

static const char *const status_names[] = {"draft",    "submitted", "open",   "partially_received",
					   "received", "cancelled", "unknown"};

const char *po_status_name(enum po_status s)
{
	return s <= PO_UNKNOWN ? status_names[s] : "unknown";
}

int po_status_parse(const char *name)
{
	for (int i = 0; i <= PO_UNKNOWN; i++)
		if (name && !strcmp(name, status_names[i]))
			return i;
	return -1;
}

void po_init(struct po *po)
{
	memset(po, 0, sizeof(*po));
	po->status = PO_UNKNOWN;
}

static void line_free(struct po_line *l)
{
	char **f[] = {&l->remote_id, &l->number,     &l->item_code, &l->item_name,	   &l->description,
		      &l->unit,	     &l->quantity,   &l->unit_price, &l->amount, &l->received_quantity};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		free(*f[i]);
}

void po_free(struct po *po)
{
	char **f[] = {&po->id,		&po->remote_id,	   &po->display,      &po->created_at,	  &po->updated_at,
		      &po->deleted_at,	&po->number,	   &po->supplier_id,  &po->supplier_name, &po->remote_status,
		      &po->currency,	&po->order_date,   &po->expected_date, &po->subtotal,	  &po->tax,
		      &po->total};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		free(*f[i]);
	for (size_t i = 0; i < po->nlines; i++)
		line_free(&po->lines[i]);
	free(po->lines);
	cJSON_Delete(po->remote_data);
	free(po->remote_raw);
	po_init(po);
}

/* Text str_clean would copy unchanged: printable ASCII, no space at
 * either end or twice in a row, and short enough. Most server text is
 * like that, and checking is cheaper than cleaning. */
static bool plain(const char *t, size_t n)
{
	if (n >= PO_TEXT_MAX || t[0] == ' ' || t[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0x20 || c >= 0x7f || (c == ' ' && t[i + 1] == ' '))
			return false;
	}
	return true;
}

void po_set(char **field, const char *text, size_t n)
{
	char clean[PO_TEXT_MAX];
	free(*field);
	*field = NULL;
	if (!text || !n)
		return;
	if (plain(text, n)) {
		*field = xmalloc(n + 1);
		memcpy(*field, text, n);
		(*field)[n] = 0;
		return;
	}
	str_clean(clean, sizeof(clean), text, n);
	if (clean[0])
		*field = xstrdup(clean);
}

void po_sets(char **field, const char *text)
{
	po_set(field, text, text ? strlen(text) : 0);
}

void po_set_dec(char **field, struct dec d, int min_scale)
{
	char t[DEC_TEXT_MAX];
	size_t n = dec_format_min(d, min_scale, t, sizeof(t));
	free(*field);
	*field = xmalloc(n + 1);
	memcpy(*field, t, n + 1);
}

struct po_line *po_add_line(struct po *po)
{
	if (po->nlines == po->cap) {
		po->cap = po->cap ? po->cap * 2 : 4;
		po->lines = xrealloc(po->lines, po->cap * sizeof(*po->lines));
	}
	memset(&po->lines[po->nlines], 0, sizeof(*po->lines));
	return &po->lines[po->nlines++];
}

/* Already what po_set_dec(places) writes: [1-9]digits or 0, then exactly
 * places decimals (not negative, where "-0.00" would become "0.00"). */
static bool has_places(const char *s, int places)
{
	size_t i = strspn(s, "0123456789");
	if (!i || (s[0] == '0' && i > 1))
		return false;
	if (!places)
		return !s[i];
	return s[i] == '.' && strspn(s + i + 1, "0123456789") == (size_t)places && !s[i + 1 + places];
}

/* *field rounded to the currency's places (it already parsed once). */
static void money(char **field, int places)
{
	struct dec d;
	if (*field && !has_places(*field, places) && dec_parse(*field, strlen(*field), &d) == DEC_OK &&
	    dec_round(d, places, &d) == DEC_OK)
		po_set_dec(field, d, places);
}

/* The sum of the line amounts, when every line has one. */
static void sum_lines(struct po *po, int places)
{
	struct dec sum = {0, 0}, d;
	for (size_t i = 0; i < po->nlines; i++) {
		const char *a = po->lines[i].amount;
		if (!a || dec_parse(a, strlen(a), &d) != DEC_OK || dec_add(sum, d, &sum) != DEC_OK)
			return;
	}
	po_set_dec(&po->subtotal, sum, places);
}

void po_finish(struct po *po)
{
	int places = currency_places(po->currency);
	struct dec s, t;
	for (size_t i = 0; i < po->nlines; i++) {
		money(&po->lines[i].amount, places);
		/* the position, the same from every source; the source's own
		 * line number or key is the line's remote_id */
		char n[24], *d = n + sizeof(n) - 1; /* "%zu" without printf */
		*d = 0;
		for (size_t v = i + 1; v || d == n + sizeof(n) - 1; v /= 10)
			*--d = (char)('0' + v % 10);
		free(po->lines[i].number);
		po->lines[i].number = xstrdup(d);
	}
	if (!po->subtotal)
		sum_lines(po, places);
	money(&po->subtotal, places);
	money(&po->tax, places);
	if (!po->total && po->subtotal && po->tax && dec_parse(po->subtotal, strlen(po->subtotal), &s) == DEC_OK &&
	    dec_parse(po->tax, strlen(po->tax), &t) == DEC_OK && dec_add(s, t, &s) == DEC_OK)
		po_set_dec(&po->total, s, places);
	if (!po->total && po->subtotal && !po->tax)
		po->total = xstrdup(po->subtotal);
	money(&po->total, places);
	if (!po->display) {
		char d[PO_TEXT_MAX];
		const char *num = po->number ? po->number : po->remote_id ? po->remote_id : "?";
		/* "PO 4500000012", but not "PO PO-1001" */
		str_join(d, sizeof(d), strncasecmp(num, "PO", 2) ? "PO " : "", num, po->supplier_name ? " \xc2\xb7 " : "",
			 po->supplier_name ? po->supplier_name : "", (char *)NULL);
		po->display = xstrdup(d);
	}
}

static bool dec_of(const char *s, struct dec *d)
{
	return s && dec_parse(s, strlen(s), d) == DEC_OK;
}

enum po_status po_receipt_status(const struct po *po)
{
	bool all = po->nlines > 0, some = false;
	for (size_t i = 0; i < po->nlines; i++) {
		struct dec q, r;
		bool have_q = dec_of(po->lines[i].quantity, &q), have_r = dec_of(po->lines[i].received_quantity, &r);
		some |= have_r && dec_sign(r) > 0;
		all &= have_q && have_r && dec_cmp(r, q) >= 0;
	}
	return all ? PO_RECEIVED : some ? PO_PARTIALLY_RECEIVED : PO_OPEN;
}

bool po_negative(const char *s)
{
	struct dec d;
	return dec_of(s, &d) && dec_sign(d) < 0;
}
