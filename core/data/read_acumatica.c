/* Acumatica: the contract-based REST endpoint Default, entity
 * PurchaseOrder with $expand=Details, paged by the client ($top/$skip);
 * the answer is a bare array and every field is {"value": ...}. An order
 * names its vendor by VendorID only, so each vendor not met yet is read
 * once (Vendor/{id}, through the same fetches as NetSuite's records) and
 * the page's orders wait for those names. The bearer token comes from the
 * auth module (OAuth 2.0 password grant). Sources: tests/servers/README.md,
 * section Acumatica; statuses: docs/models/purchase-order.md. */
#include "i18n.h"
#include "data/reader.h"
#include "data/fields.h"
#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACU_VENDORS_MAX 2000 /* names kept for the whole read */

struct acu_state {
	long skip;
	bool last;
	cJSON *orders;  /* this page's orders, waiting for vendor names */
	int wanted;     /* vendor reads named for them, and answered */
	int answered;
	cJSON *vendors; /* {"VendorID": "name", ...} */
};

/* An Acumatica field: {"value": x} -> x. */
static const cJSON *val(const cJSON *j, const char *field)
{
	return json_at(cJSON_GetObjectItemCaseSensitive(j, field), "value");
}

static enum rd_next acu_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct acu_state *st = rd_state(rd);
	char q[160];
	http_req_header(req, "Accept", "application/json");
	if (st->last)
		return RD_DONE;
	if (rd_render(rd, rd_system(rd)->base_url, &req->url, err) < 0) /* {url}/entity/Default/{version} */
		return RD_FAIL;
	str_fmt(q, sizeof(q), "/PurchaseOrder?$expand=Details&$top=%d&$skip=%ld", rd_page_size(rd), st->skip);
	secbuf_adds(&req->url, q);
	if (rd_since(rd)) {
		str_fmt(q, sizeof(q), "&$filter=LastModifiedDateTime%%20ge%%20datetimeoffset'%s'", rd_since(rd));
		secbuf_adds(&req->url, q);
	}
	st->skip += rd_page_size(rd);
	return RD_SEND;
}

static const struct fld_line_map detail_map = {
	.remote_id = "id", .number = "LineNbr.value", .item_code = "InventoryID.value",
	.item_name = "LineDescription.value", .description = "LineDescription.value", .quantity = "OrderQty.value",
	.unit_price = "UnitCost.value", .amount = "ExtendedCost.value", .received = "QtyOnReceipts.value",
	.unit = "UOM.value",
};

static const struct fld_status statuses[] = {
	{"On Hold", PO_DRAFT},	      {"Rejected", PO_DRAFT},	  {"Pending Approval", PO_SUBMITTED},
	{"Open", PO_OPEN},	      {"Pending Printing", PO_OPEN}, {"Pending Email", PO_OPEN},
	{"Completed", PO_RECEIVED},  {"Closed", PO_RECEIVED},	  {"Canceled", PO_CANCELLED},
	{NULL, 0},
};

static void acu_order(struct rd *rd, const cJSON *j)
{
	struct acu_state *st = rd_state(rd);
	struct po po;
	const cJSON *l;
	const char *vendor = json_text(val(j, "VendorID"));
	po_init(&po);
	po_sets(&po.remote_id, json_text(json_at(j, "id")));
	po_sets(&po.number, json_text(val(j, "OrderNbr")));
	po_sets(&po.supplier_id, vendor);
	if (vendor)
		po_sets(&po.supplier_name, json_text(cJSON_GetObjectItemCaseSensitive(st->vendors, vendor)));
	fld_currency(rd, json_text(val(j, "CurrencyID")), fld_num(&po), &po);
	fld_date(rd, val(j, "Date"), fld_num(&po), true, &po.order_date);
	fld_date(rd, val(j, "PromisedOn"), fld_num(&po), true, &po.expected_date);
	fld_date(rd, val(j, "LastModifiedDateTime"), fld_num(&po), false, &po.updated_at);
	fld_dec(rd, val(j, "TaxTotal"), fld_num(&po), N_("the tax total"), &po.tax, 2);
	fld_dec(rd, val(j, "OrderTotal"), fld_num(&po), N_("the order total"), &po.total, 2);
	cJSON_ArrayForEach(l, json_at(j, "Details")) fld_line(rd, &po, l, &detail_map);
	po_sets(&po.remote_status, json_text(val(j, "Status")));
	po.status = fld_status(rd, statuses, po.remote_status, fld_num(&po));
	if (po.status == PO_OPEN)
		po.status = po_receipt_status(&po);
	rd_keep_raw(rd, &po, j);
	rd_emit(rd, &po);
}

static void emit_waiting(struct rd *rd)
{
	struct acu_state *st = rd_state(rd);
	const cJSON *o;
	cJSON_ArrayForEach(o, st->orders) acu_order(rd, o);
	json_free(st->orders);
	st->orders = NULL;
	st->wanted = st->answered = 0;
}

/* Asks for each vendor of the page whose name is not known yet, once. */
static void want_vendors(struct rd *rd)
{
	struct acu_state *st = rd_state(rd);
	const cJSON *o;
	char url[160];
	cJSON_ArrayForEach(o, st->orders) {
		const char *v = json_text(val(o, "VendorID"));
		if (!v || strlen(v) > 60 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") !=
						    strlen(v) || cJSON_GetObjectItemCaseSensitive(st->vendors, v) ||
		    cJSON_GetArraySize(st->vendors) >= ACU_VENDORS_MAX)
			continue;
		cJSON_AddNullToObject(st->vendors, v); /* asked for: once */
		str_fmt(url, sizeof(url), "Vendor/%s?$select=VendorID,VendorName", v);
		rd_fetch(rd, url);
		st->wanted++;
	}
}

static int acu_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	struct acu_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(body, len);
	if (!cJSON_IsArray(j)) {
		json_free(j);
		return rd_fail_page(err, "not the JSON array of records Acumatica answers with");
	}
	st->last = cJSON_GetArraySize(j) < rd_page_size(rd);
	if (!st->vendors)
		st->vendors = cJSON_CreateObject();
	json_free(st->orders);
	st->orders = j;
	st->wanted = st->answered = 0;
	want_vendors(rd);
	if (!st->wanted)
		emit_waiting(rd);
	return 0;
}

/* A vendor's answer: its name into the cache; the page's orders go out
 * with the last one. */
static int acu_parse_vendor(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	struct acu_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(body, len);
	const char *id = json_text(val(j, "VendorID")), *name = json_text(val(j, "VendorName"));
	(void)err;
	if (id && name && cJSON_HasObjectItem(st->vendors, id))
		cJSON_ReplaceItemInObjectCaseSensitive(st->vendors, id, cJSON_CreateString(name));
	else
		rd_warn(rd, _("a vendor's answer without VendorID and VendorName; its orders have no supplier name"));
	json_free(j);
	if (++st->answered >= st->wanted && st->orders)
		emit_waiting(rd);
	return 0;
}

static void acu_free(void *state)
{
	struct acu_state *st = state;
	json_free(st->orders);
	json_free(st->vendors);
}

static const char *const systems[] = {"acumatica", NULL};

const struct reader reader_acumatica = {
	.name = "acumatica",
	.systems = systems,
	.forbidden_hint = N_("access to the Purchase Orders (PO301000) and Vendors (AP303000) screens through its role"),
	.service = N_("the PurchaseOrder entity of the Default web service endpoint"),
	.state_size = sizeof(struct acu_state),
	.request = acu_request,
	.parse = acu_parse,
	.parse_item = acu_parse_vendor,
	.free_state = acu_free,
};
