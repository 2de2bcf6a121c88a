/* Dynamics 365 Finance & Operations: the data entities
 * PurchaseOrderHeadersV2, then PurchaseOrderLinesV2 of that page's orders
 * (one $filter of dataAreaId and PurchaseOrderNumber pairs), with
 * cross-company=true so every legal entity answers. OData v4 paging:
 * "Prefer: odata.maxpagesize" and @odata.nextLink; 429 is waited out by the
 * runtime. The bearer token comes from the auth module (Entra client
 * credentials). Sources: tests/servers/README.md, section F&O; statuses:
 * docs/models/purchase-order.md. */
#include "i18n.h"
#include "data/reader.h"
#include "data/fields.h"
#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FO_LINES_PAGE 1000 /* lines of up to 100 orders in one or a few pages */
#define FO_NO_DATE "1900-01-01" /* F&O's "no date" */

struct fo_state {
	bool started;
	char *header_next; /* the next page of headers, once this page's lines are in */
	cJSON *headers;    /* this page's orders, waiting for their lines */
	cJSON *lines;      /* their lines so far */
};

static const char header_select[] =
	"$select=dataAreaId,PurchaseOrderNumber,OrderVendorAccountNumber,PurchaseOrderName,PurchaseOrderStatus,"
	"DocumentApprovalStatus,CurrencyCode,AccountingDate,RequestedDeliveryDate";
static const char line_select[] =
	"$select=dataAreaId,PurchaseOrderNumber,LineNumber,ItemNumber,LineDescription,OrderedPurchaseQuantity,"
	"PurchaseUnitSymbol,PurchasePrice,PurchasePriceQuantity,LineAmount,PurchaseOrderLineStatus";

/* OData string literal: ' doubled, the rest percent-encoded by the caller. */
static void add_literal(struct secbuf *url, const char *s)
{
	char enc[8];
	secbuf_adds(url, "%27");
	for (; *s; s++) {
		if (*s == '\'')
			secbuf_adds(url, "%27%27");
		else if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
			 strchr("-_.~", *s))
			secbuf_add(url, s, 1);
		else {
			str_fmt(enc, sizeof(enc), "%%%02X", (unsigned char)*s);
			secbuf_adds(url, enc);
		}
	}
	secbuf_adds(url, "%27");
}

static int base(struct rd *rd, struct http_req *req, const char *entity, struct onr_error *err)
{
	if (rd_render(rd, rd_system(rd)->base_url, &req->url, err) < 0) /* {url}/data */
		return -1;
	secbuf_adds(&req->url, entity);
	secbuf_adds(&req->url, "?cross-company=true&");
	return 0;
}

static enum rd_next lines_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct fo_state *st = rd_state(rd);
	const cJSON *h;
	bool first = true;
	if (base(rd, req, "/PurchaseOrderLinesV2", err) < 0)
		return RD_FAIL;
	secbuf_adds(&req->url, line_select);
	secbuf_adds(&req->url, "&$filter=");
	cJSON_ArrayForEach(h, st->headers) {
		secbuf_adds(&req->url, first ? "(dataAreaId%20eq%20" : "%20or%20(dataAreaId%20eq%20");
		add_literal(&req->url, json_text(json_at(h, "dataAreaId")));
		secbuf_adds(&req->url, "%20and%20PurchaseOrderNumber%20eq%20");
		add_literal(&req->url, json_text(json_at(h, "PurchaseOrderNumber")));
		secbuf_adds(&req->url, ")");
		first = false;
	}
	return req->url.overflow ? RD_FAIL : RD_SEND;
}

static enum rd_next fo_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct fo_state *st = rd_state(rd);
	char prefer[48];
	http_req_header(req, "Accept", "application/json");
	str_fmt(prefer, sizeof(prefer), "odata.maxpagesize=%d", st->headers ? FO_LINES_PAGE : rd_page_size(rd));
	http_req_header(req, "Prefer", prefer);
	if (rd_next(rd)) { /* more lines of this page's orders */
		secbuf_adds(&req->url, rd_next(rd));
		return RD_SEND;
	}
	if (st->headers)
		return lines_request(rd, req, err);
	if (st->header_next) {
		secbuf_adds(&req->url, st->header_next);
		free(st->header_next);
		st->header_next = NULL;
		return RD_SEND;
	}
	if (st->started)
		return RD_DONE;
	st->started = true;
	if (rd_since(rd)) /* research: no change date on these entities (docs/models/purchase-order.md) */
		rd_warn(rd, _("Finance & Operations' purchase orders carry no change date: --since reads them all"));
	if (base(rd, req, "/PurchaseOrderHeadersV2", err) < 0)
		return RD_FAIL;
	secbuf_adds(&req->url, header_select);
	return RD_SEND;
}

