"""IBM Maximo Manage REST/JSON API, object structure MXAPIPO.

GET /maximo/api/os/mxapipo?lean=1&oslc.select=...&oslc.pageSize=N: records in
"member", the next page in responseInfo.nextPage.href (pageno=K); statuses
with status_maxvalue (the internal value sites cannot rename) and
status_description; lines in poline[]; dates ISO 8601 with an offset.
Sources: tests/servers/README.md, section IBM Maximo.
"""
import base64

from . import common

STATUS = {"draft": ("WAPPR", "WAPPR", "Waiting on Approval", "NONE"),
          "partial": ("APPR", "APPR", "Approved", "PARTIAL"),
          "cancelled": ("CANCELLED", "CAN", "Canceled", "NONE")}  # a site synonym for CAN
SITE = "BEDFORD"


def serve(h, prefix, error_body):
    """error_body: fixture.py's maximo_error, Maximo's error envelope."""
    def forbidden(hh):
        hh.send_json(403, error_body(
            "BMXAA9051E", "You do not have access to the requested resource. Contact your system "
            "administrator to request access to the application, object structure, or action.",
            403, hh.base_url()))
    if common.hostile(h, forbidden):
        return None
    size = common.page_size(h.po_opts, common.qint(h, "oslc.pageSize", 1000))
    pageno = max(1, common.qint(h, "pageno", 1))
    orders, nxt = common.page(h.po_opts, (pageno - 1) * size, size)
    base = h.base_url() + prefix
    info = {"href": base + "?" + query(h, pageno), "pagenum": pageno}
    if h.po_opts.get("case") != "endless":
        info["totalCount"] = common.count(h.po_opts)
        info["totalPages"] = max(1, -(-common.count(h.po_opts) // size))
    if nxt is not None:
        nbase = base
        if h.po_opts.get("case") == "otherhost":
            nbase = "http://%s%s%s" % (common.other_host(h), h.mount, prefix)
        info["nextPage"] = {"href": nbase + "?" + query(h, nxt // size + 1)}
    if pageno > 1:
        info["previousPage"] = {"href": base + "?" + query(h, pageno - 1)}
    body = {"member": [member(base, o) for o in orders], "href": base, "responseInfo": info}
    return h.send(200, common.dumps(body), "application/json; charset=utf-8")


def query(h, pageno):
    keep = [(k, v[0]) for k, v in sorted(h.query.items()) if k != "pageno"]
    return "&".join("%s=%s" % (k, v.replace(" ", "%20").replace('"', "%22")) for k, v in keep + [("pageno", str(pageno))])


def member(base, o):
    status, maxvalue, text, receipts = STATUS[o["state"]]
    ponum = o["number"]
    rid = base64.urlsafe_b64encode(("%s/%s/0" % (SITE, ponum)).encode()).decode().rstrip("=")
    return {"href": "%s/_%s" % (base, rid), "ponum": ponum, "revisionnum": 0, "siteid": SITE,
            "orgid": "EAGLENA", "description": "Fasteners", "status": status,
            "status_maxvalue": maxvalue, "status_description": text,
            "receipts": receipts, "receipts_description": receipts.title(),
            "vendor": "GLOBEX", "companies": {"name": common.SUPPLIER["name"]},
            "currencycode": o["currency"], "totalcost": common.num(common.total(o)),
            "totaltax1": common.num("0.0"),
            "orderdate": o["order_date"] + "T00:00:00+00:00",
            "requireddate": common.when(o["expected_date"], "T00:00:00+00:00"),
            "changedate": o["updated"].replace("Z", "+00:00"), "_rowstamp": str(9000 + o["key"]),
            "poline": [line(i, x) for i, x in enumerate(o["lines"], 1)]}


def line(i, x):
    return {"polinenum": i, "itemnum": x["code"], "description": x["name"],
            "orderqty": common.num(x["qty"]), "orderunit": x["unit"],
            "unitcost": common.num(common.unit_price(x)), "linecost": common.num(common.amount(x)),
            "receivedqty": common.num(x["received"]), "receiptscomplete": x["received"] == x["qty"]}
