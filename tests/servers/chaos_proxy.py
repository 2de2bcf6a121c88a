#!/usr/bin/env python3
"""chaos_proxy.py: an unreliable network and receiver in front of the
reference receiver, for the webhook fault run (tests/e2e/test_webhook_faults.sh).

  chaos_proxy.py --port P --upstream PORT [--seed N]

Prints its port on the first line. Each POST gets one fate, drawn from a
seeded random generator:
  fail      3%    answered 500 at once, not forwarded
  timeout   0.5%  held 2.5 s (past the sender's 2 s timeout), then the
                  connection is closed without an answer, not forwarded
  lost      3%    forwarded (the receiver stores it and answers 200), then the
                  connection is closed: the sender never sees the 200 and
                  sends it again (a duplicate for the receiver)
  late      10%   held 0-400 ms, then forwarded: a later event of the same
                  record may overtake it (out of order)
  through         forwarded at once
A receiver that is down (restarting) makes the request "down": 502.
GET /_stats answers the counts of each fate as JSON.
"""
import argparse, http.client, json, random, socket, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, default=0)
ap.add_argument("--upstream", type=int, required=True)
ap.add_argument("--seed", type=int, default=15)
args = ap.parse_args()

FATES = [("fail", 0.03), ("timeout", 0.005), ("lost", 0.03), ("late", 0.10)]
rng = random.Random(args.seed)
lock = threading.Lock()
stats = {k: 0 for k in ("fail", "timeout", "lost", "late", "through", "down")}


def fate():
    with lock:
        x = rng.random()
        delay = rng.random() * 0.4
    for name, p in FATES:
        if x < p:
            return name, delay
        x -= p
    return "through", 0.0


def count(name):
    with lock:
        stats[name] += 1


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def answer(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with lock:
            body = json.dumps(stats).encode()
        self.answer(200, body)

    def forward(self, body):
        """The receiver's (status, body), or None when it is down."""
        headers = {k: v for k, v in self.headers.items()
                   if k.lower().startswith("webhook-") or k.lower() == "content-type"}
        try:
            c = http.client.HTTPConnection("127.0.0.1", args.upstream, timeout=10)
            c.request("POST", self.path, body=body, headers=headers)
            r = c.getresponse()
            out = (r.status, r.read())
            c.close()
            return out
        except (OSError, http.client.HTTPException):
            return None

    def drop(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        name, delay = fate()
        if name == "fail":
            count(name)
            return self.answer(500, b'{"error":"injected"}')
        if name == "timeout":
            count(name)
            time.sleep(2.5)
            return self.drop()
        if name == "late":
            time.sleep(delay)
        got = self.forward(body)
        if got is None:
            count("down")
            return self.answer(502, b'{"error":"receiver down"}')
        count(name)
        if name == "lost":
            return self.drop()
        return self.answer(*got)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


srv = Server(("127.0.0.1", args.port), H)
print(srv.server_address[1], flush=True)
srv.serve_forever()
