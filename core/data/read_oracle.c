/* Oracle Fusion Cloud Procurement: the REST resource purchaseOrders
 * (11.13.18.05) with its lines and their schedules expanded, paged by the
 * client with limit/offset until hasMore is false. Received quantities live
 * on the schedules, and so does the delivery date. Basic authentication
 * comes from the auth module. Sources: tests/servers/README.md, section
 * Oracle Fusion; statuses: docs/models/purchase-order.md. */
#include "i18n.h"
#include "data/reader.h"
#include "data/fields.h"
#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

struct ora_state {
	long offset;
	bool last;
};

static enum rd_next ora_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct ora_state *st = rd_state(rd);
	char q[200];
	http_req_header(req, "Accept", "application/json");
	if (st->last)
		return RD_DONE;
	if (rd_render(rd, rd_system(rd)->base_url, &req->url, err) < 0) /* {url}/fscmRestApi/resources/11.13.18.05 */
		return RD_FAIL;
	str_fmt(q, sizeof(q), "/purchaseOrders?expand=lines,lines.schedules&onlyData=true&orderBy=POHeaderId"
			      "&limit=%d&offset=%ld", rd_page_size(rd), st->offset);
	secbuf_adds(&req->url, q);
	if (rd_since(rd)) { /* q=LastUpdateDate>='T' */
		str_fmt(q, sizeof(q), "&q=LastUpdateDate%%3E%%3D'%s'", rd_since(rd));
		secbuf_adds(&req->url, q);
	}
	st->offset += rd_page_size(rd);
	return RD_SEND;
}

/* The line's schedules: what was received, and the earliest date asked for. */
static void schedules(struct rd *rd, struct po *po, struct po_line *l, const cJSON *line)
{
	const cJSON *s, *list = json_at(line, "schedules");
	struct dec sum = {0, 0}, q;
	bool e, any = false;
	char day[40];
	cJSON_ArrayForEach(s, list) {
		const char *d = json_text(json_at(s, "RequestedDeliveryDate"));
		if (json_dec(json_at(s, "QuantityReceived"), &q, &e) == DEC_OK && dec_add(sum, q, &sum) == DEC_OK)
			any = true;
		else if (!e)
			rd_warn(rd, _("%s: a received quantity is not a number; left empty"), fld_num(po));
		if (d && json_date(d, true, day, sizeof(day)) && (!po->expected_date || strcmp(day, po->expected_date) < 0))
			po_sets(&po->expected_date, day);
	}
	if (any)
		po_set_dec(&l->received_quantity, sum, 0);
}

static const struct fld_line_map line_map = {
	.remote_id = "POLineId", .number = "LineNumber", .item_code = "Item", .item_name = "Description",
	.description = "Description", .quantity = "Quantity", .unit_price = "Price", .amount = "Ordered",
	.unit = "UOM",
};

static const struct fld_status statuses[] = {
	{"INCOMPLETE", PO_DRAFT},	     {"REJECTED", PO_DRAFT},	     {"PENDING APPROVAL", PO_SUBMITTED},
	{"OPEN", PO_OPEN},		     {"ON HOLD", PO_OPEN},		     {"CLOSED FOR RECEIVING", PO_RECEIVED},
	{"CLOSED FOR INVOICING", PO_RECEIVED}, {"CLOSED", PO_RECEIVED},	     {"FINALLY CLOSED", PO_RECEIVED},
	{"CANCELED", PO_CANCELLED},
	{NULL, 0},
};

static void ora_order(struct rd *rd, const cJSON *j)
{
	struct po po;
	const cJSON *l;
	po_init(&po);
	po_sets(&po.remote_id, json_text(json_at(j, "POHeaderId")));
	po_sets(&po.number, json_text(json_at(j, "OrderNumber")));
	po_sets(&po.supplier_id, json_text(json_at(j, "SupplierId")));
	po_sets(&po.supplier_name, json_text(json_at(j, "Supplier")));
	fld_currency(rd, json_text(json_at(j, "CurrencyCode")), fld_num(&po), &po);
	fld_date(rd, json_at(j, json_at(j, "OrderDate") ? "OrderDate" : "CreationDate"), fld_num(&po), true,
		 &po.order_date);
	fld_date(rd, json_at(j, "CreationDate"), fld_num(&po), false, &po.created_at);
	fld_date(rd, json_at(j, "LastUpdateDate"), fld_num(&po), false, &po.updated_at);
	fld_dec(rd, json_at(j, "Ordered"), fld_num(&po), N_("the ordered amount"), &po.subtotal, 2);
	fld_dec(rd, json_at(j, "TotalTax"), fld_num(&po), N_("the total tax"), &po.tax, 2);
	fld_dec(rd, json_at(j, "Total"), fld_num(&po), N_("the total"), &po.total, 2);
	cJSON_ArrayForEach(l, json_at(j, "lines")) schedules(rd, &po, fld_line(rd, &po, l, &line_map), l);
	po_sets(&po.remote_status, json_text(json_at(j, "StatusCode")));
	po.status = fld_status(rd, statuses, po.remote_status, fld_num(&po));
	if (po.status == PO_OPEN)
		po.status = po_receipt_status(&po);
	rd_keep_raw(rd, &po, j);
	rd_emit(rd, &po);
}

static int ora_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	struct ora_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(body, len), *o;
	const cJSON *items = json_at(j, "items");
	if (!cJSON_IsArray(items)) {
		json_free(j);
		return rd_fail_page(err, "no \"items\" list in Oracle's collection answer");
	}
	cJSON_ArrayForEach(o, items) {
		if (cJSON_IsObject(o))
			ora_order(rd, o);
	}
	st->last = !cJSON_IsTrue(json_at(j, "hasMore"));
	json_free(j);
	return 0;
}

static const char *const systems[] = {"oracle-fusion-erp", NULL};

const struct reader reader_oracle = {
	.name = "oracle-fusion-erp",
	.systems = systems,
	.forbidden_hint = N_("a job role with the privilege Manage Purchase Order (or View Purchase Order) for the "
			  "procurement business unit"),
	.service = N_("the REST resource purchaseOrders (Oracle Fusion Cloud Procurement)"),
	.state_size = sizeof(struct ora_state),
	.request = ora_request,
	.parse = ora_parse,
};