/* A date-time of F&O: 1900-01-01 means none. */
static void fo_date(struct rd *rd, const cJSON *j, const char *num, char **field)
{
	const char *t = json_text(j);
	if (t && strncmp(t, FO_NO_DATE, 10) != 0)
		fld_date(rd, j, num, true, field);
}

static bool same_order(const cJSON *line, const cJSON *h)
{
	const char *la = json_text(json_at(line, "dataAreaId")), *ln = json_text(json_at(line, "PurchaseOrderNumber"));
	const char *ha = json_text(json_at(h, "dataAreaId")), *hn = json_text(json_at(h, "PurchaseOrderNumber"));
	return la && ln && ha && hn && !strcasecmp(la, ha) && !strcmp(ln, hn);
}

/* The entity has no received quantity: a line Received or Invoiced got all
 * of it, a cancelled one nothing; a Backorder line may be partly received,
 * so it stays null. */
static void fo_received(const cJSON *j, struct po_line *l)
{
	const char *st = json_text(json_at(j, "PurchaseOrderLineStatus"));
	if (st && (!strcmp(st, "Received") || !strcmp(st, "Invoiced")) && l->quantity)
		l->received_quantity = xstrdup(l->quantity);
	else if (st && !strcmp(st, "Canceled"))
		l->received_quantity = xstrdup("0");
}

/* PurchasePrice is for PurchasePriceQuantity units (1.20 per 10). */
static void fo_unit_price(struct rd *rd, const cJSON *j, const char *num, struct po_line *l)
{
	struct dec price, per, unit;
	bool e;
	if (json_dec(json_at(j, "PurchasePrice"), &price, &e) != DEC_OK) {
		fld_dec(rd, json_at(j, "PurchasePrice"), num, N_("a price"), &l->unit_price, 2); /* warns */
		return;
	}
	if (json_dec(json_at(j, "PurchasePriceQuantity"), &per, &e) != DEC_OK || dec_sign(per) <= 0)
		per = (struct dec){1, 0};
	if (dec_div(price, per, DEC_MAX_SCALE, &unit) == DEC_OK)
		po_set_dec(&l->unit_price, unit, 2);
}

static void fo_line(struct rd *rd, struct po *po, const cJSON *j)
{
	struct po_line *l = po_add_line(po);
	const char *num = fld_num(po);
	struct dec n;
	bool e;
	po_sets(&l->remote_id, json_text(json_at(j, "LineNumber")));
	if (json_dec(json_at(j, "LineNumber"), &n, &e) == DEC_OK)
		po_set_dec(&l->number, n, 0);
	po_sets(&l->item_code, json_text(json_at(j, "ItemNumber")));
	po_sets(&l->item_name, json_text(json_at(j, "LineDescription")));
	po_sets(&l->description, json_text(json_at(j, "LineDescription")));
	fld_dec(rd, json_at(j, "OrderedPurchaseQuantity"), num, N_("a quantity"), &l->quantity, 0);
	fo_unit_price(rd, j, num, l);
	fld_dec(rd, json_at(j, "LineAmount"), num, N_("a line amount"), &l->amount, 2);
	fld_unit(rd, json_text(json_at(j, "PurchaseUnitSymbol")), num, l);
	fo_received(j, l);
}

static const struct fld_status approvals[] = {
	{"Draft", PO_DRAFT},	    {"Rejected", PO_DRAFT}, {"InReview", PO_SUBMITTED},
	{"Approved", PO_OPEN},	    {"Confirmed", PO_OPEN}, {"Finalized", PO_OPEN},
	{NULL, 0},
};
static const struct fld_status order_statuses[] = {
	{"Received", PO_RECEIVED}, {"Invoiced", PO_RECEIVED}, {"Canceled", PO_CANCELLED}, {NULL, 0},
};

/* PurchaseOrderStatus says received/invoiced/canceled; an order still in
 * Backorder is as far as its approval (DocumentApprovalStatus) and lines. */
