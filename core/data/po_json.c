/* The writer: one compact JSON object per order, fields in the order of
 * docs/models/purchase-order.md, so a line of --jsonl reads the same from
 * every source. */
#include "data/po.h"
#include "util.h"
#include <cJSON.h>
#include <stdlib.h>

static void str_or_null(cJSON *o, const char *key, const char *v)
{
	cJSON_AddItemToObject(o, key, v ? cJSON_CreateString(v) : cJSON_CreateNull());
}

static cJSON *line_json(const struct po_line *l)
{
	cJSON *o = cJSON_CreateObject(), *item = cJSON_CreateObject();
	str_or_null(o, "remote_id", l->remote_id);
	str_or_null(o, "number", l->number);
	str_or_null(item, "code", l->item_code);
	str_or_null(item, "name", l->item_name);
	cJSON_AddItemToObject(o, "item", item);
	str_or_null(o, "description", l->description);
	str_or_null(o, "quantity", l->quantity);
	str_or_null(o, "unit", l->unit);
	str_or_null(o, "unit_price", l->unit_price);
	str_or_null(o, "amount", l->amount);
	str_or_null(o, "received_quantity", l->received_quantity);
	return o;
}

char *po_to_json(const struct po *po, int raw)
{
	cJSON *o = cJSON_CreateObject(), *sup = cJSON_CreateObject(), *lines = cJSON_CreateArray();
	str_or_null(o, "id", po->id);
	str_or_null(o, "remote_id", po->remote_id);
	str_or_null(o, "display", po->display);
	str_or_null(o, "created_at", po->created_at);
	str_or_null(o, "updated_at", po->updated_at);
	str_or_null(o, "deleted_at", po->deleted_at);
	str_or_null(o, "number", po->number);
	str_or_null(sup, "remote_id", po->supplier_id);
	str_or_null(sup, "name", po->supplier_name);
	cJSON_AddItemToObject(o, "supplier", sup);
	cJSON_AddStringToObject(o, "status", po_status_name(po->status));
	str_or_null(o, "remote_status", po->remote_status);
	str_or_null(o, "currency", po->currency);
	str_or_null(o, "order_date", po->order_date);
	str_or_null(o, "expected_date", po->expected_date);
	str_or_null(o, "subtotal", po->subtotal);
	str_or_null(o, "tax", po->tax);
	str_or_null(o, "total", po->total);
	for (size_t i = 0; i < po->nlines; i++)
		cJSON_AddItemToArray(lines, line_json(&po->lines[i]));
	cJSON_AddItemToObject(o, "lines", lines);
	if (raw && po->remote_data)
		cJSON_AddItemReferenceToObject(o, "remote_data", po->remote_data);
	char *s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}
