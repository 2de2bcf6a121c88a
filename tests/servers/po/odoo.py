"""Odoo external API: purchase.order and purchase.order.line through
object.execute_kw search_read, offset/limit paging driven by the client.

Many2one fields come as [id, display name] or false, amounts as JSON numbers,
datetimes as "YYYY-MM-DD HH:MM:SS" in UTC. A product's display name carries its
internal reference: "[BOLT-M8] Hex bolt M8".
Sources: tests/servers/README.md, section Odoo.
"""
from . import common

STATE = {"draft": ("draft", "pending"), "partial": ("purchase", "partial"), "cancelled": ("cancel", "pending")}
LINES_PER_ORDER = 100  # line ids: order key * 100 + line number


def forbidden(h, rid):
    h.odoo_answer(rid, error=(
        "odoo.exceptions.AccessError",
        "You are not allowed to access 'Purchase Order' (purchase.order) records.\n\n"
        "This operation is allowed for the following groups:\n\t- Purchase/User\n\n"
        "Contact your administrator to request access if necessary."))


def serve(h, rid, model, method, args, kwargs):
    if method != "search_read" or model not in ("purchase.order", "purchase.order.line"):
        return h.odoo_answer(rid, error=("builtins.AttributeError",
                                         "The method '%s' does not exist on the model '%s'" % (method, model)))
    if common.hostile(h, lambda hh: forbidden(hh, rid)):
        return None
    domain = args[0] if args else kwargs.get("domain", [])
    if model == "purchase.order":
        return h.send(200, answer(rid, orders(h, kwargs)), "application/json; charset=utf-8")
    return h.send(200, answer(rid, lines(h, domain)), "application/json; charset=utf-8")


def answer(rid, result):
    return common.dumps({"jsonrpc": "2.0", "id": rid, "result": result})


def orders(h, kwargs):
    offset, limit = int(kwargs.get("offset") or 0), kwargs.get("limit")
    size = common.page_size(h.po_opts, limit or 1000000)
    found, _ = common.page(h.po_opts, offset, size)
    return [header(o) for o in found]


def header(o):
    state, receipt = STATE[o["state"]]
    total = common.num(common.total(o))
    return {"id": o["key"], "name": o["number"], "partner_id": [7, common.SUPPLIER["name"]],
            "partner_ref": False, "currency_id": [1, o["currency"]], "state": state,
            "receipt_status": receipt, "invoice_status": "no",
            "date_order": o["order_date"] + " 00:00:00", "date_planned": common.when(o["expected_date"], " 00:00:00", False),
            "date_approve": False if state == "draft" else o["order_date"] + " 10:00:00",
            "amount_untaxed": total, "amount_tax": common.num("0.0"), "amount_total": total,
            "order_line": [o["key"] * LINES_PER_ORDER + i for i in range(1, len(o["lines"]) + 1)],
            "create_date": o["created"].replace("T", " ")[:19], "write_date": o["updated"].replace("T", " ")[:19]}


def lines(h, domain):
    """Lines of the orders a domain [("order_id", "in", [ids])] names."""
    ids = []
    for term in domain:
        if isinstance(term, list) and len(term) == 3 and term[0] == "order_id" and term[1] in ("in", "="):
            ids = term[2] if isinstance(term[2], list) else [term[2]]
    out = []
    for key in ids:
        o = common.order(h.po_opts, key) if isinstance(key, int) else None
        for i, x in enumerate(o["lines"] if o else [], 1):
            out.append(line(o, i, x))
    return out


def line(o, i, x):
    return {"id": o["key"] * LINES_PER_ORDER + i, "order_id": [o["key"], o["number"]], "sequence": 10 * i,
            "name": "[%s] %s" % (x["code"], x["name"]), "product_id": [40 + i, "[%s] %s" % (x["code"], x["name"])],
            "product_qty": common.num(x["qty"]), "product_uom": [1, x["unit"]],
            "price_unit": common.num(common.unit_price(x)), "price_subtotal": common.num(common.amount(x)),
            "price_total": common.num(common.amount(x)), "qty_received": common.num(x["received"]),
            "qty_invoiced": common.num("0.0"), "date_planned": common.when(o["expected_date"], " 00:00:00", False)}
