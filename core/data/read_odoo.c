/* Odoo: purchase.order, then purchase.order.line of that page's orders,
 * both through the external API's object.execute_kw search_read (POST
 * {url}/jsonrpc; the database, user id and password or API key go with
 * every call, as Odoo's object service wants). Paging is offset/limit,
 * ordered by id. Many2one fields are [id, "display name"]; a product's
 * display name starts with its internal reference: "[BOLT-M8] Hex bolt M8".
 * Sources: tests/servers/README.md, section Odoo; statuses:
 * docs/models/purchase-order.md. */
#include "i18n.h"
#include "data/reader.h"
#include "data/errors.h"
#include "data/fields.h"
#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

struct odoo_state {
	char uid[24];    /* from common.authenticate */
	long offset;
	bool last;       /* the last page of orders was read */
	cJSON *orders;   /* this page's orders, waiting for their lines */
};

static const char order_fields[] =
	"[\"name\",\"partner_id\",\"currency_id\",\"state\",\"receipt_status\",\"date_order\",\"date_planned\","
	"\"amount_untaxed\",\"amount_tax\",\"amount_total\",\"create_date\",\"write_date\"]";
#define LINE_FIELDS                                                                                          \
	"[\"order_id\",\"sequence\",\"name\",\"product_id\",\"product_qty\",\"product_uom\",\"price_unit\","      \
	"\"price_subtotal\",\"qty_received\"]"

/* The user id: common.authenticate answers it alone, the web login inside an object. */
static int odoo_signed_in(struct rd *rd, const struct http_resp *resp, struct onr_error *err)
{
	struct odoo_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(resp->body.data, resp->body.len);
	const cJSON *res = json_at(j, "result");
	const char *uid = json_text(cJSON_IsObject(res) ? json_at(res, "uid") : res);
	if (uid && strspn(uid, "0123456789") == strlen(uid) && strlen(uid) < sizeof(st->uid))
		str_copy(st->uid, sizeof(st->uid), uid);
	json_free(j);
	return st->uid[0] ? 0 : rd_fail_page(err, "Odoo's sign-in gave no user id");
}

/* Credentials travel in the body; nothing to add. */
static int odoo_authorize(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	(void)rd, (void)req, (void)err;
	return 0;
}

/* POST {url}/jsonrpc execute_kw(db, uid, password, model, "search_read", [domain], kwargs);
 * domain is a list of terms. */
static enum rd_next odoo_call(struct rd *rd, struct http_req *req, const char *model, const char *domain,
			      const char *kwargs, struct onr_error *err)
{
	struct odoo_state *st = rd_state(rd);
	if (rd_render(rd, rd_system(rd)->probe.url, &req->url, err) < 0) /* {url}/jsonrpc */
		return RD_FAIL;
	req->method = "POST";
	http_req_header(req, "Content-Type", "application/json");
	http_req_header(req, "Accept", "application/json");
	secbuf_adds(&req->body, "{\"jsonrpc\":\"2.0\",\"method\":\"call\",\"id\":1,\"params\":{\"service\":\"object\","
				"\"method\":\"execute_kw\",\"args\":[\"");
	secbuf_add_json(&req->body, rd_field(rd, "database") ? rd_field(rd, "database") : "");
	secbuf_adds(&req->body, "\",");
	secbuf_adds(&req->body, st->uid);
	secbuf_adds(&req->body, ",\"");
	secbuf_add_json(&req->body, rd_field(rd, "password") ? rd_field(rd, "password") : "");
	secbuf_adds(&req->body, "\",\"");
	secbuf_adds(&req->body, model);
	secbuf_adds(&req->body, "\",\"search_read\",[");
	secbuf_adds(&req->body, domain);
	secbuf_adds(&req->body, "],");
	secbuf_adds(&req->body, kwargs);
	secbuf_adds(&req->body, "]}}");
	return req->body.overflow ? RD_FAIL : RD_SEND;
}

