/* Dynamics 365 Business Central, API v2.0: the first company of
 * {base}/companies, then its purchaseOrders with purchaseOrderLines
 * expanded. Pages are server-driven: "Prefer: odata.maxpagesize=N" and
 * the answer's @odata.nextLink (OData 4.01, 11.2.6.7 / 8.2.8.5). "Modified
 * since" is $filter on lastModifiedDateTime. Amounts are JSON numbers,
 * kept digit for digit. Fields: dynamics_purchaseorder.md and
 * dynamics_purchaseorderline.md (MicrosoftDocs/dynamics365smb-devitpro-pb).
 * BC has no cancelled state: a cancelled order is deleted, and is gone. */
#include "i18n.h"
#include "data/reader.h"
#include "data/currency.h"
#include "data/fields.h"
#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

struct bc_state {
	char company[64]; /* "" until the companies list was read */
	bool listed;      /* the first page of orders was asked for */
};

/* Only the characters a GUID has: the id goes into the URL path. */
static bool guid_like(const char *s)
{
	return s && *s && strlen(s) < 64 && strspn(s, "0123456789abcdefABCDEF-") == strlen(s);
}

static enum rd_next bc_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct bc_state *st = rd_state(rd);
	char q[256];
	http_req_header(req, "Accept", "application/json");
	if (rd_next(rd)) {
		secbuf_adds(&req->url, rd_next(rd));
	} else if (st->listed) {
		return RD_DONE;
	} else {
		if (rd_render(rd, rd_system(rd)->base_url, &req->url, err) < 0)
			return RD_FAIL;
		if (!st->company[0]) {
			secbuf_adds(&req->url, "/companies?$select=id,name");
			return RD_SEND;
		}
		str_fmt(q, sizeof(q), "/companies(%s)/purchaseOrders?$expand=purchaseOrderLines", st->company);
		secbuf_adds(&req->url, q);
		if (rd_since(rd)) {
			secbuf_adds(&req->url, "&$filter=lastModifiedDateTime%20ge%20");
			secbuf_adds(&req->url, rd_since(rd));
		}
		st->listed = true;
	}
	str_fmt(q, sizeof(q), "odata.maxpagesize=%d", rd_page_size(rd));
	http_req_header(req, "Prefer", q);
	return RD_SEND;
}

/* BC writes an empty date as 0001-01-01. */
static void bc_date(struct rd *rd, const cJSON *v, bool date_only, const char *num, char **field)
{
	const char *t = json_text(v);
	if (t && !str_starts(t, "0001-01-01"))
		fld_date(rd, v, num, date_only, field);
}

/* Members in about the order BC writes them (dynamics_purchaseorderline.md). */
static void bc_line(struct rd *rd, struct po *po, const cJSON *l, const char *num, int places)
{
	struct json_cur c = {l, NULL};
	const cJSON *id = json_cur_get(&c, "id");
	const char *type = json_text(json_cur_get(&c, "lineType"));
	if (type && !strcmp(type, "Comment"))
		return;
	struct po_line *pl = po_add_line(po);
	po_sets(&pl->remote_id, json_text(id));
	po_sets(&pl->item_code, json_text(json_cur_get(&c, "lineObjectNumber")));
	po_sets(&pl->description, json_text(json_cur_get(&c, "description")));
	po_copy(&pl->item_name, pl->description);
	const char *uom = json_text(json_cur_get(&c, "unitOfMeasureCode"));
	fld_dec(rd, json_cur_get(&c, "quantity"), num, "quantity", &pl->quantity, 0);
	if (po_negative(pl->quantity))
		rd_warn(rd, _("%s: negative quantity %s (a return?); kept"), num, pl->quantity);
	fld_unit(rd, uom, num, pl);
	fld_dec(rd, json_cur_get(&c, "directUnitCost"), num, "directUnitCost", &pl->unit_price, places);
	fld_dec(rd, json_cur_get(&c, "amountExcludingTax"), num, "amountExcludingTax", &pl->amount, places);
	fld_dec(rd, json_cur_get(&c, "receivedQuantity"), num, "receivedQuantity", &pl->received_quantity, 0);
}

/* status: Draft, In Review, Open (dynamics_purchaseorder.md); receipts
 * from fullyReceived and the lines' receivedQuantity. */
static enum po_status bc_status(const char *s, const char *full, const struct po *po)
{
	if (!s)
		return PO_UNKNOWN;
	if (!strcmp(s, "Draft"))
		return PO_DRAFT;
	if (!strcmp(s, "In Review"))
		return PO_SUBMITTED;
	if (strcmp(s, "Open") != 0)
		return PO_UNKNOWN;
	return full && !strcmp(full, "true") ? PO_RECEIVED : po_receipt_status(po);
}

