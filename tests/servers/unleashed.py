"""unleashed.py: Unleashed's signed API, for fixture.py.

apidocs.unleashedsoftware.com, "Authentication": every request sends
api-auth-id (the API ID), api-auth-signature (base64 of the HMAC-SHA256 of
the query string, the part after '?', empty when there is none, keyed with
the API key), Accept and Content-Type (application/json or
application/xml) and client-type. A wrong signature is 403 Forbidden. Here:
GET /Customers/{page}?pageSize=N answers a page of customers.
"""
import base64
import hashlib
import hmac

API_ID = "6b36fd3c-0b5a-4f7b-9a61-2f3e3c1d9a01"
API_KEY = "Unleashed+Fixture/Key=="


def _signature(query):
    mac = hmac.new(API_KEY.encode(), query.encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def customers(h, query):
    # one Accept, exactly one of the two types (a list with q-values is not taken)
    if (h.headers.get_all("Accept") or [None]) not in (["application/json"], ["application/xml"]):
        return h.send(406, "Accept must be application/json or application/xml\n")
    if h.headers.get("api-auth-id") != API_ID or h.headers.get("api-auth-signature") != _signature(query):
        return h.send(403, "Forbidden\n")
    return h.send_json(200, {"Pagination": {"NumberOfItems": 1, "PageSize": 1, "PageNumber": 1, "NumberOfPages": 1},
                             "Items": [{"CustomerCode": "ACME", "CustomerName": "Acme Ltd"}]})


def dispatch(h, p):
    """Answers p when it is Unleashed's customer list; None otherwise."""
    if p.startswith("/Customers/"):
        query = h.path.split("?", 1)[1] if "?" in h.path else ""
        return customers(h, query) or True
    return None
