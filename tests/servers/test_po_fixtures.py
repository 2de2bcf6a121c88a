#!/usr/bin/python3
"""The purchase-order fixtures (po/) read back by a plain client: each system,
signed in the way its catalog entry signs in, pages through the golden set and
a generated one, and the hostile cases answer as they say. TAP, ending with
"N passed, N failed". Needs ONRAMP_T_HTTP (tests/lib/servers.sh) or --port."""
import base64
import hashlib
import hmac
import http.client
import json
import os
import secrets
import sys
import time
import urllib.parse

PORT = int(sys.argv[sys.argv.index("--port") + 1]) if "--port" in sys.argv else int(os.environ["ONRAMP_T_HTTP"])
HOST = "127.0.0.1:%d" % PORT
RESULTS = [0, 0]


def ok(cond, name):
    RESULTS[0 if cond else 1] += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", sum(RESULTS), name))


def call(method, path, headers=None, body=None):
    conn = http.client.HTTPConnection(HOST, timeout=30)
    data = body if body is None or isinstance(body, bytes) else body.encode()
    conn.request(method, path, data, headers or {})
    r = conn.getresponse()
    text = r.read().decode("utf-8", "replace")
    conn.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), text


def jcall(method, path, headers=None, body=None):
    status, hdrs, text = call(method, path, headers, body)
    return status, hdrs, json.loads(text)


def rel(url):
    """The path and query of an absolute URL on our host (or None for another host)."""
    u = urllib.parse.urlsplit(url)
    if u.netloc and u.netloc != HOST:
        return None
    return u.path + ("?" + u.query if u.query else "")


# ---- one reader per system: mount -> list of (number, total) ----

def netsuite_auth(method, path):
    enc = lambda v: urllib.parse.quote(v, safe="-._~")  # noqa: E731
    u = urllib.parse.urlsplit(path)
    params = {"oauth_consumer_key": "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
              "oauth_token": "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
              "oauth_signature_method": "HMAC-SHA256", "oauth_timestamp": str(int(time.time())),
              "oauth_nonce": secrets.token_hex(10), "oauth_version": "1.0"}
    pairs = urllib.parse.parse_qsl(u.query, keep_blank_values=True) + list(params.items())
    norm = "&".join("%s=%s" % kv for kv in sorted((enc(k), enc(v)) for k, v in pairs))
    base = "&".join([method, enc("http://%s%s" % (HOST, u.path)), enc(norm)])
    key = enc("d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5") + "&" + \
        enc("c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295")
    params["oauth_signature"] = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha256).digest()).decode()
    return {"Authorization": 'OAuth realm="1234567_SB1", ' + ", ".join('%s="%s"' % (k, enc(v)) for k, v in params.items())}


def read_netsuite(m):
    out, path = [], m + "/services/rest/record/v1/purchaseOrder?limit=2"
    while path:
        status, _, page = jcall("GET", path, netsuite_auth("GET", path))
        for it in page["items"]:
            p = rel(it["links"][0]["href"]) + "?expandSubResources=true"
            _, _, rec = jcall("GET", p, netsuite_auth("GET", p))
            out.append((rec["tranId"], str(rec["total"]), len(rec["item"]["items"])))
        nxt = [x["href"] for x in page["links"] if x["rel"] == "next"]
        path = rel(nxt[0]) if nxt else None
    return out


def read_b1(m):
    _, _, login = jcall("POST", m + "/b1s/v1/Login", {"Content-Type": "application/json"},
                        json.dumps({"CompanyDB": "SBODEMOUS", "UserName": "manager", "Password": "B1-Fixture!"}))
    cookie = "B1SESSION=" + login["SessionId"]
    out = []
    for path in ("/b1s/v1/PurchaseOrders", "/b1s/v1/Drafts?$filter=DocObjectCode%20eq%20'oPurchaseOrders'"):
        path = m + path
        while path:
            _, _, page = jcall("GET", path, {"Cookie": cookie, "Prefer": "odata.maxpagesize=2"})
            out += [(d["DocNum"], str(d["DocTotal"]), len(d["DocumentLines"])) for d in page["value"]]
            nxt = page.get("odata.nextLink")
            path = m + "/b1s/v1/" + nxt if nxt else None
    return out


