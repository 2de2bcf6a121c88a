#!/usr/bin/env python3
"""slow_proxy.py: a slow platform for the kiosk's delivery tests. It takes
each request whole, logs "got METHOD PATH" to LOG, waits DELAY seconds,
then forwards it to TARGET and relays the answer; when the client has gone
meanwhile (a kiosk killed mid-delivery), the request still reaches the
platform, as it would from a slow network.

  slow_proxy.py --port 0 --target http://127.0.0.1:PORT --delay S --log LOG

Prints its port on the first line.
"""
import argparse, time, urllib.request, urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, default=0)
ap.add_argument("--target", required=True)
ap.add_argument("--delay", type=float, default=2.0)
ap.add_argument("--log", required=True)
args = ap.parse_args()


class H(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def relay(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else None
        with open(args.log, "a") as f:
            f.write("got %s %s\n" % (self.command, self.path))
        time.sleep(args.delay)
        req = urllib.request.Request(args.target + self.path, data=body, method=self.command)
        for k in ("Authorization", "Content-Type"):
            if self.headers.get(k):
                req.add_header(k, self.headers[k])
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, data = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, data = e.code, e.read()
        with open(args.log, "a") as f:
            f.write("forwarded %d\n" % status)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the kiosk is gone

    do_GET = do_POST = relay


s = ThreadingHTTPServer(("127.0.0.1", args.port), H)
print(s.server_address[1], flush=True)
s.serve_forever()
