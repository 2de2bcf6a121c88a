"""recorder.py LOG [MODE]: an HTTP server on 127.0.0.1 port 0 that writes
every request's head (request line and headers, as received) to LOG and
answers 401. Prints its port. For checking what onramp puts on the wire.
MODE "huge-header": the answer has one 1 MB header; "many-headers": 400
headers of 1 KB each (a hostile or broken server); "redirect-idn": a
redirect to a look-alike host name (Cyrillic "а"), in raw UTF-8."""
import http.server
import sys


class Rec(http.server.BaseHTTPRequestHandler):
    def _any(self):
        with open(sys.argv[1], "a", encoding="latin-1") as f:
            f.write(self.requestline + "\n" + str(self.headers) + "\n")
        mode = sys.argv[2] if len(sys.argv) > 2 else ""
        if mode == "redirect-idn":  # a look-alike host, raw UTF-8
            self.send_response(302)
            self._headers_buffer.append("Location: https://аpple.example/login\r\n".encode("utf-8"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(401)
        if mode == "huge-header":
            self.send_header("X-Huge", "a" * (1 << 20))
        elif mode == "many-headers":
            for i in range(400):
                self.send_header("X-Many-%d" % i, "b" * 1024)
        self.send_header("WWW-Authenticate", 'Basic realm="x"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_HEAD = do_PUT = _any

    def log_message(self, *a):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on a hostile answer


srv = http.server.HTTPServer(("127.0.0.1", 0), Rec)
print(srv.server_address[1], flush=True)
srv.serve_forever()
