"""ropc.py: OAuth2 password-grant token services of two vendors, for fixture.py.

Infor ION API (Infor OS): a backend service app's .ionapi file holds ci/cs (the
client) and saak/sask (the service account). The token request goes to pu + ot
({pu}/{tenant}/as/token.oauth2, a PingFederate endpoint) as a form with
grant_type=password, username=saak, password=sask, client_id, client_secret;
the answer is RFC 6749 JSON (access_token, token_type Bearer, expires_in,
refresh_token). APIs are then called as {iu}/{tenant}/{product}/... with the
Bearer token: M3 m3api-rest/v2 execute/MNS150MI/GetUserData, LN lnapi/,
CloudSuite Industrial IDORequestService/ido/load/SLItems with the
X-Infor-MongooseConfig header.

Manhattan Active: POST https://<id>-auth.omni.manh.com/oauth/token with the
client in HTTP Basic (RFC 6749 2.3.1), form grant_type=password, username,
password; then GET {url}/organization/api/organization/user/allDetails/userId/{user}.
Errors are RFC 6749 5.2 bodies (invalid_client 401, invalid_grant 400).

Deltek Vantagepoint (api.deltek.com, "Get an Access Token"): POST {url}/token,
{url} being the API address (https://vp.example.com/vantagepoint/api), as a
form spelled Username, Password, grant_type=password, Integrated (Y for
Windows or Azure AD sign-in, else N), database, Client_Id, client_secret
(the pair and database from Utilities > Integrations > API Authorization).
The answer is access_token, token_type bearer, expires_in, refresh_token;
then GET {url}/user (the users list) with the Bearer token.

Visma Connect, a service integration (docs.vismasoftware.no, "Service
Integrations"): POST https://connect.visma.com/connect/token as a form with
grant_type=client_credentials, scope, client_id, client_secret and the
customer's tenant_id; then the Visma Net ERP API with the Bearer token.
"""
import json
import secrets
import threading

INFOR_TENANT = "ACME_TST"
INFOR_CLIENT = "ACME_TST~fixtureClientId"
INFOR_SECRET = "Infor-Client-Secret"
INFOR_SAAK = "ACME_TST#saakFixture"
INFOR_SASK = "Infor-Service-Secret"
INFOR_CONFIG = "ACME_TST_DALS"

MANH_CLIENT = "omnicomponent.1.0.0"
MANH_SECRET = "Manh-Client-Secret"
MANH_USER = "integration@acme.example"
MANH_PASSWORD = "Manh-Pa55!"

VP_CLIENT = "a1b2c3d4e5f6"
VP_SECRET = "Vp-Client-Secret"
VP_DATABASE = "ACME_VP"
VP_USER = "APIUSER"
VP_PASSWORD = "Vp-Pa55!"

VC_CLIENT = "isv_acme_service"
VC_SECRET = "Vc-Client-Secret"
VC_TENANT = "af1140c1-52e0-46c7-b684-df894d4b8a5a"

_lock = threading.Lock()
_tokens = {}  # token -> "infor" or "manh"


def _issue(kind):
    token = secrets.token_hex(24)
    with _lock:
        _tokens[token] = kind
    return token


def _bearer(h, kind):
    auth = h.headers.get("Authorization", "")
    with _lock:
        return auth[:7].lower() == "bearer " and _tokens.get(auth[7:].strip()) == kind


def _form(h):
    import urllib.parse
    return h.token_form(urllib.parse.parse_qs(h.body.decode("utf-8", "replace"), keep_blank_values=True))


def _fail(h, status, error, description):
    return h.send_json(status, {"error": error, "error_description": description}, [("Cache-Control", "no-store")])


def infor_token(h):
    if h.command != "POST":
        return h.send(405, "")
    f = _form(h)
    if f.get("client_id") != INFOR_CLIENT or f.get("client_secret") != INFOR_SECRET:
        return _fail(h, 401, "invalid_client", "Invalid client or client credentials.")
    if f.get("grant_type") != "password":
        return _fail(h, 400, "unsupported_grant_type", "Grant type not allowed for this client.")
    if f.get("username") != INFOR_SAAK or f.get("password") != INFOR_SASK:
        return _fail(h, 400, "invalid_grant", "Authentication failed")
    return h.send_json(200, {"access_token": _issue("infor"), "token_type": "Bearer", "expires_in": 7200,
                             "refresh_token": secrets.token_hex(24)}, [("Cache-Control", "no-store")])


def infor_api(h, rest):
    """rest: the path after /{tenant}/"""
    if not _bearer(h, "infor"):
        return h.send_json(401, {"error": "invalid_token", "error_description": "Access token is invalid or expired"})
    if rest == "M3/m3api-rest/v2/execute/MNS150MI/GetUserData":
        rec = {"ZZUSID": "SVC_ONRAMP", "CONO": "100", "DIVI": "AAA", "LANC": "GB"}
        return h.send_json(200, {"results": [{"transaction": "GetUserData", "records": [rec]}], "wasTerminated": False,
                                 "nrOfSuccessfullTransactions": 1, "nrOfFailedTransactions": 0})
    if rest in ("LN/lnapi", "LN/lnapi/"):
        return h.send_json(200, {"services": []})
    if rest == "CSI/IDORequestService/ido/load/SLItems":
        if h.headers.get("X-Infor-MongooseConfig") != INFOR_CONFIG:
            return h.send_json(200, {"Items": None, "Message": "Configuration not found", "MessageCode": 1, "Success": False})
        return h.send_json(200, {"Items": [{"Item": "FG-1000"}], "Bookmark": "<B/>", "Message": None,
                                 "MessageCode": 0, "Success": True})
    return h.send(404, "not found\n")


