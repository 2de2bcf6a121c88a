"""recorder.py LOG: an HTTP server on 127.0.0.1 port 0 that writes every
request's head (request line and headers, as received) to LOG and answers
401. Prints its port. For checking what onramp puts on the wire."""
import http.server
import sys


class Rec(http.server.BaseHTTPRequestHandler):
    def _any(self):
        with open(sys.argv[1], "a", encoding="latin-1") as f:
            f.write(self.requestline + "\n" + str(self.headers) + "\n")
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="x"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_HEAD = do_PUT = _any

    def log_message(self, *a):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Rec)
print(srv.server_address[1], flush=True)
srv.serve_forever()
