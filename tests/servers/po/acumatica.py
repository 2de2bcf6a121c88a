"""Acumatica contract-based REST API, endpoint Default: PurchaseOrder.

GET .../PurchaseOrder?$expand=Details&$top=N&$skip=M answers a bare JSON
array (paging driven by the client with $top/$skip); every field is wrapped
as {"value": ...}; the order names the vendor by VendorID only, the name is
on GET .../Vendor/{VendorID}.
Sources: tests/servers/README.md, section Acumatica.
"""
from . import common

STATUS = {"draft": ("On Hold", True), "partial": ("Open", False), "cancelled": ("Canceled", False)}
VENDOR = "V000017"


def v(value):
    return {"value": value}


def forbidden(h):
    h.send_json(403, {"message": "You have insufficient rights to access the object (PurchaseOrder)."})


def serve(h, entity, rest):
    if entity == "Vendor":
        if rest != VENDOR:
            return h.send_json(404, {"message": "No entity satisfies the condition."})
        return h.send_json(200, {"id": "7a1e4d0c-0000-4000-8000-000000000017", "rowNumber": 1,
                                 "VendorID": v(VENDOR), "VendorName": v(common.SUPPLIER["name"]),
                                 "Status": v("Active"), "custom": {}})
    if common.hostile(h, forbidden):
        return None
    expand = "Details" in (h.query.get("$expand") or [""])[0].split(",")
    skip = max(0, common.qint(h, "$skip", 0))
    top = common.qint(h, "$top", 0)
    orders, _ = common.page(h.po_opts, skip, common.page_size(h.po_opts, top or 1000000))
    return h.send(200, common.dumps([order(o, i, expand) for i, o in enumerate(orders, skip + 1)]),
                  "application/json; charset=utf-8")


def order(o, row, expand):
    status, hold = STATUS[o["state"]]
    rec = {"id": "5c0d2b7e-0000-4000-8000-%012d" % o["key"], "rowNumber": row, "note": v(""),
           "OrderNbr": v(o["number"]), "Type": v("Normal"), "Status": v(status), "Hold": v(hold),
           "VendorID": v(VENDOR), "Date": v(o["order_date"] + "T00:00:00+00:00"),
           "PromisedOn": v(common.when(o["expected_date"], "T00:00:00+00:00")), "CurrencyID": v(o["currency"]),
           "OrderTotal": v(common.num(common.total(o))), "TaxTotal": v(common.num("0.0")),
           "LastModifiedDateTime": v(o["updated"].replace("Z", "+00:00")), "custom": {}}
    if expand:
        rec["Details"] = [detail(o, i, x) for i, x in enumerate(o["lines"], 1)]
    return rec


def detail(o, i, x):
    return {"id": "9e3f1a6b-0000-4000-8000-%08d%04d" % (o["key"], i), "rowNumber": i,
            "LineNbr": v(i), "InventoryID": v(x["code"]), "LineDescription": v(x["name"]),
            "OrderQty": v(common.num(x["qty"])), "UOM": v(x["unit"]),
            "UnitCost": v(common.num(common.unit_price(x))), "ExtendedCost": v(common.num(common.amount(x))),
            "QtyOnReceipts": v(common.num(x["received"])), "Completed": v(x["received"] == x["qty"]),
            "Promised": v(common.when(o["expected_date"], "T00:00:00+00:00")), "custom": {}}
