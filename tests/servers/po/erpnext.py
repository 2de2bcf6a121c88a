"""ERPNext (Frappe REST API v1): /api/resource/Purchase Order.

The list answers {"data": [{"name": ...}]} with names only unless fields= asks
for more, 20 a page by default (limit_start / limit_page_length, driven by the
client); each document, with its child table items[], comes from
GET /api/resource/Purchase Order/{name}. Numbers are JSON numbers; modified
is server-local time without a zone.
Sources: tests/servers/README.md, section ERPNext.
"""
import json

from . import common

BASE = "/api/resource/Purchase Order"
DEFAULT_PAGE = 20
STATUS = {"draft": (0, "Draft"), "partial": (1, "To Receive and Bill"), "cancelled": (2, "Cancelled")}


def forbidden(h):
    h.send_json(403, {"exc_type": "PermissionError",
                      "_server_messages": json.dumps([json.dumps(
                          {"message": "User <strong>alice@example.com</strong> does not have doctype access via "
                                      "role permission for document <strong>Purchase Order</strong>",
                           "title": "Insufficient Permission for Purchase Order", "indicator": "red"})])})


def serve(h, rest):
    if common.hostile(h, forbidden):
        return None
    if rest:
        o = common.by_number(h.po_opts, rest)
        if o is None:
            return h.send_json(404, {"exc_type": "DoesNotExistError",
                                     "_server_messages": json.dumps([json.dumps(
                                         {"message": "Purchase Order %s not found" % rest})])})
        return h.send(200, common.dumps({"data": document(o)}), "application/json")
    start = max(0, common.qint(h, "limit_start", 0))
    size = common.page_size(h.po_opts, common.qint(h, "limit_page_length", DEFAULT_PAGE) or 1000000)
    orders, _ = common.page(h.po_opts, start, size)
    return h.send(200, common.dumps({"data": [{"name": o["number"]} for o in orders]}), "application/json")


def document(o):
    docstatus, status = STATUS[o["state"]]
    qty = sum(float(x["qty"]) for x in o["lines"])
    got = sum(float(x["received"]) for x in o["lines"])
    return {"name": o["number"], "doctype": "Purchase Order", "docstatus": docstatus, "status": status,
            "supplier": "SUP-0001", "supplier_name": common.SUPPLIER["name"],
            "transaction_date": o["order_date"], "schedule_date": o["expected_date"],
            "currency": o["currency"], "conversion_rate": common.num("1.0"),
            "total": common.num(common.total(o)), "net_total": common.num(common.total(o)),
            "total_taxes_and_charges": common.num("0.0"), "grand_total": common.num(common.total(o)),
            "per_received": common.num("%.1f" % (100.0 * got / qty)), "per_billed": common.num("0.0"),
            "creation": o["created"].replace("T", " ").rstrip("Z") + ".000000",
            "modified": o["updated"].replace("T", " ").rstrip("Z") + ".000000",
            "items": [item(o, i, x) for i, x in enumerate(o["lines"], 1)]}


def item(o, i, x):
    return {"name": "%s-item-%d" % (o["number"].lower(), i), "idx": i, "parent": o["number"],
            "parenttype": "Purchase Order", "item_code": x["code"], "item_name": x["name"],
            "description": x["name"], "qty": common.num(x["qty"]), "uom": x["unit"], "stock_uom": x["unit"],
            "rate": common.num(common.unit_price(x)), "amount": common.num(common.amount(x)),
            "received_qty": common.num(x["received"]), "schedule_date": o["expected_date"]}
