#!/usr/bin/python3
"""po_fixture.py — fixture.py plus purchase orders: SAP S/4HANA (OData V2,
API_PURCHASEORDER_PROCESS_SRV) and Business Central (API v2.0) serving the golden
orders of tests/golden/purchase-orders.json in each system's own wire format.

Usage: as fixture.py (same options, same sign-ins: SAP user ALICE, the Microsoft
token endpoint for Business Central). Everything fixture.py answers still works.

    GET {prefix}/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder
        ?$expand=...&$top=N&$skip=M[&$filter=LastChangeDateTime ge datetimeoffset'...']
        server pages hold at most 2 orders (then "__next" with $skiptoken), or 1000 for
        the generated sets, like SAP Gateway's server-side paging
    GET {prefix}/v2.0/{tenant}/{env}/api/v2.0/companies
    GET {prefix}/v2.0/{tenant}/{env}/api/v2.0/companies({id})/purchaseOrders?$expand=purchaseOrderLines
        "Prefer: odata.maxpagesize=N" -> N a page and "@odata.nextLink" ($skiptoken)

{prefix} picks the data and the misbehaviour (the connection's address carries it):
    (none)              the golden orders
    /case/nNNNN         NNNN generated orders with 5 lines each (bench, memory)
    /case/nNNNNxTAG     the same; TAG (letters, digits) tells connections apart in --log
    /case/loop          the next-page link points back at the same page
    /case/otherhost     the next-page link points at 127.0.0.2 ($ONRAMP_T_OTHER's port)
    /case/endless       every page repeats the same orders under a new link
    /case/html          200 with an HTML error page
    /case/malformed     the page is cut off in the middle of the JSON
    /case/badfields     wrong types, huge numbers, a negative quantity, unknown status,
                        unknown currency and unit, one order repeated on page 2,
                        escape sequences in a supplier name (SAP)
    /case/forbidden     403 on the purchase orders (the sign-in check still passes)
    /case/ratelimit     the first page answers 429 with Retry-After: 1
    /case/redirect      302 to another host
    /case/leaky         SAP: the golden orders echoing credentials in their records (a
                        "Password" member, the sign-in password inside a note, a session
                        id), and PO-1003 with a 70 KB note (a source record too big to keep)

Wire-format facts (sources in tests/servers/README.md): SAP verbose JSON
{"d": {"results": [...], "__next"}}, "__metadata" with etag, "\\/Date(ms)\\/" with the
slashes escaped (and once not), decimals as strings with and without scale, "" and null
for empty values; Business Central {"@odata.context", "value", "@odata.nextLink"} with
numbers as JSON numbers.
"""
import datetime
import json
import os
import re
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fixture  # noqa: E402

GOLDEN = json.load(open(os.path.join(HERE, "..", "golden", "purchase-orders.json")))["orders"]
SAP_PO_PATH = "/sap/opu/odata/sap/%s/A_PurchaseOrder" % fixture.SAP_SERVICE
BC_ORDERS = re.compile(r"^/v2\.0/([^/]+)/([^/]+)/api/v2\.0/companies\(([^)]+)\)/purchaseOrders$")
UNITS = {"H87": ("PC", "PCS")}   # unified -> (SAP, Business Central)
PAGE_CACHE = {}   # request path -> body, for the generated sets only
STATIC_TIME = datetime.datetime(2026, 3, 5, 9, 30, tzinfo=datetime.timezone.utc)


def epoch_ms(day):
    d = datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.timezone.utc)
    return int(d.timestamp() * 1000)


GEN_LINES = [{"number": str(k + 1), "item": {"code": "ITEM-%d" % k, "name": "Item %d" % k},
              "description": "Item %d" % k, "quantity": "10", "unit": "H87", "unit_price": "1.50",
              "amount": "15.00", "received_quantity": "0"} for k in range(5)]


