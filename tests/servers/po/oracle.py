"""Oracle Fusion Cloud Procurement REST: purchaseOrders (11.13.18.05).

GET .../purchaseOrders?expand=lines,lines.schedules&limit=N&offset=M answers
{"items", "count", "hasMore", "limit", "offset", "links"}; 25 items a page by
default; paging driven by the client with offset; numbers as JSON numbers;
received quantities live on the schedules.
Sources: tests/servers/README.md, section Oracle Fusion.
"""
from . import common

DEFAULT_LIMIT = 25
STATUS = {"draft": ("INCOMPLETE", "Incomplete"), "partial": ("OPEN", "Open"),
          "cancelled": ("CANCELED", "Canceled")}
HEADER_ID_BASE = 300000001000


def forbidden(h):
    h.send(403, "Forbidden", "text/plain; charset=utf-8")


def serve(h, rest):
    if rest != "purchaseOrders":
        return h.send(404, "Not Found", "text/plain; charset=utf-8")
    if common.hostile(h, forbidden):
        return None
    limit = common.qint(h, "limit", DEFAULT_LIMIT)
    offset = max(0, common.qint(h, "offset", 0))
    orders, nxt = common.page(h.po_opts, offset, common.page_size(h.po_opts, limit))
    expand = (h.query.get("expand") or [""])[0].split(",")
    items = [header(h, o, expand) for o in orders]
    body = {"items": items, "count": len(items), "hasMore": nxt is not None, "limit": limit,
            "offset": offset, "links": [{"rel": "self", "href": h.base_url() + h.url_path,
                                         "name": "purchaseOrders", "kind": "collection"}]}
    return h.send(200, common.dumps(body), "application/vnd.oracle.adf.resourcecollection+json")


def header(h, o, expand):
    code, text = STATUS[o["state"]]
    total = common.num(common.total(o))
    rec = {"POHeaderId": HEADER_ID_BASE + o["key"], "OrderNumber": o["number"], "StatusCode": code,
           "Status": text, "ProcurementBUId": 300000046987012, "ProcurementBU": "US1 Business Unit",
           "SupplierId": 300000047507499, "Supplier": common.SUPPLIER["name"], "SupplierSite": "GLOBEX US",
           "CurrencyCode": o["currency"], "Currency": "Euro", "OrderDate": o["order_date"],
           "Ordered": total, "TotalTax": common.num("0"), "Total": total,
           "CreationDate": o["created"].replace("Z", "+00:00"),
           "LastUpdateDate": o["updated"].replace("Z", "+00:00")}
    if "lines" in expand or "all" in expand:
        rec["lines"] = [line(o, i, x, "lines.schedules" in expand or "all" in expand)
                        for i, x in enumerate(o["lines"], 1)]
    return rec


def line(o, i, x, schedules):
    rec = {"POLineId": (HEADER_ID_BASE + o["key"]) * 10 + i, "LineNumber": i, "Item": x["code"],
           "Description": x["name"], "Quantity": common.num(x["qty"]), "UOM": x["unit"],
           "Price": common.num(common.unit_price(x)), "Ordered": common.num(common.amount(x)),
           "StatusCode": STATUS[o["state"]][0]}
    if schedules:
        rec["schedules"] = [{"LineLocationId": rec["POLineId"] * 10 + 1, "ScheduleNumber": 1,
                             "Quantity": common.num(x["qty"]), "QuantityReceived": common.num(x["received"]),
                             "RequestedDeliveryDate": o["expected_date"]}]
    return rec