static enum rd_next odoo_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct odoo_state *st = rd_state(rd);
	struct buf b;
	enum rd_next v;
	const cJSON *o;
	buf_init(&b);
	if (st->orders) { /* the lines of the page just read; ids checked in odoo_parse */
		buf_adds(&b, "[[\"order_id\",\"in\",[0");
		cJSON_ArrayForEach(o, st->orders) buf_addf(&b, ",%s", json_text(json_at(o, "id")));
		buf_adds(&b, "]]]");
		v = odoo_call(rd, req, "purchase.order.line", b.data, "{\"fields\":" LINE_FIELDS "}", err);
		buf_free(&b);
		return v;
	}
	if (st->last) {
		buf_free(&b);
		return RD_DONE;
	}
	char kw[512], since[96] = "[]";
	if (rd_since(rd))
		str_fmt(since, sizeof(since), "[[\"write_date\",\">=\",\"%.10s %.8s\"]]", rd_since(rd),
			strlen(rd_since(rd)) >= 19 ? rd_since(rd) + 11 : "00:00:00");
	str_fmt(kw, sizeof(kw), "{\"fields\":%s,\"offset\":%ld,\"limit\":%d,\"order\":\"id\"}", order_fields, st->offset,
		rd_page_size(rd));
	v = odoo_call(rd, req, "purchase.order", since, kw, err);
	st->offset += rd_page_size(rd);
	buf_free(&b);
	return v;
}

/* Odoo's RPC error: an access error is the 403 of this API. */
static int odoo_rpc_error(const cJSON *e, struct onr_error *err)
{
	const char *name = json_text(json_at(e, "data.name")), *msg = json_text(json_at(e, "data.message"));
	char detail[200];
	struct err_vars v = {.detail = _("read access to Purchase (Settings > Users > Purchase: User)")};
	str_clean(detail, sizeof(detail), msg ? msg : "an error", strlen(msg ? msg : "an error"));
	if (name && (strstr(name, "AccessError") || strstr(name, "AccessDenied")))
		return data_fail(err, "data.forbidden", &v, detail);
	v.detail = detail;
	return data_fail(err, "data.rpc_error", &v, name ? name : detail);
}

/* "[BOLT-M8] Hex bolt M8" -> code "BOLT-M8", name "Hex bolt M8"; the
 * line's own name repeats that display name, so its prefix goes too. */
static void split_ref(const char *text, char **code, char **name)
{
	const char *end = text && text[0] == '[' ? strstr(text, "] ") : NULL;
	if (!end) {
		po_sets(name, text);
		return;
	}
	if (code)
		po_set(code, text + 1, (size_t)(end - text - 1));
	po_sets(name, end + 2);
}

static void odoo_line(struct rd *rd, struct po *po, const cJSON *j)
{
	struct po_line *l = po_add_line(po);
	const char *num = fld_num(po);
	po_sets(&l->remote_id, json_text(json_at(j, "id")));
	po_set_dec(&l->number, (struct dec){(__int128)po->nlines, 0}, 0); /* sequence only orders them */
	split_ref(json_text(cJSON_GetArrayItem(json_at(j, "product_id"), 1)), &l->item_code, &l->item_name);
	split_ref(json_text(json_at(j, "name")), NULL, &l->description);
	fld_dec(rd, json_at(j, "product_qty"), num, N_("a quantity"), &l->quantity, 0);
	fld_dec(rd, json_at(j, "price_unit"), num, N_("a unit price"), &l->unit_price, 2);
	fld_dec(rd, json_at(j, "price_subtotal"), num, N_("a line amount"), &l->amount, 2);
	fld_dec(rd, json_at(j, "qty_received"), num, N_("a received quantity"), &l->received_quantity, 0);
	fld_unit(rd, json_text(cJSON_GetArrayItem(json_at(j, "product_uom"), 1)), num, l);
}

static const struct fld_status states[] = {
	{"draft", PO_DRAFT},   {"sent", PO_DRAFT},	   {"to approve", PO_SUBMITTED},
	{"purchase", PO_OPEN}, {"done", PO_RECEIVED}, {"cancel", PO_CANCELLED},
	{NULL, 0},
};
static const struct fld_status receipts[] = {
	{"pending", PO_OPEN}, {"partial", PO_PARTIALLY_RECEIVED}, {"full", PO_RECEIVED}, {NULL, 0},
};

/* A confirmed order says how far it was received in receipt_status;
 * Odoo before 16 had none: then the lines tell. */
static void odoo_status(struct rd *rd, struct po *po, const cJSON *j)
{
	const char *state = json_text(json_at(j, "state")), *rs = json_text(json_at(j, "receipt_status"));
	char raw[64];
	str_fmt(raw, sizeof(raw), "%s%s%s", state ? state : "?", rs && state && !strcmp(state, "purchase") ? "/" : "",
		rs && state && !strcmp(state, "purchase") ? rs : "");
	po_sets(&po->remote_status, raw);
	po->status = fld_status(rd, states, state, fld_num(po));
	if (po->status == PO_OPEN)
		po->status = rs && !cJSON_IsFalse(json_at(j, "receipt_status")) ? fld_status(rd, receipts, rs, fld_num(po))
									   : po_receipt_status(po);
}

