#!/usr/bin/env python3
"""device_provider.py: an OAuth 2.0 provider with the device authorization
grant (RFC 8628), for the kiosk's sign-in on a phone. The wire format is
RFC 8628's, with the non-standard variants onramp reads (sources in
../shared/research/device-flow.md): Google's "verification_url" (client
"google-style"), Microsoft's "authorization_declined".

  POST /device/code   client_id, scope -> device_code, user_code,
                      verification_uri (or _url), expires_in, interval 1
  GET  /device        the page the phone opens (a form for the code)
  POST /device        user_code, action=allow|deny|decline: the phone
  POST /_test/slow    user_code: the next poll answers slow_down once
  POST /_test/expire  user_code: the code runs out now
  POST /token         grant_type=urn:ietf:params:oauth:grant-type:device_code
                      -> authorization_pending | slow_down | expired_token |
                      access_denied | authorization_declined | tokens;
                      grant_type=refresh_token -> a new access token
  GET  /api/me        200 with a valid bearer token

  device_provider.py --port 0 --log LOG    (prints its port first)
LOG gets one line per token poll: "poll USER_CODE ANSWER".
"""
import argparse, json, secrets, string, threading, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENTS = ("onramp-device-client", "google-style")
ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, default=0)
ap.add_argument("--log", required=True)
args = ap.parse_args()
lock = threading.Lock()
devices = {}   # device_code -> {"user_code", "state", "client", "slow"}
refresh, access = set(), set()


def code():
    a = "BCDFGHJKLMNPQRSTVWXZ"  # RFC 8628 6.1: no vowels, unambiguous
    return "".join(secrets.choice(a) for _ in range(4)) + "-" + "".join(secrets.choice(a) for _ in range(4))


def by_user(uc):
    for dc, d in devices.items():
        if d["user_code"] == uc.upper():
            return d
    return None


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def reply(self, status, obj):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def form(self):
        n = int(self.headers.get("Content-Length") or 0)
        return {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(n).decode(), keep_blank_values=True).items()}

    def do_GET(self):
        p = urllib.parse.urlparse(self.path).path
        if p == "/device":
            page = b"<form method=post>Code: <input name=user_code><button name=action value=allow>Allow</button></form>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            return self.wfile.write(page)
        if p == "/api/me":
            tok = self.headers.get("Authorization", "")[7:]
            with lock:
                ok = tok in access
            return self.reply(200, {"name": "Pat Example"}) if ok else self.reply(401, {"error": "invalid_token"})
        self.reply(404, {"error": "not_found"})

    def do_POST(self):
        p = urllib.parse.urlparse(self.path).path
        f = self.form()
        host = "http://127.0.0.1:%d" % self.server.server_address[1]
        with lock:
            if p == "/device/code":
                if f.get("client_id") not in CLIENTS:
                    return self.reply(401, {"error": "invalid_client", "error_description": "Unknown client."})
                dc = secrets.token_urlsafe(24)
                devices[dc] = {"user_code": code(), "state": "pending", "client": f["client_id"], "slow": False}
                key = "verification_url" if f["client_id"] == "google-style" else "verification_uri"
                return self.reply(200, {"device_code": dc, "user_code": devices[dc]["user_code"],
                                        key: host + "/device", "expires_in": 900, "interval": 1})
            if p in ("/device", "/_test/slow", "/_test/expire"):
                d = by_user(f.get("user_code", ""))
                if not d:
                    return self.reply(400, {"error": "unknown user_code"})
                if p == "/_test/slow":
                    d["slow"] = True
                elif p == "/_test/expire":
                    d["state"] = "expired"
                else:
                    d["state"] = {"allow": "allowed", "deny": "denied", "decline": "declined"}[f.get("action", "allow")]
                return self.reply(200, {"ok": True})
            if p == "/token":
                return self.token(f)
        self.reply(404, {"error": "not_found"})

    def token(self, f):
        if f.get("client_id") not in CLIENTS:
            return self.reply(401, {"error": "invalid_client"})
        if f.get("grant_type") == "refresh_token":
            if f.get("refresh_token") not in refresh:
                return self.reply(400, {"error": "invalid_grant"})
            a = secrets.token_urlsafe(24)
            access.add(a)
            return self.reply(200, {"access_token": a, "token_type": "Bearer", "expires_in": 3600})
        if f.get("grant_type") != "urn:ietf:params:oauth:grant-type:device_code":
            return self.reply(400, {"error": "unsupported_grant_type"})
        d = devices.get(f.get("device_code", ""))
        if not d:
            return self.reply(400, {"error": "invalid_grant"})
        if d["slow"]:
            d["slow"] = False
            answer = "slow_down"
        else:
            answer = {"pending": "authorization_pending", "expired": "expired_token", "denied": "access_denied",
                      "declined": "authorization_declined", "allowed": "tokens", "used": "invalid_grant"}[d["state"]]
        with open(args.log, "a") as log:
            log.write("poll %s %s\n" % (d["user_code"], answer))
        if answer != "tokens":
            # Google answers pending with 428; RFC 8628 and the others with 400
            status = 428 if answer == "authorization_pending" and d["client"] == "google-style" else 400
            return self.reply(status, {"error": answer, "error_description": "Device flow: " + answer})
        d["state"] = "used"
        a, r = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        access.add(a)
        refresh.add(r)
        self.reply(200, {"access_token": a, "refresh_token": r, "token_type": "Bearer", "expires_in": 3600})


s = ThreadingHTTPServer(("127.0.0.1", args.port), H)
print(s.server_address[1], flush=True)
s.serve_forever()
