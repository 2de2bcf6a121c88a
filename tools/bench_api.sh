#!/bin/sh
# bench_api.sh: `make bench`, the API and the receiver (issue 15), with wrk:
#
#   1. GET /v1/purchase-orders?limit=100 over N stored orders (BENCH_API_N,
#      default 100,000: 1,000 synced from the SAP fixture, copied under new
#      ids), 32 connections, 2 threads, BENCH_API_S seconds (5) a run:
#      requests/s, p50, p99; against libmicrohttpd answering the same bytes
#      from memory (build/mhd-static: the ceiling of this design); goals
#      >= 0.5 of the ceiling, p99 < 25 ms, serve's peak RSS <= 32 MiB;
#   2. the reference receiver: verified, durably stored webhooks per second
#      (every 2xx after the fsync'd commit of its group), p50, p99, against
#      the same MHD ceiling reading the same POSTs; goals >= 1,000/s, p99 < 20 ms.
# Each figure is the median of BENCH_API_ROUNDS rounds (3) with [min-max];
# a round runs onramp and its ceiling one after the other, so a busy machine
# slows both alike, and the ratio is the median of the rounds' ratios.
# BENCH_API_ONLY=api or =receiver runs one part.
# The token reaches wrk through a Lua script that reads it from a file.
# Benchmarks, not tests: nothing here fails the build.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
B=$ROOT/build/bench/api
N=${BENCH_API_N:-100000}
S=${BENCH_API_S:-5}
ROUNDS=${BENCH_API_ROUNDS:-3}
ONLY=${BENCH_API_ONLY:-}
PY=/usr/bin/python3
rm -rf "$B"
mkdir -p "$B/home/.config/onramp" "$B/secrets"
chmod 700 "$B/secrets"
[ -x ./onramp ] && [ -x build/mhd-static ] || { echo "bench: run make bench"; exit 0; }
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 0; }
PIDS=""
trap 'kill $PIDS 2>/dev/null' EXIT INT TERM
export HOME="$B/home" XDG_CONFIG_HOME="$B/home/.config" XDG_DATA_HOME="$B/home/.local/share"
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# figures FILE: "rps p50 p99" from wrk --latency output (ms)
figures() {
	$PY - "$1" <<'PYEOF'
import re, sys
t = open(sys.argv[1]).read()
def ms(s):
    v, u = re.match(r"([\d.]+)(us|ms|s)", s).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", t, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", t, re.M).group(1))
print("%.0f %.2f %.2f" % (rps, p50, p99))
PYEOF
}
# wrk_round NAME ARGS...: one wrk run; its "rps p50 p99" line goes to $B/NAME.fig
wrk_round() {
	name=$1
	shift
	wrk -t2 -c32 -d"${S}s" --latency "$@" >"$B/wrk-$name.txt" 2>&1
	figures "$B/wrk-$name.txt" >>"$B/$name.fig"
}
# summary NAME: "RPS req/s [min-max], p50 P ms, p99 Q ms" (medians of the rounds)
summary() {
	$PY - "$B/$1.fig" "$2" <<'PYEOF'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
rps, p50, p99 = zip(*rows)
print("%.0f %s [%.0f-%.0f], p50 %.2f ms, p99 %.2f ms" % (statistics.median(rps), sys.argv[2], min(rps), max(rps),
      statistics.median(p50), statistics.median(p99)))
PYEOF
}
# ratio A B: the median of the rounds' A/B request rates, [min-max]
ratio() {
	$PY - "$B/$1.fig" "$B/$2.fig" <<'PYEOF'
import statistics, sys
a = [float(l.split()[0]) for l in open(sys.argv[1]) if l.strip()]
b = [float(l.split()[0]) for l in open(sys.argv[2]) if l.strip()]
r = [x / y for x, y in zip(a, b)]
print("%.2f [%.2f-%.2f]" % (statistics.median(r), min(r), max(r)))
PYEOF
}