static void odoo_order(struct rd *rd, const cJSON *j, const cJSON *lines)
{
	struct po po;
	const cJSON *l;
	const char *id = json_text(json_at(j, "id"));
	po_init(&po);
	po_sets(&po.remote_id, id);
	po_sets(&po.number, json_text(json_at(j, "name")));
	po_sets(&po.supplier_id, json_text(cJSON_GetArrayItem(json_at(j, "partner_id"), 0)));
	po_sets(&po.supplier_name, json_text(cJSON_GetArrayItem(json_at(j, "partner_id"), 1)));
	fld_currency(rd, json_text(cJSON_GetArrayItem(json_at(j, "currency_id"), 1)), fld_num(&po), &po);
	fld_date(rd, json_at(j, "date_order"), fld_num(&po), true, &po.order_date);
	fld_date(rd, json_at(j, "date_planned"), fld_num(&po), true, &po.expected_date);
	fld_date(rd, json_at(j, "create_date"), fld_num(&po), false, &po.created_at);
	fld_date(rd, json_at(j, "write_date"), fld_num(&po), false, &po.updated_at);
	fld_dec(rd, json_at(j, "amount_untaxed"), fld_num(&po), N_("the subtotal"), &po.subtotal, 2);
	fld_dec(rd, json_at(j, "amount_tax"), fld_num(&po), N_("the tax"), &po.tax, 2);
	fld_dec(rd, json_at(j, "amount_total"), fld_num(&po), N_("the total"), &po.total, 2);
	cJSON_ArrayForEach(l, lines) {
		const char *of = json_text(cJSON_GetArrayItem(json_at(l, "order_id"), 0));
		if (of && id && !strcmp(of, id))
			odoo_line(rd, &po, l);
	}
	odoo_status(rd, &po, j);
	rd_keep_raw(rd, &po, j);
	rd_emit(rd, &po);
}

/* Keeps the page's orders (with a numeric id) until their lines came. */
static int keep_orders(struct rd *rd, const cJSON *res)
{
	struct odoo_state *st = rd_state(rd);
	const cJSON *o;
	int n = 0;
	cJSON_ArrayForEach(o, res) {
		const char *id = json_text(json_at(o, "id"));
		n++;
		if (!cJSON_IsObject(o) || !id || strspn(id, "0123456789") != strlen(id) || strlen(id) > 18) {
			rd_warn(rd, _("an order without a numeric id was left out"));
			continue;
		}
		if (!st->orders) /* kept past this page: a heap copy */
			st->orders = cJSON_CreateArray();
		cJSON_AddItemToArray(st->orders, cJSON_Duplicate(o, true));
	}
	st->last = n < rd_page_size(rd);
	return 0;
}

static int odoo_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	struct odoo_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(body, len), *o;
	cJSON *res = cJSON_GetObjectItemCaseSensitive(j, "result");
	const cJSON *e = json_at(j, "error");
	int rc = 0;
	if (cJSON_IsObject(e))
		rc = odoo_rpc_error(e, err);
	else if (!cJSON_IsArray(res))
		rc = rd_fail_page(err, "not a JSON-RPC answer with a result list");
	else if (!st->orders)
		rc = keep_orders(rd, res);
	else {
		cJSON_ArrayForEach(o, st->orders) odoo_order(rd, o, res);
		json_free(st->orders);
		st->orders = NULL;
	}
	json_free(j);
	return rc;
}

static void odoo_free(void *state)
{
	struct odoo_state *st = state;
	json_free(st->orders);
}

static const char *const systems[] = {"odoo", NULL};

const struct reader reader_odoo = {
	.name = "odoo",
	.systems = systems,
	.forbidden_hint = N_("read access to Purchase (Settings > Users > Purchase: User)"),
	.service = N_("the Purchase app (purchase module)"),
	.state_size = sizeof(struct odoo_state),
	.request = odoo_request,
	.parse = odoo_parse,
	.signed_in = odoo_signed_in,
	.authorize = odoo_authorize,
	.free_state = odoo_free,
};
