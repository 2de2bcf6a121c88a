"""A generic OAuth 2.0 authorization server for the authorization code
grant (RFC 6749 4.1, 5.1, 5.2, 6) with PKCE S256 (RFC 7636), and a
resource behind it, for onramp's oauth2_code method. Used by fixture.py:

  GET  /oauth2/authorize   checks the client and redirect, then answers 302
                           to redirect_uri?code=..&state=.. (the user
                           "signs in and allows" at once); client_id
                           "deny-client" gets error=access_denied instead
  POST /oauth2/token       grant_type=authorization_code (code once, same
                           redirect_uri, code_verifier matching the
                           challenge, client secret) or refresh_token
                           (rotated: the old one is revoked, a new one
                           comes with the answer)
  GET  /oauth2/api/me      200 {"name", "email"} with a valid bearer token
"""
import base64
import hashlib
import json
import secrets
import threading
import urllib.parse

CLIENT_ID = "onramp-test-client"
CLIENT_SECRET = "s3cret-Client!"
DENY_CLIENT = "deny-client"

_lock = threading.Lock()
_codes = {}    # code -> (client_id, redirect_uri, challenge)
_refresh = {}  # refresh token -> client_id
_access = {}   # access token -> client_id


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _redirect(h, uri, params):
    sep = "&" if "?" in uri else "?"
    h.send(302, "", headers=[("Location", uri + sep + urllib.parse.urlencode(params))])


def authorize(h):
    q = {k: v[0] for k, v in h.query.items()}
    client, uri, state = q.get("client_id"), q.get("redirect_uri", ""), q.get("state", "")
    if client not in (CLIENT_ID, DENY_CLIENT) or not uri.startswith("http"):
        # RFC 6749 4.1.2.1: never redirect to an unchecked address
        return h.send(400, "unknown client or redirect address\n")
    if client == DENY_CLIENT:
        return _redirect(h, uri, {"error": "access_denied", "error_description": "The user said no.", "state": state})
    if q.get("response_type") != "code" or q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
        return _redirect(h, uri, {"error": "invalid_request", "state": state})
    code = secrets.token_urlsafe(24)
    with _lock:
        _codes[code] = (client, uri, q["code_challenge"])
    _redirect(h, uri, {"code": code, "state": state})


def _token_error(h, error, description, status=400):
    h.send_json(status, {"error": error, "error_description": description})


def _issue(h, client):
    access = secrets.token_urlsafe(24)
    refresh = secrets.token_urlsafe(24)
    with _lock:
        _access[access] = client
        _refresh[refresh] = client
    h.send_json(200, {"access_token": access, "token_type": "Bearer", "expires_in": 3600, "refresh_token": refresh})


def token(h):
    form = h.token_form(urllib.parse.parse_qs(h.body.decode("utf-8", "replace"), keep_blank_values=True))
    if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
        return _token_error(h, "invalid_client", "Client authentication failed.", 401)
    grant = form.get("grant_type")
    if grant == "refresh_token":
        # rotation (RFC 6749 10.4, OAuth 2.0 Security BCP 4.14): each
        # refresh token works once; the answer carries the next one
        with _lock:
            ok = _refresh.pop(form.get("refresh_token", ""), None) == CLIENT_ID
        if not ok:
            return _token_error(h, "invalid_grant", "The refresh token is invalid or was revoked.")
        return _issue(h, CLIENT_ID)
    if grant != "authorization_code":
        return _token_error(h, "unsupported_grant_type", "Only authorization_code and refresh_token.")
    with _lock:
        entry = _codes.pop(form.get("code", ""), None)  # a code works once
    if not entry:
        return _token_error(h, "invalid_grant", "The authorization code is invalid, expired or used.")
    _, uri, challenge = entry
    verifier = form.get("code_verifier", "")
    if form.get("redirect_uri") != uri:
        return _token_error(h, "invalid_grant", "redirect_uri does not match the authorization request.")
    if _b64url(hashlib.sha256(verifier.encode()).digest()) != challenge:
        return _token_error(h, "invalid_grant", "PKCE verification failed.")
    _issue(h, CLIENT_ID)


def me(h):
    auth = h.headers.get("Authorization", "")
    with _lock:
        ok = auth.startswith("Bearer ") and auth[7:] in _access
    if not ok:
        return h.send(401, json.dumps({"error": "invalid_token"}), "application/json",
                      headers=[("WWW-Authenticate", 'Bearer error="invalid_token"')])
    h.send_json(200, {"name": "Pat Example", "email": "pat@example.test"})


ROUTES = {"/oauth2/authorize": authorize, "/oauth2/token": token, "/oauth2/api/me": me}