bench_api() {
$PY tests/servers/po_fixture.py --port 0 --log "$B/fixture.log" >"$B/port" 2>"$B/fixture.err" &
PIDS="$PIDS $!"
i=0
while [ ! -s "$B/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
FX="http://127.0.0.1:$(head -n 1 "$B/port")"
(umask 077 && printf '%s' 'Fixture-Pa55!' >"$B/secrets/pw")
./onramp connect sap-s4hana-onprem --field url="$FX/case/n1000" --field client=100 --field username=ALICE \
	--secret password=@"$B/secrets/pw" --json >"$B/c.json"
ID=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["connection"]["id"])' "$B/c.json")
(umask 077 && $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["token"])' "$B/c.json" >"$B/secrets/token")
./onramp schedule "$ID" off >/dev/null
./onramp sync "$ID" --full >/dev/null
$PY - "$XDG_DATA_HOME/onramp/onramp.db" "$N" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = int(sys.argv[2])
rows = c.execute("SELECT r.conn_id, r.model, r.remote_id, data, hash, raw_status, first_seen_at, raw, raw_hash"
                 " FROM records r JOIN record_raw x USING(conn_id, model, remote_id)").fetchall()
k = 0
while len(rows) + k < n:
    for r in rows:
        if len(rows) + k >= n:
            break
        rid = "%s-c%d" % (r[2], k)
        c.execute("INSERT INTO records(conn_id, model, remote_id, data, hash, raw_status, first_seen_at,"
                  " last_modified_at, last_action, raw_hash) VALUES(?,?,?,?,?,?,?,?, 'added', ?)",
                  (r[0], r[1], rid, r[3].replace(r[2], rid), r[4], r[5], r[6], r[6], r[8]))
        c.execute("INSERT INTO record_raw VALUES(?,?,?,?)", (r[0], r[1], rid, r[7]))
        c.execute("INSERT INTO history(conn_id, model, remote_id, action, at, data, hash, raw_status)"
                  " VALUES(?,?,?,'added',?,?,?,?)", (r[0], r[1], rid, r[6], r[3], r[4], r[5]))
        k += 1
c.commit()
PYEOF
echo "stored orders: $($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM records").fetchone()[0])' "$XDG_DATA_HOME/onramp/onramp.db")"

P=$(free_port)
./onramp serve --listen "127.0.0.1:$P" --rate 1000000 --burst 1000000 >"$B/serve.out" 2>"$B/serve.err" &
SERVE=$!
PIDS="$PIDS $SERVE"
i=0
while ! grep -q listening "$B/serve.out" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
URL="http://127.0.0.1:$P/v1/purchase-orders?limit=100"
cat >"$B/auth.lua" <<LUAEOF
local f = io.open("$B/secrets/token")
wrk.headers["Authorization"] = "Bearer " .. f:read("*l")
f:close()
LUAEOF
curl -s -H "Authorization: Bearer $(cat "$B/secrets/token")" "$URL" >"$B/page.json"
P2=$(free_port)
build/mhd-static "$P2" "$B/page.json" &
CEIL=$!
PIDS="$PIDS $CEIL"
# the same, each request another page (every answer read from SQLite, no
# page cache hit): cursors at random places of the feed
$PY -c '
import base64, random, sys
n = int(sys.argv[1])
for _ in range(20000):
    print(base64.urlsafe_b64encode(b"c1:%d" % random.randrange(1, n)).decode().rstrip("="))' "$N" >"$B/cursors.txt"
cat >"$B/pages.lua" <<LUAEOF
local f = io.open("$B/secrets/token")
wrk.headers["Authorization"] = "Bearer " .. f:read("*l")
f:close()
local cursors, n = {}, 0
for l in io.lines("$B/cursors.txt") do cursors[#cursors + 1] = l end
function request()
  n = n % #cursors + 1
  return wrk.format("GET", "/v1/purchase-orders?limit=100&cursor=" .. cursors[n])
end
LUAEOF
sleep 0.3
for _ in $(seq 1 "$ROUNDS"); do
	wrk_round serve -s "$B/auth.lua" "$URL"
	wrk_round ceiling "http://127.0.0.1:$P2/"
	wrk_round pages -s "$B/pages.lua" "http://127.0.0.1:$P/"
done
RSS=$(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$SERVE/status)
BYTES=$(wc -c <"$B/page.json")
echo "GET /v1/purchase-orders?limit=100 ($BYTES bytes) over $N orders, wrk -t2 -c32, ${S} s a run, median of $ROUNDS rounds:"
echo "  onramp serve:          $(summary serve req/s), peak RSS $RSS MiB"
echo "  MHD, bytes in memory:  $(summary ceiling req/s)"
echo "  ratio: $(ratio serve ceiling) of the ceiling (goal >= 0.5); p99 goal < 25 ms; RSS goal <= 32 MiB"
echo "  serve, random pages (no cache hit): $(summary pages req/s)"
kill $SERVE $CEIL
}

