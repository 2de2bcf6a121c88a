#include "data/fields.h"
#include "data/currency.h"
#include "data/json.h"
#include "data/unit.h"
#include "util.h"
#include <cJSON.h>
#include <string.h>

bool rd_dec(struct rd *rd, const cJSON *obj, const char *key, const char *num, struct dec *out)
{
	bool empty;
	int rc = json_dec(json_at(obj, key), out, &empty);
	if (rc != DEC_OK && !empty)
		rd_warn(rd, "%s: %s is %s; left empty", num, key, rc == DEC_RANGE ? "too large" : "not a number");
	return rc == DEC_OK;
}

void rd_dec_field(struct rd *rd, const cJSON *obj, const char *key, const char *num, char **field, int min_places)
{
	struct dec d;
	if (rd_dec(rd, obj, key, num, &d))
		po_set_dec(field, d, min_places);
}

void rd_quantity(struct rd *rd, const cJSON *obj, const char *key, const char *num, char **field)
{
	struct dec q;
	if (!rd_dec(rd, obj, key, num, &q))
		return;
	if (dec_sign(q) < 0)
		rd_warn(rd, "%s: negative %s (a return?); kept", num, key);
	po_set_dec(field, q, 0);
}

void rd_date(struct rd *rd, const cJSON *obj, const char *key, bool date_only, const char *num, char **field)
{
	char out[40];
	const char *t = json_text(json_at(obj, key));
	if (t && json_date(t, date_only, out, sizeof(out)))
		po_sets(field, out);
	else if (t)
		rd_warn(rd, "%s: %s \"%s\" is not a date; left empty", num, key, t);
}

void rd_unit(struct rd *rd, const char *unit, const char *num, char **field)
{
	po_sets(field, unit_code(unit));
	if (unit && *unit && !*field)
		rd_warn(rd, "%s: unknown unit \"%s\"; left empty", num, unit);
}

void rd_currency(struct rd *rd, const char *currency, const char *num, char **field)
{
	po_sets(field, currency_iso(currency));
	if (currency && *currency && !*field)
		rd_warn(rd, "%s: unknown currency \"%s\"; left empty", num, currency);
}