def odoo(m, model, domain, kw):
    body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "service": "object", "method": "execute_kw",
        "args": ["odoo_test", 2, "Odoo-Adm1n!", model, "search_read", [domain], kw]}}
    return jcall("POST", m + "/jsonrpc", {"Content-Type": "application/json"}, json.dumps(body))[2]


def read_odoo(m):
    out, offset = [], 0
    while True:
        rows = odoo(m, "purchase.order", [], {"offset": offset, "limit": 2})["result"]
        lines = odoo(m, "purchase.order.line", [["order_id", "in", [r["id"] for r in rows]]], {})["result"]
        out += [(r["name"], str(r["amount_total"]), sum(1 for x in lines if x["order_id"][0] == r["id"])) for r in rows]
        if len(rows) < 2:
            return out
        offset += 2


def fo_token(m):
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": "aaaaaaaa-0000-0000-0000-000000000001",
                                   "client_secret": "Fixture~Secret.1", "scope": "http://%s%s/.default" % (HOST, m)})
    return jcall("POST", "/contoso.onmicrosoft.com/oauth2/v2.0/token",
                 {"Content-Type": "application/x-www-form-urlencoded"}, form)[2]["access_token"]


def read_fo(m):
    auth = {"Authorization": "Bearer " + fo_token(m), "Prefer": "odata.maxpagesize=2"}
    out, path = [], m + "/data/PurchaseOrderHeadersV2?cross-company=true"
    while path:
        _, _, page = jcall("GET", path, auth)
        flt = " or ".join("PurchaseOrderNumber eq '%s'" % h["PurchaseOrderNumber"] for h in page["value"])
        lpath = m + "/data/PurchaseOrderLinesV2?cross-company=true&$filter=" + urllib.parse.quote(flt)
        lines = []
        while lpath:
            _, _, lp = jcall("GET", lpath, auth)
            lines += lp["value"]
            lpath = rel(lp["@odata.nextLink"]) if "@odata.nextLink" in lp else None
        for h in page["value"]:
            mine = [x for x in lines if x["PurchaseOrderNumber"] == h["PurchaseOrderNumber"]]
            out.append((h["PurchaseOrderNumber"], "%.2f" % sum(x["LineAmount"] for x in mine), len(mine)))
        path = rel(page["@odata.nextLink"]) if "@odata.nextLink" in page else None
    return out


def read_maximo(m):
    out, path = [], m + "/maximo/api/os/mxapipo?lean=1&oslc.select=*&oslc.pageSize=2"
    while path:
        _, _, page = jcall("GET", path, {"apikey": "fixture-maximo-key-123"})
        out += [(r["ponum"], str(r["totalcost"]), len(r["poline"])) for r in page["member"]]
        nxt = page["responseInfo"].get("nextPage")
        path = rel(nxt["href"]) if nxt else None
    return out


def read_erpnext(m):
    auth = {"Authorization": "token fixture-key:fixture-secret"}
    out, start = [], 0
    while True:
        _, _, page = jcall("GET", m + "/api/resource/Purchase%%20Order?limit_start=%d&limit_page_length=2" % start, auth)
        for row in page["data"]:
            _, _, doc = jcall("GET", m + "/api/resource/Purchase%20Order/" + urllib.parse.quote(row["name"]), auth)
            out.append((doc["data"]["name"], str(doc["data"]["grand_total"]), len(doc["data"]["items"])))
        if len(page["data"]) < 2:
            return out
        start += 2


def read_acumatica(m):
    form = urllib.parse.urlencode({"grant_type": "password", "client_id": "0A1B2C3D-0000-4000-8000-000000000001@Company",
                                   "client_secret": "Acu-Fixture-Secret", "username": "admin",
                                   "password": "Acu-Pa55!", "scope": "api"})
    token = jcall("POST", m + "/identity/connect/token", {"Content-Type": "application/x-www-form-urlencoded"},
                  form)[2]["access_token"]
    out, skip = [], 0
    while True:
        _, _, rows = jcall("GET", m + "/entity/Default/24.200.001/PurchaseOrder?$expand=Details&$top=2&$skip=%d" % skip,
                           {"Authorization": "Bearer " + token})
        out += [(r["OrderNbr"]["value"], str(r["OrderTotal"]["value"]), len(r["Details"])) for r in rows]
        if len(rows) < 2:
            return out
        skip += 2


