/* SAP S/4HANA: OData V2 service API_PURCHASEORDER_PROCESS_SRV, entity set
 * A_PurchaseOrder with its items and their schedule lines expanded. Pages
 * follow "__next" when the server sends one (server-side paging), else
 * $top/$skip. "Modified since" is $filter on LastChangeDateTime. Reads need
 * no CSRF token. Values come in V2's verbose JSON: {"d": {"results": [...]}},
 * dates as "/Date(ms)/" (escaped "\/" or not), decimals as strings with or
 * without their scale ("12.500", "12.5"), empty values as "" or null.
 * Field names: the service's EDMX (A_PurchaseOrderType, A_PurchaseOrderItemType,
 * A_PurchaseOrderScheduleLineType). The header has no amounts: a line's
 * amount is NetPriceAmount x OrderQuantity / NetPriceQuantity, the total is
 * their sum, and the tax is not in this API (null). */
#include "i18n.h"
#include "data/reader.h"
#include "data/currency.h"
#include "data/fields.h"
#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#define SAP_PATH "/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder"
/* Only the fields read here: a real item has over a hundred, and a page
 * must stay under the 1 MiB bound. */
#define SAP_SELECT                                                                                              \
	"&$select=PurchaseOrder,Supplier,AddressName,DocumentCurrency,PurchaseOrderDate,CreationDate,"            \
	"LastChangeDateTime,PurchasingProcessingStatus,PurchasingDocumentDeletionCode,"                         \
	"PurchasingCompletenessStatus,ReleaseIsNotCompleted,to_PurchaseOrderItem/PurchaseOrderItem,"            \
	"to_PurchaseOrderItem/Material,to_PurchaseOrderItem/PurchaseOrderItemText,"                             \
	"to_PurchaseOrderItem/OrderQuantity,to_PurchaseOrderItem/PurchaseOrderQuantityUnit,"                    \
	"to_PurchaseOrderItem/NetPriceAmount,to_PurchaseOrderItem/NetPriceQuantity,"                            \
	"to_PurchaseOrderItem/IsCompletelyDelivered,to_PurchaseOrderItem/to_ScheduleLine/ScheduleLineDeliveryDate"

struct sap_state {
	long skip;
	bool last, server_paging; /* once the server pages, only __next counts */
};

static enum rd_next sap_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct sap_state *st = rd_state(rd);
	char q[256];
	if (rd_next(rd)) { /* the server's own paging */
		secbuf_adds(&req->url, rd_next(rd));
	} else if (st->last || st->server_paging) {
		return RD_DONE;
	} else {
		if (rd_render(rd, rd_system(rd)->base_url, &req->url, err) < 0)
			return RD_FAIL;
		str_fmt(q, sizeof(q),
			SAP_PATH "?$format=json&$expand=to_PurchaseOrderItem,to_PurchaseOrderItem/to_ScheduleLine"
			"&$orderby=PurchaseOrder&$top=%d&$skip=%ld",
			rd_page_size(rd), st->skip);
		secbuf_adds(&req->url, q);
		secbuf_adds(&req->url, SAP_SELECT);
		if (rd_since(rd)) {
			/* OData V2 literal: datetimeoffset'2026-03-01T00:00:00Z', escaped */
			secbuf_adds(&req->url, "&$filter=LastChangeDateTime%20ge%20datetimeoffset%27");
			secbuf_adds(&req->url, rd_since(rd));
			secbuf_adds(&req->url, "%27");
		}
		st->skip += rd_page_size(rd);
	}
	http_req_header(req, "Accept", "application/json");
	return RD_SEND;
}

/* A number the amounts are computed from: false, with a warning unless empty. */
static bool sap_value(struct rd *rd, const cJSON *v, const char *key, const char *num, struct dec *out)
{
	bool empty;
	int rc = json_dec(v, out, &empty);
	if (rc != DEC_OK && !empty)
		rd_warn(rd, rc == DEC_RANGE ? _("%1$s: %2$s is too large; left empty") : _("%1$s: %2$s is not a number; left empty"),
			num, key);
	return rc == DEC_OK;
}