class Generated:
    """n orders of 5 lines, open, same supplier: for bench and memory runs. A
    sequence made on demand, so a page of the 100,000-order set costs its own
    orders only (iterating from the start cost O(n) a page, O(n^2) a read)."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.n))]
        if not 0 <= i < self.n:
            raise IndexError(i)
        return {"number": "PO-%06d" % (i + 1), "supplier": {"name": "Globex Supplies"}, "status": "open",
                "currency": "EUR", "order_date": "2026-03-02", "expected_date": "2026-03-16",
                "subtotal": "75.00", "tax": "0.00", "total": "75.00", "lines": GEN_LINES}


def generated(n):
    return Generated(n)


# ---- SAP S/4HANA ------------------------------------------------------------------------

def sap_status(o):
    """(PurchasingProcessingStatus, deletion code, held) for a unified status."""
    return {"draft": ("02", "", True), "open": ("05", "", False), "partially_received": ("05", "", False),
            "received": ("05", "", False), "cancelled": ("05", "L", False)}[o["status"]]


def sap_item(o, line, pos, base):
    src = line.get("_source", {})
    item = "%d" % (10 * pos)
    uri = "%s/A_PurchaseOrderItem(PurchaseOrder='%s',PurchaseOrderItem='%s')" % (base, o["number"], item)
    sched = [{"__metadata": {"type": "API_PURCHASEORDER_PROCESS_SRV.A_PurchaseOrderScheduleLineType"},
              "PurchasingDocument": o["number"], "PurchasingDocumentItem": item, "ScheduleLine": "1",
              "ScheduleLineDeliveryDate": "/Date(%d)/" % epoch_ms(o["expected_date"])}] if o["expected_date"] else []
    return {
        "__metadata": {"id": uri, "uri": uri, "type": "API_PURCHASEORDER_PROCESS_SRV.A_PurchaseOrderItemType",
                       "etag": "W/\"'%s'\"" % item},
        "PurchaseOrder": o["number"], "PurchaseOrderItem": item, "PurchaseOrderItemText": line["item"]["name"],
        "Material": line["item"]["code"], "Plant": "1010",
        # with and without scale, as S/4 and CAP send them
        "OrderQuantity": line["quantity"] + (".000" if pos == 1 else ""),
        "PurchaseOrderQuantityUnit": UNITS[line["unit"]][0],
        "NetPriceAmount": src.get("price", line["unit_price"]), "NetPriceQuantity": src.get("per", "1"),
        "DocumentCurrency": o["currency"],
        "IsCompletelyDelivered": line["received_quantity"] == line["quantity"],
        "IsFinallyInvoiced": False, "PurchasingDocumentDeletionCode": "" if pos == 1 else None,
        "to_ScheduleLine": {"results": sched},
    }


def sap_order(o, base):
    st, deletion, held = sap_status(o)
    uri = "%s/A_PurchaseOrder('%s')" % (base, o["number"])
    return {
        "__metadata": {"id": uri, "uri": uri, "type": "API_PURCHASEORDER_PROCESS_SRV.A_PurchaseOrderType",
                       "etag": "W/\"datetimeoffset'2026-03-05T09%3A30%3A00.0000000Z'\""},
        "PurchaseOrder": o["number"], "CompanyCode": "1010", "PurchaseOrderType": "NB",
        "PurchasingDocumentDeletionCode": deletion, "PurchasingProcessingStatus": st,
        "CreatedByUser": "ALICE", "CreationDate": "/Date(%d)/" % epoch_ms(o["order_date"]),
        "LastChangeDateTime": "/Date(%d+0000)/" % int(STATIC_TIME.timestamp() * 1000),
        "Supplier": "17300001", "AddressName": o["supplier"]["name"], "PaymentTerms": "0001",
        "PurchaseOrderDate": "/Date(%d)/" % epoch_ms(o["order_date"]), "DocumentCurrency": o["currency"],
        "ExchangeRate": "1.00000", "ReleaseIsNotCompleted": False, "PurchasingCompletenessStatus": held,
        "to_PurchaseOrderItem": {"results": [sap_item(o, l, i + 1, base) for i, l in enumerate(o["lines"])]},
    }


def sap_escape(text):
    """S/4 escapes the slashes of /Date()/ in JSON; CAP does not. The golden set gets
    both: every date escaped but the schedule lines'."""
    return re.sub(r'"(?!ScheduleLineDeliveryDate)(\w+)":"/Date\(([-+0-9]+)\)/"', r'"\1":"\\/Date(\2)\\/"', text)


