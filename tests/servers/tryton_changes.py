#!/usr/bin/python3
"""tryton_changes.py — the sync test's changes to a real trytond 6.0, over JSON-RPC.

Usage: tryton_changes.py URL DATABASE setup|change|reference|one < password

  setup   the golden orders (tests/servers/tryton_seed.py) unless already there, plus
          PO-1005 and PO-1006 in draft; prints "setup done"
  change  one of each change a sync must see: PO-1004 added (draft), PO-1001 confirmed,
          PO-1005 cancelled, PO-1006 deleted; prints "changed"
  reference  PO-1005's reference becomes "REF-77", a field onramp reads but the model
          does not carry (the order's bytes change, its unified record does not);
          prints "changed reference"
  one     one field of one order: PO-1005's delivery date becomes 2031-07-15 (a sync
          must see it although every other field is as it was); prints "changed one"

The admin password comes on standard input, never on the command line.
"""
import copy
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tryton_seed as ts  # noqa: E402


def env_of(rpc, orders):
    """The company, supplier and products the seed made, found again."""
    cid = ts.one(rpc, "company.company", [])["id"]
    rpc.context = {"company": cid}
    unit = ts.one(rpc, "product.uom", [["symbol", "=", "u"]])["id"]
    supplier = ts.one(rpc, "party.party", [["name", "=", orders[0]["supplier"]["name"]]])["id"]
    products = {}
    for o in orders:
        for line in o["lines"]:
            code = line["item"]["code"]
            products[code] = ts.one(rpc, "product.product", [["code", "=", code]])["id"]
    return {
        "company": cid, "currency": ts.currency(rpc, "EUR"), "unit": unit, "supplier": supplier,
        "address": ts.one(rpc, "party.address", [["party", "=", supplier]])["id"],
        "warehouse": ts.one(rpc, "stock.location", [["type", "=", "warehouse"]])["id"],
        "products": products,
    }


def draft(rpc, env, template, number):
    o = copy.deepcopy(template)
    o["number"] = number
    return ts.create_order(rpc, o, env)


def order_id(rpc, number):
    return ts.one(rpc, "purchase.purchase", [["number", "=", number]])["id"]


def setup(rpc, orders):
    if not rpc.model("purchase.purchase", "search", [], 0, 1, None):
        cid, eur = ts.company(rpc)
        unit = ts.one(rpc, "product.uom", [["symbol", "=", "u"]])["id"]
        supplier = rpc.model("party.party", "create", [{
            "name": orders[0]["supplier"]["name"], "addresses": [["create", [{"city": "Springfield"}]]]}])[0]
        ts.products(rpc, orders, unit)
        env = env_of(rpc, orders)
        for o in orders:
            ts.advance(rpc, ts.create_order(rpc, o, env), o)
    env = env_of(rpc, orders)
    draft(rpc, env, orders[0], "PO-1005")
    draft(rpc, env, orders[0], "PO-1006")
    print("setup done")


def change(rpc, orders):
    env = env_of(rpc, orders)
    draft(rpc, env, orders[0], "PO-1004")
    p1 = order_id(rpc, "PO-1001")
    rpc.model("purchase.purchase", "quote", [p1])
    rpc.model("purchase.purchase", "confirm", [p1])
    rpc.model("purchase.purchase", "cancel", [order_id(rpc, "PO-1005")])
    rpc.model("purchase.purchase", "delete", [order_id(rpc, "PO-1006")])
    print("changed")


def reference(rpc, orders):
    rpc.model("purchase.purchase", "write", [order_id(rpc, "PO-1005")], {"reference": "REF-77"})
    print("changed reference")


def one_field(rpc, orders):
    rpc.model("purchase.purchase", "write", [order_id(rpc, "PO-1005")],
              {"delivery_date": {"__class__": "date", "year": 2031, "month": 7, "day": 15}})
    print("changed one")


def main():
    steps = {"setup": setup, "change": change, "reference": reference, "one": one_field}
    if len(sys.argv) != 4 or sys.argv[3] not in steps:
        raise SystemExit(__doc__)
    password = sys.stdin.readline().rstrip("\n")
    rpc = ts.Rpc(sys.argv[1], sys.argv[2], password)
    orders = json.load(open(ts.GOLDEN))["orders"]
    steps[sys.argv[3]](rpc, orders)


if __name__ == "__main__":
    main()
