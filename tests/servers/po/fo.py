"""Dynamics 365 Finance & Operations OData v4: PurchaseOrderHeadersV2 and
PurchaseOrderLinesV2, across legal entities with cross-company=true.

Server-driven paging (@odata.nextLink; Prefer: odata.maxpagesize honoured),
keys dataAreaId + PurchaseOrderNumber, enums as their symbol names, dates as
UTC with 1900-01-01T12:00:00Z for "no date", no total on the header.
Sources: tests/servers/README.md, section Dynamics 365 Finance & Operations.
"""
import re

from . import common

DEFAULT_PAGE = 10000
COMPANY = "usmf"
NO_DATE = "1900-01-01T12:00:00Z"
HEADER = {"draft": ("Backorder", "Draft"), "partial": ("Backorder", "Confirmed"),
          "cancelled": ("Canceled", "Confirmed")}
NUMBER_EQ = re.compile(r"PurchaseOrderNumber eq '([^']*)'")


def forbidden(h):
    # The body F&O sends here is not documented; see the README.
    h.send_json(403, {"error": {"code": "", "message": "Access denied to data entity "
                                                       "PurchaseOrderHeadersV2."}})


def serve(h, entity):
    if common.hostile(h, forbidden):
        return None
    if (h.query.get("cross-company") or [""])[0].lower() != "true":
        # without it only the user's default company answers; ours has none
        return send(h, entity, [], None)
    m = re.search(r"odata\.maxpagesize=(\d+)", h.headers.get("Prefer", ""))
    size = common.page_size(h.po_opts, int(m.group(1)) if m else DEFAULT_PAGE)
    skip = common.qint(h, "$skip", 0)
    if entity == "PurchaseOrderHeadersV2":
        orders, nxt = common.page(h.po_opts, skip, size)
        return send(h, entity, [header(o) for o in orders], nxt, size)
    rows = lines(h)
    return send(h, entity, rows[skip:skip + size], skip + size if skip + size < len(rows) else None, size)


def send(h, entity, rows, nxt, size=0):
    body = {"@odata.context": "%s/data/$metadata#%s" % (h.base_url(), entity), "value": rows}
    if nxt is not None:
        body["@odata.nextLink"] = next_link(h, entity, nxt)
    return h.send(200, common.dumps(body), "application/json; odata.metadata=minimal; charset=utf-8",
                  [("OData-Version", "4.0")])


def next_link(h, entity, skip):
    keep = "&".join("%s=%s" % (k, v[0].replace(" ", "%20").replace("'", "%27"))
                    for k, v in sorted(h.query.items()) if k != "$skip")
    base = h.base_url()
    if h.po_opts.get("case") == "otherhost":
        base = "http://%s%s" % (common.other_host(h), h.mount)
    return "%s/data/%s?%s&$skip=%d" % (base, entity, keep, skip)


def header(o):
    status, approval = HEADER[o["state"]]
    return {"@odata.etag": 'W/"JzEsNTYzNzE0NTc2Jw=="', "dataAreaId": COMPANY,
            "PurchaseOrderNumber": o["number"], "OrderVendorAccountNumber": "US-104",
            "InvoiceVendorAccountNumber": "US-104", "PurchaseOrderName": common.SUPPLIER["name"],
            "PurchaseOrderStatus": status, "DocumentApprovalStatus": approval,
            "CurrencyCode": o["currency"], "AccountingDate": o["order_date"] + "T12:00:00Z",
            "RequestedDeliveryDate": common.when(o["expected_date"], "T12:00:00Z", NO_DATE),
            "ConfirmedDeliveryDate": NO_DATE}


def lines(h):
    """Lines of the orders the $filter names (PurchaseOrderNumber eq '...' or ...)."""
    out = []
    for number in NUMBER_EQ.findall((h.query.get("$filter") or [""])[0]):
        o = common.by_number(h.po_opts, number)
        for i, x in enumerate(o["lines"] if o else [], 1):
            out.append(line(o, i, x))
    return out


def line(o, i, x):
    if o["state"] == "cancelled":
        status = "Canceled"
    else:
        status = "Received" if x["received"] == x["qty"] else "Backorder"
    return {"@odata.etag": 'W/"JzEsNTYzNzE0NTc3Jw=="', "dataAreaId": COMPANY,
            "PurchaseOrderNumber": o["number"], "LineNumber": common.num(str(i)),
            "ItemNumber": x["code"], "LineDescription": x["name"],
            "OrderedPurchaseQuantity": common.num(x["qty"]), "PurchaseUnitSymbol": x["unit"],
            "PurchasePrice": common.num(x["price"]), "PurchasePriceQuantity": common.num(x["per"]),
            "LineAmount": common.num(common.amount(x)), "PurchaseOrderLineStatus": status,
            "RequestedDeliveryDate": common.when(o["expected_date"], "T12:00:00Z", NO_DATE),
            "ConfirmedDeliveryDate": NO_DATE}
