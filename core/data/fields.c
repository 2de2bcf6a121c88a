#include "data/fields.h"
#include "data/currency.h"
#include "data/json.h"
#include "data/reader.h"
#include "data/unit.h"
#include <cJSON.h>
#include <strings.h>

void fld_dec(struct rd *rd, const cJSON *j, const char *num, const char *what, char **field, int min_scale)
{
	struct dec d;
	bool empty = false;
	if (!j || cJSON_IsFalse(j))
		return;
	if (json_dec(j, &d, &empty) == DEC_OK)
		po_set_dec(field, d, min_scale);
	else if (!empty)
		rd_warn(rd, "%s: %s is not a number; left empty", num, what);
}

void fld_date(struct rd *rd, const cJSON *j, const char *num, bool date_only, char **field)
{
	const char *t = json_text(j);
	char out[40];
	if (!t || cJSON_IsBool(j))
		return;
	if (json_date(t, date_only, out, sizeof(out)))
		po_sets(field, out);
	else
		rd_warn(rd, "%s: \"%s\" is not a date onramp reads; left empty", num, t);
}

void fld_currency(struct rd *rd, const char *text, const char *num, struct po *po)
{
	po_sets(&po->currency, currency_iso(text));
	if (text && *text && !po->currency)
		rd_warn(rd, "%s: unknown currency \"%s\"; left empty", num, text);
}

void fld_unit(struct rd *rd, const char *text, const char *num, struct po_line *l)
{
	po_sets(&l->unit, unit_code(text));
	if (text && *text && !l->unit)
		rd_warn(rd, "%s: unknown unit \"%s\"; left empty", num, text);
}

enum po_status fld_status(struct rd *rd, const struct fld_status *map, const char *value, const char *num)
{
	for (int i = 0; value && map[i].value; i++)
		if (!strcasecmp(value, map[i].value))
			return map[i].status;
	if (value)
		rd_warn(rd, "%s: unknown status \"%s\"", num, value);
	return PO_UNKNOWN;
}

const char *fld_num(const struct po *po)
{
	return po->number ? po->number : po->remote_id ? po->remote_id : "an order";
}
