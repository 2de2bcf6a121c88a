#!/usr/bin/python3
"""fixture.py — one threaded HTTP(S) server standing in for systems that cannot run here.

Usage:
    fixture.py --port PORT [--host 127.0.0.1] [--cert C --key K] [--log FILE]

Prints the bound port on stdout line 1 (flushed) once it is listening; --port 0 picks a
free port. SIGTERM / SIGINT exit at once, even with clients stuck on the hostile
endpoints. --log FILE appends one JSON line per request:
    {"method", "path", "headers": {lower-cased name: value, ...}, "body"}
Headers are logged in full and unredacted, so tests can prove what did or did not arrive.

Standard library only; run it with Debian's /usr/bin/python3.

Fixed test credentials
----------------------
SAP OData (Basic), GET /sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/$metadata
    user ALICE   password Fixture-Pa55!   header sap-client: 100        -> 200 EDMX
    user NOAUTH  password Fixture-Pa55!   header sap-client: 100        -> 403 SAP XML error
    wrong user/password, or another client (no header = client 000)    -> 401 + Basic realm
    "x-csrf-token: Fetch" on a good GET                                 -> x-csrf-token: <random>
    POST/PUT/PATCH/DELETE without a fetched token                       -> 403 x-csrf-token: Required
Maximo, GET /maximo/api/whoami (also /maximo/oslc/whoami)
    header apikey: fixture-maximo-key-123                              -> 200 whoami JSON
ERPNext / Frappe, GET /api/method/frappe.auth.get_logged_user
    header Authorization: token fixture-key:fixture-secret             -> {"message": "alice@example.com"}
Stripe, GET /v1/balance
    header Authorization: Bearer sk_test_fixture                       -> 200 balance object
Microsoft identity platform, POST /{tenant}/oauth2/v2.0/token (client credentials)
    tenants   contoso.onmicrosoft.com, 11111111-2222-3333-4444-555555555555 (same directory)
    client    aaaaaaaa-0000-0000-0000-000000000001  secret Fixture~Secret.1   -> token
    client    aaaaaaaa-0000-0000-0000-000000000002  secret Fixture~Expired.2  -> AADSTS7000222
    scope     must end in /.default (e.g. https://api.businesscentral.dynamics.com/.default)
Business Central, GET /v2.0/{tenant}/{environment}/api/v2.0/companies
    Authorization: Bearer <access_token issued by the token endpoint above>
    environments: production, sandbox (case-insensitive)
SAP OData behind a proxy that drops x-csrf-token: the same, under /dispatcher-strips-csrf/sap/...
NetSuite REST web services, any GET under /services/rest/ (metadata-catalog answers 200)
    Authorization: OAuth realm="1234567_SB1", HMAC-SHA256 signature checked (RFC 5849) with
    consumer key/secret ef40afdd...b67e4 / d26ad321...e8b5, token id/secret 2b0ce516...f5cc /
    c29a677d...d295 (Oracle's published example values); timestamp within 300 s, nonce unused
                                                                        -> else 401 INVALID_LOGIN
SAP Business One Service Layer, POST /b1s/v1/Login {"CompanyDB","UserName","Password"}
    SBODEMOUS / manager / B1-Fixture!   -> 200 SessionId + cookies B1SESSION, ROUTEID
    other company -> 401 -304 "Fail to get DB Credentials from SLD"; wrong user/password ->
    401 100000027 "Login failed"; GET /b1s/v1/BusinessPartners|Items with the cookie -> 200
Acumatica, POST /identity/connect/token (grant_type=password, scope=api)
    client 0A1B2C3D-0000-4000-8000-000000000001@Company secret Acu-Fixture-Secret,
    user admin / Acu-Pa55!  -> token; GET /entity/Default/{20,22,23,24}.200.001/Customer
UpKeep, POST /api/v2/auth {"email","password"}: alice@example.com / UpKeep-Pa55!
    -> result.sessionToken; GET /api/v2/work-orders with header Session-Token
Dynamics 365 F&O, GET /data/LegalEntities: Bearer token from the Microsoft endpoint above
    whose audience (scope minus /.default) is this server's own URL
Odoo, POST /jsonrpc (common.authenticate/login/version) and /web/session/authenticate
    database odoo_test; admin / Odoo-Adm1n! or key 6b3bd1f8...0c9d; totp@example.com
    (two-factor: over RPC only its key 0f9e8d7c...c7d6 works); the web login takes no keys
AWS STS, GET or POST /?Action=GetCallerIdentity&Version=2011-06-15, Signature Version 4
    AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY -> 200 XML with the Arn;
    ASIAIOSFODNN7EXAMPLE with a session token; see AWS_KEYS and README.md for the failures
Basware, POST /v1/tokens (client_credentials, the client only in HTTP Basic; basware.py)
    -> token; GET /v1/vendors with it
JSON logins (jsonlogin.py): Sellercloud, POST /rest/api/token {"Username","Password"}
    api.user@example.com / Seller-Pa55! -> access_token; GET /rest/api/Vendors with Bearer;
    Anaplan, POST /token/authenticate (HTTP Basic) a.user@example.com / Anaplan-Pa55!
    -> tokenInfo.tokenValue; GET /2/0/users/me with AnaplanAuthToken;
    Prophet 21, POST /api/security/token/v2 {"username","password"} api_user / P21-Pa55!
    -> AccessToken; GET /odataservice/odata/table/supplier with Bearer
Hostile endpoints (any credentials): /hostile/...; see README.md.
Readiness: GET /health -> 200 "ok". Anything else (e.g. /capture) -> 404, but is logged.
"""

import argparse
import base64
import binascii
import datetime
import hashlib
import hmac
import http.server
import json
import os
import secrets
import select
import signal
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oauth_code  # noqa: E402
import ropc  # noqa: E402
import basware  # noqa: E402
import jsonlogin  # noqa: E402
import unleashed  # noqa: E402
import po  # noqa: E402
from po import acumatica as po_acumatica, b1 as po_b1, common as po_common  # noqa: E402
from po import erpnext as po_erpnext, fo as po_fo, maximo as po_maximo  # noqa: E402
from po import netsuite as po_netsuite, odoo as po_odoo, oracle as po_oracle  # noqa: E402

# --- fixed test values -----------------------------------------------------------------

SAP_SID = "XYZ"
SAP_CLIENT = "100"
SAP_DEFAULT_CLIENT = "000"  # SAP's default for login/system_client when none is sent
SAP_PASSWORD = "Fixture-Pa55!"
SAP_USERS = {"ALICE": "authorized", "NOAUTH": "no-authorization"}
SAP_SERVICE = "API_PURCHASEORDER_PROCESS_SRV"
SAP_METADATA_PATH = "/sap/opu/odata/sap/%s/$metadata" % SAP_SERVICE
# A path prefix standing for an SAP Web Dispatcher or proxy that drops x-csrf-token.
SAP_STRIP_PREFIX = "/dispatcher-strips-csrf"

MAXIMO_APIKEY = "fixture-maximo-key-123"
MAXIMO_PO_PATHS = ("/maximo/api/os/mxapipo", "/maximo/oslc/os/mxapipo")

ORACLE_USERS = {"calvin.roth": "Fusion-Pa55!"}  # Oracle's demo buyer name
ORACLE_REST = "/fscmRestApi/resources/11.13.18.05/"

FRAPPE_KEY = "fixture-key"
FRAPPE_SECRET = "fixture-secret"

STRIPE_KEY = "sk_test_fixture"

MS_TENANT_ID = "11111111-2222-3333-4444-555555555555"
MS_TENANT_NAMES = {"contoso.onmicrosoft.com", MS_TENANT_ID}
MS_DIRECTORY_NAME = "Contoso"
MS_CLIENT_GOOD = "aaaaaaaa-0000-0000-0000-000000000001"
MS_SECRET_GOOD = "Fixture~Secret.1"
MS_CLIENT_EXPIRED = "aaaaaaaa-0000-0000-0000-000000000002"
MS_SECRET_EXPIRED = "Fixture~Expired.2"

BC_ENVIRONMENTS = {"production", "sandbox"}
BC_COMPANY_ID = "5b2d3c3e-7a61-ee11-8df1-6045bdc8c1a5"

