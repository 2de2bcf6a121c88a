/* SAP Business One Service Layer: PurchaseOrders, then the draft purchase
 * orders, which B1 keeps apart in Drafts (DocObjectCode oPurchaseOrders).
 * The session cookie comes from the auth module's login (sap_b1_session.c)
 * and is sent as it sends it. Pages are the Service Layer's: 20 documents
 * unless "Prefer: odata.maxpagesize=N", then "odata.nextLink" (v1) or
 * "@odata.nextLink" (v2), relative to /b1s/v1/. Sources: tests/servers/
 * README.md, section SAP Business One; statuses: docs/models/purchase-order.md. */
#include "i18n.h"
#include "data/reader.h"
#include "data/fields.h"
#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

struct b1_state {
	int phase; /* collections asked for: 1 PurchaseOrders, 2 Drafts */
};

static const char *const collections[] = {
	"/PurchaseOrders",
	"/Drafts?$filter=DocObjectCode%20eq%20'oPurchaseOrders'",
};

static void add_since(struct rd *rd, struct secbuf *url, bool has_query)
{
	char q[96];
	if (!rd_since(rd))
		return;
	str_fmt(q, sizeof(q), "%sUpdateDate%%20ge%%20'%.10s'", has_query ? "%20and%20" : "?$filter=", rd_since(rd));
	secbuf_adds(url, q);
}

static enum rd_next b1_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	struct b1_state *st = rd_state(rd);
	char prefer[48];
	http_req_header(req, "Accept", "application/json");
	str_fmt(prefer, sizeof(prefer), "odata.maxpagesize=%d", rd_page_size(rd));
	http_req_header(req, "Prefer", prefer);
	if (rd_next(rd)) {
		secbuf_adds(&req->url, rd_next(rd));
		return RD_SEND;
	}
	if (st->phase >= 2)
		return RD_DONE;
	if (rd_render(rd, rd_system(rd)->base_url, &req->url, err) < 0) /* {url}/b1s/v1 */
		return RD_FAIL;
	secbuf_adds(&req->url, collections[st->phase]);
	add_since(rd, &req->url, st->phase == 1);
	st->phase++;
	return RD_SEND;
}

/* B1 numbers lines from 0; its screens and printouts from 1. */
static void b1_line(struct rd *rd, struct po *po, const cJSON *j)
{
	struct po_line *l = po_add_line(po);
	const char *num = fld_num(po), *ln = json_text(json_at(j, "LineNum"));
	struct dec q, open, got;
	bool empty;
	po_sets(&l->remote_id, ln);
	if (ln && dec_parse(ln, strlen(ln), &q) == DEC_OK && dec_add(q, (struct dec){1, 0}, &q) == DEC_OK)
		po_set_dec(&l->number, q, 0);
	po_sets(&l->item_code, json_text(json_at(j, "ItemCode")));
	po_sets(&l->item_name, json_text(json_at(j, "ItemDescription")));
	po_sets(&l->description, json_text(json_at(j, "ItemDescription")));
	fld_dec(rd, json_at(j, "Quantity"), num, N_("a quantity"), &l->quantity, 0);
	fld_dec(rd, json_at(j, "Price"), num, N_("a price"), &l->unit_price, 2);
	fld_dec(rd, json_at(j, "LineTotal"), num, N_("a line total"), &l->amount, 2);
	fld_unit(rd, json_text(json_at(j, "MeasureUnit")), num, l);
	/* received: what is no longer open */
	if (json_dec(json_at(j, "Quantity"), &q, &empty) == DEC_OK &&
	    json_dec(json_at(j, "RemainingOpenQuantity"), &open, &empty) == DEC_OK &&
	    dec_add(q, (struct dec){-open.v, open.scale}, &got) == DEC_OK)
		po_set_dec(&l->received_quantity, got, 0);
}

static const struct fld_status statuses[] = {
	{"bost_Close", PO_RECEIVED},
	{"bost_Paid", PO_RECEIVED},
	{"bost_Delivered", PO_RECEIVED},
	{NULL, 0},
};

/* Cancellation is its own flag; an open document's receipts come from its
 * lines; a draft is a draft whatever its status says. */