/* Members in about the order BC writes them (dynamics_purchaseorder.md). */
static void bc_order(struct rd *rd, const cJSON *o)
{
	struct po po;
	char num[64];
	struct json_cur c = {o, NULL};
	const cJSON *l;
	po_init(&po);
	po_sets(&po.remote_id, json_text(json_cur_get(&c, "id")));
	po_sets(&po.number, json_text(json_cur_get(&c, "number")));
	str_copy(num, sizeof(num), po.number ? po.number : po.remote_id ? po.remote_id : "an order");
	bc_date(rd, json_cur_get(&c, "orderDate"), true, num, &po.order_date);
	po_sets(&po.supplier_id, json_text(json_cur_get(&c, "vendorNumber")));
	po_sets(&po.supplier_name, json_text(json_cur_get(&c, "vendorName")));
	fld_currency(rd, json_text(json_cur_get(&c, "currencyCode")), num, &po);
	int places = currency_places(po.currency);
	bc_date(rd, json_cur_get(&c, "requestedReceiptDate"), true, num, &po.expected_date);
	fld_dec(rd, json_cur_get(&c, "totalAmountExcludingTax"), num, "totalAmountExcludingTax", &po.subtotal, places);
	fld_dec(rd, json_cur_get(&c, "totalTaxAmount"), num, "totalTaxAmount", &po.tax, places);
	fld_dec(rd, json_cur_get(&c, "totalAmountIncludingTax"), num, "totalAmountIncludingTax", &po.total, places);
	const char *full = json_text(json_cur_get(&c, "fullyReceived"));
	po_sets(&po.remote_status, json_text(json_cur_get(&c, "status")));
	bc_date(rd, json_cur_get(&c, "lastModifiedDateTime"), false, num, &po.updated_at);
	const cJSON *lines = json_cur_get(&c, "purchaseOrderLines"); /* once: a cursor lookup is stateful */
	cJSON_ArrayForEach(l, lines)
		if (cJSON_IsObject(l))
			bc_line(rd, &po, l, num, places);
	po.status = bc_status(po.remote_status, full, &po);
	if (po.status == PO_UNKNOWN)
		rd_warn(rd, _("%s: unknown status \"%s\""), num, po.remote_status ? po.remote_status : "");
	rd_keep_raw(rd, &po, o);
	rd_emit(rd, &po);
}

/* The first company of a companies list (its "value"): true when its id
 * is GUID-like and became the company the orders are read from. */
static bool take_company(struct rd *rd, const cJSON *value)
{
	struct bc_state *st = rd_state(rd);
	const char *id = json_text(json_get(cJSON_GetArrayItem(value, 0), "id"));
	if (!guid_like(id))
		return false;
	str_copy(st->company, sizeof(st->company), id);
	return true;
}

static int bc_companies(struct rd *rd, const cJSON *value, struct onr_error *err)
{
	if (take_company(rd, value))
		return 0;
	return rd_fail_page(err, json_get(cJSON_GetArrayItem(value, 0), "id") ? "the company id is not a GUID"
									     : "the companies list is empty");
}

/* The sign-in's checking request is the companies list itself (the
 * catalog's probe): its first company is taken from that answer, and the
 * read saves the round trip of asking again. Anything else in the answer
 * (another probe, no company, an id that is no GUID) leaves the company
 * unknown, and bc_request asks for the list as before. */
static int bc_signed_in(struct rd *rd, const struct http_resp *resp, struct onr_error *err)
{
	/* the list of companies carries no credential (the token went out in
	 * the request): its copy in the parser's memory needs no wipe */
	cJSON *j = resp->body.data ? json_parse_exact(resp->body.data, resp->body.len) : NULL;
	const char *ctx = json_text(json_get(j, "@odata.context")); /* json_get: the name has a dot */
	(void)err;
	if (ctx && str_ends(ctx, "/$metadata#companies"))
		take_company(rd, json_get(j, "value"));
	json_free(j);
	return 0;
}

/* reader.h next_early: the link of a page of orders (not the companies). */
static void bc_next_early(struct rd *rd, const char *link)
{
	struct bc_state *st = rd_state(rd);
	if (!st->company[0])
		return;
	rd_next_url(rd, link);
	rd_prefetch(rd);
}

static int bc_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	struct bc_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(body, len);
	const cJSON *value = json_at(j, "value"), *o;
	int rc = 0;
	if (!cJSON_IsArray(value))
		rc = rd_fail_page(err, j ? "no value list in the answer" : "the answer is not JSON");
	else if (!st->company[0])
		rc = bc_companies(rd, value, err);
	else {
		rd_next_url(rd, json_text(cJSON_GetObjectItemCaseSensitive(j, "@odata.nextLink")));
		rd_prefetch(rd); /* the next page comes while these orders are built */
		cJSON_ArrayForEach(o, value)
			if (cJSON_IsObject(o))
				bc_order(rd, o);
	}
	json_free(j);
	return rc;
}

static const char *const systems[] = {"dynamics365-business-central", NULL};

const struct reader reader_bc = {
	.name = "business-central",
	.systems = systems,
	.forbidden_hint = N_("a permission set that reads purchase documents (for example D365 PURCH DOC, VIEW) on the "
			  "Microsoft Entra Applications page, for this company"),
	.state_size = sizeof(struct bc_state),
	.request = bc_request,
	.service = N_("the API v2.0 (it is on in every Business Central online environment; on-premises, the API must be enabled)"),
	.parse = bc_parse,
	.signed_in = bc_signed_in,
	.list_key = "value", /* each order comes whole, its lines $expand'ed inside */
	.next_key = "@odata.nextLink",
	.next_early = bc_next_early,
};