# NetSuite token-based authentication (OAuth 1.0a, HMAC-SHA256). The account's REST host
# would be 1234567-sb1.suitetalk.api.netsuite.com; the realm is the account ID as NetSuite
# shows it, upper case with "_". Key and secrets are Oracle's published example values.
NS_REALM = "1234567_SB1"
NS_CONSUMER_KEY = "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4"
NS_CONSUMER_SECRET = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5"
NS_TOKENS = {  # token id -> token secret
    "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc":
        "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295",
}
NS_CLOCK_SKEW = 300  # seconds a timestamp may be off

# AWS STS (Signature Version 4). The long-term pair is the example pair from AWS's IAM
# documentation; the others stand for temporary credentials (ASIA... with a session token),
# expired temporary credentials, and a key whose policy denies the call.
AWS_ACCOUNT = "123456789012"
AWS_KEYS = {  # access key id -> (secret, session token or None, what happens, ARN, UserId)
    "AKIAIOSFODNN7EXAMPLE": ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, "ok",
                             "arn:aws:iam::123456789012:user/onramp-fixture", "AIDASAMPLEUSERID12345"),
    "ASIAIOSFODNN7EXAMPLE": ("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLEsessionTOKEN//fixture=",
                             "ok", "arn:aws:sts::123456789012:assumed-role/onramp-role/onramp-session",
                             "AROASAMPLEROLEID12345:onramp-session"),
    "ASIAEXPIREDEXAMPLE01": ("ExpiredSecretKeyEXAMPLEKEY/fixture0000001", "FwoGZXIvYXdzEXAMPLEexpiredTOKEN=",
                             "expired", "", ""),
    "AKIADENIEDEXAMPLE001": ("DeniedSecretKeyEXAMPLEKEY/fixture00000001", None, "denied",
                             "arn:aws:iam::123456789012:user/onramp-denied", "AIDASAMPLEDENIED12345"),
}
AWS_REGIONS = {"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"}
AWS_CLOCK_SKEW = 15 * 60  # seconds a signature's date may be off, as AWS allows

# SAP Business One Service Layer
B1_COMPANY_DB = "SBODEMOUS"
B1_USERS = {"manager": "B1-Fixture!"}  # user codes are case-sensitive here

# Acumatica (OAuth 2.0 resource owner password credentials)
ACU_CLIENT = "0A1B2C3D-0000-4000-8000-000000000001@Company"
ACU_SECRET = "Acu-Fixture-Secret"
ACU_CLIENT_CODE_FLOW = "0A1B2C3D-0000-4000-8000-000000000002@Company"  # authorization code only
ACU_USER = "admin"
ACU_PASSWORD = "Acu-Pa55!"
ACU_ENDPOINT_VERSIONS = {"20.200.001", "22.200.001", "23.200.001", "24.200.001"}

# UpKeep API v2
UPKEEP_EMAIL = "alice@example.com"
UPKEEP_PASSWORD = "UpKeep-Pa55!"

# Odoo (JSON-RPC)
ODOO_DB = "odoo_test"
ODOO_USERS = {  # login -> (uid, name, password, API key, two-factor)
    "admin": (2, "Mitchell Admin", "Odoo-Adm1n!", "6b3bd1f8a0d94c6e9f3e2a1b7c5d4e3f2a1b0c9d", False),
    "totp@example.com": (6, "Tina Totp", "Totp-Pa55!", "0f9e8d7c6b5a49382716a5b4c3d2e1f0a9b8c7d6", True),
}
ODOO_VERSION = {"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""],
                "server_serie": "17.0", "protocol_version": 1}

# --- process-wide state ----------------------------------------------------------------

STOPPING = threading.Event()
ISSUED_TOKENS = {}          # access token -> tenant id
CSRF_TOKENS = set()
NS_NONCES = set()           # (consumer key, token, nonce, timestamp) already used
B1_SESSIONS = set()
ACU_TOKENS = set()
UPKEEP_SESSIONS = set()
STATE_LOCK = threading.Lock()
TOKEN_KEY = secrets.token_bytes(32)


class RequestLog:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    def write(self, record):
        if not self.path:
            return
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self.lock:
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(line)
                f.flush()


REQUEST_LOG = RequestLog(None)


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


# --- canned bodies ---------------------------------------------------------------------

SAP_EDMX = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData">
 <edmx:DataServices m:DataServiceVersion="2.0">
  <Schema Namespace="API_PURCHASEORDER_PROCESS_SRV" xml:lang="en" sap:schema-version="1" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">
   <EntityType Name="A_PurchaseOrderType" sap:label="Purchase Order" sap:content-version="1">
    <Key><PropertyRef Name="PurchaseOrder"/></Key>
    <Property Name="PurchaseOrder" Type="Edm.String" Nullable="false" MaxLength="10" sap:display-format="UpperCase" sap:label="Purchase Order"/>
    <Property Name="CompanyCode" Type="Edm.String" MaxLength="4" sap:display-format="UpperCase" sap:label="Company Code"/>
    <Property Name="PurchaseOrderType" Type="Edm.String" MaxLength="4" sap:display-format="UpperCase" sap:label="Order Type"/>
    <Property Name="Supplier" Type="Edm.String" MaxLength="10" sap:display-format="UpperCase" sap:label="Supplier"/>
    <Property Name="DocumentCurrency" Type="Edm.String" MaxLength="5" sap:label="Currency" sap:semantics="currency-code"/>
   </EntityType>
   <EntityContainer Name="API_PURCHASEORDER_PROCESS_SRV_Entities" m:IsDefaultEntityContainer="true" sap:supported-formats="atom json xlsx">
    <EntitySet Name="A_PurchaseOrder" EntityType="API_PURCHASEORDER_PROCESS_SRV.A_PurchaseOrderType" sap:content-version="1"/>
   </EntityContainer>
  </Schema>
 </edmx:DataServices>