bench_receiver() {
RP=$(free_port)
(umask 077 && $PY -c 'import base64,os; print("whsec_" + base64.b64encode(os.urandom(32)).decode())' >"$B/secrets/whsec")
./onramp webhooks listen --secret-file "$B/secrets/whsec" --listen "127.0.0.1:$RP" --db "$B/receiver.db" \
	>"$B/recv.out" 2>"$B/recv.err" &
RECV=$!
PIDS="$PIDS $RECV"
$PY - "$B/secrets/whsec" "$B/hooks.txt" "$ROUNDS" <<'PYEOF'
import base64, hashlib, hmac, sys, time
key = base64.b64decode(open(sys.argv[1]).read().strip()[6:])
ts = str(int(time.time()))
with open(sys.argv[2], "w") as f:
    for i in range(100000 * int(sys.argv[3])):
        mid = "msg_bench_%d" % i
        body = '{"type":"purchase_order.created","timestamp":"2026-01-01T00:00:00Z","data":{"connection_id":"bench","id":"PO-%d","seq":%d}}' % (i, i + 1)
        sig = base64.b64encode(hmac.new(key, ("%s.%s.%s" % (mid, ts, body)).encode(), hashlib.sha256).digest()).decode()
        f.write("%s %s v1,%s %s\n" % (mid, ts, sig, body))
PYEOF
# each round its own 100,000 ids (ROUND in the environment), the two
# threads taking every other one
cat >"$B/hooks.lua" <<LUAEOF
local lines, n, tid = {}, 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("tid", #threads) end
function init(args)
  tid = tonumber(wrk.thread:get("tid")) or 1
  local i, from = 0, tonumber(os.getenv("ROUND")) * 100000
  for l in io.lines("$B/hooks.txt") do
    i = i + 1
    if i > from and i <= from + 100000 and i % 2 == tid % 2 then lines[#lines + 1] = l end
  end
end
function request()
  n = n % #lines + 1
  local l = lines[n]
  local id, ts, sig, body = l:match("^(%S+) (%S+) (%S+) (.*)$")
  return wrk.format("POST", "/hook", {["webhook-id"] = id, ["webhook-timestamp"] = ts,
    ["webhook-signature"] = sig, ["Content-Type"] = "application/json"}, body)
end
LUAEOF
printf '{"ok":true}' >"$B/ok.json"
P3=$(free_port)
build/mhd-static "$P3" "$B/ok.json" &
CEIL=$!
PIDS="$PIDS $CEIL"
sleep 0.3
for r in $(seq 0 $((ROUNDS - 1))); do
	ROUND=$r wrk_round recv -s "$B/hooks.lua" "http://127.0.0.1:$RP/"
	ROUND=$r wrk_round recvceil -s "$B/hooks.lua" "http://127.0.0.1:$P3/"
done
STORED=$(./onramp webhooks listen --status --db "$B/receiver.db")
echo "the receiver, signed webhooks, wrk -t2 -c32, ${S} s a run, median of $ROUNDS rounds:"
echo "  onramp webhooks listen:       $(summary recv stored/s) (goals >= 1,000/s, p99 < 20 ms)"
echo "  MHD reading the same POSTs:   $(summary recvceil req/s)"
echo "  ratio: $(ratio recv recvceil) of the ceiling"
echo "  its counters: $STORED"
kill $RECV $CEIL
}

[ "$ONLY" = receiver ] || bench_api
[ "$ONLY" = api ] || bench_receiver
