/* NetSuite: the REST record service's purchaseOrder. The list holds ids
 * only (limit/offset, links rel=next; Oracle's "Collection Paging"), so
 * every order is a GET of purchaseOrder/{id}?expandSubResources=true, its
 * lines inline in item.items[] (Oracle's "Purchase Order" record page).
 * Those GETs run several at a time (reader.h: fanout). Every request is
 * signed with OAuth 1.0a (auth/netsuite_tba.c). Amounts are JSON numbers,
 * the currency is a name ("Euro"); the status is orderStatus, a letter. */
#include "i18n.h"
#include "data/reader.h"
#include "auth/netsuite_tba.h"
#include "data/fields.h"
#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

#define NS_FANOUT 4

/* orderStatus (PurchOrd:A..H). NetSuite has no draft: an order waiting
 * for supervisor approval can still change and commits nothing, so it is
 * a draft here; "Closed" is how NetSuite cancels an order. Sources:
 * docs/models/purchase-order.md. */
static const struct fld_status statuses[] = {
	{"A", PO_DRAFT},	      {"B", PO_OPEN},	  {"C", PO_CANCELLED}, {"D", PO_PARTIALLY_RECEIVED},
	{"E", PO_PARTIALLY_RECEIVED}, {"F", PO_RECEIVED}, {"G", PO_RECEIVED},  {"H", PO_CANCELLED},
	{NULL, 0},
};

static int ns_authorize(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	return netsuite_sign(rd_form(rd), req, err);
}

/* Only orders changed since: NetSuite's q filter compares dates in the
 * account's format; M/D/YYYY is its default. */
static void add_since(struct rd *rd, struct secbuf *url)
{
	int y, m, d;
	char q[96];
	if (!rd_since(rd) || sscanf(rd_since(rd), "%4d-%2d-%2d", &y, &m, &d) != 3)
		return;
	str_fmt(q, sizeof(q), "&q=lastModifiedDate%%20ON_OR_AFTER%%20%%22%d%%2F%d%%2F%d%%22", m, d, y);
	secbuf_adds(url, q);
}

static enum rd_next ns_request(struct rd *rd, struct http_req *req, struct onr_error *err)
{
	char q[64];
	int v;
	http_req_header(req, "Accept", "application/json");
	if (fld_follow_next(rd, req, &v))
		return (enum rd_next)v;
	if (netsuite_rest_base(rd_form(rd), &req->url) < 0) {
		rd_fail_page(err, "the account ID cannot be a NetSuite host");
		return RD_FAIL;
	}
	str_fmt(q, sizeof(q), "/services/rest/record/v1/purchaseOrder?limit=%d&offset=0", rd_page_size(rd));
	secbuf_adds(&req->url, q);
	add_since(rd, &req->url);
	return RD_SEND;
}

static bool digits(const char *s)
{
	return s && *s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 20;
}

/* The list: each id becomes a GET of its own, built here from the id
 * (never from the server's link), so it goes where the list came from. */
static int ns_parse(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	cJSON *j = json_parse_exact(body, len), *it;
	const cJSON *items = json_at(j, "items"), *l;
	char url[96];
	if (!cJSON_IsArray(items)) {
		json_free(j);
		return rd_fail_page(err, "no items list in NetSuite's collection answer");
	}
	cJSON_ArrayForEach(it, items) {
		const char *id = json_text(json_at(it, "id"));
		if (!digits(id)) {
			rd_warn(rd, _("a list entry without a record id was left out"));
			continue;
		}
		str_fmt(url, sizeof(url), "purchaseOrder/%s?expandSubResources=true", id);
		rd_fetch(rd, url);
	}
	cJSON_ArrayForEach(l, json_at(j, "links")) {
		const char *rel = json_text(json_at(l, "rel"));
		if (rel && !strcmp(rel, "next"))
			rd_next_url(rd, json_text(json_at(l, "href")));
	}
	json_free(j);
	return 0;
}

/* A reference field ({id, refName}) or a plain value: its text. */
static const char *ref_name(const cJSON *j)
{
	const char *t = json_text(json_at(j, "refName"));
	return t ? t : cJSON_IsObject(j) ? NULL : json_text(j);
}

/* The line has no item display name: NetSuite copies the item's purchase
 * description into the line's description. units is a name or a reference. */
static const struct fld_line_map line_map = {
	.remote_id = "line", .number = "line", .item_code = "item.refName", .item_name = "description",
	.description = "description", .quantity = "quantity", .unit_price = "rate", .amount = "amount",
	.received = "quantityReceived",
};

static void ns_line(struct rd *rd, struct po *po, const cJSON *j)
{
	fld_unit(rd, ref_name(json_at(j, "units")), fld_num(po), fld_line(rd, po, j, &line_map));
}

static int ns_parse_item(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	cJSON *j = json_parse_exact(body, len), *l;
	struct po po;
	if (!cJSON_IsObject(j) || !json_text(json_at(j, "id"))) {
		json_free(j);
		return rd_fail_page(err, "a purchaseOrder record without an id");
	}
	po_init(&po);
	po_sets(&po.remote_id, json_text(json_at(j, "id")));
	po_sets(&po.number, json_text(json_at(j, "tranId")));
	po_sets(&po.supplier_id, json_text(json_at(j, "entity.id")));
	po_sets(&po.supplier_name, json_text(json_at(j, "entity.refName")));
	fld_currency(rd, ref_name(json_at(j, "currency")), fld_num(&po), &po);
	fld_date(rd, json_at(j, "tranDate"), fld_num(&po), true, &po.order_date);
	fld_date(rd, json_at(j, "dueDate"), fld_num(&po), true, &po.expected_date);
	fld_date(rd, json_at(j, "createdDate"), fld_num(&po), false, &po.created_at);
	fld_date(rd, json_at(j, "lastModifiedDate"), fld_num(&po), false, &po.updated_at);
	fld_dec(rd, json_at(j, "subtotal"), fld_num(&po), N_("the subtotal"), &po.subtotal, 2);
	fld_dec(rd, json_at(j, "taxTotal"), fld_num(&po), N_("the tax"), &po.tax, 2);
	fld_dec(rd, json_at(j, "total"), fld_num(&po), N_("the total"), &po.total, 2);
	cJSON_ArrayForEach(l, json_at(j, "item.items")) ns_line(rd, &po, l);
	po_sets(&po.remote_status, ref_name(json_at(j, "orderStatus")));
	po.status = fld_status(rd, statuses, json_text(json_at(j, "orderStatus.id")), fld_num(&po));
	rd_keep_raw(rd, &po, j);
	rd_emit(rd, &po);
	json_free(j);
	return 0;
}

static const char *const systems[] = {"netsuite", NULL};

const struct reader reader_netsuite = {
	.name = "netsuite",
	.systems = systems,
	.forbidden_hint = N_("a role with the permission Transactions > Purchase Order (View) besides REST Web Services"),
	.request = ns_request,
	.parse = ns_parse,
	.authorize = ns_authorize,
	.parse_item = ns_parse_item,
	.fanout = NS_FANOUT,
};