/* Price per NetPriceQuantity units: unit price and line amount. */
static void sap_amounts(struct rd *rd, struct json_cur *it, struct po_line *l, const char *num, int places)
{
	struct dec price, per = {1, 0}, qty, amount, unit;
	/* found in the order SAP writes them (the cursor's one step each),
	 * read in the order the warnings name them */
	const cJSON *price_at = json_cur_get(it, "NetPriceAmount"), *per_at = json_cur_get(it, "NetPriceQuantity");
	bool have_per = sap_value(rd, per_at, "NetPriceQuantity", num, &per);
	if (have_per && dec_sign(per) <= 0) {
		rd_warn(rd, _("%s: price unit (NetPriceQuantity) is not positive; amounts left empty"), num);
		return;
	}
	if (!have_per)
		per = (struct dec){1, 0};
	if (!sap_value(rd, price_at, "NetPriceAmount", num, &price))
		return;
	if (dec_div(price, per, 6, &unit) == DEC_OK)
		po_set_dec(&l->unit_price, unit, places);
	if (l->quantity && dec_parse(l->quantity, strlen(l->quantity), &qty) == DEC_OK &&
	    dec_mul(price, qty, &amount) == DEC_OK && dec_div(amount, per, places, &amount) == DEC_OK)
		po_set_dec(&l->amount, amount, places);
}

/* The earliest schedule line's delivery date is the item's expected date. */
static void sap_expected(struct rd *rd, struct json_cur *it, struct po *po, const char *num)
{
	/* Looked up once: the macro evaluates its list twice, and a cursor
	 * lookup twice finds the next duplicate key of a hostile page. */
	const cJSON *lines = json_get(json_cur_get(it, "to_ScheduleLine"), "results"), *sl;
	cJSON_ArrayForEach(sl, lines) {
		char *d = NULL;
		fld_date(rd, json_get(sl, "ScheduleLineDeliveryDate"), num, true, &d);
		if (d && (!po->expected_date || strcmp(d, po->expected_date) < 0)) {
			po_drop(&po->expected_date);
			po->expected_date = d;
		} else {
			po_drop(&d);
		}
	}
}

/* Members in about the order SAP writes them (A_PurchaseOrderItemType). */
static void sap_item(struct rd *rd, struct po *po, const cJSON *item, const char *num, int places)
{
	struct po_line *l = po_add_line(po);
	struct json_cur it = {item, NULL};
	const char *del;
	po_sets(&l->remote_id, json_text(json_cur_get(&it, "PurchaseOrderItem")));
	po_sets(&l->item_name, json_text(json_cur_get(&it, "PurchaseOrderItemText")));
	po_sets(&l->item_code, json_text(json_cur_get(&it, "Material")));
	po_copy(&l->description, l->item_name);
	fld_dec(rd, json_cur_get(&it, "OrderQuantity"), num, "OrderQuantity", &l->quantity, 0);
	if (po_negative(l->quantity))
		rd_warn(rd, _("%s: negative OrderQuantity %s (a return item?); kept"), num, l->quantity);
	fld_unit(rd, json_text(json_cur_get(&it, "PurchaseOrderQuantityUnit")), num, l);
	sap_amounts(rd, &it, l, num, places);
	/* This API has no received quantity, only "completely delivered". */
	del = json_text(json_cur_get(&it, "IsCompletelyDelivered"));
	if (del && !strcmp(del, "true") && l->quantity)
		po_copy(&l->received_quantity, l->quantity);
	sap_expected(rd, &it, po, num);
}

/* KBA 3416344: PurchasingProcessingStatus 02 active, 03 in release,
 * 05 release completed, 08 rejected; deletion code L = deleted. */
static enum po_status sap_status(const char *st, const char *del, const char *held, const char *rel,
				 const struct po *po)
{
	if ((del && !strcmp(del, "L")) || (st && !strcmp(st, "08")))
		return PO_CANCELLED;
	if (st && strcmp(st, "02") && strcmp(st, "03") && strcmp(st, "05")) /* a code we do not know */
		return PO_UNKNOWN;
	if (held && !strcmp(held, "true"))
		return PO_DRAFT;
	if ((st && !strcmp(st, "03")) || (rel && !strcmp(rel, "true")))
		return PO_SUBMITTED;
	if (st && (!strcmp(st, "02") || !strcmp(st, "05")))
		return po_receipt_status(po);
	return PO_UNKNOWN;
}

