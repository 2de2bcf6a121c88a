#!/usr/bin/env python3
"""hook_sink.py: a webhook endpoint for the sender's tests. It checks each
request's Standard Webhooks signature on its own (Python's hmac, not
onramp's code) and answers by a plan.

  hook_sink.py --port 0 --secret-file F --log LOG [--plan PLAN]

Prints its port on the first line. LOG gets one JSON line per request:
{t, id, ts, sig_ok, status, body}. PLAN is a file of answers consumed one
per request, one a line: "200", "500", "410", "429 2" (Retry-After: 2),
"302" (Location elsewhere); when it is empty or missing: 200. The file is
re-read each request, so a test can change it while running.
"""
import argparse, base64, hashlib, hmac, json, os, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, default=0)
ap.add_argument("--secret-file", required=True)
ap.add_argument("--log", required=True)
ap.add_argument("--plan")
args = ap.parse_args()
# Requests are handled on threads: the plan's read-then-rewrite and the
# log's append are one step each, or two requests at once would take the
# same answer (and the next one would be lost).
lock = threading.Lock()


def next_answer():
    if not args.plan or not os.path.exists(args.plan):
        return "200"
    with open(args.plan) as f:
        lines = [l.strip() for l in f if l.strip()]
    if not lines:
        return "200"
    with open(args.plan, "w") as f:
        f.write("\n".join(lines[1:]) + ("\n" if lines[1:] else ""))
    return lines[0]


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        mid, ts = self.headers.get("webhook-id", ""), self.headers.get("webhook-timestamp", "")
        with open(args.secret_file) as f:
            secret = f.read().strip()
        key = base64.b64decode(secret[6:])
        want = base64.b64encode(hmac.new(key, mid.encode() + b"." + ts.encode() + b"." + body,
                                         hashlib.sha256).digest()).decode()
        sigs = self.headers.get("webhook-signature", "").split()
        ok = any(s.startswith("v1,") and hmac.compare_digest(s[3:], want) for s in sigs)
        with lock:
            ans = next_answer().split()
            status = int(ans[0])
            with open(args.log, "a") as f:
                f.write(json.dumps({"t": time.time(), "id": mid, "ts": ts, "sig_ok": ok,
                                    "status": status, "body": body.decode()}) + "\n")
        self.send_response(status)
        if status == 429 and len(ans) > 1:
            self.send_header("Retry-After", ans[1])
        if status == 302:
            self.send_header("Location", "http://127.0.0.1:9/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()


s = ThreadingHTTPServer(("127.0.0.1", args.port), H)
print(s.server_address[1], flush=True)
s.serve_forever()
