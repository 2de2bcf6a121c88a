#!/usr/bin/python3
"""po_golden.py OUTPUT.json [--allow FIELD...]: compares `onramp orders --json`
output with tests/golden/purchase-orders.json, apart from the fields each
source has its own way (id, remote_id at every level, remote_status,
remote_data, display, created_at, updated_at). --allow names further
top-level fields a source cannot hold (documented per system in
docs/models/purchase-order.md). Prints the differences; exit 1 if any."""
import json
import os
import sys

OWN = {"id", "remote_id", "remote_status", "remote_data", "display", "created_at", "updated_at", "_source"}


def strip(v, allow):
    if isinstance(v, dict):
        return {k: strip(x, allow) for k, x in v.items() if k not in OWN and k not in allow}
    if isinstance(v, list):
        return [strip(x, allow) for x in v]
    return v


def main():
    allow = set(sys.argv[sys.argv.index("--allow") + 1:]) if "--allow" in sys.argv else set()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "purchase-orders.json")
    want = sorted(strip(json.load(open(root))["orders"], allow), key=lambda o: o["order_date"])
    try:
        got = sorted(strip(json.load(open(sys.argv[1])), allow), key=lambda o: str(o.get("order_date")))
    except (ValueError, OSError, TypeError, AttributeError) as e:
        print("not a JSON array of orders: %s" % e)
        return 1
    bad = 0
    for w, g in zip(want, got):
        for k in sorted(set(w) | set(g)):
            if w.get(k) != g.get(k):
                print("%s %s: want %s, got %s" % (w["number"], k, json.dumps(w.get(k)), json.dumps(g.get(k))))
                bad += 1
    if len(want) != len(got):
        print("want %d orders, got %d" % (len(want), len(got)))
        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
