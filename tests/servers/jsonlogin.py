"""jsonlogin.py: two JSON logins that answer with a session token, for fixture.py.

Sellercloud (https://{server}.api.sellercloud.com in production): POST
/rest/api/token with the JSON {"Username", "Password"} answers {"access_token",
"token_type": "Bearer", "username", "expires_in", ...}; GET /rest/api/Vendors
then takes "Authorization: Bearer <token>" (401 without a valid one). The
user nobody@example.com gets an answer without access_token; huge@example.com
a token of 20,000 characters (longer than any real one).

Anaplan (https://auth.anaplan.com and https://api.anaplan.com): POST
/token/authenticate with the user only in HTTP Basic answers {"status":
"SUCCESS", "tokenInfo": {"tokenValue", ...}}; GET /2/0/users/me takes
"Authorization: AnaplanAuthToken <token>" and names the user.

Prophet 21 (your P21 API server): POST /api/security/token/v2 with the JSON
{"username", "password"} answers {"AccessToken", "RefreshToken",
"ExpiresInSeconds", "TokenType": "Bearer"}; the OData service
(GET /odataservice/odata/table/supplier) then takes the bearer token.
"""
import base64
import binascii
import json
import secrets
import threading

SC_USER = "api.user@example.com"
SC_PASSWORD = "Seller-Pa55!"
AP_USER = "a.user@example.com"
AP_PASSWORD = "Anaplan-Pa55!"
P21_USER = "api_user"
P21_PASSWORD = "P21-Pa55!"

_lock = threading.Lock()
_tokens = {}  # token -> the scheme it was issued for


def _issue(scheme, n=48):
    t = "TOK" + scheme[0] + secrets.token_hex(n)  # tests look for "TOK" in traces
    with _lock:
        _tokens[t] = scheme
    return t


def _holds(h, scheme):
    auth = h.headers.get("Authorization", "")
    prefix = scheme + " "
    if auth[:len(prefix)].lower() != prefix.lower():
        return False
    with _lock:
        return _tokens.get(auth[len(prefix):].strip()) == scheme


def json_body(h):
    """The request's JSON body, or None when it is not JSON."""
    try:
        return json.loads(h.body.decode("utf-8", "replace") or "{}")
    except ValueError:
        return None


def sc_token(h):
    if h.command != "POST":
        return h.send(405, "")
    body = json_body(h)
    if not isinstance(body, dict) or "json" not in h.headers.get("Content-Type", ""):
        return h.send_json(400, {"Message": "The request is invalid."})
    user, password = body.get("Username"), body.get("Password")
    if user == "nobody@example.com" and password == SC_PASSWORD:
        return h.send_json(200, {"token_type": "Bearer", "username": user})
    if user == "huge@example.com" and password == SC_PASSWORD:
        return h.send_json(200, {"access_token": "h" * 20000, "token_type": "Bearer"})
    if user != SC_USER or password != SC_PASSWORD:
        return h.send_json(400, {"Message": "Invalid username or password."})
    return h.send_json(200, {"access_token": _issue("Bearer"), "token_type": "Bearer", "username": user,
                             "expires_in": 3600, ".issued": "2026-12-06T09:16:00", ".expires": "2026-12-06T10:16:00"})


def sc_vendors(h):
    if not _holds(h, "Bearer"):
        return h.send_json(401, {"Message": "Not Valid Token"})
    return h.send_json(200, {"Items": [{"ID": 1, "Name": "Acme Supply", "Email": "", "IsDefault": True}],
                             "TotalResults": 1})


def ap_authenticate(h):
    if h.command != "POST":
        return h.send(405, "")
    auth = h.headers.get("Authorization", "")
    try:
        user, _, password = base64.b64decode(auth[6:]).decode("utf-8").partition(":") \
            if auth[:6].lower() == "basic " else ("", "", "")
    except (binascii.Error, UnicodeDecodeError):
        user, password = "", ""
    if user != AP_USER or password != AP_PASSWORD:
        return h.send_json(401, {"status": "FAILURE_BAD_CREDENTIAL", "statusMessage": "Login failed"})
    return h.send_json(200, {"meta": {"validationUrl": "https://auth.anaplan.com/token/validate"},
                             "status": "SUCCESS", "statusMessage": "Login successful",
                             "tokenInfo": {"tokenId": "ce81e2ed-eec4-11e9-9750-6925ec1fee7f",
                                           "tokenValue": _issue("AnaplanAuthToken"), "expiresAt": 1571088565713,
                                           "refreshTokenId": "ce81e2ee-eec4-11e9-9750-adef4e60446f"}})


def ap_me(h):
    if not _holds(h, "AnaplanAuthToken"):
        return h.send_json(401, {"status": {"code": 401, "message": "Unauthorized"}})
    return h.send_json(200, {"meta": {"schema": "https://api.anaplan.com/2/0/objects/user"},
                             "user": {"id": "8a8b844a477d5da70147d150ee080b17", "active": True, "email": AP_USER,
                                      "firstName": "A", "lastName": "User"},
                             "status": {"code": 200, "message": "Success"}})


def p21_token(h):
    if h.command != "POST":
        return h.send(405, "")
    body = json_body(h)
    if not isinstance(body, dict) or body.get("username") != P21_USER or body.get("password") != P21_PASSWORD:
        return h.send_json(401, {"ErrorMessage": "Invalid username or password.", "ErrorType": "Unauthorized"})
    return h.send_json(200, {"AccessToken": _issue("Bearer"), "RefreshToken": secrets.token_hex(16),
                             "ExpiresInSeconds": 86400, "TokenType": "Bearer"})


def p21_suppliers(h):
    if not _holds(h, "Bearer"):
        return h.send_json(401, {"ErrorMessage": "Unauthorized"})
    return h.send_json(200, {"value": [{"supplier_id": 10001, "supplier_name": "Acme Bearings"}]})


def dispatch(h, p):
    """Answers p when it is one of these logins' paths; None otherwise."""
    routes = {"/rest/api/token": sc_token, "/rest/api/Vendors": sc_vendors,
              "/token/authenticate": ap_authenticate, "/2/0/users/me": ap_me,
              "/api/security/token/v2": p21_token, "/odataservice/odata/table/supplier": p21_suppliers}
    if p in routes:
        return routes[p](h) or True
    return None