</edmx:Edmx>
"""

SAP_LOGON_ERROR_HTML = """<html><head><title>Logon Error Message</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body><h2>401 Unauthorized</h2><p>Logon failed. Check your user name and password
and the client.</p><p>Server: SAP NetWeaver Application Server [%s/%s]</p></body></html>
"""


def sap_error_xml(code, message, status_service=SAP_SERVICE):
    t = now_utc()
    ts = t.strftime("%Y%m%d%H%M%S") + ".%07d" % (t.microsecond * 10)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<error xmlns="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">'
        "<code>%s</code>"
        '<message xml:lang="en">%s</message>'
        "<innererror>"
        "<application><component_id/><service_namespace>/SAP/</service_namespace>"
        "<service_id>%s</service_id><service_version>0001</service_version></application>"
        "<transactionid>%s</transactionid>"
        "<timestamp>%s</timestamp>"
        "<Error_Resolution><SAP_Transaction>Run transaction /IWFND/ERROR_LOG on SAP Gateway "
        "hub system (System Alias ) and search for entries with the timestamp above for more "
        "details</SAP_Transaction><SAP_Note>See SAP Note 1797736 for error analysis "
        "(https://service.sap.com/sap/support/notes/1797736)</SAP_Note></Error_Resolution>"
        "<errordetails/>"
        "</innererror>"
        "</error>"
    ) % (code, message, status_service, secrets.token_hex(16).upper(), ts)


def maximo_error(reason_code, message, status, href_base):
    return {
        "Error": {
            "errorattrname": "",
            "extendedError": {
                "moreInfo": {"href": "%s/maximo/api/error/messages/%s" % (href_base, reason_code)}
            },
            "errorobjpath": "",
            "reasonCode": reason_code,
            "message": "%s - %s" % (reason_code, message),
            "statusCode": str(status),
        }
    }


def stripe_mask(key):
    # Stripe echoes the key with only its prefix and last four characters visible,
    # e.g. "sk_test_**********************Aso0".
    prefix = ""
    for p in ("sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_"):
        if key.startswith(p):
            prefix = p
            break
    rest = key[len(prefix):]
    if len(rest) <= 4:
        return prefix + rest
    return prefix + "*" * (len(rest) - 4) + rest[-4:]


def aad_error(status, error, code, text):
    t = now_utc()
    stamp = t.strftime("%Y-%m-%d %H:%M:%SZ")
    trace_id = str(uuid.uuid4())
    correlation_id = str(uuid.uuid4())
    body = {
        "error": error,
        "error_description": "AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s"
        % (code, text, trace_id, correlation_id, stamp),
        "error_codes": [code],
        "timestamp": stamp,
        "trace_id": trace_id,
        "correlation_id": correlation_id,
        "error_uri": "https://login.microsoftonline.com/error?code=%d" % code,
    }
    return status, body


def issue_access_token(tenant_id, client_id, scope):
    # A JWT-shaped token (like Microsoft's), HMAC-signed with a per-process key. Only
    # tokens this process issued are accepted by the Business Central endpoint.
    now = int(time.time())
    header = {"typ": "JWT", "alg": "HS256", "kid": "fixture"}
    resource = scope[: -len("/.default")] if scope.endswith("/.default") else scope
    claims = {
        "aud": resource,
        "iss": "https://sts.windows.net/%s/" % tenant_id,
        "iat": now,
        "nbf": now,
        "exp": now + 3599,
        "appid": client_id,
        "oid": str(uuid.uuid4()),
        "roles": ["API.ReadWrite.All", "app_access"],
        "tid": tenant_id,
        "ver": "1.0",
    }
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64url(json.dumps(claims, separators=(",", ":")).encode())
    sig = hmac.new(TOKEN_KEY, signing_input.encode(), hashlib.sha256).digest()
    token = signing_input + "." + b64url(sig)
    with STATE_LOCK:
        ISSUED_TOKENS[token] = tenant_id
    return token


# --- the handler -----------------------------------------------------------------------


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fixture/1"

    def version_string(self):
        return self.server_version
    timeout = 60  # idle keep-alive connections do not pin a thread forever

    # quiet: tests read the JSON log, not stderr
    def log_message(self, fmt, *args):
        pass

    def setup(self):
        super().setup()
        if isinstance(self.connection, ssl.SSLSocket):
            # The listening socket does not handshake on accept (that would let one stuck
            # client block every other); each connection does it here, in its own thread.
            self.connection.settimeout(10)
            self.connection.do_handshake()
            self.connection.settimeout(self.timeout)

    # ---- plumbing ----

    def read_body(self):
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            chunks = []
            while True:
                line = self.rfile.readline(1024)
                if not line:
                    break
                try:
                    size = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    break
                if size == 0:
                    # trailers until the blank line
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline(1024)
            return b"".join(chunks)
        length = self.headers.get("Content-Length")
        if length:
            try:
                n = int(length)
            except ValueError:
                return b""
            return self.rfile.read(max(0, min(n, 16 * 1024 * 1024)))
        return b""

    def log_request_record(self, body):
        headers = {}
        for name, value in self.headers.items():
            key = name.lower()
            headers[key] = headers[key] + ", " + value if key in headers else value
        REQUEST_LOG.write(
            {
                "method": self.command,
                "path": self.path,
                "headers": headers,
                "body": body.decode("utf-8", errors="replace"),
            }
        )

    def send(self, status, body=b"", content_type="text/plain; charset=utf-8", headers=None,
             reason=None):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status, reason)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or []):
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, obj, headers=None, content_type="application/json; charset=utf-8"):
        self.send(status, json.dumps(obj, separators=(",", ":")), content_type, headers)

    def base_url(self):
        scheme = "https" if isinstance(self.connection, ssl.SSLSocket) else "http"
        host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
        # a scenario mount (po/__init__.py) acts as the path the server is installed under
        return "%s://%s%s" % (scheme, host, getattr(self, "mount", ""))

    def dispatch(self):
        self.body = self.read_body()
        self.log_request_record(self.body)
        url = urllib.parse.urlsplit(self.path)
        p, self.mount, self.po_opts = po.mount(url.path)
        self.url_path = p
        self.query = urllib.parse.parse_qs(url.query)
        try:
            if p == "/health":
                return self.send(200, "ok")
            if p == "/_stats" and self.mount:
                return self.send_json(200, {"inflight_most": po_common.inflight_most(self.mount)})
            if p in oauth_code.ROUTES:
                return oauth_code.ROUTES[p](self)
            if p.startswith("/hostile/"):
                return self.hostile(p[len("/hostile/"):])
            if p == SAP_METADATA_PATH or p.startswith("/sap/opu/odata/sap/%s/" % SAP_SERVICE):
                return self.sap()
            if p.startswith(SAP_STRIP_PREFIX + "/sap/opu/odata/sap/%s/" % SAP_SERVICE):
                self.url_path = p[len(SAP_STRIP_PREFIX):]
                return self.sap(strip_csrf=True)
            if p.startswith("/services/rest/"):
                return self.netsuite()
            if p == "/b1s/v1/Login":
                return self.b1_login()
            if p.startswith("/b1s/v1/"):
                return self.b1_read()
            if ropc.dispatch(self, p) or basware.dispatch(self, p) or jsonlogin.dispatch(self, p) or unleashed.dispatch(self, p):
                return None
            if p == "/identity/connect/token":
                return self.acu_token()
            if p.startswith("/entity/Default/"):
                return self.acu_entity()
            if p in ("/api/v2/auth", "/api/v2/auth/"):
                return self.upkeep_auth()
            if p.startswith("/api/v2/"):
                return self.upkeep_read()
            if p == "/data/LegalEntities":
                return self.fo_legal_entities()
            if p == "/" and ("Action" in self.query or self.command == "POST"):
                return self.sts()
            if p == "/jsonrpc":
                return self.odoo_jsonrpc()
            if p == "/web/session/authenticate":
                return self.odoo_session()
            if p in ("/maximo/api/whoami", "/maximo/oslc/whoami") + MAXIMO_PO_PATHS:
                return self.maximo()
            if p == "/api/method/frappe.auth.get_logged_user" or \
                    urllib.parse.unquote(p).startswith(po_erpnext.BASE):
                return self.frappe()
            if p in ("/data/PurchaseOrderHeadersV2", "/data/PurchaseOrderLinesV2"):
                return po_fo.serve(self, p[len("/data/"):]) if self.fo_signed_in() else None
            if p.startswith(ORACLE_REST):
                return self.oracle()
            if p == "/v1/balance":
                return self.stripe()
            parts = p.split("/")
            # /{tenant}/oauth2/v2.0/token
            if len(parts) == 5 and parts[2:] == ["oauth2", "v2.0", "token"]:
                return self.ms_token(urllib.parse.unquote(parts[1]))
            # /v2.0/{tenant}/{environment}/api/v2.0/companies
            if len(parts) >= 7 and parts[1] == "v2.0" and parts[4:7] == ["api", "v2.0", "companies"]:
                return self.bc_companies(urllib.parse.unquote(parts[2]),
                                         urllib.parse.unquote(parts[3]))
            return self.send(404, "not found\n")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, socket.timeout):
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = dispatch

    def token_form(self, qs):
        """An OAuth token request's form (RFC 6749): first values only; the
        client may also authenticate with HTTP Basic (client_secret_basic)
        instead of form fields (client_secret_post)."""
        form = {k: (v[0] if isinstance(v, list) else v) for k, v in qs.items()}
        auth = self.headers.get("Authorization", "")
        if auth[:6].lower() == "basic " and "client_id" not in form:
            try:
                cid, _, csec = base64.b64decode(auth[6:].strip()).decode().partition(":")
                form["client_id"] = urllib.parse.unquote_plus(cid)
                form["client_secret"] = urllib.parse.unquote_plus(csec)
            except (binascii.Error, UnicodeDecodeError):
                pass
        return form

    def do_CONNECT(self):
        """Stands in for a company proxy that wants a sign-in (RFC 9110
        15.5.8): every CONNECT tunnel is refused with 407."""
        self.log_request_record(b"")
        self.send(407, "Proxy Authentication Required",
                  headers=[("Proxy-Authenticate", 'Basic realm="corporate proxy"')])

    # ---- SAP OData (Basic auth, sap-client, CSRF) ----

    def sap(self, strip_csrf=False):
        client = self.headers.get("sap-client") or (self.query.get("sap-client") or [None])[0]
        client = client or SAP_DEFAULT_CLIENT
        realm = 'Basic realm="SAP NetWeaver Application Server [%s/%s]"' % (SAP_SID, client)
        auth = self.headers.get("Authorization", "")
        user = password = None
        if auth[:6].lower() == "basic ":
            try:
                user, _, password = base64.b64decode(auth[6:].strip(), validate=True) \
                    .decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                user = password = None
        # SAP users are client-specific: they exist only in client 100 here. SAP user
        # names are case-insensitive (stored upper case), passwords are case-sensitive.
        role = SAP_USERS.get((user or "").upper()) if client == SAP_CLIENT else None
        if role is None or password != SAP_PASSWORD:
            return self.send(401, SAP_LOGON_ERROR_HTML % (SAP_SID, client), "text/html; charset=utf-8",
                             [("WWW-Authenticate", realm), ("sap-server", "true")])
        if role == "no-authorization":
            msg = "No authorization to access Service 'Z%s_0001'" % SAP_SERVICE
            return self.send(403, sap_error_xml("/IWFND/CM_CONSUMER/101", msg),
                             "application/xml;charset=utf-8", [("sap-server", "true")])
        extra = [("sap-server", "true"), ("dataserviceversion", "2.0")]
        if self.command not in ("GET", "HEAD"):
            token = self.headers.get("x-csrf-token", "")
            with STATE_LOCK:
                ok = token in CSRF_TOKENS
            if not ok:
                return self.send(403, "CSRF token validation failed", "text/plain; charset=utf-8",
                                 [("x-csrf-token", "Required"), ("sap-server", "true")])
            return self.send(405, sap_error_xml("/IWBEP/CM_MGW_RT/020",
                                                "The request is not supported by this fixture"),
                             "application/xml;charset=utf-8", extra)
        if self.headers.get("x-csrf-token", "").lower() == "fetch":
            token = b64url(secrets.token_bytes(18))
            with STATE_LOCK:
                CSRF_TOKENS.add(token)
            extra.append(("x-csrf-token", token))
            extra.append(("Set-Cookie", "sap-XSRF_%s_%s=%s; path=/sap/opu/odata/; secure; HttpOnly"
                          % (SAP_SID, SAP_CLIENT, b64url(secrets.token_bytes(24)))))
        if strip_csrf:
            extra = [h for h in extra if h[0].lower() != "x-csrf-token"]
        if self.url_path != SAP_METADATA_PATH:
            return self.send(404, sap_error_xml("/IWBEP/CM_MGW_RT/021",
                                                "Resource not found for segment ''"),
                             "application/xml;charset=utf-8", extra)
        return self.send(200, SAP_EDMX, "application/xml", extra)

    # ---- Maximo (apikey header) ----

    def maximo_signed_in(self):
        if self.headers.get("apikey") != MAXIMO_APIKEY:
            body = maximo_error("BMXAA7901E",
                                "You cannot log in at this time. Contact the system administrator.",
                                401, self.base_url())
            self.send_json(401, body)
            return False
        return True

    def maximo(self):
        if not self.maximo_signed_in():
            return None
        if self.url_path in MAXIMO_PO_PATHS:
            return po_maximo.serve(self, self.url_path, maximo_error)
        return self.send_json(200, {
            "personid": "ALICE",
            "userName": "ALICE",
            "loginID": "alice",
            "displayName": "Alice Example",
            "primaryemail": "alice@example.com",
            "defaultSite": "BEDFORD",
            "insertSite": "BEDFORD",
            "insertOrg": "EAGLENA",
            "langcode": "EN",
            "baseLang": "EN",
            "timezone": "UTC",
            "href": "%s/maximo/api/os/mxapiperson/_QUxJQ0U-" % self.base_url(),
        })

    # ---- ERPNext / Frappe ("Authorization: token key:secret") ----

    def frappe_signed_in(self):
        auth = self.headers.get("Authorization", "")
        scheme, _, cred = auth.partition(" ")
        ok = False
        if scheme.lower() == "token":
            ok = cred.strip() == "%s:%s" % (FRAPPE_KEY, FRAPPE_SECRET)
        elif scheme.lower() == "basic":
            try:
                ok = base64.b64decode(cred.strip()).decode() == "%s:%s" % (FRAPPE_KEY, FRAPPE_SECRET)
            except (binascii.Error, UnicodeDecodeError):
                ok = False
        if not ok:
            # Frappe v15 api v1: frappe.utils.response.report_error sets only exc_type for a
            # Guest caller (tracebacks are shown to system users only).
            self.send_json(401, {"exc_type": "AuthenticationError"})
        return ok

    def frappe(self):
        if not self.frappe_signed_in():
            return None
        path = urllib.parse.unquote(self.url_path)
        if path.startswith(po_erpnext.BASE):
            return po_erpnext.serve(self, path[len(po_erpnext.BASE):].strip("/"))
        return self.send_json(200, {"message": "alice@example.com"})

    # ---- Oracle Fusion Cloud REST (Basic) ----

    def oracle(self):
        auth = self.headers.get("Authorization", "")
        try:
            user, _, password = base64.b64decode(auth[6:].strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user = password = None
        if auth[:6].lower() != "basic " or ORACLE_USERS.get(user) != password:
            return self.send(401, b"", None, [("WWW-Authenticate", 'Basic realm="Oracle Cloud"')])
        rest = self.url_path[len(ORACLE_REST):]
        if rest == "ledgersLOV":
            return self.send_json(200, {"items": [{"LedgerId": 300000046975971, "Name": "US Primary Ledger",
                                                   "LedgerCategoryCode": "PRIMARY", "CurrencyCode": "USD"}],
                                        "count": 1, "hasMore": True, "limit": 1, "offset": 0, "links": []},
                                  None, "application/vnd.oracle.adf.resourcecollection+json")
        return po_oracle.serve(self, rest)

    # ---- Stripe (Bearer secret key) ----

    def stripe(self):
        auth = self.headers.get("Authorization", "")
        challenge = [("WWW-Authenticate", 'Basic realm="Stripe"'),
                     ("Request-Id", "req_" + secrets.token_hex(7))]
        key = None
        if auth[:7].lower() == "bearer ":
            key = auth[7:].strip()
        elif auth[:6].lower() == "basic ":
            try:
                key = base64.b64decode(auth[6:].strip()).decode().partition(":")[0]
            except (binascii.Error, UnicodeDecodeError):
                key = ""
        if not key:
            msg = ("You did not provide an API key. You need to provide your API key in the "
                   "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                   "YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, "
                   "or we can help at https://support.stripe.com/.")
            return self.send_json(401, {"error": {"message": msg, "type": "invalid_request_error"}},
                                  challenge)
        if key != STRIPE_KEY:
            msg = "Invalid API Key provided: %s" % stripe_mask(key)
            return self.send_json(401, {"error": {"message": msg, "type": "invalid_request_error"}},
                                  challenge)
        return self.send_json(200, {
            "object": "balance",
            "available": [{"amount": 0, "currency": "usd", "source_types": {"card": 0}}],
            "connect_reserved": [{"amount": 0, "currency": "usd"}],
            "livemode": False,
            "pending": [{"amount": 0, "currency": "usd", "source_types": {"card": 0}}],
        }, challenge[1:])

    # ---- Microsoft identity platform token endpoint ----

    def ms_token(self, tenant):
        headers = [("Cache-Control", "no-store, no-cache"), ("Pragma", "no-cache"),
                   ("x-ms-request-id", str(uuid.uuid4()))]

        def fail(status, error, code, text):
            st, body = aad_error(status, error, code, text)
            return self.send_json(st, body, headers)

        if self.command != "POST":
            return fail(405, "invalid_request", 900561,
                        "The endpoint only accepts POST requests. Received a %s request."
                        % self.command)
        if tenant not in MS_TENANT_NAMES:
            return fail(400, "invalid_request", 90002,
                        "Tenant '%s' not found. Check to make sure you have the correct tenant ID "
                        "and are signing into the correct cloud. Check with your subscription "
                        "administrator, this may happen if there are no active subscriptions for "
                        "the tenant." % tenant)
        ctype = self.headers.get("Content-Type", "")
        form = {}
        if "application/x-www-form-urlencoded" in ctype.lower():
            form = urllib.parse.parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
        form = self.token_form(form)
        grant = form.get("grant_type")
        if not grant:
            return fail(400, "invalid_request", 900144,
                        "The request body must contain the following parameter: 'grant_type'.")
        if grant != "client_credentials":
            return fail(400, "unsupported_grant_type", 70003,
                        "The app requested an unsupported grant type '%s'." % grant)
        client_id = form.get("client_id", "")
        if not client_id:
            return fail(400, "invalid_request", 900144,
                        "The request body must contain the following parameter: 'client_id'.")
        scope = form.get("scope", "")
        if not scope:
            return fail(400, "invalid_request", 900144,
                        "The request body must contain the following parameter: 'scope'.")
        if client_id not in (MS_CLIENT_GOOD, MS_CLIENT_EXPIRED):
            return fail(400, "unauthorized_client", 700016,
                        "Application with identifier '%s' was not found in the directory '%s'. "
                        "This can happen if the application has not been installed by the "
                        "administrator of the tenant or consented to by any user in the tenant. "
                        "You may have sent your authentication request to the wrong tenant."
                        % (client_id, MS_DIRECTORY_NAME))
        if not scope.endswith("/.default") or len(scope.split()) != 1:
            return fail(400, "invalid_scope", 1002012,
                        "The provided value for scope %s is not valid. Client credential flows "
                        "must have a scope value with /.default suffixed to the resource "
                        "identifier (application ID URI)." % scope)
        secret = form.get("client_secret")
        if not secret:
            return fail(401, "invalid_client", 7000218,
                        "The request body must contain the following parameter: "
                        "'client_assertion' or 'client_secret'.")
        if client_id == MS_CLIENT_EXPIRED and secret == MS_SECRET_EXPIRED:
            return fail(401, "invalid_client", 7000222,
                        "The provided client secret keys for app '%s' are expired. Visit the "
                        "Azure portal to create new keys for your app: "
                        "https://aka.ms/NewClientSecret, or consider using certificate "
                        "credentials for added security: https://aka.ms/certCreds." % client_id)
        if not (client_id == MS_CLIENT_GOOD and secret == MS_SECRET_GOOD):
            return fail(401, "invalid_client", 7000215,
                        "Invalid client secret provided. Ensure the secret being sent in the "
                        "request is the client secret value, not the client secret ID, for a "
                        "secret added to app '%s'." % client_id)
        token = issue_access_token(MS_TENANT_ID, client_id, scope)
        return self.send_json(200, {"token_type": "Bearer", "expires_in": 3599,
                                    "ext_expires_in": 3599, "access_token": token}, headers)

    # ---- Business Central API ----

    def bc_companies(self, tenant, environment):
        headers = [("request-id", str(uuid.uuid4())), ("OData-Version", "4.0")]
        auth = self.headers.get("Authorization", "")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        with STATE_LOCK:
            token_tenant = ISSUED_TOKENS.get(token)
        if token_tenant is None or tenant not in MS_TENANT_NAMES:
            return self.send_json(401, {"error": {
                "code": "Authentication_InvalidCredentials",
                "message": "The server has rejected the client credentials.  CorrelationId:  %s."
                           % uuid.uuid4()}}, headers)
        if environment.lower() not in BC_ENVIRONMENTS:
            return self.send_json(404, {"error": {
                "code": "BadRequest_NotFound",
                "message": "No HTTP resource was found that matches the request URI '%s%s'."
                           % ("https://api.businesscentral.dynamics.com", self.url_path)}}, headers)
        base = "https://api.businesscentral.dynamics.com/v2.0/%s/%s/api/v2.0" % (tenant, environment)
        return self.send_json(200, {
            "@odata.context": base + "/$metadata#companies",
            "value": [{
                "id": BC_COMPANY_ID,
                "systemVersion": "24.0.16410.18040",
                "timestamp": 16085,
                "name": "CRONUS USA, Inc.",
                "displayName": "CRONUS USA, Inc.",
                "businessProfileId": "",
                "systemCreatedAt": "2024-01-15T09:12:44.317Z",
                "systemCreatedBy": "00000000-0000-0000-0000-000000000001",
                "systemModifiedAt": "2024-01-15T09:12:44.317Z",
                "systemModifiedBy": "00000000-0000-0000-0000-000000000001",
            }],
        }, headers, "application/json; odata.metadata=minimal; odata.streaming=true")

    # ---- NetSuite REST web services, token-based authentication (OAuth 1.0a) ----

    def netsuite_error(self, status, title, code, detail):
        sections = {400: "15.5.1", 401: "15.5.2", 403: "15.5.4", 404: "15.5.5"}
        body = {
            "type": "https://www.rfc-editor.org/rfc/rfc9110.html#section-%s" % sections.get(status, "15.5.1"),
            "title": title,
            "status": status,
            "o:errorDetails": [{"detail": detail, "o:errorCode": code}],
        }
        return self.send_json(status, body, None,
                              "application/vnd.oracle.resource+json; type=error; charset=UTF-8")

    def netsuite_login_error(self, why):
        # NetSuite never says why in the answer: the reason (InvalidSignature, InvalidToken,
        # InvalidNonce, ...) only shows in its Login Audit Trail. `why` names it for readers.
        del why
        return self.netsuite_error(
            401, "Unauthorized", "INVALID_LOGIN",
            "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite "
            "UI at Setup > Users/Roles > User Management > View Login Audit Trail.")

    def netsuite(self):
        auth = self.headers.get("Authorization", "")
        if auth[:6].lower() != "oauth ":
            return self.netsuite_login_error("NoAuthorizationHeader")
        params = {}
        for item in auth[6:].split(","):
            name, _, value = item.strip().partition("=")
            params[name.strip()] = urllib.parse.unquote(value.strip().strip('"'))
        if params.get("realm") != NS_REALM:
            return self.netsuite_login_error("InvalidAccount")
        if params.get("oauth_signature_method") != "HMAC-SHA256":
            return self.netsuite_login_error("UnsupportedSignatureMethod")
        if params.get("oauth_consumer_key") != NS_CONSUMER_KEY:
            return self.netsuite_login_error("InvalidConsumerKey")
        token_secret = NS_TOKENS.get(params.get("oauth_token", ""))
        if token_secret is None:
            return self.netsuite_login_error("InvalidToken")
        if params.get("oauth_version", "1.0") != "1.0":
            return self.netsuite_login_error("InvalidVersion")
        try:
            stamp = int(params.get("oauth_timestamp", ""))
        except ValueError:
            return self.netsuite_login_error("InvalidTimestamp")
        if abs(time.time() - stamp) > NS_CLOCK_SKEW:
            return self.netsuite_login_error("InvalidTimestamp")
        nonce = params.get("oauth_nonce", "")
        if len(nonce) < 6:
            return self.netsuite_login_error("InvalidNonce")
        # RFC 5849 3.4: base string = METHOD & enc(base URI) & enc(sorted parameters)
        enc = lambda v: urllib.parse.quote(v, safe="-._~")  # noqa: E731
        query = urllib.parse.urlsplit(self.path).query
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        pairs += [(k, v) for k, v in params.items() if k.startswith("oauth_") and k != "oauth_signature"]
        norm = "&".join("%s=%s" % kv for kv in sorted((enc(k), enc(v)) for k, v in pairs))
        base = "&".join([self.command.upper(), enc(self.base_url().lower() + self.url_path), enc(norm)])
        key = enc(NS_CONSUMER_SECRET) + "&" + enc(token_secret)
        want = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(want, params.get("oauth_signature", "")):
            return self.netsuite_login_error("InvalidSignature")
        with STATE_LOCK:
            seen = (NS_CONSUMER_KEY, params["oauth_token"], nonce, stamp)
            if seen in NS_NONCES:
                reused = True
            else:
                reused = False
                NS_NONCES.add(seen)
        if reused:
            return self.netsuite_login_error("InvalidNonce")
        if self.url_path.startswith(po_netsuite.BASE):
            return po_netsuite.serve(self)
        host = "https://%s.suitetalk.api.netsuite.com" % NS_REALM.lower().replace("_", "-")
        if self.url_path.rstrip("/") == "/services/rest/record/v1/metadata-catalog":
            select = (self.query.get("select") or ["customer"])[0].split(",")
            items = [{"name": r, "links": [
                {"rel": "canonical", "href": "%s/services/rest/record/v1/metadata-catalog/%s" % (host, r),
                 "mediaType": "application/json"},
                {"rel": "alternate", "href": "%s/services/rest/record/v1/metadata-catalog/%s" % (host, r),
                 "mediaType": "application/swagger+json"},
                {"rel": "alternate", "href": "%s/services/rest/record/v1/metadata-catalog/%s" % (host, r),
                 "mediaType": "application/schema+json"},
                {"rel": "describes", "href": "%s/services/rest/record/v1/%s" % (host, r)}]}
                for r in select if r]
            return self.send_json(200, {"items": items, "links": [
                {"rel": "self", "href": "%s/services/rest/record/v1/metadata-catalog" % host}]}, None,
                "application/vnd.oracle.resource+json; type=collection; charset=UTF-8")
        return self.netsuite_error(404, "Not Found", "NONEXISTENT_ID",
                                   "The record instance does not exist. Provide a valid record instance ID.")

    # ---- AWS STS, Signature Version 4 ----

    def sts_error(self, status, code, message, err_type="Sender"):
        body = ('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n'
                '  <Error>\n    <Type>%s</Type>\n    <Code>%s</Code>\n    <Message>%s</Message>\n'
                '  </Error>\n  <RequestId>%s</RequestId>\n</ErrorResponse>\n'
                % (err_type, code, message, uuid.uuid4()))
        return self.send(status, body, "text/xml")

    def sigv4_expected(self, secret, date, region, service, signed_names):
        """The signature AWS computes (IAM user guide, "Create a signed AWS API request"),
        written independently of onramp's C code."""
        quote = lambda v: urllib.parse.quote(v, safe="-_.~")  # noqa: E731
        url = urllib.parse.urlsplit(self.path)
        path = urllib.parse.quote(url.path or "/", safe="/-_.~")
        pairs = [part.partition("=") for part in url.query.split("&") if part]
        query = "&".join("%s=%s" % kv for kv in sorted(
            (quote(urllib.parse.unquote(k)), quote(urllib.parse.unquote(v))) for k, _, v in pairs))
        headers = "".join("%s:%s\n" % (n, " ".join((self.headers.get(n) or "").split()))
                          for n in signed_names)
        creq = "\n".join([self.command, path, query, headers, ";".join(signed_names),
                          hashlib.sha256(self.body).hexdigest()])
        scope = "%s/%s/%s/aws4_request" % (date, region, service)
        to_sign = "\n".join(["AWS4-HMAC-SHA256", self.headers.get("x-amz-date", ""), scope,
                             hashlib.sha256(creq.encode()).hexdigest()])
        key = ("AWS4" + secret).encode()
        for part in (date, region, service, "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()

    def sts_clock_error(self, amz_date):
        """STS's answer to a signature dated more than 15 minutes off its clock."""
        try:
            signed = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(
                tzinfo=datetime.timezone.utc)
        except ValueError:
            return self.sts_error(400, "IncompleteSignature", "Date must be in ISO-8601 'basic format'.")
        now = now_utc()
        fmt = lambda t: t.strftime("%Y%m%dT%H%M%SZ")  # noqa: E731
        skew = datetime.timedelta(seconds=AWS_CLOCK_SKEW)
        if signed < now - skew:
            return self.sts_error(403, "SignatureDoesNotMatch", "Signature expired: %s is now earlier than %s (%s - 15 min.)"
                                  % (amz_date, fmt(now - skew), fmt(now)))
        if signed > now + skew:
            return self.sts_error(403, "SignatureDoesNotMatch", "Signature not yet current: %s is still later than %s (%s + 15 min.)"
                                  % (amz_date, fmt(now + skew), fmt(now)))
        return None

    def sts_check(self):
        """None when the request is signed right; else the error already sent."""
        auth = self.headers.get("Authorization", "")
        if not auth:
            return self.sts_error(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
        fields = dict(f.strip().partition("=")[::2] for f in auth[len("AWS4-HMAC-SHA256 "):].split(","))
        cred = fields.get("Credential", "").split("/")
        names = fields.get("SignedHeaders", "").split(";")
        if not auth.startswith("AWS4-HMAC-SHA256 ") or len(cred) != 5 or cred[4] != "aws4_request" \
                or "host" not in names or "x-amz-date" not in names:
            return self.sts_error(400, "IncompleteSignature", "Authorization header requires 'Credential', "
                                  "'Signature' and 'SignedHeaders' parameters.")
        akid, date, region, service = cred[:4]
        key = AWS_KEYS.get(akid)
        if key is None or key[1] != self.headers.get("x-amz-security-token", key[1]) \
                or (key[1] and not self.headers.get("x-amz-security-token")):
            return self.sts_error(403, "InvalidClientTokenId", "The security token included in the request is invalid.")
        if region not in AWS_REGIONS:
            return self.sts_error(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region. ")
        if service != "sts":
            return self.sts_error(403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'. ")
        amz_date = self.headers.get("x-amz-date", "")
        if amz_date[:8] != date:
            return self.sts_error(403, "SignatureDoesNotMatch", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'." % (date, amz_date[:8], amz_date))
        late = self.sts_clock_error(amz_date)
        if late is not None:
            return late
        want = self.sigv4_expected(key[0], date, region, service, names)
        if not hmac.compare_digest(want, fields.get("Signature", "")):
            return self.sts_error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match "
                                  "the signature you provided. Check your AWS Secret Access Key and signing method. "
                                  "Consult the service documentation for details.")
        if key[2] == "expired":
            return self.sts_error(403, "ExpiredToken", "The security token included in the request is expired")
        return None

    def sts(self):
        form = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        form.update(urllib.parse.parse_qsl(self.body.decode("utf-8", "replace")))
        if self.sts_check() is not None:
            return None
        key = AWS_KEYS[self.headers["Authorization"].split("Credential=")[1].split("/")[0]]
        if form.get("Action") != "GetCallerIdentity" or form.get("Version") != "2011-06-15":
            return self.sts_error(400, "InvalidAction", "Could not find operation %s for version %s"
                                  % (form.get("Action", ""), form.get("Version", "")))
        if key[2] == "denied":  # GetCallerIdentity itself needs no permission: a stand-in
            return self.sts_error(403, "AccessDenied", "User: %s is not authorized to perform: "
                                  "sts:GetCallerIdentity with an explicit deny in an identity-based policy" % key[3])
        body = ('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n'
                '  <GetCallerIdentityResult>\n    <Arn>%s</Arn>\n    <UserId>%s</UserId>\n'
                '    <Account>%s</Account>\n  </GetCallerIdentityResult>\n'
                '  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n  </ResponseMetadata>\n'
                '</GetCallerIdentityResponse>\n' % (key[3], key[4], AWS_ACCOUNT, uuid.uuid4()))
        return self.send(200, body, "text/xml")

    # ---- SAP Business One Service Layer ----

    def b1_error(self, status, code, value):
        return self.send_json(status, {"error": {"code": code, "message": {"lang": "en-us", "value": value}}})

    def b1_login(self):
        if self.command != "POST":
            return self.b1_error(405, -1, "Method not allowed")
        try:
            body = json.loads(self.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError):
            body = None
        if not isinstance(body, dict):
            return self.b1_error(400, -1000, "Invalid request body")
        company = body.get("CompanyDB", "")
        user = body.get("UserName", "")
        if company != B1_COMPANY_DB:
            # The Service Layer asks the System Landscape Directory for the company's
            # database credentials; an unknown company fails there.
            return self.b1_error(401, -304, "Fail to get DB Credentials from SLD")
        if B1_USERS.get(user) is None or B1_USERS[user] != body.get("Password"):
            return self.b1_error(401, 100000027, "Login failed")
        sid = str(uuid.uuid4())
        with STATE_LOCK:
            B1_SESSIONS.add(sid)
        return self.send_json(200, {
            "odata.metadata": "%s/b1s/v1/$metadata#B1Sessions/@Element" % self.base_url(),
            "SessionId": sid,
            "Version": "1000190",
            "SessionTimeout": 30,
        }, [("Set-Cookie", "B1SESSION=%s; HttpOnly;" % sid), ("Set-Cookie", "ROUTEID=.node1; path=/b1s")],
            "application/json;odata=minimalmetadata;charset=utf-8")

    def b1_read(self):
        cookies = {}
        for part in self.headers.get("Cookie", "").split(";"):
            name, _, value = part.strip().partition("=")
            cookies[name] = value
        with STATE_LOCK:
            ok = cookies.get("B1SESSION") in B1_SESSIONS
        if not ok:
            return self.b1_error(401, 301, "Invalid session.")
        entity = self.url_path[len("/b1s/v1/"):]
        if entity in ("PurchaseOrders", "Drafts"):
            return po_b1.serve(self, entity)
        rows = {"BusinessPartners": [{"CardCode": "C20000", "CardName": "Norm Thompson"}],
                "Items": [{"ItemCode": "A00001", "ItemName": "J.B. Officeprint 1420"}]}.get(entity)
        if rows is None:
            return self.b1_error(404, -5002, "Invalid resource path")
        fields = (self.query.get("$select") or [""])[0].split(",")
        if fields != [""]:
            rows = [{k: v for k, v in r.items() if k in fields} for r in rows]
        return self.send_json(200, {
            "odata.metadata": "%s/b1s/v1/$metadata#%s" % (self.base_url(), entity),
            "value": rows,
        }, None, "application/json;odata=minimalmetadata;charset=utf-8")

    # ---- Acumatica (OAuth 2.0 at /identity/connect/token, REST at /entity/Default/...) ----

    def acu_token(self):
        def fail(error, status=400):
            # IdentityServer: RFC 6749 5.2 errors, without a description
            return self.send_json(status, {"error": error}, [("Cache-Control", "no-store, no-cache, max-age=0"),
                                                             ("Pragma", "no-cache")])
        if self.command != "POST":
            return self.send(405, "")
        form = self.token_form(urllib.parse.parse_qs(self.body.decode("utf-8", "replace"),
                                                     keep_blank_values=True))
        client = form.get("client_id", "")
        if client == ACU_CLIENT_CODE_FLOW:
            if form.get("client_secret") != ACU_SECRET:
                return fail("invalid_client")
            return fail("unauthorized_client")
        if client != ACU_CLIENT or form.get("client_secret") != ACU_SECRET:
            return fail("invalid_client")
        if form.get("grant_type") != "password":
            return fail("unsupported_grant_type")
        scopes = form.get("scope", "").split()
        if "api" not in scopes or any(x not in ("api", "offline_access") for x in scopes):
            return fail("invalid_scope")
        if form.get("username") != ACU_USER or form.get("password") != ACU_PASSWORD:
            return fail("invalid_grant")
        token = secrets.token_hex(32)
        with STATE_LOCK:
            ACU_TOKENS.add(token)
        answer = {"access_token": token, "expires_in": 3600, "token_type": "Bearer", "scope": " ".join(scopes)}
        if "offline_access" in scopes:
            answer["refresh_token"] = secrets.token_hex(32)
        return self.send_json(200, answer, [("Cache-Control", "no-store, no-cache, max-age=0"),
                                            ("Pragma", "no-cache")])

    def acu_entity(self):
        auth = self.headers.get("Authorization", "")
        with STATE_LOCK:
            ok = auth[:7].lower() == "bearer " and auth[7:].strip() in ACU_TOKENS
        if not ok:
            return self.send_json(401, {"message": "Authorization has been denied for this request."})
        parts = self.url_path.split("/")  # ["", "entity", "Default", version, entity]
        if len(parts) < 5 or parts[3] not in ACU_ENDPOINT_VERSIONS:
            return self.send_json(404, {"message": "No HTTP resource was found that matches the request URI "
                                                   "'%s%s'." % (self.base_url(), self.path)})
        if parts[4] in ("PurchaseOrder", "Vendor"):
            return po_acumatica.serve(self, parts[4], "/".join(parts[5:]))
        if parts[4] != "Customer":
            return self.send_json(404, {"message": "Entity %s not found." % parts[4]})
        return self.send_json(200, [{
            "id": "8d9a6a25-2e6c-e411-beb5-00155d001f01",
            "rowNumber": 1,
            "note": {"value": ""},
            "CustomerID": {"value": "ABARTENDE"},
            "CustomerName": {"value": "USA Bartending School"},
            "Status": {"value": "Active"},
            "custom": {},
        }])

    # ---- UpKeep API v2 ----

    def upkeep_auth(self):
        if self.command == "DELETE":
            with STATE_LOCK:
                UPKEEP_SESSIONS.discard(self.headers.get("Session-Token", ""))
            return self.send_json(200, {"success": True})
        if self.command != "POST":
            return self.send_json(404, {"success": False, "message": "Not found"})
        ctype = self.headers.get("Content-Type", "")
        text = self.body.decode("utf-8", "replace")
        if "json" in ctype:
            try:
                form = json.loads(text or "{}")
            except ValueError:
                form = {}
        else:  # their own examples post form fields as well
            form = {k: v[0] for k, v in urllib.parse.parse_qs(text).items()}
        if not isinstance(form, dict) or form.get("email") != UPKEEP_EMAIL or \
                form.get("password") != UPKEEP_PASSWORD:
            return self.send_json(400, {"success": False, "message": "Invalid username/password."})
        token = "r:" + secrets.token_hex(16)
        with STATE_LOCK:
            UPKEEP_SESSIONS.add(token)
        expires = (now_utc() + datetime.timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return self.send_json(200, {"success": True, "result": {"sessionToken": token, "expiresAt": expires}})

    def upkeep_read(self):
        with STATE_LOCK:
            ok = self.headers.get("Session-Token", "") in UPKEEP_SESSIONS
        if not ok:
            return self.send_json(401, {"success": False, "message": "Unauthorized"})
        if self.url_path.rstrip("/") != "/api/v2/work-orders":
            return self.send_json(404, {"success": False, "message": "Not found"})
        return self.send_json(200, {"success": True, "results": [{
            "id": "O1L94DYjCv",
            "workOrderNo": "001",
            "title": "Replace conveyor belt",
            "status": "open",
            "priority": 2,
            "createdAt": "2026-01-15T09:12:44.317Z",
        }]})

    # ---- Dynamics 365 Finance & Operations OData (token from the Microsoft endpoint) ----

    def fo_signed_in(self):
        """True for a token issued by the Microsoft endpoint for this environment; else
        answers 401 as F&O does."""
        auth = self.headers.get("Authorization", "")
        token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
        with STATE_LOCK:
            known = token in ISSUED_TOKENS
        audience = None
        if known:
            payload = token.split(".")[1]
            audience = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["aud"]
        # The token's audience must be this environment's own URL: the resource asked for
        # with scope "{environment URL}/.default".
        if not known or audience.rstrip("/").lower() != self.base_url().lower():
            self.send(401, b"", None, [("WWW-Authenticate", "Bearer")])
            return False
        return True

    def fo_legal_entities(self):
        if not self.fo_signed_in():
            return None
        return self.send_json(200, {
            "@odata.context": "%s/data/$metadata#LegalEntities" % self.base_url(),
            "value": [{
                "@odata.etag": "W/\"JzEsNTYzNzE0NDU3Nic=\"",
                "LegalEntityId": "USMF",
                "Name": "Contoso Entertainment System USA",
                "AddressCountryRegionId": "USA",
            }],
        }, [("OData-Version", "4.0")], "application/json; odata.metadata=minimal")

    # ---- Odoo JSON-RPC ----

    def odoo_answer(self, rid, result=None, error=None):
        body = {"jsonrpc": "2.0", "id": rid}
        if error is not None:
            name, message = error
            body["error"] = {"code": 200, "message": "Odoo Server Error", "data": {
                "name": name,
                "debug": "Traceback (most recent call last):\n  ...\n%s: %s\n" % (name, message),
                "message": message,
                "arguments": [message],
                "context": {},
            }}
        else:
            body["result"] = result
        return self.send_json(200, body)

    def odoo_request(self):
        """The JSON-RPC request, or None after answering Odoo's parse error."""
        try:
            req = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            req = None
        if not isinstance(req, dict):
            self.send_json(200, {"jsonrpc": "2.0", "id": None, "error": {
                "code": -32700, "message": "Parse error", "data": {}}})
            return None
        return req

    def odoo_check(self, login, secret, interactive):
        """The uid, or None. Like res.users._check_credentials: a password always; an API key
        only for non-interactive (RPC) sign-ins; two-factor users only with a key over RPC."""
        user = ODOO_USERS.get(login)
        if not user:
            return None
        uid, _name, password, key, totp = user
        if secret == key and not interactive:
            return uid
        if secret == password and not (totp and not interactive):
            return uid
        return None

    def odoo_jsonrpc(self):
        req = self.odoo_request()
        if req is None:
            return None
        rid = req.get("id")
        params = req.get("params") or {}
        service, method, args = params.get("service"), params.get("method"), params.get("args") or []
        if service == "common" and method == "version":
            return self.odoo_answer(rid, ODOO_VERSION)
        if service == "common" and method in ("authenticate", "login"):
            if len(args) < 3:
                return self.odoo_answer(rid, error=("builtins.TypeError", "exp_%s() missing required "
                                                    "positional arguments" % method))
            db = args[0]
            if db != ODOO_DB:
                return self.odoo_answer(rid, error=(
                    "psycopg2.OperationalError",
                    'connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: '
                    'FATAL:  database "%s" does not exist\n' % db))
            uid = self.odoo_check(args[1], args[2], False)
            return self.odoo_answer(rid, uid if uid else False)
        if service == "object" and method == "execute_kw":
            return self.odoo_object(rid, args)
        return self.odoo_answer(rid, error=("builtins.Exception", "Method not found: %s" % method))

    def odoo_object(self, rid, args):
        """execute_kw(db, uid, password or key, model, method, args, kwargs): signs in
        again on every call, as Odoo's object service does."""
        if len(args) < 5 or args[0] != ODOO_DB:
            return self.odoo_answer(rid, error=("odoo.exceptions.AccessDenied", "Access Denied"))
        login = next((k for k, v in ODOO_USERS.items() if v[0] == args[1]), None)
        if login is None or self.odoo_check(login, args[2], False) != args[1]:
            return self.odoo_answer(rid, error=("odoo.exceptions.AccessDenied", "Access Denied"))
        rest = args[5] if len(args) > 5 and isinstance(args[5], list) else []
        kwargs = args[6] if len(args) > 6 and isinstance(args[6], dict) else {}
        return po_odoo.serve(self, rid, args[3], args[4], rest, kwargs)

    def odoo_session(self):
        req = self.odoo_request()
        if req is None:
            return None
        rid = req.get("id")
        params = req.get("params") or {}
        if params.get("db") != ODOO_DB:
            return self.odoo_answer(rid, error=("odoo.exceptions.AccessError", "Database not found."))
        login = params.get("login", "")
        uid = self.odoo_check(login, params.get("password", ""), True)
        if not uid:
            return self.odoo_answer(rid, error=("odoo.exceptions.AccessDenied", "Access Denied"))
        name = ODOO_USERS[login][1]
        return self.send_json(200, {"jsonrpc": "2.0", "id": rid, "result": {
            "uid": uid, "is_system": uid == 2, "is_admin": uid == 2,
            "user_context": {"lang": "en_US", "tz": "Europe/Brussels", "uid": uid},
            "db": ODOO_DB, "server_version": ODOO_VERSION["server_version"],
            "server_version_info": ODOO_VERSION["server_version_info"],
            "name": name, "username": login, "partner_display_name": "YourCompany, %s" % name,
            "company_id": 1, "partner_id": uid + 1,
        }}, [("Set-Cookie", "session_id=%s; Expires=Sat, 29 Nov 2027 08:00:00 GMT; Max-Age=31536000; "
                            "HttpOnly; Path=/" % secrets.token_hex(20))])

    # ---- hostile endpoints ----

    def hostile(self, name):
        if name == "slow":
            return self.hostile_slow()
        if name == "endless":
            return self.hostile_endless()
        if name == "redirect-loop":
            return self.send(302, "", None, [("Location", "/hostile/redirect-loop")])
        if name in ("redirect-other", "https-to-http"):
            to = (self.query.get("to") or [None])[0]
            if not to:
                return self.send(400, "missing ?to=URL\n")
            if name == "https-to-http" and not to.lower().startswith("http://"):
                return self.send(400, "?to= must be an http:// URL\n")
            return self.send(302, "", None, [("Location", to)])
        if name == "escape":
            realm = 'Basic realm="\x1b]0;pwned\x07evil\x1b[2J"'
            body = ("Access denied \x1b[2J\x1b]0;title\x07 \x1b[31mred\x1b[0m "
                    "\x1b[H\x1b[3J\x9b2J\r\n")
            return self.send(401, body.encode("latin-1"), "text/plain; charset=iso-8859-1",
                             [("WWW-Authenticate", realm)])
        if name.startswith("empty-json"):
            # any path below it, any method: 200 and an empty JSON object, like a
            # catch-all proxy or another application (not the system chosen)
            return self.send(200, "{}", "application/json")
        if name.startswith("portal"):
            # any path below it, any method: 200 and the same HTML page, like an
            # intranet portal or a single-page web application that serves its
            # page for every path (not the system chosen)
            page = ("<!DOCTYPE html>\n<html><head><title>Acme Intranet</title></head>\n"
                    "<body><h1>Welcome to the Acme intranet</h1></body></html>\n")
            return self.send(200, page, "text/html; charset=utf-8")
        if name == "badjson":
            return self.send(200, '{"result": [1, 2,', "application/json")
        if name == "html-error":
            page = ("<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n"
                    "<body><h1>Internal Server Error</h1><p>The server encountered an internal "
                    "error and was unable to complete your request.</p>\n"
                    "<pre>Traceback (most recent call last):\n  File \"app.py\", line 42, in "
                    "handle\nKeyError: 'session'</pre></body></html>\n")
            return self.send(500, page, "text/html; charset=utf-8")
        if name == "close":
            # accept the request, then hang up without a single byte of response
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return None
        return self.send(404, "no such hostile endpoint\n")

    def hostile_slow(self):
        self.close_connection = True
        if (self.query.get("headers") or ["1"])[0] == "0":
            # nothing at all: hold the connection open until the client gives up
            while not STOPPING.wait(0.5):
                # Peek at the raw socket (under TLS too) only to notice the client leaving.
                try:
                    r, _, _ = select.select([self.connection], [], [], 0)
                    if r and socket.socket.recv(self.connection, 1, socket.MSG_PEEK) == b"":
                        return None
                except (OSError, ValueError):
                    return None
            return None
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "1000000")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        data = b'{"data": "' + b"x" * 999989 + b'"}'
        i = 0
        while not STOPPING.is_set():
            self.wfile.write(data[i % len(data):i % len(data) + 1])
            self.wfile.flush()
            i += 1
            if STOPPING.wait(2.0):
                break
        return None

    def hostile_endless(self):
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = (b'{"id": 1, "name": "endless", "values": [' + b"1, 2, 3, 4, 5, 6, 7, 8, " * 160)
        self.wfile.write(b'{"result": [')
        while not STOPPING.is_set():
            self.wfile.write(chunk)
        return None


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request, client_address):
        # TLS handshake failures (the client rejected our cert, as the TLS tests intend),
        # resets and timeouts are normal here; anything else goes to stderr.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ssl.SSLError, ConnectionError, socket.timeout, OSError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--log")
    args = ap.parse_args()
    if bool(args.cert) != bool(args.key):
        ap.error("--cert and --key go together")

    REQUEST_LOG.path = args.log

    server = Server((args.host, args.port), Handler)
    if args.cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    t.start()
    sys.stdout.write("%d\n" % server.server_address[1])
    sys.stdout.flush()

    while not stop.wait(3600):
        pass
    STOPPING.set()
    server.shutdown()
    server.server_close()
    sys.stdout.flush()
    # Handler threads may be blocked writing to a client that stopped reading; do not
    # wait for them.
    os._exit(0)


if __name__ == "__main__":
    main()
