/* ERPNext (Frappe REST API v1): GET /api/resource/Purchase Order lists
 * names only, 20 a page unless limit_page_length (paging by limit_start);
 * each document, with its items[], is a GET of its own, several at a time
 * (reader.h: fanout). "Authorization: token key:secret" comes from the
 * catalog's header auth. Numbers are JSON numbers; creation and modified
 * are the server's local time without a zone (taken as UTC). Sources:
 * tests/servers/README.md, section ERPNext; statuses:
 * docs/models/purchase-order.md. */
#include "i18n.h"
#include "data/reader.h"
#include "data/fields.h"
#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

struct erp_state {
	long start;
	bool last;
};

static enum rd_next erp_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct erp_state *st = rd_state(rd);
	char q[200];
	http_req_header(req, "Accept", "application/json");
	if (st->last)
		return RD_DONE;
	if (rd_render(rd, rd_system(rd)->base_url, &req->url, err) < 0) /* {url}/api */
		return RD_FAIL;
	str_fmt(q, sizeof(q), "/resource/Purchase%%20Order?limit_start=%ld&limit_page_length=%d&order_by=name%%20asc",
		st->start, rd_page_size(rd));
	secbuf_adds(&req->url, q);
	if (rd_since(rd)) { /* filters=[["modified",">=","2026-03-01 00:00:00"]] */
		str_fmt(q, sizeof(q), "&filters=%%5B%%5B%%22modified%%22%%2C%%22%%3E%%3D%%22%%2C%%22%.10s%%20%.8s%%22%%5D%%5D",
			rd_since(rd), strlen(rd_since(rd)) >= 19 ? rd_since(rd) + 11 : "00:00:00");
		secbuf_adds(&req->url, q);
	}
	st->start += rd_page_size(rd);
	return RD_SEND;
}

/* Names become a path segment: everything but unreserved characters is
 * percent-encoded, so a name cannot leave the Purchase Order resource. */
static void fetch_name(struct rd *rd, const char *name)
{
	struct buf b;
	buf_init(&b);
	buf_adds(&b, "Purchase%20Order/");
	for (const char *s = name; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || strchr("-_.~", *s))
			buf_add(&b, s, 1);
		else
			buf_addf(&b, "%%%02X", (unsigned char)*s);
	}
	rd_fetch(rd, b.data);
	buf_free(&b);
}

static int erp_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	struct erp_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(body, len), *it;
	const cJSON *data = json_at(j, "data");
	int n = 0;
	if (!cJSON_IsArray(data)) {
		json_free(j);
		return rd_fail_page(err, "no \"data\" list in Frappe's answer");
	}
	cJSON_ArrayForEach(it, data) {
		const char *name = json_text(json_at(it, "name"));
		n++;
		if (name && strlen(name) < 200)
			fetch_name(rd, name);
		else
			rd_warn(rd, _("a list entry without a usable name was left out"));
	}
	st->last = n < rd_page_size(rd);
	json_free(j);
	return 0;
}

static const struct fld_line_map item_map = {
	.remote_id = "name", .number = "idx", .item_code = "item_code", .item_name = "item_name",
	.description = "description", .quantity = "qty", .unit_price = "rate", .amount = "amount",
	.received = "received_qty", .unit = "uom",
};

/* status of a submitted document (docstatus 1); the receipts come from the
 * items' received_qty. */
static const struct fld_status statuses[] = {
	{"To Receive and Bill", PO_OPEN}, {"To Receive", PO_OPEN}, {"On Hold", PO_OPEN},
	{"To Bill", PO_RECEIVED},	  {"Completed", PO_RECEIVED}, {"Delivered", PO_RECEIVED},
	{"Closed", PO_RECEIVED},	  {"Cancelled", PO_CANCELLED}, {"Draft", PO_DRAFT},
	{NULL, 0},
};

static void erp_status(struct rd *rd, struct po *po, const cJSON *j)
{
	const char *docstatus = json_text(json_at(j, "docstatus")), *status = json_text(json_at(j, "status"));
	po_sets(&po->remote_status, status);
	if (docstatus && !strcmp(docstatus, "0"))
		po->status = PO_DRAFT;
	else if (docstatus && !strcmp(docstatus, "2"))
		po->status = PO_CANCELLED;
	else
		po->status = fld_status(rd, statuses, status, fld_num(po));
	if (po->status == PO_OPEN)
		po->status = po_receipt_status(po);
}

static int erp_parse_item(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	cJSON *j = json_parse_exact(body, len), *l;
	const cJSON *d = json_at(j, "data");
	struct po po;
	if (!cJSON_IsObject(d)) {
		json_free(j);
		return rd_fail_page(err, "a Purchase Order answer without \"data\"");
	}
	po_init(&po);
	po_sets(&po.remote_id, json_text(json_at(d, "name")));
	po_sets(&po.number, json_text(json_at(d, "name")));
	po_sets(&po.supplier_id, json_text(json_at(d, "supplier")));
	po_sets(&po.supplier_name, json_text(json_at(d, "supplier_name")));
	fld_currency(rd, json_text(json_at(d, "currency")), fld_num(&po), &po);
	fld_date(rd, json_at(d, "transaction_date"), fld_num(&po), true, &po.order_date);
	fld_date(rd, json_at(d, "schedule_date"), fld_num(&po), true, &po.expected_date);
	fld_date(rd, json_at(d, "creation"), fld_num(&po), false, &po.created_at);
	fld_date(rd, json_at(d, "modified"), fld_num(&po), false, &po.updated_at);
	fld_dec(rd, json_at(d, "net_total"), fld_num(&po), N_("the net total"), &po.subtotal, 2);
	fld_dec(rd, json_at(d, "total_taxes_and_charges"), fld_num(&po), N_("the taxes"), &po.tax, 2);
	fld_dec(rd, json_at(d, "grand_total"), fld_num(&po), N_("the grand total"), &po.total, 2);
	cJSON_ArrayForEach(l, json_at(d, "items")) fld_line(rd, &po, l, &item_map);
	erp_status(rd, &po, d);
	rd_keep_raw(rd, &po, d);
	rd_emit(rd, &po);
	json_free(j);
	return 0;
}

static const char *const systems[] = {"erpnext", NULL};

const struct reader reader_erpnext = {
	.name = "erpnext",
	.systems = systems,
	.forbidden_hint = N_("read permission on Purchase Order (a role such as Purchase User)"),
	.service = N_("the Buying module's Purchase Order doctype"),
	.state_size = sizeof(struct erp_state),
	.request = erp_request,
	.parse = erp_parse,
	.parse_item = erp_parse_item,
};