def orders_for(case):
    m = re.match(r"^n(\d+)(?:x[a-z0-9]+)?$", case or "")
    return generated(int(m.group(1))) if m else GOLDEN


def since_filter(filt):
    m = re.search(r"(?:LastChangeDateTime|lastModifiedDateTime) ge (?:datetimeoffset')?([0-9T:Z.-]+)", filt or "")
    if not m:
        return None
    return datetime.datetime.fromisoformat(m.group(1).replace("Z", "+00:00"))


class POHandler(fixture.Handler):
    # Headers and body go out in two writes; with Nagle on, the second
    # waits for the client's delayed ACK (40 ms on Linux) whenever it is
    # small. Real servers do not stall like that, and the bench measures
    # the client, so the fixture answers at once.
    disable_nagle_algorithm = True

    def dispatch(self):
        url = urllib.parse.urlsplit(self.path)
        m = re.match(r"^/case/([a-z0-9]+)(/.*)$", url.path)
        self.case = m.group(1) if m else ""
        path = m.group(2) if m else url.path
        if path == SAP_PO_PATH or BC_ORDERS.match(path):
            self.body = self.read_body()
            self.log_request_record(self.body)  # the path as asked for, case and all
        if m:  # the rest of fixture.py sees the path without the case
            self.path = path + ("?" + url.query if url.query else "")
        if path == SAP_PO_PATH or BC_ORDERS.match(path):
            self.url_path = path
            self.query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            try:
                return self.sap_orders() if path == SAP_PO_PATH else self.bc_orders(BC_ORDERS.match(path))
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
                return None
        return super().dispatch()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = dispatch

    def prefix_url(self):
        return self.base_url() + ("/case/" + self.case if self.case else "")

    def arg(self, name, default=None):
        return (self.query.get(name) or [default])[0]

    def misbehave(self):
        """The answers that are the same for both systems; True when one was sent."""
        c = self.case
        if c == "forbidden":
            return self.send(403, fixture.sap_error_xml("/IWFND/CM_CONSUMER/101", "No authorization"),
                             "application/xml;charset=utf-8") or True
        if c == "html":
            return self.send(200, "<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>",
                             "text/html") or True
        if c == "redirect":
            return self.send(302, "", headers=[("Location", "http://127.0.0.2/elsewhere")]) or True
        if c == "ratelimit" and not getattr(POHandler, "limited", False):
            POHandler.limited = True
            return self.send(429, "slow down", headers=[("Retry-After", "1")]) or True
        return False

    def page_of(self, orders, start, size):
        """([(index, order)...], more): orders[start:start+size] and whether
        any follow; orders is a list or a Generated set."""
        page = [(i, orders[i]) for i in range(start, min(start + size, len(orders)))]
        return page, start + size < len(orders)

    def link(self, path, params):
        return self.prefix_url() + path + "?" + urllib.parse.urlencode(params, safe="$(),'")

    # ---- SAP ----
    def sap_authorized(self):
        auth = self.headers.get("Authorization", "")
        import base64
        try:
            user, _, pw = base64.b64decode(auth[6:].strip()).decode().partition(":")
        except Exception:  # noqa: BLE001 - any junk is a failed sign-in
            user = pw = ""
        client = self.headers.get("sap-client") or self.arg("sap-client") or fixture.SAP_DEFAULT_CLIENT
        return (auth[:6].lower() == "basic " and fixture.SAP_USERS.get(user.upper()) == "authorized"
                and pw == fixture.SAP_PASSWORD and client == fixture.SAP_CLIENT)

    def cached(self, ctype):
        with fixture.STATE_LOCK:
            body = PAGE_CACHE.get((self.case, self.path))
        return body is not None and (self.send(200, body, ctype) or True)

    def sap_orders(self):
        if not self.sap_authorized():
            return self.send(401, "", headers=[("WWW-Authenticate", 'Basic realm="SAP"')])
        if self.cached("application/json;charset=utf-8"):
            return None
        if self.misbehave():
            return None
        big = self.case.startswith("n")
        top = int(self.arg("$top", "1000"))
        skip = int(self.arg("$skip", "0"))
        token = int(self.arg("$skiptoken", "0"))
        server_max = 1000 if big else 2
        start = skip + (0 if self.case == "endless" else token)
        size = min(top - token, server_max) if top > token else 0
        since = since_filter(self.arg("$filter"))
        orders = orders_for(self.case)
        if since and since > STATIC_TIME:
            orders = []
        base = self.prefix_url() + "/sap/opu/odata/sap/" + fixture.SAP_SERVICE
        orders = orders if isinstance(orders, Generated) else list(orders)
        page, more = self.page_of(orders, start, size)
        if self.case == "badfields" and page and start > 0:  # the same order on two pages
            page.insert(0, (start - 1, orders[start - 1]))
        d = {"results": [sap_order(o, base) for _, o in page]}
        if self.case == "badfields":
            d["results"] = spoil_sap(d["results"])
        if self.case == "leaky":
            d["results"] = leak_sap(d["results"])
        params = {k: v[0] for k, v in self.query.items() if k != "$skiptoken"}
        nxt = None
        if (more or top - token > size) and len(page) == size and size and (top - token - size) > 0:
            params["$skiptoken"] = str(token + size)
            nxt = self.link(SAP_PO_PATH, params)
        nxt = self.bad_next(nxt, SAP_PO_PATH, params, token)
        if nxt:
            d["__next"] = nxt
        body = jdump({"d": d})
        if not big:
            body = sap_escape(body)
        return self.send_body(body, "application/json;charset=utf-8", [("dataserviceversion", "2.0")])

    def bad_next(self, nxt, path, params, token):
        c = self.case
        if c == "loop":  # this very page again
            return self.prefix_url() + self.path
        if c == "otherhost":
            port = int(os.environ.get("ONRAMP_T_OTHER") or self.server.server_address[1])
            return "http://127.0.0.2:%d%s?$skiptoken=2" % (port, path)
        if c == "endless":  # the same orders again, under a link that is always new
            params = dict(params, **{"$skiptoken": str(token + 1000), "$skip": "0"})
            return self.link(path, params)
        return nxt

    def send_body(self, body, ctype, headers):
        if self.case.startswith("n"):  # generated sets: the same page, rendered once (bench)
            with fixture.STATE_LOCK:
                PAGE_CACHE.setdefault((self.case, self.path), raw_numbers(body))
        if self.case == "malformed":
            body = body[: len(body) // 2]
        return self.send(200, raw_numbers(body), ctype, headers)

    # ---- Business Central ----
    def bc_orders(self, m):
        tenant, env, company = (urllib.parse.unquote(x) for x in m.groups())
        auth = self.headers.get("Authorization", "")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        with fixture.STATE_LOCK:
            ok = token in fixture.ISSUED_TOKENS
        if not ok or tenant not in fixture.MS_TENANT_NAMES or env.lower() not in fixture.BC_ENVIRONMENTS:
            return self.send_json(401, {"error": {"code": "Authentication_InvalidCredentials",
                                                  "message": "The server has rejected the client credentials."}})
        if company != fixture.BC_COMPANY_ID:
            return self.send_json(404, {"error": {"code": "BadRequest_NotFound",
                                                  "message": "The company was not found."}})
        if self.misbehave() or self.cached("application/json; odata.metadata=minimal"):
            return None
        pref = re.search(r"odata\.maxpagesize=(\d+)", self.headers.get("Prefer", ""))
        size = int(pref.group(1)) if pref else 20000
        token = int(self.arg("$skiptoken", "0"))
        orders = orders_for(self.case)
        if since_filter(self.arg("$filter")) and since_filter(self.arg("$filter")) > STATIC_TIME:
            orders = []
        elif not isinstance(orders, Generated):  # a generated set has no cancelled orders
            orders = [o for o in orders if o["status"] != "cancelled"]
        page, more = self.page_of(orders, 0 if self.case == "endless" else token, size)
        if self.case == "badfields" and page and token > 0:
            page.insert(0, (token - 1, orders[token - 1]))
        params = {k: v[0] for k, v in self.query.items() if k != "$skiptoken"}
        params["$skiptoken"] = str(token + size)
        nxt = self.link(self.url_path, params) if more else None
        nxt = self.bad_next(nxt, self.url_path, {k: v for k, v in params.items() if k != "$skiptoken"}, token)
        base = "https://api.businesscentral.dynamics.com/v2.0/%s/%s/api/v2.0" % (tenant, env)
        generated_set = isinstance(orders, Generated)
        doc = {"@odata.context": base + "/$metadata#companies(%s)/purchaseOrders" % company,
               "value": GEN_VALUE if generated_set else [bc_order(o, i) for i, o in page]}
        if self.case == "badfields":
            doc["value"] = spoil_bc(doc["value"])
        if nxt:
            doc["@odata.nextLink"] = nxt
        body = jdump(doc)
        if generated_set:
            body = body.replace('"%s"' % GEN_VALUE, "[" + ",".join(bc_generated(i) for i, _ in page) + "]")
        return self.send_body(body,
                              "application/json; odata.metadata=minimal; odata.streaming=true",
                              [("OData-Version", "4.0")])


def bc_order(o, i):
    """Business Central's purchaseOrder; amounts as JSON numbers (raw text kept)."""
    oid = "%08x-0000-4000-8000-%012x" % (0x5b2d0000, i + 1)
    lines = []
    for k, l in enumerate(o["lines"]):
        lines.append({
            "id": "%08x-0000-4000-9000-%012x" % (0x6c3e0000 + k, i + 1), "documentId": oid,
            "sequence": 10000 * (k + 1), "itemId": "00000000-0000-0000-0000-00000000000%d" % (k + 1),
            "accountId": "00000000-0000-0000-0000-000000000000", "lineType": "Item",
            "lineObjectNumber": l["item"]["code"], "description": l["description"], "description2": "",
            "unitOfMeasureId": "00000000-0000-0000-0000-000000000000",
            "unitOfMeasureCode": UNITS[l["unit"]][1],
            "quantity": Raw(l["quantity"]), "directUnitCost": Raw(l["unit_price"]), "discountAmount": Raw("0"),
            "discountPercent": Raw("0"), "discountAppliedBeforeTax": False,
            "amountExcludingTax": Raw(l["amount"]), "taxCode": "", "taxPercent": Raw("0"),
            "totalTaxAmount": Raw("0"), "amountIncludingTax": Raw(l["amount"]),
            "expectedReceiptDate": o["expected_date"] or "0001-01-01",
            "receivedQuantity": Raw(l["received_quantity"]), "invoicedQuantity": Raw("0"),
            "invoiceQuantity": Raw("0"), "receiveQuantity": Raw("0"), "itemVariantId": None,
            "locationId": "00000000-0000-0000-0000-000000000000",
        })
    status = {"draft": "Draft", "submitted": "In Review"}.get(o["status"], "Open")
    return {
        "@odata.etag": "W/\"JzE5OzEyMzQ1Njc4OTAxMjM0NTY3ODkxOzAwOyc=\"",
        "id": oid, "number": o["number"], "orderDate": o["order_date"], "postingDate": o["order_date"],
        "vendorId": "3f8a0000-0000-4000-8000-000000000001", "vendorNumber": "20000",
        "vendorName": o["supplier"]["name"], "payToName": o["supplier"]["name"],
        "payToVendorId": "3f8a0000-0000-4000-8000-000000000001", "payToVendorNumber": "20000",
        "shipToName": "CRONUS USA, Inc.", "shipToContact": "", "buyFromAddressLine1": "", "buyFromCity": "",
        "currencyId": "00000000-0000-0000-0000-000000000000", "currencyCode": o["currency"],
        "pricesIncludeTax": False, "paymentTermsId": "00000000-0000-0000-0000-000000000000",
        "shipmentMethodId": "00000000-0000-0000-0000-000000000000", "purchaser": "",
        "requestedReceiptDate": o["expected_date"] or "0001-01-01", "discountAmount": Raw("0"),
        "discountAppliedBeforeTax": True, "totalAmountExcludingTax": Raw(o["subtotal"]),
        "totalTaxAmount": Raw(o["tax"]), "totalAmountIncludingTax": Raw(o["total"]),
        "fullyReceived": o["status"] == "received", "status": status,
        "lastModifiedDateTime": STATIC_TIME.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "purchaseOrderLines": lines,
    }


GEN_VALUE = "@@generated-orders@@"
BC_GEN_TEMPLATE = []


def bc_generated(i):
    """bc_order(generated order i, i) as JSON text, from a template made once: the
    100,000-order set renders in seconds, not minutes. Only the number and the
    ids that count the order differ from one generated order to the next."""
    if not BC_GEN_TEMPLATE:
        text = raw_numbers(jdump(bc_order(Generated(1)[0], 0))).replace("%", "%%")
        for old, new in (("5b2d0000-0000-4000-8000-000000000001", "5b2d0000-0000-4000-8000-%(id)s"),
                         ("-4000-9000-000000000001", "-4000-9000-%(id)s"), ("PO-000001", "PO-%(num)s")):
            assert old in text
            text = text.replace(old, new)
        BC_GEN_TEMPLATE.append(text)
    return BC_GEN_TEMPLATE[0] % {"id": "%012x" % (i + 1), "num": "%06d" % (i + 1)}


class Raw(str):
    """A number to write as JSON digits exactly as given, never through a float."""


RAW_MARK = "@@raw@@"


def raw_numbers(text):
    return re.sub(r'"%s([-+0-9.eE]+)"' % RAW_MARK, r"\1", text)


def jdump(obj):
    def conv(o):
        if isinstance(o, Raw):
            return RAW_MARK + o
        if isinstance(o, dict):
            return {k: conv(v) for k, v in o.items()}
        if isinstance(o, list):
            return [conv(v) for v in o]
        return o
    return json.dumps(conv(obj), separators=(",", ":"))


def spoil_sap(results):
    """badfields: wrong types, too many digits, a negative quantity, unknown codes,
    each on one golden order wherever it appears."""
    for o in results:
        items = o["to_PurchaseOrderItem"]["results"]
        if o["PurchaseOrder"] == "PO-1001":
            o["DocumentCurrency"] = "XYZ"
            o["PurchasingProcessingStatus"] = "99"
            items[0]["OrderQuantity"] = {"unexpected": "object"}
            items[0]["PurchaseOrderQuantityUnit"] = "ZZZ"
        if o["PurchaseOrder"] == "PO-1002":
            items[0]["NetPriceAmount"] = "1234567890123456789012345678901"
            items[1]["OrderQuantity"] = "-5"
        if o["PurchaseOrder"] == "PO-1003":
            items[0]["NetPriceAmount"], items[0]["OrderQuantity"], items[0]["NetPriceQuantity"] = \
                "99999999999999.99", "1", "1"
            # a hostile name: a terminal title change and a screen clear
            o["AddressName"] = "\x1b]0;owned\x07Globex\x1b[2J Supplies"
    return results


def leak_sap(results):
    """leaky: a misconfigured gateway that echoes secrets inside its records; what
    onramp keeps of a record (remote_data) must hold none of them."""
    for o in results:
        o["Password"] = fixture.SAP_PASSWORD
        o["YY1_Note_PDH"] = "created by ALICE/" + fixture.SAP_PASSWORD + " via RFC"
        o["SAP__SessionId"] = "SAP_SESSIONID_S4H_100=fixture-session"
        if o["PurchaseOrder"] == "PO-1003":
            o["YY1_LongText_PDH"] = "x" * 70000
    return results


def spoil_bc(value):
    for o in value:
        lines = o["purchaseOrderLines"]
        if o["number"] == "PO-1001":
            o["currencyCode"] = "XYZ"
            o["status"] = "Weird"
            lines[0]["quantity"] = {"unexpected": "object"}
            lines[0]["unitOfMeasureCode"] = "ZZZ"
        if o["number"] == "PO-1002":
            lines[0]["directUnitCost"] = Raw("1234567890123456789012345678901")
            lines[1]["quantity"] = Raw("-5")
            o["totalAmountExcludingTax"] = Raw("99999999999999.99")
    return value


if __name__ == "__main__":
    fixture.Handler = POHandler
    fixture.main()
