#!/usr/bin/env python3
"""api_client.py: HTTP helpers for the API and webhook tests. Tokens and
secrets come from files, never argv.

  req METHOD URL [TOKENFILE]          prints the status, then the body
  pages URL TOKENFILE LIMIT           pages through /v1/purchase-orders; prints JSON
                                      {pages, ids, seqs, statuses}
  poll URL TOKENFILE OUT STOPFILE     GETs URL every 10 ms until STOPFILE exists
                                      (+0.3 s); writes "t_ns status" lines to OUT
  burst URL TOKENFILE N               N requests at once; prints the statuses and
                                      the Retry-After values seen
  slow HOST PORT SECONDS              sends half a request and reports whether the
                                      server closed the connection within SECONDS
  hold HOST PORT N                    opens N idle connections, then one request;
                                      prints "refused" or its status
  send URL SECRETFILE ID TS BODY      one signed webhook (Standard Webhooks); prints status
  flood URL SECRETFILE N UNIQUE       N signed webhooks at once over UNIQUE ids; prints
                                      {status: count}
"""
import base64, concurrent.futures, hashlib, hmac, json, os, socket, sys, time, urllib.error, urllib.request


def token(path):
    with open(path) as f:
        return f.read().strip()


def req(method, url, tok=None, data=None, headers=None):
    r = urllib.request.Request(url, method=method, data=data)
    if tok:
        r.add_header("Authorization", "Bearer " + tok)
    for k, v in (headers or {}).items():
        r.add_header(k, v)
    try:
        with urllib.request.urlopen(r, timeout=10) as resp:
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), dict(e.headers)


def main():
    cmd = sys.argv[1]
    if cmd == "req":
        tok = token(sys.argv[4]) if len(sys.argv) > 4 else None
        st, body, _ = req(sys.argv[2], sys.argv[3], tok)
        print(st)
        print(body)
    elif cmd == "pages":
        tok, limit = token(sys.argv[3]), int(sys.argv[4])
        url, cursor, out = sys.argv[2], None, {"pages": 0, "ids": [], "seqs": [], "statuses": []}
        while True:
            u = url + "?limit=%d" % limit + ("&cursor=" + cursor if cursor else "")
            st, body, _ = req("GET", u, tok)
            out["statuses"].append(st)
            if st != 200:
                break
            j = json.loads(body)
            out["pages"] += 1
            for rec in j["data"]:
                out["ids"].append(rec["remote_id"])
                out["seqs"].append(rec["_onramp"]["seq"])
            cursor = j["next_cursor"]
            if not j["has_more"]:
                break
        print(json.dumps(out))
    elif cmd == "poll":
        tok, out, stop = token(sys.argv[3]), sys.argv[4], sys.argv[5]
        deadline = None
        with open(out, "w") as f:
            while deadline is None or time.time() < deadline:
                if deadline is None and os.path.exists(stop):
                    deadline = time.time() + 0.3
                st, _, _ = req("GET", sys.argv[2], tok)
                f.write("%d %d\n" % (time.time_ns(), st))
                f.flush()
                time.sleep(0.01)
    elif cmd == "burst":
        tok, n = token(sys.argv[3]), int(sys.argv[4])
        seen, after = [], set()
        for _ in range(n):
            st, _, h = req("GET", sys.argv[2], tok)
            seen.append(st)
            if st == 429:
                after.add(h.get("Retry-After"))
        print(json.dumps({"statuses": seen, "retry_after": sorted(a for a in after if a)}))
    elif cmd == "slow":
        s = socket.create_connection((sys.argv[2], int(sys.argv[3])))
        s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n")
        s.settimeout(float(sys.argv[4]))
        t0 = time.time()
        try:
            data = s.recv(100)
            print("closed" if not data else "answered", round(time.time() - t0, 1))
        except socket.timeout:
            print("open", round(time.time() - t0, 1))
        except ConnectionResetError:
            print("closed", round(time.time() - t0, 1))
    elif cmd == "hold":
        host, port, n = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        held = [socket.create_connection((host, port)) for _ in range(n)]
        time.sleep(0.3)
        t0 = time.time()
        try:
            st, _, _ = req("GET", "http://%s:%d/v1/health" % (host, port))
            print(st, round(time.time() - t0, 1))
        except Exception:
            print("refused", round(time.time() - t0, 1))
        for s in held:
            s.close()
    elif cmd == "send":
        url, secret = sys.argv[2], token(sys.argv[3])
        print(send(url, secret, sys.argv[4], sys.argv[5], sys.argv[6].encode()))
    elif cmd == "flood":
        # flood URL SECRET N UNIQUE: N signed webhooks from 32 threads at once,
        # ids msg_flood_0 .. UNIQUE-1 (so N - UNIQUE are duplicates, some of
        # them sent while their first copy waits in the same group commit)
        url, secret, n, unique = sys.argv[2], token(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
        ts = str(int(time.time()))
        def one(i):
            body = ('{"type":"purchase_order.created","timestamp":"2026-01-01T00:00:00Z","data":'
                    '{"connection_id":"flood","id":"PO-%d","seq":%d}}' % (i % unique, i % unique + 1))
            return send(url, secret, "msg_flood_%d" % (i % unique), ts, body.encode())
        with concurrent.futures.ThreadPoolExecutor(32) as pool:
            statuses = list(pool.map(one, range(n)))
        print(json.dumps({str(k): statuses.count(k) for k in set(statuses)}))


def send(url, secret, mid, ts, body):
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    sig = base64.b64encode(hmac.new(key, b"%s.%s.%s" % (mid.encode(), ts.encode(), body),
                                    hashlib.sha256).digest()).decode()
    st, _, _ = req("POST", url, None, body, {"webhook-id": mid, "webhook-timestamp": ts,
                                             "webhook-signature": "v1," + sig,
                                             "Content-Type": "application/json"})
    return st


try:
    main()
except BrokenPipeError:
    pass