static void fo_status(struct rd *rd, struct po *po, const cJSON *h)
{
	const char *st = json_text(json_at(h, "PurchaseOrderStatus")), *ap = json_text(json_at(h, "DocumentApprovalStatus"));
	char raw[80];
	str_fmt(raw, sizeof(raw), "%s/%s", st ? st : "?", ap ? ap : "?");
	po_sets(&po->remote_status, raw);
	if (st && strcmp(st, "Backorder") != 0 && strcmp(st, "None") != 0)
		po->status = fld_status(rd, order_statuses, st, fld_num(po));
	else
		po->status = fld_status(rd, approvals, ap, fld_num(po));
	if (po->status == PO_OPEN)
		po->status = po_receipt_status(po);
}

static void fo_order(struct rd *rd, const cJSON *h, const cJSON *lines)
{
	struct po po;
	const cJSON *l;
	const char *area = json_text(json_at(h, "dataAreaId")), *number = json_text(json_at(h, "PurchaseOrderNumber"));
	char key[160];
	po_init(&po);
	str_fmt(key, sizeof(key), "%s/%s", area ? area : "", number ? number : ""); /* the entity's key */
	if (number)
		po_sets(&po.remote_id, key);
	po_sets(&po.number, number);
	po_sets(&po.supplier_id, json_text(json_at(h, "OrderVendorAccountNumber")));
	po_sets(&po.supplier_name, json_text(json_at(h, "PurchaseOrderName")));
	fld_currency(rd, json_text(json_at(h, "CurrencyCode")), fld_num(&po), &po);
	fo_date(rd, json_at(h, "AccountingDate"), fld_num(&po), &po.order_date);
	fo_date(rd, json_at(h, "RequestedDeliveryDate"), fld_num(&po), &po.expected_date);
	cJSON_ArrayForEach(l, lines) {
		if (same_order(l, h))
			fo_line(rd, &po, l);
	}
	fo_status(rd, &po, h);
	rd_keep_raw(rd, &po, h);
	rd_emit(rd, &po);
}

/* The next link, checked for its host, kept apart while the lines are read. */
static void keep_header_page(struct rd *rd, cJSON *value, const char *next)
{
	struct fo_state *st = rd_state(rd);
	rd_next_url(rd, next);
	if (rd_next(rd))
		st->header_next = xstrdup(rd_next(rd));
	rd_next_url(rd, NULL);
	if (cJSON_GetArraySize(value) > 0) {
		st->headers = cJSON_Duplicate(value, true);
		st->lines = cJSON_CreateArray();
	}
}

static void lines_page(struct rd *rd, cJSON *value, const char *next)
{
	struct fo_state *st = rd_state(rd);
	const cJSON *l, *h;
	cJSON_ArrayForEach(l, value) /* kept past this page: a heap copy */
		cJSON_AddItemToArray(st->lines, cJSON_Duplicate(l, true));
	rd_next_url(rd, next);
	if (rd_next(rd)) /* more lines first */
		return;
	cJSON_ArrayForEach(h, st->headers) fo_order(rd, h, st->lines);
	json_free(st->headers);
	json_free(st->lines);
	st->headers = st->lines = NULL;
}

static int fo_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	struct fo_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(body, len);
	cJSON *value = cJSON_GetObjectItemCaseSensitive(j, "value");
	const char *next = json_text(cJSON_GetObjectItemCaseSensitive(j, "@odata.nextLink"));
	if (!cJSON_IsArray(value)) {
		json_free(j);
		return rd_fail_page(err, "no \"value\" list in the OData answer");
	}
	if (st->headers) /* after a page of headers comes the page of their lines */
		lines_page(rd, value, next);
	else
		keep_header_page(rd, value, next);
	json_free(j);
	return 0;
}

static void fo_free(void *state)
{
	struct fo_state *st = state;
	free(st->header_next);
	json_free(st->headers);
	json_free(st->lines);
}

static const char *const systems[] = {"dynamics365-finance-operations", NULL};

const struct reader reader_fo = {
	.name = "dynamics365-finance-operations",
	.systems = systems,
	.forbidden_hint = N_("a security role with the privilege to view purchase orders (for example Purchasing agent), "
			  "assigned to the app's user in Microsoft Entra ID applications"),
	.service = N_("the data entities PurchaseOrderHeadersV2 and PurchaseOrderLinesV2"),
	.state_size = sizeof(struct fo_state),
	.request = fo_request,
	.parse = fo_parse,
	.free_state = fo_free,
};
