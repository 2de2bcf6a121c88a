/* Tryton: purchase.purchase through JSON-RPC search_read, on the session
 * that common.db.login gave (sent as "Authorization: Session
 * base64(login:user_id:session)", trytond/protocols/wrappers.py). One call
 * a page reads the orders with their lines: dotted field names
 * ("lines.product.code") make trytond read the related records too
 * (ModelSQL.read, 6.0). Paging is offset/limit, ordered by id. Decimals
 * arrive as {"__class__": "Decimal", "decimal": "0.2500"}, dates as
 * {"__class__": "date", "year", "month", "day"} (protocols/jsonrpc.py). */
#include "i18n.h"
#include "data/reader.h"
#include "data/currency.h"
#include "data/errors.h"
#include "data/fields.h"
#include "data/json.h"
#include "data/unit.h"
#include "util.h"
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct tryton_state {
	long offset;
	bool last; /* the previous page was short */
	struct secbuf auth; /* "login:user_id:session", secure memory */
};

static const char *const fields[] = {
	"number", "reference", "state", "shipment_state", "purchase_date", "delivery_date", "create_date",
	"write_date", "party.name", "party.code", "currency.code", "untaxed_amount", "tax_amount", "total_amount",
	"lines.type", "lines.sequence", "lines.quantity", "lines.unit.symbol", "lines.unit_price", "lines.amount",
	"lines.description", "lines.product.code", "lines.product.name", "lines.moves.quantity", "lines.moves.state",
	"lines.delivery_date", NULL,
};

static int tryton_signed_in(struct rd *rd, const struct http_resp *resp, struct onr_error *err)
{
	struct tryton_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(resp->body.data, resp->body.len);
	const cJSON *res = json_at(j, "result");
	const char *uid = json_text(cJSON_GetArrayItem(res, 0)), *session = json_text(cJSON_GetArrayItem(res, 1));
	int rc = 0;
	secbuf_init(&st->auth, 1024);
	if (uid && session) {
		secbuf_adds(&st->auth, rd_field(rd, "username"));
		secbuf_adds(&st->auth, ":");
		secbuf_adds(&st->auth, uid);
		secbuf_adds(&st->auth, ":");
		secbuf_adds(&st->auth, session);
	} else {
		rc = rd_fail_page(err, "common.db.login gave no [user_id, session]");
	}
	if (j) /* the session is a credential: wipe the parsed copy */
		for (cJSON *c = cJSON_GetArrayItem(res, 1); c && cJSON_IsString(c); c = NULL)
			sodium_memzero(c->valuestring, strlen(c->valuestring));
	json_free(j);
	return rc;
}

static int tryton_authorize(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct tryton_state *st = rd_state(rd);
	size_t n = sodium_base64_encoded_len(st->auth.len, sodium_base64_VARIANT_ORIGINAL);
	struct secbuf v;
	(void)err;
	secbuf_init(&v, n + 16);
	secbuf_adds(&v, "Session ");
	sodium_bin2base64(v.p + v.len, n, (const unsigned char *)st->auth.p, st->auth.len,
			  sodium_base64_VARIANT_ORIGINAL);
	v.len = strlen(v.p);
	http_req_header(req, "Authorization", v.p);
	secbuf_free(&v);
	return 0;
}

/* ["OR", [write_date >= T], [write_date = null, create_date >= T]] */
static void since_domain(struct buf *b, const char *since)
{
	int y, mo, d, h = 0, mi = 0, s = 0;
	char dt[160];
	if (sscanf(since, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) < 3)
		return;
	str_fmt(dt, sizeof(dt),
		"{\"__class__\":\"datetime\",\"year\":%d,\"month\":%d,\"day\":%d,\"hour\":%d,\"minute\":%d,\"second\":%d,"
		"\"microsecond\":0}", /* trytond 6.0's decoder needs every part: without it, HTTP 500 */
		y, mo, d, h, mi, s);
	buf_addf(b, "[\"OR\",[\"write_date\",\">=\",%s],[[\"write_date\",\"=\",null],[\"create_date\",\">=\",%s]]]", dt,
		 dt);
}

