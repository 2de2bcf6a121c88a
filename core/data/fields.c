#include "data/fields.h"
#include "i18n.h"
#include "data/currency.h"
#include "data/json.h"
#include "data/reader.h"
#include "data/unit.h"
#include <cJSON.h>
#include <string.h>
#include <strings.h>

/* fld_dec's other cases: an amount to tidy or to parse, or none */
static __attribute__((noinline)) void dec_other(struct rd *rd, const cJSON *j, const char *num, const char *what,
						 char **field, int min_scale)
{
	struct dec d;
	bool empty = false;
	char out[DEC_TEXT_MAX];
	const char *t;
	size_t n;
	/* "15.000" or 15.000: its stored text made from it at once, without
	 * a parse and a format */
	if ((j->type & 0xFF) == cJSON_String && (t = json_text(j)) &&
	    (n = dec_tidy(t, strlen(t), min_scale, out, sizeof(out)))) {
		po_set_clean_n(field, out, n);
		return;
	}
	if (json_dec(j, &d, &empty) == DEC_OK)
		po_set_dec(field, d, min_scale);
	else if (!empty)
		rd_warn(rd, _("%1$s: %2$s is not a number; left empty"), num, _(what)); /* what: N_ or a field name */
}

void fld_dec(struct rd *rd, const cJSON *j, const char *num, const char *what, char **field, int min_scale)
{
	const char *t;
	size_t n;
	if (!j || (j->type & 0xFF) == cJSON_False) /* the type test inline: a call each cost as much */
		return;
	/* the usual amount, "15.00" or 15.00, already what onramp writes:
	 * stored as it came (the other cases out of line, so this one needs
	 * no room for them) */
	if ((j->type & 0xFF) == cJSON_String && (t = json_text(j)) && (n = dec_tidy_len(t, min_scale))) {
		po_set_clean_n(field, t, n);
		return;
	}
	dec_other(rd, j, num, what, field, min_scale);
}

void fld_date(struct rd *rd, const cJSON *j, const char *num, bool date_only, char **field)
{
	const char *t = json_text(j);
	char out[40];
	size_t n;
	if (!t || (j->type & (cJSON_True | cJSON_False))) /* t: j is no NULL */
		return;
	if ((n = json_date(t, date_only, out, sizeof(out))))
		po_set_clean_n(field, out, n);
	else
		rd_warn(rd, _("%s: \"%s\" is not a date onramp reads; left empty"), num, t);
}

void fld_currency(struct rd *rd, const char *text, const char *num, struct po *po)
{
	po_set_clean(&po->currency, currency_iso(text));
	if (text && *text && !po->currency)
		rd_warn(rd, _("%s: unknown currency \"%s\"; left empty"), num, text);
}

void fld_unit(struct rd *rd, const char *text, const char *num, struct po_line *l)
{
	po_set_clean(&l->unit, unit_code(text));
	if (text && *text && !l->unit)
		rd_warn(rd, _("%s: unknown unit \"%s\"; left empty"), num, text);
}

enum po_status fld_status(struct rd *rd, const struct fld_status *map, const char *value, const char *num)
{
	for (int i = 0; value && map[i].value; i++)
		if (!strcasecmp(value, map[i].value))
			return map[i].status;
	if (value)
		rd_warn(rd, _("%s: unknown status \"%s\""), num, value);
	return PO_UNKNOWN;
}

const char *fld_num(const struct po *po)
{
	return po->number ? po->number : po->remote_id ? po->remote_id : "an order";
}

static const char *text_at(const cJSON *j, const char *path)
{
	return path ? json_text(json_at(j, path)) : NULL;
}

struct po_line *fld_line(struct rd *rd, struct po *po, const cJSON *j, const struct fld_line_map *m)
{
	struct po_line *l = po_add_line(po);
	const char *num = fld_num(po);
	po_sets(&l->remote_id, text_at(j, m->remote_id));
	po_sets(&l->number, text_at(j, m->number));
	po_sets(&l->item_code, text_at(j, m->item_code));
	po_sets(&l->item_name, text_at(j, m->item_name));
	po_sets(&l->description, text_at(j, m->description));
	if (m->quantity)
		fld_dec(rd, json_at(j, m->quantity), num, N_("a quantity"), &l->quantity, 0);
	if (m->unit_price)
		fld_dec(rd, json_at(j, m->unit_price), num, N_("a unit price"), &l->unit_price, 2);
	if (m->amount)
		fld_dec(rd, json_at(j, m->amount), num, N_("a line amount"), &l->amount, 2);
	if (m->received)
		fld_dec(rd, json_at(j, m->received), num, N_("a received quantity"), &l->received_quantity, 0);
	if (m->unit)
		fld_unit(rd, text_at(j, m->unit), num, l);
	return l;
}

bool fld_follow_next(struct rd *rd, struct http_req *req, int *v)
{
	if (rd_first(rd))
		return false;
	*v = rd_next(rd) ? RD_SEND : RD_DONE;
	if (rd_next(rd))
		secbuf_adds(&req->url, rd_next(rd));
	return true;
}
