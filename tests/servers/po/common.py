"""The orders every purchase-order fixture serves, paging, and hostile cases.

An order here is system-neutral; each system module renders it in its own
wire format. Amounts are decimal strings computed with decimal.Decimal, so
the fixtures never round through floats either.
"""
import json
import os
import re
import threading
from decimal import Decimal

GOLDEN_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "golden", "purchase-orders.json")
STATE_OF = {"draft": "draft", "partially_received": "partial", "cancelled": "cancelled"}
UNIT_NAMES = {"H87": "Unit"}  # Rec 20 code -> the unit name the fixtures send


def golden():
    """The golden orders (tests/golden/purchase-orders.json, the unified output
    every reader must give) back in system-neutral form. "price" is per "per"
    units, as a source shows it (the golden file's _source says where that
    differs from the unit price); created/updated are made up (not compared)."""
    with open(GOLDEN_FILE) as f:
        data = json.load(f)
    out = []
    for key, o in enumerate(data["orders"], 1):
        lines = []
        for x in o["lines"]:
            src = x.get("_source", {})
            lines.append({"code": x["item"]["code"], "name": x["item"]["name"], "qty": x["quantity"],
                          "unit": UNIT_NAMES.get(x["unit"], x["unit"]), "price": src.get("price", x["unit_price"]),
                          "per": src.get("per", "1"), "received": x["received_quantity"]})
        day = o["order_date"]
        out.append({"key": key, "number": o["number"], "state": STATE_OF[o["status"]], "currency": o["currency"],
                    "supplier": o["supplier"]["name"], "order_date": day, "expected_date": o["expected_date"],
                    "created": day + "T09:00:00Z", "updated": day + "T09:30:00Z", "tax": o["tax"],
                    "lines": lines})
    return out


GOLDEN = golden()
SUPPLIER = {"name": GOLDEN[0]["supplier"]}

STATES = ("draft", "partial", "cancelled")


def unit_price(line):
    """The price of one unit (1.20 per 10 -> 0.12), exact."""
    return str((Decimal(line["price"]) / Decimal(line["per"])).normalize())


def amount(line):
    return str((Decimal(line["qty"]) * Decimal(line["price"]) / Decimal(line["per"])).quantize(Decimal("0.01")))


def total(order):
    return str(sum((Decimal(amount(x)) for x in order["lines"]), Decimal("0.00")))


def generated(key, nlines):
    """Order number `key` of a generated set: the golden kinds in turn, nlines lines."""
    state = STATES[(key - 1) % 3]
    day = 1 + (key - 1) % 28
    lines = []
    for j in range(1, nlines + 1):
        qty = 10 * j
        lines.append({"code": "ITEM-%03d" % j, "name": "Item %d" % j, "qty": str(qty), "unit": "Unit",
                      "price": "%d.%02d" % (j, key % 100), "per": "1",
                      "received": str(qty) if state == "partial" and j == 1 else "0"})
    return {"key": key, "number": "PO-%06d" % key, "state": state, "currency": "EUR", "tax": "0.00",
            "supplier": SUPPLIER["name"], "order_date": "2026-02-%02d" % day, "expected_date": "2026-03-%02d" % day,
            "created": "2026-02-%02dT08:00:00Z" % day, "updated": "2026-02-%02dT08:00:00Z" % day,
            "lines": lines}


def when(day, suffix="", none=None):
    """day + suffix, or `none` (the system's own "no date") when there is no day."""
    return none if day is None else day + suffix


def count(opts):
    return int(opts.get("n", len(GOLDEN)))


def order(opts, key):
    """Order `key` (1-based) of the set the options choose, or None."""
    if opts.get("case") == "endless":
        return generated(key, int(opts.get("lines", 5))) if key >= 1 else None
    if "n" not in opts:
        return GOLDEN[key - 1] if 1 <= key <= len(GOLDEN) else None
    return generated(key, int(opts.get("lines", 5))) if 1 <= key <= count(opts) else None


def page(opts, start, size):
    """(orders on the page that starts at offset `start`, offset of the next page or None).

    Hostile cases: endless never ends; loop sends the same page as next; dup
    repeats the previous page's last order at the top of every later page."""
    case = opts.get("case")
    if case == "loop":
        start = 0
    keys = range(start + 1, start + size + 1)
    items = [o for o in (order(opts, k) for k in keys) if o is not None]
    if case == "dup" and start > 0 and items:
        items.insert(0, order(opts, start))
    more = case in ("endless", "loop") or start + size < count(opts)
    return items, ((start if case == "loop" else start + size) if more else None)


def page_size(opts, default):
    return max(1, int(opts.get("page", default)))


def other_host(h):
    """Where a hostile next link points: another host (the OTHER fixture in tests)."""
    return h.po_opts.get("to", "127.0.0.2:%d" % h.server.server_address[1])


_SEEN_429 = set()
_LOCK = threading.Lock()

HTML_PAGE = ("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
             "<body><h1>Bad Gateway</h1><p>The proxy server received an invalid response from an "
             "upstream server.</p></body></html>\n")


def hostile(h, forbidden):
    """Answers a list request the hostile way the options ask for; True if it did.

    forbidden(h) sends the system's own 403 answer."""
    case = h.po_opts.get("case")
    if case == "html":
        h.send(502, HTML_PAGE, "text/html; charset=utf-8")
        return True
    if case == "malformed":
        h.send(200, '{"value": [{"id": 1, "x": ', "application/json; charset=utf-8")
        return True
    if case == "403":
        forbidden(h)
        return True
    if case == "429":
        with _LOCK:
            first = (h.mount, h.path) not in _SEEN_429
            _SEEN_429.add((h.mount, h.path))
        if first:
            h.send(429, "Too Many Requests\n", "text/plain; charset=utf-8", [("Retry-After", "1")])
            return True
    return False


def qint(h, name, default):
    """An integer query parameter, or default when absent or not a number."""
    try:
        return int(h.query[name][0]) if name in h.query else default
    except ValueError:
        return default


def num(text):
    """A decimal that dumps() writes as a bare JSON number, digit for digit."""
    return "@%s@" % text


def dumps(obj):
    """json.dumps, with num() values as JSON numbers: the fixtures send exactly the
    digits a system would (25.0, 0.12, 1.20), never a float's rounding."""
    text = json.dumps(obj, separators=(",", ":"))
    return re.sub(r'"@(-?[0-9][0-9.eE+-]*)@"', r"\1", text)


_INFLIGHT = {}  # mount -> [now, most]


def track_inflight(h, step):
    """Counts requests in flight per mount, so a test can see how many ran at once."""
    with _LOCK:
        cur = _INFLIGHT.setdefault(h.mount, [0, 0])
        cur[0] += step
        cur[1] = max(cur[1], cur[0])


def inflight_most(mount):
    with _LOCK:
        return _INFLIGHT.get(mount, [0, 0])[1]


def by_number(opts, number):
    """The order whose number is `number` in the set the options choose, or None."""
    if "n" not in opts and opts.get("case") != "endless":
        return next((o for o in GOLDEN if o["number"] == number), None)
    try:
        return order(opts, int(number.split("-", 1)[1]))
    except (IndexError, ValueError):
        return None