static enum rd_next tryton_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct tryton_state *st = rd_state(rd);
	struct buf b;
	if (st->last)
		return RD_DONE;
	if (rd_render(rd, rd_system(rd)->probe.url, &req->url, err) < 0) /* {url}/{database}/ */
		return RD_FAIL;
	req->method = "POST";
	http_req_header(req, "Content-Type", "application/json");
	http_req_header(req, "Accept", "application/json");
	buf_init(&b);
	buf_addf(&b, "{\"id\":%d,\"method\":\"model.purchase.purchase.search_read\",\"params\":[[", rd_pages(rd) + 1);
	if (rd_since(rd))
		since_domain(&b, rd_since(rd));
	buf_addf(&b, "],%ld,%d,[[\"id\",\"ASC\"]],[", st->offset, rd_page_size(rd));
	for (int i = 0; fields[i]; i++)
		buf_addf(&b, "%s\"%s\"", i ? "," : "", fields[i]);
	buf_adds(&b, "],{}]}");
	secbuf_add(&req->body, b.data, b.len);
	buf_free(&b);
	st->offset += rd_page_size(rd);
	return RD_SEND;
}

/* A related record's field: trytond puts the record read for a dotted
 * name under the field's name plus a dot ("party." -> {"name": ...}). */
static const cJSON *rel(const cJSON *j, const char *field, const char *sub)
{
	char key[64];
	str_fmt(key, sizeof(key), "%s.", field);
	return json_at(cJSON_GetObjectItemCaseSensitive(j, key), sub);
}

static int tryton_rpc_error(struct onr_error *err, const char *detail)
{
	struct err_vars v = {.detail = detail};
	if (strstr(detail, "AccessError") || strstr(detail, "access"))
		v.detail = _("read access to Purchase (the group \"Purchase\" in Administration > Users)");
	return data_fail(err, v.detail == detail ? "data.rpc_error" : "data.forbidden", &v, detail);
}

/* A Decimal object, or a plain number (Tryton floats: quantities). */
static bool tr_dec(const cJSON *j, struct dec *out)
{
	const cJSON *d = json_at(j, "decimal");
	return json_dec(d ? d : j, out, NULL) == DEC_OK;
}

/* The Decimal object's text (or a plain number) into *field. */
static void tr_decimal_field(struct rd *rd, const cJSON *j, const char *what, const char *num, char **field,
			     int min_scale)
{
	const cJSON *d = json_at(j, "decimal");
	fld_dec(rd, d ? d : j, num, what, field, min_scale);
}

/* {"__class__": "date"|"datetime", "year", ...} -> ISO 8601. */
static void tr_date(const cJSON *j, bool date_only, char **field)
{
	char out[40];
	int p[6] = {0};
	static const char *const k[] = {"year", "month", "day", "hour", "minute", "second"};
	if (!cJSON_IsObject(j))
		return;
	for (int i = 0; i < 6; i++) {
		const char *t = json_text(json_at(j, k[i]));
		p[i] = t ? atoi(t) : 0;
	}
	if (json_date_parts(p[0], p[1], p[2], p[3], p[4], p[5], date_only, out, sizeof(out)))
		po_sets(field, out);
}

/* Received: the done moves' quantities (moves are in the line's unit). */
static void tr_received(const cJSON *moves, struct po_line *l)
{
	struct dec sum = {0, 0}, q;
	const cJSON *m;
	cJSON_ArrayForEach(m, moves) {
		const char *state = json_text(json_at(m, "state"));
		if (state && !strcmp(state, "done") && tr_dec(json_at(m, "quantity"), &q))
			dec_add(sum, q, &sum);
	}
	po_set_dec(&l->received_quantity, sum, 0);
}

static void tr_line(struct rd *rd, struct po *po, const cJSON *j, const char *num)
{
	const char *type = json_text(json_at(j, "type"));
	if (type && strcmp(type, "line") != 0) /* titles, comments, subtotals */
		return;
	struct po_line *l = po_add_line(po);
	const char *unit = json_text(rel(j, "unit", "symbol"));
	po_sets(&l->remote_id, json_text(json_at(j, "id")));
	po_sets(&l->item_code, json_text(rel(j, "product", "code")));
	po_sets(&l->item_name, json_text(rel(j, "product", "name")));
	po_sets(&l->description, json_text(json_at(j, "description")));
	tr_decimal_field(rd, json_at(j, "quantity"), "a quantity", num, &l->quantity, 0);
	tr_decimal_field(rd, json_at(j, "unit_price"), "a unit price", num, &l->unit_price, 2);
	tr_decimal_field(rd, json_at(j, "amount"), "a line amount", num, &l->amount, 2);
	fld_unit(rd, unit, num, l);
	tr_received(cJSON_GetObjectItemCaseSensitive(j, "moves."), l);
}