/* Members in about the order SAP writes them (A_PurchaseOrderType). */
static void sap_order(struct rd *rd, const cJSON *order)
{
	struct po po;
	char num[64], rs[64];
	struct json_cur o = {order, NULL};
	const char *cur, *st, *del;
	const cJSON *it;
	po_init(&po);
	po_sets(&po.remote_id, json_text(json_cur_get(&o, "PurchaseOrder")));
	po_copy(&po.number, po.remote_id);
	str_copy(num, sizeof(num), po.number ? po.number : "an order");
	del = json_text(json_cur_get(&o, "PurchasingDocumentDeletionCode"));
	st = json_text(json_cur_get(&o, "PurchasingProcessingStatus"));
	const cJSON *created = json_cur_get(&o, "CreationDate"), *changed = json_cur_get(&o, "LastChangeDateTime");
	po_sets(&po.supplier_id, json_text(json_cur_get(&o, "Supplier")));
	po_sets(&po.supplier_name, json_text(json_cur_get(&o, "AddressName")));
	const cJSON *ordered = json_cur_get(&o, "PurchaseOrderDate");
	cur = json_text(json_cur_get(&o, "DocumentCurrency"));
	fld_currency(rd, cur, num, &po);
	fld_date(rd, ordered, num, true, &po.order_date);
	fld_date(rd, created, num, false, &po.created_at);
	fld_date(rd, changed, num, false, &po.updated_at);
	const char *rel = json_text(json_cur_get(&o, "ReleaseIsNotCompleted"));
	const char *held = json_text(json_cur_get(&o, "PurchasingCompletenessStatus"));
	const cJSON *items = json_get(json_cur_get(&o, "to_PurchaseOrderItem"), "results"); /* once: see sap_expected */
	int places = currency_places(po.currency);
	cJSON_ArrayForEach(it, items)
		if (cJSON_IsObject(it))
			sap_item(rd, &po, it, num, places);
	str_join(rs, sizeof(rs), st ? st : "", del ? "/" : "", del ? del : "", (char *)NULL);
	po_sets(&po.remote_status, rs);
	po.status = sap_status(st, del, held, rel, &po);
	if (po.status == PO_UNKNOWN)
		rd_warn(rd, _("%s: unknown PurchasingProcessingStatus \"%s\""), num, rs);
	rd_keep_raw(rd, &po, order);
	rd_emit(rd, &po);
}

static int sap_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	struct sap_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(body, len);
	const cJSON *res = json_at(j, "d.results"), *o;
	int n;
	if (!cJSON_IsArray(res)) {
		json_free(j);
		return rd_fail_page(err, j ? "no d.results list in the answer" : "the answer is not JSON");
	}
	n = cJSON_GetArraySize(res);
	rd_next_url(rd, json_text(json_at(j, "d.__next")));
	st->server_paging |= rd_next(rd) != NULL;
	st->last = n < rd_page_size(rd);
	rd_prefetch(rd); /* the next page comes while these orders are built */
	cJSON_ArrayForEach(o, res)
		if (cJSON_IsObject(o))
			sap_order(rd, o);
	json_free(j);
	return 0;
}

static const char *const systems[] = {"sap-s4hana-onprem", "sap-s4hana-cloud", NULL};

const struct reader reader_sap_s4 = {
	.name = "sap-s4hana",
	.systems = systems,
	.forbidden_hint = N_("a role (PFCG) with authorization object S_SERVICE for the OData service "
			  "API_PURCHASEORDER_PROCESS_SRV and display access to purchase orders (M_BEST_BSA, activity 03)"),
	.state_size = sizeof(struct sap_state),
	.request = sap_request,
	.service = N_("the OData service API_PURCHASEORDER_PROCESS_SRV (transaction /IWFND/MAINT_SERVICE)"),
	.parse = sap_parse,
	.list_key = "d.results", /* each order comes whole, its items and schedule lines $expand'ed inside */
};
