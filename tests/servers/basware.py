"""basware.py: Basware's OAuth2 token service, for fixture.py.

POST /v1/tokens (https://api.basware.com/v1/tokens in production): the API
client's ID and secret come only in HTTP Basic (RFC 6749 2.3.1); the form
holds grant_type=client_credentials and the scopes. A client sent as form
fields is not authenticated (401). The answer is RFC 6749 JSON; the token is
then sent as a bearer token, here to GET /v1/vendors.
"""
import secrets
import threading
import urllib.parse

CLIENT = "1dr2n8r3p186s7ujg4vjs5rkiq"
SECRET = "Basware-Client-Secret"

_lock = threading.Lock()
_tokens = set()


def token(h):
    if h.command != "POST":
        return h.send(405, "")
    # token_form reads a client sent in HTTP Basic; one sent in the form is refused
    basic = h.headers.get("Authorization", "")[:6].lower() == "basic "
    f = h.token_form(urllib.parse.parse_qs(h.body.decode("utf-8", "replace")))
    if not basic or f.get("client_id") != CLIENT or f.get("client_secret") != SECRET:
        return h.send_json(401, {"error": "invalid_client", "error_description": "Client authentication failed"},
                           [("WWW-Authenticate", 'Basic realm="api.basware.com"')])
    if f.get("grant_type") != "client_credentials":
        return h.send_json(400, {"error": "unsupported_grant_type"})
    t = secrets.token_hex(24)
    with _lock:
        _tokens.add(t)
    return h.send_json(200, {"access_token": t, "token_type": "Bearer", "expires_in": 3600,
                             "scope": f.get("scope", "")}, [("Cache-Control", "no-store")])


def vendors(h):
    auth = h.headers.get("Authorization", "")
    with _lock:
        ok = auth[:7].lower() == "bearer " and auth[7:].strip() in _tokens
    if not ok:
        return h.send_json(401, {"message": "Unauthorized"})
    return h.send_json(200, [])


def dispatch(h, p):
    """Answers p when it is Basware's path; None otherwise."""
    if p == "/v1/tokens":
        return token(h) or True
    if p == "/v1/vendors":
        return vendors(h) or True
    return None