/* state: draft, quotation, confirmed, processing, done, cancelled
 * (purchase.py); receipts are read from the lines. */
static enum po_status tr_status(const char *state, const struct po *po)
{
	static const struct { const char *state; enum po_status s; } map[] = {
		{"draft", PO_DRAFT}, {"quotation", PO_SUBMITTED}, {"confirmed", PO_OPEN},
		{"processing", PO_OPEN}, {"done", PO_RECEIVED}, {"cancelled", PO_CANCELLED},
	};
	enum po_status s = PO_UNKNOWN;
	for (size_t i = 0; state && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(state, map[i].state))
			s = map[i].s;
	return s == PO_OPEN ? po_receipt_status(po) : s;
}

static void tr_order(struct rd *rd, const cJSON *j)
{
	struct po po;
	const cJSON *l;
	const char *cur;
	char num[64];
	po_init(&po);
	po_sets(&po.remote_id, json_text(json_at(j, "id")));
	po_sets(&po.number, json_text(json_at(j, "number")));
	str_copy(num, sizeof(num), po.number ? po.number : po.remote_id ? po.remote_id : "an order");
	po_sets(&po.supplier_id, json_text(rel(j, "party", "id")));
	po_sets(&po.supplier_name, json_text(rel(j, "party", "name")));
	cur = json_text(rel(j, "currency", "code"));
	fld_currency(rd, cur, num, &po);
	tr_date(json_at(j, "purchase_date"), true, &po.order_date);
	tr_date(json_at(j, "delivery_date"), true, &po.expected_date);
	tr_date(json_at(j, "create_date"), false, &po.created_at);
	tr_date(json_at(j, "write_date"), false, &po.updated_at);
	if (!po.updated_at && po.created_at)
		po.updated_at = xstrdup(po.created_at);
	tr_decimal_field(rd, json_at(j, "untaxed_amount"), "the subtotal", num, &po.subtotal, 2);
	tr_decimal_field(rd, json_at(j, "tax_amount"), "the tax", num, &po.tax, 2);
	tr_decimal_field(rd, json_at(j, "total_amount"), "the total", num, &po.total, 2);
	cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(j, "lines.")) tr_line(rd, &po, l, num);
	po_sets(&po.remote_status, json_text(json_at(j, "state")));
	po.status = tr_status(po.remote_status, &po);
	if (po.status == PO_UNKNOWN && po.remote_status)
		rd_warn(rd, _("%s: unknown state \"%s\""), num, po.remote_status);
	rd_keep_raw(rd, &po, j);
	rd_emit(rd, &po);
}

static int tryton_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	struct tryton_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(body, len);
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(j, "result"), *o;
	const cJSON *e = json_at(j, "error");
	int n = 0;
	if (cJSON_IsNull(e)) /* "error": null is no error */
		e = NULL;
	if (!j || (!cJSON_IsArray(res) && !e)) {
		json_free(j);
		return rd_fail_page(err, "not a JSON-RPC answer with a result list");
	}
	if (e) {
		char detail[200];
		const char *what = json_text(cJSON_IsArray(e) ? cJSON_GetArrayItem(e, 0) : e);
		str_clean(detail, sizeof(detail), what ? what : "an error", strlen(what ? what : "an error"));
		json_free(j);
		return tryton_rpc_error(err, detail);
	}
	cJSON_ArrayForEach(o, res) {
		n++;
		if (cJSON_IsObject(o))
			tr_order(rd, o);
	}
	st->last = n < rd_page_size(rd);
	json_free(j);
	return 0;
}

static void tryton_free(void *state)
{
	struct tryton_state *st = state;
	if (st->auth.p)
		secbuf_free(&st->auth);
}

static const char *const systems[] = {"tryton", NULL};

const struct reader reader_tryton = {
	.name = "tryton",
	.systems = systems,
	.forbidden_hint = N_("read access to Purchase (the group \"Purchase\" in Administration > Users)"),
	.state_size = sizeof(struct tryton_state),
	.request = tryton_request,
	.service = N_("the Tryton module purchase"),
	.parse = tryton_parse,
	.signed_in = tryton_signed_in,
	.authorize = tryton_authorize,
	.free_state = tryton_free,
	.list_key = "result", /* each order comes whole, its lines and moves inside ("lines.") */
};
