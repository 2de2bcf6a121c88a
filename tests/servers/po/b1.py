"""SAP Business One Service Layer (v1): PurchaseOrders and Drafts.

v1 speaks OData V3 JSON: {"odata.metadata", "value": [...], "odata.nextLink"},
the next link relative to /b1s/v1/, 20 documents a page unless the client
sends Prefer: odata.maxpagesize=N. Draft purchase orders are not in
PurchaseOrders: they are Drafts with DocObjectCode oPurchaseOrders.
Sources: tests/servers/README.md, section SAP Business One.
"""
import re
from decimal import Decimal

from . import common

DEFAULT_PAGE = 20
DOC_ENTRY_BASE = 16
DRAFT_FILTER = re.compile(r"DocObjectCode eq '(oPurchaseOrders|22)'")


def forbidden(h):
    # SAP does not document this answer's code; see the README.
    h.b1_error(403, -1, "You are not permitted to perform this action")


def serve(h, entity):
    if h.command != "GET":
        return h.b1_error(405, -1, "Method not allowed")
    if common.hostile(h, forbidden):
        return None
    drafts = entity == "Drafts"
    if drafts and not DRAFT_FILTER.search((h.query.get("$filter") or [""])[0]):
        return h.send_json(200, {"odata.metadata": metadata(h, entity), "value": []})
    size, applied = page_size(h)
    skip = common.qint(h, "$skip", 0)
    orders, nxt = pages(h, drafts, skip, size)
    body = {"odata.metadata": metadata(h, entity), "value": [document(o) for o in orders]}
    if nxt is not None:
        body["odata.nextLink"] = next_link(h, entity, nxt)
    headers = [("Preference-Applied", "odata.maxpagesize=%d" % size)] if applied else None
    return h.send(200, common.dumps(body), "application/json;odata=minimalmetadata;charset=utf-8", headers)


def page_size(h):
    m = re.search(r"odata\.maxpagesize=(\d+)", h.headers.get("Prefer", ""))
    size = int(m.group(1)) if m else DEFAULT_PAGE
    return common.page_size(h.po_opts, size), m is not None


def pages(h, drafts, skip, size):
    """Drafts hold the draft orders, PurchaseOrders the rest; the hostile cases
    and generated sets page through everything under PurchaseOrders."""
    if "n" in h.po_opts or "case" in h.po_opts:
        return common.page(h.po_opts, skip, size) if not drafts else ([], None)
    chosen = [o for o in common.GOLDEN if (o["state"] == "draft") == drafts]
    return chosen[skip:skip + size], (skip + size if skip + size < len(chosen) else None)


def metadata(h, entity):
    return "%s/b1s/v1/$metadata#%s" % (h.base_url(), entity)


def next_link(h, entity, skip):
    query = "&".join("%s=%s" % (k, v[0]) for k, v in sorted(h.query.items()) if k != "$skip")
    rel = "%s?%s$skip=%d" % (entity, query + "&" if query else "", skip)
    if h.po_opts.get("case") == "otherhost":
        return "http://%s%s/b1s/v1/%s" % (common.other_host(h), h.mount, rel)
    return rel


def document(o):
    cancelled = o["state"] == "cancelled"
    return {
        "DocEntry": DOC_ENTRY_BASE + o["key"],
        "DocNum": 1000 + o["key"],
        "DocType": "dDocument_Items",
        "DocDate": o["order_date"],
        # DocDueDate is mandatory in B1: without a delivery date, the order date
        "DocDueDate": o["expected_date"] or o["order_date"],
        "CardCode": "V10000",
        "CardName": common.SUPPLIER["name"],
        "DocTotal": common.num(common.total(o)),
        "VatSum": common.num("0.0"),
        "DocCurrency": o["currency"],
        "DocRate": common.num("1.0"),
        "DocumentStatus": "bost_Close" if cancelled else "bost_Open",
        "Cancelled": "tYES" if cancelled else "tNO",
        "CreationDate": o["created"][:10],
        "UpdateDate": o["updated"][:10],
        "UpdateTime": o["updated"][11:19],
        "DocObjectCode": "oPurchaseOrders",
        "DocumentLines": [line(i, x, o) for i, x in enumerate(o["lines"])],
    }


def line(i, x, o):
    open_qty = Decimal(x["qty"]) - Decimal(x["received"])
    closed = open_qty == 0 or o["state"] == "cancelled"
    return {"LineNum": i, "ItemCode": x["code"], "ItemDescription": x["name"],
            "Quantity": common.num(x["qty"]), "Price": common.num(common.unit_price(x)),
            "UnitPrice": common.num(common.unit_price(x)), "LineTotal": common.num(common.amount(x)),
            "Currency": o["currency"], "LineStatus": "bost_Close" if closed else "bost_Open",
            "RemainingOpenQuantity": common.num(str(open_qty)), "MeasureUnit": x["unit"],
            "ShipDate": o["expected_date"] or o["order_date"]}
