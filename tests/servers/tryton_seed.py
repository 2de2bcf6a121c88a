#!/usr/bin/python3
"""tryton_seed.py — puts the golden purchase orders (tests/golden/purchase-orders.json)
into a running trytond 6.0, over JSON-RPC as a client would.

Usage: tryton_seed.py URL DATABASE -   (admin's password on stdin; prints "seeded N orders",
       or "already seeded" when PO-1001 is there)

It creates a company (EUR), the supplier with an address, one product per item code,
and the orders: PO-1001 left in draft, PO-1002 quoted, confirmed and processed, its
first line's stock move done (received) so the order is partly received, PO-1003
cancelled. Numbers are set at creation: Tryton gives a draft no number of its own and
keeps a number it finds at quotation (purchase.py, set_number). Lines are invoiced
manually, so no chart of accounts is needed, and carry no taxes.
"""
import base64
import datetime
import json
import os
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "..", "golden", "purchase-orders.json")


class Rpc:
    def __init__(self, url, db, password):
        self.endpoint = "%s/%s/" % (url.rstrip("/"), db)
        self.auth = None
        uid, session = self.call("common.db.login", "admin", {"password": password})
        token = base64.b64encode(("admin:%d:%s" % (uid, session)).encode()).decode()
        self.auth = "Session " + token
        self.context = {}

    def call(self, method, *params):
        body = json.dumps({"id": 1, "method": method, "params": list(params)}, default=encode)
        req = urllib.request.Request(self.endpoint, body.encode(), {"Content-Type": "application/json"})
        if self.auth:
            req.add_header("Authorization", self.auth)
        with urllib.request.urlopen(req, timeout=60) as r:
            answer = json.loads(r.read())
        if "error" in answer and answer["error"]:
            raise SystemExit("tryton_seed: %s: %s" % (method, answer["error"]))
        return answer["result"]

    def model(self, name, method, *args):
        return self.call("model.%s.%s" % (name, method), *args, self.context)


def encode(o):
    if isinstance(o, datetime.date):
        return {"__class__": "date", "year": o.year, "month": o.month, "day": o.day}
    raise TypeError(o)


def day(text):
    return datetime.date.fromisoformat(text) if text else None


def decimal(text):
    return {"__class__": "Decimal", "decimal": text}


def one(rpc, model, domain, fields=("id",)):
    found = rpc.model(model, "search_read", domain, 0, 1, None, list(fields))
    if not found:
        raise SystemExit("tryton_seed: no %s matching %s" % (model, domain))
    return found[0]


def currency(rpc, code):
    """Debian's trytond ships no currencies; an installation imports them."""
    found = rpc.model("currency.currency", "search", [["code", "=", code]], 0, 1, None)
    if found:
        return found[0]
    return rpc.model("currency.currency", "create", [{
        "name": "Euro", "code": code, "symbol": "\u20ac", "rounding": decimal("0.01"), "digits": 2}])[0]


def company(rpc):
    eur = currency(rpc, "EUR")
    party = rpc.model("party.party", "create", [{"name": "Onramp Test Company"}])[0]
    cid = rpc.model("company.company", "create", [{"party": party, "currency": eur}])[0]
    rpc.model("res.user", "write", [1], {"companies": [["add", [cid]]], "company": cid})
    rpc.context = {"company": cid}
    return cid, eur


def products(rpc, orders, unit):
    ids = {}
    for o in orders:
        for line in o["lines"]:
            code = line["item"]["code"]
            if code in ids:
                continue
            tpl = rpc.model("product.template", "create", [{
                "name": line["item"]["name"], "code": code, "type": "goods", "purchasable": True,
                "default_uom": unit, "purchase_uom": unit, "list_price": decimal("0"),
                "products": [["create", [{}]]]}])[0]
            ids[code] = one(rpc, "product.product", [["template", "=", tpl]])["id"]
    return ids


def create_order(rpc, o, env):
    lines = [{"type": "line", "product": env["products"][l["item"]["code"]], "description": l["description"],
              "quantity": float(l["quantity"]), "unit": env["unit"], "unit_price": decimal(l["unit_price"])}
             for l in o["lines"]]
    return rpc.model("purchase.purchase", "create", [{
        "company": env["company"], "party": env["supplier"], "invoice_address": env["address"],
        "currency": env["currency"], "number": o["number"], "purchase_date": day(o["order_date"]),
        "delivery_date": day(o["expected_date"]), "invoice_method": "manual", "warehouse": env["warehouse"],
        "lines": [["create", lines]]}])[0]


def receive(rpc, pid, o):
    """Does the stock move of every line received in full."""
    for i, line in enumerate(o["lines"]):
        if line["received_quantity"] in ("0", None):
            continue
        lid = rpc.model("purchase.line", "search", [["purchase", "=", pid]], i, 1, [["sequence", "ASC"], ["id", "ASC"]])[0]
        moves = rpc.model("stock.move", "search", [["origin", "=", "purchase.line,%d" % lid]], 0, None, None)
        rpc.model("stock.move", "write", moves, {"effective_date": day(o["order_date"])})
        rpc.model("stock.move", "do", moves)


def advance(rpc, pid, o):
    if o["status"] == "draft":
        return
    if o["status"] == "cancelled":
        rpc.model("purchase.purchase", "cancel", [pid])
        return
    rpc.model("purchase.purchase", "quote", [pid])
    rpc.model("purchase.purchase", "confirm", [pid])
    rpc.model("purchase.purchase", "process", [pid])
    receive(rpc, pid, o)


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    password = sys.stdin.read() if sys.argv[3] == "-" else sys.argv[3]
    rpc = Rpc(sys.argv[1], sys.argv[2], password)
    orders = json.load(open(GOLDEN))["orders"]
    if rpc.model("purchase.purchase", "search", [["number", "=", orders[0]["number"]]], 0, 1, None):
        print("already seeded")
        return
    cid, eur = company(rpc)
    unit = one(rpc, "product.uom", [["symbol", "=", "u"]])["id"]
    supplier = rpc.model("party.party", "create", [{
        "name": orders[0]["supplier"]["name"], "addresses": [["create", [{"city": "Springfield"}]]]}])[0]
    env = {
        "company": cid, "currency": eur, "unit": unit, "supplier": supplier,
        "address": one(rpc, "party.address", [["party", "=", supplier]])["id"],
        "warehouse": one(rpc, "stock.location", [["type", "=", "warehouse"]])["id"],
        "products": products(rpc, orders, unit),
    }
    for o in orders:
        advance(rpc, create_order(rpc, o, env), o)
    print("seeded %d orders" % len(orders))


if __name__ == "__main__":
    main()
