/* IBM Maximo Manage: the object structure MXAPIPO through the REST/JSON
 * API, lean JSON, oslc.select naming the header, the vendor's name (the
 * 1:1 relationship COMPANIES) and the lines. Pages: oslc.pageSize, then
 * responseInfo.nextPage.href. Statuses are mapped on status_maxvalue, the
 * internal value: sites rename statuses through synonyms. The apikey
 * header comes from the auth module. Sources: tests/servers/README.md,
 * section IBM Maximo; statuses: docs/models/purchase-order.md. */
#include "i18n.h"
#include "data/reader.h"
#include "data/fields.h"
#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

static const char select_fields[] =
	"ponum,revisionnum,siteid,status,status_maxvalue,vendor,companies.name,currencycode,totalcost,totaltax1,"
	"totaltax2,totaltax3,totaltax4,totaltax5,orderdate,requireddate,changedate,receipts,"
	"poline%7Bpolinenum,itemnum,description,orderqty,orderunit,unitcost,linecost,receivedqty%7D";

static enum rd_next mx_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	char q[160];
	int v;
	http_req_header(req, "Accept", "application/json");
	if (fld_follow_next(rd, req, &v))
		return (enum rd_next)v;
	if (rd_render(rd, rd_system(rd)->base_url, &req->url, err) < 0) /* {url}/maximo/api */
		return RD_FAIL;
	secbuf_adds(&req->url, "/os/mxapipo?lean=1&oslc.select=");
	secbuf_adds(&req->url, select_fields);
	str_fmt(q, sizeof(q), "&oslc.pageSize=%d", rd_page_size(rd));
	secbuf_adds(&req->url, q);
	if (rd_since(rd)) { /* oslc.where=changedate>="2026-03-01T00:00:00Z" */
		str_fmt(q, sizeof(q), "&oslc.where=changedate%%3E%%3D%%22%s%%22", rd_since(rd));
		secbuf_adds(&req->url, q);
	}
	return RD_SEND;
}

static const struct fld_line_map line_map = {
	.remote_id = "polinenum", .number = "polinenum", .item_code = "itemnum", .item_name = "description",
	.description = "description", .quantity = "orderqty", .unit_price = "unitcost", .amount = "linecost",
	.received = "receivedqty", .unit = "orderunit",
};

/* status_maxvalue (domain POSTATUS). */
static const struct fld_status statuses[] = {
	{"WAPPR", PO_DRAFT}, {"HOLD", PO_DRAFT},   {"APPR", PO_OPEN},	     {"INPRG", PO_OPEN},
	{"PNDREV", PO_OPEN}, {"CLOSE", PO_RECEIVED}, {"CAN", PO_CANCELLED}, {"REVISD", PO_CANCELLED},
	{NULL, 0},
};
static const struct fld_status receipts[] = {
	{"NONE", PO_OPEN}, {"PARTIAL", PO_PARTIALLY_RECEIVED}, {"COMPLETE", PO_RECEIVED}, {NULL, 0},
};

static void mx_status(struct rd *rd, struct po *po, const cJSON *j)
{
	const char *max = json_text(json_at(j, "status_maxvalue")), *rc = json_text(json_at(j, "receipts"));
	po_sets(&po->remote_status, json_text(json_at(j, "status")));
	po->status = fld_status(rd, statuses, max ? max : json_text(json_at(j, "status")), fld_num(po));
	if (po->status == PO_OPEN)
		po->status = rc ? fld_status(rd, receipts, rc, fld_num(po)) : po_receipt_status(po);
}

/* Tax lives in up to five totals (totaltax1..5). */
static void mx_tax(struct rd *rd, struct po *po, const cJSON *j)
{
	struct dec sum = {0, 0}, t;
	bool any = false, e;
	char key[16];
	for (int i = 1; i <= 5; i++) {
		str_fmt(key, sizeof(key), "totaltax%d", i);
		if (json_dec(json_at(j, key), &t, &e) == DEC_OK && dec_add(sum, t, &sum) == DEC_OK)
			any = true;
		else if (!e && json_at(j, key))
			rd_warn(rd, _("%s: %s is not a number; tax left empty"), fld_num(po), key);
	}
	if (any)
		po_set_dec(&po->tax, sum, 2);
}

static void mx_order(struct rd *rd, const cJSON *j)
{
	struct po po;
	const cJSON *l;
	const char *site = json_text(json_at(j, "siteid")), *ponum = json_text(json_at(j, "ponum"));
	const char *rev = json_text(json_at(j, "revisionnum"));
	char key[160];
	po_init(&po);
	str_fmt(key, sizeof(key), "%s/%s/%s", site ? site : "", ponum ? ponum : "", rev ? rev : "0");
	if (ponum) /* the object's key: site, number, revision */
		po_sets(&po.remote_id, key);
	po_sets(&po.number, ponum);
	po_sets(&po.supplier_id, json_text(json_at(j, "vendor")));
	po_sets(&po.supplier_name, json_text(json_at(j, "companies.name")));
	fld_currency(rd, json_text(json_at(j, "currencycode")), fld_num(&po), &po);
	fld_date(rd, json_at(j, "orderdate"), fld_num(&po), true, &po.order_date);
	fld_date(rd, json_at(j, "requireddate"), fld_num(&po), true, &po.expected_date);
	fld_date(rd, json_at(j, "changedate"), fld_num(&po), false, &po.updated_at);
	fld_dec(rd, json_at(j, "totalcost"), fld_num(&po), N_("the total cost"), &po.subtotal, 2);
	mx_tax(rd, &po, j);
	cJSON_ArrayForEach(l, json_at(j, "poline")) fld_line(rd, &po, l, &line_map);
	mx_status(rd, &po, j);
	rd_keep_raw(rd, &po, j);
	rd_emit(rd, &po);
}

static int mx_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	cJSON *j = json_parse_exact(body, len), *o;
	const cJSON *member = json_at(j, "member");
	if (!cJSON_IsArray(member)) {
		json_free(j);
		return rd_fail_page(err, "no \"member\" list in Maximo's answer");
	}
	cJSON_ArrayForEach(o, member) {
		if (cJSON_IsObject(o))
			mx_order(rd, o);
	}
	rd_next_url(rd, json_text(json_at(j, "responseInfo.nextPage.href")));
	json_free(j);
	return 0;
}

static const char *const systems[] = {"ibm-maximo", NULL};

const struct reader reader_maximo = {
	.name = "ibm-maximo",
	.systems = systems,
	.forbidden_hint = N_("read access to the object structure MXAPIPO (a security group with the Purchase Orders "
			  "application, and MXAPIPO in Object Structures > Configure Object Structure Security)"),
	.service = N_("the object structure MXAPIPO"),
	.request = mx_request,
	.parse = mx_parse,
};