static void b1_status(struct rd *rd, struct po *po, const cJSON *j, bool draft)
{
	const char *st = json_text(json_at(j, "DocumentStatus")), *cancelled = json_text(json_at(j, "Cancelled"));
	char raw[64];
	str_fmt(raw, sizeof(raw), "%s%s%s", draft ? "Drafts/" : "", st ? st : "?",
		cancelled && !strcmp(cancelled, "tYES") ? " Cancelled=tYES" : "");
	po_sets(&po->remote_status, raw);
	if (draft)
		po->status = PO_DRAFT;
	else if (cancelled && !strcmp(cancelled, "tYES"))
		po->status = PO_CANCELLED;
	else if (st && !strcmp(st, "bost_Open"))
		po->status = po_receipt_status(po);
	else
		po->status = fld_status(rd, statuses, st, fld_num(po));
}

static void b1_order(struct rd *rd, const cJSON *j, bool draft)
{
	struct po po;
	const cJSON *l;
	const char *entry = json_text(json_at(j, "DocEntry")), *ud = json_text(json_at(j, "UpdateDate"));
	const char *ut = json_text(json_at(j, "UpdateTime"));
	char key[64], stamp[40];
	po_init(&po);
	/* drafts are numbered apart from orders: the key says which collection */
	str_fmt(key, sizeof(key), "%s(%s)", draft ? "Drafts" : "PurchaseOrders", entry ? entry : "");
	if (entry)
		po_sets(&po.remote_id, key);
	po_sets(&po.number, json_text(json_at(j, "DocNum")));
	po_sets(&po.supplier_id, json_text(json_at(j, "CardCode")));
	po_sets(&po.supplier_name, json_text(json_at(j, "CardName")));
	fld_currency(rd, json_text(json_at(j, "DocCurrency")), fld_num(&po), &po);
	fld_date(rd, json_at(j, "DocDate"), fld_num(&po), true, &po.order_date);
	fld_date(rd, json_at(j, "DocDueDate"), fld_num(&po), true, &po.expected_date);
	fld_date(rd, json_at(j, "CreationDate"), fld_num(&po), false, &po.created_at);
	if (ud && strlen(ud) == 10) {
		cJSON *t;
		str_fmt(stamp, sizeof(stamp), "%sT%s", ud, ut && strlen(ut) == 8 ? ut : "00:00:00");
		t = cJSON_CreateString(stamp); /* UpdateDate and UpdateTime are apart */
		fld_date(rd, t, fld_num(&po), false, &po.updated_at);
		cJSON_Delete(t);
	}
	fld_dec(rd, json_at(j, "VatSum"), fld_num(&po), N_("the tax"), &po.tax, 2);
	fld_dec(rd, json_at(j, "DocTotal"), fld_num(&po), N_("the total"), &po.total, 2);
	cJSON_ArrayForEach(l, json_at(j, "DocumentLines")) b1_line(rd, &po, l);
	b1_status(rd, &po, j, draft);
	rd_keep_raw(rd, &po, j);
	rd_emit(rd, &po);
}

static int b1_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	struct b1_state *st = rd_state(rd);
	cJSON *j = json_parse_exact(body, len), *o;
	const cJSON *value = json_at(j, "value");
	/* json_at would read the dot as a path */
	const char *next = json_text(cJSON_GetObjectItemCaseSensitive(j, "odata.nextLink"));
	if (!cJSON_IsArray(value)) {
		json_free(j);
		return rd_fail_page(err, "no \"value\" list in the Service Layer's answer");
	}
	cJSON_ArrayForEach(o, value) {
		if (cJSON_IsObject(o))
			b1_order(rd, o, st->phase == 2);
	}
	rd_next_url(rd, next ? next : json_text(cJSON_GetObjectItemCaseSensitive(j, "@odata.nextLink")));
	json_free(j);
	return 0;
}

static const char *const systems[] = {"sap-business-one", NULL};

const struct reader reader_b1 = {
	.name = "sap-business-one",
	.systems = systems,
	.forbidden_hint = N_("authorization for Purchasing - A/P > Purchase Order (Administration > System "
			  "Initialization > Authorizations > General Authorizations)"),
	.service = N_("the Service Layer's PurchaseOrders entity"),
	.state_size = sizeof(struct b1_state),
	.request = b1_request,
	.parse = b1_parse,
};
