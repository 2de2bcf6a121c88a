"""NetSuite REST record service, record type purchaseOrder.

The list holds ids and self links only (limit/offset paging, links rel=next);
each order is read with GET .../purchaseOrder/{id}?expandSubResources=true,
where the lines come inline in item.items[]. Numbers are JSON numbers, the
currency a name ("Euro"), statuses both a letter (orderStatus) and a text.
Sources: tests/servers/README.md, section NetSuite.
"""
import time

from . import common

BASE = "/services/rest/record/v1/purchaseOrder"
DEFAULT_LIMIT = 1000  # "the default setting of 1000 results per page"
CURRENCY_NAMES = {"EUR": ("1", "Euro")}
# orderStatus letter and its text for each kind of order
STATUS = {"draft": ("A", "Pending Supervisor Approval"),
          "partial": ("D", "Partially Received"),
          "cancelled": ("H", "Closed")}
APPROVAL = {"draft": ("1", "Pending Approval"), "partial": ("2", "Approved"), "cancelled": ("2", "Approved")}
INTERNAL_ID_BASE = 100


def link(rel, href):
    return {"rel": rel, "href": href}


def host(h):
    if h.po_opts.get("case") == "otherhost":
        return "http://%s%s" % (common.other_host(h), h.mount)
    return h.base_url()


def forbidden(h):
    h.netsuite_error(403, "Forbidden", "INSUFFICIENT_PERMISSION",
                     "Permission Violation: You need  the 'Transactions -> Purchase Order' permission "
                     "to access this page. Please contact your account administrator.")


def serve(h):
    rest = h.url_path[len(BASE):].strip("/")
    if h.command != "GET":
        return h.netsuite_error(405, "Method Not Allowed", "INVALID_METHOD", "Method not allowed.")
    if not rest:
        return listing(h)
    return record(h, rest)


def listing(h):
    if common.hostile(h, forbidden):
        return None
    limit = common.qint(h, "limit", DEFAULT_LIMIT)
    offset = common.qint(h, "offset", 0)
    if limit < 1 or limit > 1000 or offset < 0:
        return h.netsuite_error(400, "Bad Request", "INVALID_PARAMETER",
                                "Invalid query parameter value. Limit must be between 1 and 1000.")
    orders, nxt = common.page(h.po_opts, offset, common.page_size(h.po_opts, limit))
    base = host(h) + BASE
    links = [link("self", "%s?limit=%d&offset=%d" % (h.base_url() + BASE, limit, offset))]
    if nxt is not None:
        links.insert(0, link("next", "%s?limit=%d&offset=%d" % (base, limit, nxt)))
    items = [{"links": [link("self", "%s/%d" % (base, INTERNAL_ID_BASE + o["key"]))],
              "id": str(INTERNAL_ID_BASE + o["key"])} for o in orders]
    total = common.count(h.po_opts) if h.po_opts.get("case") != "endless" else offset + 2 * limit
    return h.send_json(200, {"links": links, "count": len(items), "hasMore": nxt is not None,
                             "items": items, "offset": offset, "totalResults": total}, None,
                       "application/vnd.oracle.resource+json; type=collection; charset=UTF-8")


def record(h, rest):
    try:
        key = int(rest) - INTERNAL_ID_BASE
    except ValueError:
        key = 0
    o = common.order(h.po_opts, key)
    if o is None:
        return h.netsuite_error(404, "Not Found", "NONEXISTENT_ID",
                                "The record instance does not exist. Provide a valid record instance ID.")
    common.track_inflight(h, +1)
    try:
        time.sleep(int(h.po_opts.get("delay", "0")) / 1000.0)
        body = render(h, o, rest)
    finally:
        common.track_inflight(h, -1)
    return h.send(200, body, "application/vnd.oracle.resource+json; type=singular; charset=UTF-8")


def render(h, o, rest):
    base = h.base_url() + BASE
    expand = (h.query.get("expandSubResources") or ["false"])[0] == "true"
    letter, text = STATUS[o["state"]]
    cur_id, cur_name = CURRENCY_NAMES[o["currency"]]
    rec = {
        "links": [link("self", "%s/%s" % (base, rest))],
        "approvalStatus": {"id": APPROVAL[o["state"]][0], "refName": APPROVAL[o["state"]][1]},
        "createdDate": o["created"],
        "currency": {"links": [], "id": cur_id, "refName": cur_name},
        "dueDate": o["expected_date"],
        "entity": {"links": [link("self", h.base_url() + "/services/rest/record/v1/vendor/17")],
                   "id": "17", "refName": common.SUPPLIER["name"]},
        "exchangeRate": common.num("1.0"),
        "id": rest,
        "lastModifiedDate": o["updated"],
        "orderStatus": {"id": letter, "refName": text},
        "status": {"id": text, "refName": text},
        "subtotal": common.num(common.total(o)),
        "taxTotal": common.num(o["tax"]),
        "total": common.num(common.total(o)),
        "tranDate": o["order_date"],
        "tranId": o["number"],
    }
    rec = {k: v for k, v in rec.items() if v is not None}  # NetSuite leaves empty fields out
    lines = [line(i, x, o) for i, x in enumerate(o["lines"], 1)]
    if expand:
        rec["item"] = {"links": [link("self", "%s/%s/item" % (base, rest))], "count": len(lines),
                       "hasMore": False, "items": lines, "offset": 0, "totalResults": len(lines)}
    else:
        rec["item"] = {"links": [link("self", "%s/%s/item" % (base, rest))]}
    return common.dumps(rec)


def line(i, x, o):
    rec = {"links": [], "amount": common.num(common.amount(x)), "description": x["name"],
           "expectedReceiptDate": o["expected_date"], "isClosed": o["state"] == "cancelled",
            "item": {"links": [], "id": str(500 + i), "refName": x["code"]}, "line": i,
           "quantity": common.num(x["qty"]), "quantityBilled": common.num("0"),
           "quantityReceived": common.num(x["received"]),
           "rate": common.num(common.unit_price(x)), "units": x["unit"]}
    return {k: v for k, v in rec.items() if v is not None}