def manh_token(h):
    import base64
    if h.command != "POST":
        return h.send(405, "")
    auth = h.headers.get("Authorization", "")
    # only client_secret_basic: a client in the form is not authenticated
    try:
        cid, _, csec = base64.b64decode(auth[6:].strip()).decode().partition(":") if auth[:6].lower() == "basic " else ("", "", "")
    except ValueError:
        cid = csec = ""
    if cid != MANH_CLIENT or csec != MANH_SECRET:
        return h.send_json(401, {"error": "unauthorized", "error_description": "Full authentication is required to access this resource"},
                           [("WWW-Authenticate", 'Basic realm="oauth2/client"')])
    import urllib.parse
    f = {k: v[0] for k, v in urllib.parse.parse_qs(h.body.decode("utf-8", "replace")).items()}
    if f.get("grant_type") != "password":
        return _fail(h, 400, "unsupported_grant_type", "Unsupported grant type")
    if f.get("username") != MANH_USER or f.get("password") != MANH_PASSWORD:
        return _fail(h, 400, "invalid_grant", "Bad credentials")
    return h.send_json(200, {"access_token": _issue("manh"), "token_type": "bearer", "refresh_token": secrets.token_hex(24),
                             "expires_in": 43199, "scope": "omni", "jti": secrets.token_hex(8)})


def manh_api(h, user):
    if not _bearer(h, "manh"):
        return h.send_json(401, {"error": "invalid_token", "error_description": "Invalid access token"})
    if user != MANH_USER:
        return h.send_json(404, {"message": "User not found"})
    return h.send_json(200, {"data": {"UserId": MANH_USER, "FirstName": "Integration", "LastName": "User"}, "success": True})


def vp_token(h):
    """The documented spelling only: a lower-case username or client_id is
    not this service's form, so the fixture does not read it."""
    import urllib.parse
    if h.command != "POST":
        return h.send(405, "")
    pairs = urllib.parse.parse_qsl(h.body.decode("utf-8", "replace"))
    f = dict(pairs)
    # its form reader ignores case (ASP.NET): "client_id" next to "Client_Id"
    # is one member with two values, which no longer matches the client
    if len({k.lower() for k, _ in pairs}) != len(pairs):
        return _fail(h, 400, "invalid_client", "Client credentials are invalid.")
    if f.get("grant_type") != "password":
        return _fail(h, 400, "unsupported_grant_type", "The authorization grant type is not supported.")
    if f.get("Client_Id") != VP_CLIENT or f.get("client_secret") != VP_SECRET:
        return _fail(h, 400, "invalid_client", "Client credentials are invalid.")
    if f.get("database") != VP_DATABASE or f.get("Integrated") not in ("Y", "N"):
        return _fail(h, 400, "invalid_grant", "Invalid database.")
    if f.get("Username") != VP_USER or f.get("Password") != VP_PASSWORD or f.get("Integrated") != "N":
        return _fail(h, 400, "invalid_grant", "The user name or password is incorrect.")
    return h.send_json(200, {"access_token": _issue("vp"), "token_type": "bearer", "expires_in": 1799,
                             "refresh_token": secrets.token_hex(16)})


def vp_api(h, rest):
    if not _bearer(h, "vp"):
        return h.send_json(401, {"Message": "Authorization has been denied for this request."})
    if rest == "user":
        return h.send_json(200, [{"Username": VP_USER, "DisplayUsername": VP_USER, "Employee": "00026", "Status": "A"}])
    return h.send(404, "not found\n")


def vc_token(h):
    import urllib.parse
    if h.command != "POST":
        return h.send(405, "")
    f = {k: v[0] for k, v in urllib.parse.parse_qs(h.body.decode("utf-8", "replace")).items()}
    if f.get("grant_type") != "client_credentials":
        return _fail(h, 400, "unsupported_grant_type", "")
    if f.get("client_id") != VC_CLIENT or f.get("client_secret") != VC_SECRET:
        return _fail(h, 400, "invalid_client", "")
    if "tenant_id" not in f:  # a service token is always for one customer's tenant
        return _fail(h, 400, "invalid_request", "tenant_id is missing")
    if f.get("tenant_id") != VC_TENANT:
        return _fail(h, 400, "unauthorized_client", "The client is not approved for this tenant")
    return h.send_json(200, {"access_token": _issue("vc"), "token_type": "Bearer", "expires_in": 3600,
                             "scope": f.get("scope", "")})


def vc_api(h):
    if not _bearer(h, "vc"):
        return h.send_json(401, {"message": "Unauthorized"})
    return h.send_json(200, [{"id": 1, "name": "Acme AS"}])


def dispatch(h, p):
    """Answers p when it is one of these services' paths; None otherwise."""
    import urllib.parse
    p = urllib.parse.unquote(p)
    if p == "/%s/as/token.oauth2" % INFOR_TENANT:
        return infor_token(h) or True
    if p.startswith("/%s/" % INFOR_TENANT):
        return infor_api(h, p[len(INFOR_TENANT) + 2:]) or True
    if p == "/connect/token":
        return vc_token(h) or True
    if p == "/visma/v1/context":
        return vc_api(h) or True
    if p == "/vantagepoint/api/token":
        return vp_token(h) or True
    if p.startswith("/vantagepoint/api/"):
        return vp_api(h, p[len("/vantagepoint/api/"):]) or True
    if p == "/oauth/token":
        return manh_token(h) or True
    prefix = "/organization/api/organization/user/allDetails/userId/"
    if p.startswith(prefix):
        return manh_api(h, p[len(prefix):]) or True
    return None