def read_oracle(m):
    auth = {"Authorization": "Basic " + base64.b64encode(b"calvin.roth:Fusion-Pa55!").decode()}
    out, offset = [], 0
    while True:
        _, _, page = jcall("GET", m + "/fscmRestApi/resources/11.13.18.05/purchaseOrders?expand=lines&limit=2&offset=%d"
                           % offset, auth)
        out += [(r["OrderNumber"], str(r["Total"]), len(r["lines"])) for r in page["items"]]
        if not page["hasMore"]:
            return out
        offset += 2


READERS = [("netsuite", read_netsuite), ("b1", read_b1), ("odoo", read_odoo), ("fo", read_fo),
           ("maximo", read_maximo), ("erpnext", read_erpnext), ("acumatica", read_acumatica),
           ("oracle", read_oracle)]


def main():
    for name, reader in READERS:
        golden = sorted(reader(""), key=lambda r: str(r[0]))
        ok([(str(t), n) for _, t, n in golden] in ([("25.00", 1), ("170.00", 2), ("35.00", 1)],
                                                   [("25.0", 1), ("170.0", 2), ("35.0", 1)]),
           "%s: the golden orders, totals and line counts (%s)" % (name, golden))
        many = reader("/_po/n=7,lines=3,t=%s" % name)
        ok(len(many) == 7 and len({r[0] for r in many}) == 7 and all(r[2] == 3 for r in many),
           "%s: 7 generated orders over pages of 2, each once" % name)
        dup = reader("/_po/n=5,case=dup,t=%s" % name)
        ok(len(dup) > 5 and len({r[0] for r in dup}) == 5, "%s: case=dup repeats a record on the next page" % name)
    status, hdrs, _ = call("GET", "/_po/case=429,t=x/maximo/api/os/mxapipo?lean=1", {"apikey": "fixture-maximo-key-123"})
    ok(status == 429 and hdrs.get("retry-after") == "1", "429 with Retry-After first")
    status, _, _ = call("GET", "/_po/case=429,t=x/maximo/api/os/mxapipo?lean=1", {"apikey": "fixture-maximo-key-123"})
    ok(status == 200, "then 200")
    status, hdrs, _ = call("GET", "/_po/case=html/maximo/api/os/mxapipo?lean=1", {"apikey": "fixture-maximo-key-123"})
    ok(status == 502 and hdrs["content-type"].startswith("text/html"), "case=html: an HTML error page")
    status, _, text = call("GET", "/_po/case=malformed/maximo/api/os/mxapipo?lean=1", {"apikey": "fixture-maximo-key-123"})
    ok(status == 200 and not valid_json(text), "case=malformed: 200 with broken JSON")
    status, _, body = jcall("GET", "/_po/case=403/maximo/api/os/mxapipo?lean=1", {"apikey": "fixture-maximo-key-123"})
    ok(status == 403 and body["Error"]["reasonCode"] == "BMXAA9051E", "case=403: Maximo's own envelope")
    _, _, page = jcall("GET", "/_po/case=otherhost/maximo/api/os/mxapipo?lean=1&oslc.pageSize=1",
                       {"apikey": "fixture-maximo-key-123"})
    ok(rel(page["responseInfo"]["nextPage"]["href"]) is None, "case=otherhost: next page on another host")
    _, _, page = jcall("GET", "/_po/case=loop/maximo/api/os/mxapipo?lean=1&oslc.pageSize=1&pageno=1",
                       {"apikey": "fixture-maximo-key-123"})
    ok("pageno=1" in page["responseInfo"]["nextPage"]["href"], "case=loop: the next page is this page")
    _, _, page = jcall("GET", "/_po/case=endless/maximo/api/os/mxapipo?lean=1&oslc.pageSize=5&pageno=9999",
                       {"apikey": "fixture-maximo-key-123"})
    ok(len(page["member"]) == 5 and "nextPage" in page["responseInfo"], "case=endless: page 9999 still has a next")
    for i in range(4):
        status, _, _ = call("GET", "/_po/n=4/services/rest/record/v1/purchaseOrder/10%d" % (i + 1),
                            netsuite_auth("GET", "/_po/n=4/services/rest/record/v1/purchaseOrder/10%d" % (i + 1)))
    _, _, stats = jcall("GET", "/_po/n=4/_stats")
    ok(stats["inflight_most"] >= 1, "/_stats counts NetSuite record reads in flight")
    print("%d passed, %d failed" % tuple(RESULTS))
    return 1 if RESULTS[1] else 0


def valid_json(text):
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


if __name__ == "__main__":
    sys.exit(main())
