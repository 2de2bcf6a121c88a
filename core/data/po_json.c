/* The writer: one compact JSON object per order, fields in the order of
 * docs/models/purchase-order.md, so a line of --jsonl reads the same from
 * every source. Written straight into a buffer: it runs once per order,
 * and a cJSON tree per record cost more than the rest of the output. */
#include "data/po.h"
#include "util.h"
#include <cJSON.h>
#include <stdlib.h>

/* A JSON string (or null). The text was cleaned (po_set), so only quotes
 * and backslashes need escaping; control bytes are escaped all the same. */
static void str_at(struct buf *b, const char *key, size_t keylen, const char *v, bool more)
{
	static const char hex[] = "0123456789abcdef";
	buf_put(b, key, keylen); /* not buf_addf: formatting cost more than the rest */
	if (!v) {
		buf_put(b, more ? "null," : "null", more ? 5 : 4);
		return;
	}
	buf_put(b, "\"", 1);
	for (const char *p = v, *run = v;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c && c != '"' && c != '\\' && c >= 0x20)
			continue;
		buf_put(b, run, (size_t)(p - run));
		if (!c)
			break;
		char esc[6] = {'\\', (char)c, 0};
		if (c < 0x20)
			esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
		buf_put(b, esc, c < 0x20 ? 6 : 2);
		run = p + 1;
	}
	buf_put(b, more ? "\"," : "\"", more ? 2 : 1);
}

/* "key": with its length known when compiled */
#define str(b, key, v, more) str_at(b, "\"" key "\":", sizeof(key) + 2, v, more)

static void line_json(struct buf *b, const struct po_line *l)
{
	buf_adds(b, "{");
	str(b, "remote_id", l->remote_id, true);
	str(b, "number", l->number, true);
	buf_adds(b, "\"item\":{");
	str(b, "code", l->item_code, true);
	str(b, "name", l->item_name, false);
	buf_adds(b, "},");
	str(b, "description", l->description, true);
	str(b, "quantity", l->quantity, true);
	str(b, "unit", l->unit, true);
	str(b, "unit_price", l->unit_price, true);
	str(b, "amount", l->amount, true);
	str(b, "received_quantity", l->received_quantity, false);
	buf_adds(b, "}");
}

char *po_to_json(const struct po *po, int raw)
{
	struct buf b = {.data = xmalloc(2048), .cap = 2048}; /* an order of 5 lines fits */
	b.data[0] = 0;
	buf_adds(&b, "{");
	str(&b, "id", po->id, true);
	str(&b, "remote_id", po->remote_id, true);
	str(&b, "display", po->display, true);
	str(&b, "created_at", po->created_at, true);
	str(&b, "updated_at", po->updated_at, true);
	str(&b, "deleted_at", po->deleted_at, true);
	str(&b, "number", po->number, true);
	buf_adds(&b, "\"supplier\":{");
	str(&b, "remote_id", po->supplier_id, true);
	str(&b, "name", po->supplier_name, false);
	buf_adds(&b, "},");
	str(&b, "status", po_status_name(po->status), true);
	str(&b, "remote_status", po->remote_status, true);
	str(&b, "currency", po->currency, true);
	str(&b, "order_date", po->order_date, true);
	str(&b, "expected_date", po->expected_date, true);
	str(&b, "subtotal", po->subtotal, true);
	str(&b, "tax", po->tax, true);
	str(&b, "total", po->total, true);
	buf_adds(&b, "\"lines\":[");
	for (size_t i = 0; i < po->nlines; i++) {
		if (i)
			buf_adds(&b, ",");
		line_json(&b, &po->lines[i]);
	}
	buf_adds(&b, "]");
	char *rd = raw && po->remote_data && !po->remote_raw ? cJSON_PrintUnformatted(po->remote_data) : NULL;
	const char *text = raw && po->remote_raw ? po->remote_raw : rd;
	if (text) {
		buf_adds(&b, ",\"remote_data\":");
		buf_adds(&b, text);
	}
	free(rd);
	buf_adds(&b, "}");
	return b.data; /* buf keeps it NUL-terminated; the caller frees it */
}
