#!/bin/sh
# test_api.sh: `onramp serve` against two connections synced from the SAP
# fixture: token auth (missing, wrong, another connection's data), cursor
# paging over 300 orders with a change during paging, the single record,
# /v1/connection, /v1/sync-status, POST /v1/sync, bad input (400), the
# rate limit (429 + Retry-After), a disconnect through the CLI while a
# client polls (the very next request is 401), POST /v1/disconnect, the
# connection cap, slow clients, header and URL caps, TLS.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
e2e_init notryton

BG_PIDS=""
credits_pool 100
on_exit 'kill $BG_PIDS'
start_fixture po "$ROOT/tests/servers/po_fixture.py" --port 0 --log "$E2E_DIR/po.log"
FX="http://127.0.0.1:$FX_PORT"
SAPPW=$(secret_file sap 'Fixture-Pa55!')
DB="$XDG_DATA_HOME/onramp/onramp.db"
AC="$PY $ROOT/tests/e2e/api_client.py"
OA="$PY $ROOT/tests/e2e/openapi_check.py $ROOT/docs/openapi.json"
sql() { store_sql "$1"; }

connect_sap() { # connect_sap NAME URL: sets ID and writes the token to $E2E_SECRETS/NAME.token
	cli "$E2E_DIR/$1.json" connect sap-s4hana-onprem --field url="$2" --field client=100 \
		--field username=ALICE --secret password=@"$SAPPW" --json
	ID=$(json "$E2E_DIR/$1.json" 'j["connection"]["id"]')
	(umask 077 && json "$E2E_DIR/$1.json" 'j["token"]' >"$E2E_SECRETS/$1.token")
}

connect_sap a "$FX/case/n300"
A=$ID
connect_sap b "$FX"
B=$ID
cli "$E2E_DIR/sa.out" sync "$A" --full
cli "$E2E_DIR/sb.out" sync "$B" --full
check "two connections synced (300 and 3 orders)" [ "$(sql "SELECT count(*) FROM records")" = 303 ]
connect_sap l "$FX/case/leaky"
L=$ID
cli "$E2E_DIR/sl.out" sync "$L" --full

bg serve serve --listen 127.0.0.1:0 --rate 200 --burst 200
API="http://127.0.0.1:$PORT"
check "serve listens on a free port ($PORT)" [ -n "$PORT" ]

# ---- auth ---------------------------------------------------------------------------
$AC req GET "$API/v1/purchase-orders" >"$E2E_DIR/r.out"
check "no token: 401 auth.missing_token as JSON" sh -c "head -1 '$E2E_DIR/r.out' | grep -qx 401 && \
	tail -n +2 '$E2E_DIR/r.out' | $PY -c 'import json,sys; assert json.load(sys.stdin)[\"error\"][\"code\"]==\"auth.missing_token\"'"
printf 'onr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' >"$E2E_SECRETS/bad.token"
$AC req GET "$API/v1/purchase-orders" "$E2E_SECRETS/bad.token" >"$E2E_DIR/r.out"
check "an unknown token: 401 auth.invalid_token" sh -c "head -1 '$E2E_DIR/r.out' | grep -qx 401 && grep -q auth.invalid_token '$E2E_DIR/r.out'"

# ---- paging -------------------------------------------------------------------------
$AC pages "$API/v1/purchase-orders" "$E2E_SECRETS/a.token" 100 >"$E2E_DIR/pages.json"
check "paging by 100: every one of A's 300 orders once, in seq order" [ "$(json "$E2E_DIR/pages.json" \
	'len(j["ids"]) == 300 and len(set(j["ids"])) == 300 and j["seqs"] == sorted(j["seqs"]) and set(j["statuses"]) == {200}')" = true ]
check "A's token sees none of B's orders" [ "$(json "$E2E_DIR/pages.json" 'j["ids"][0].startswith("PO-")')" = true ]
$AC pages "$API/v1/purchase-orders" "$E2E_SECRETS/b.token" 100 >"$E2E_DIR/pagesb.json"
check "B's token sees B's 3 orders only" [ "$(json "$E2E_DIR/pagesb.json" 'len(j["ids"])')" = 3 ]
BID=$(json "$E2E_DIR/pagesb.json" 'j["ids"][0]')
AID=$(json "$E2E_DIR/pages.json" 'j["ids"][0]')
$AC req GET "$API/v1/purchase-orders/$BID" "$E2E_SECRETS/a.token" >"$E2E_DIR/r.out"
if [ "$AID" != "$BID" ]; then
	check "A's token asking for B's order by id: 404" [ "$(head -1 "$E2E_DIR/r.out")" = 404 ]
fi

# a record changed during paging comes back later, never lost: page 1, then
# the first order changes (as a sync would write it), then the rest
PYTHONPATH="$ROOT/tests/lib" $PY - "$API" "$E2E_SECRETS/a.token" "$DB" "$AID" >"$E2E_DIR/during.json" <<'PYEOF'
import json, storedb, sys, time, urllib.request
api, tok, db, rid = sys.argv[1], open(sys.argv[2]).read().strip(), sys.argv[3], sys.argv[4]
def get(u):
    r = urllib.request.Request(api + u, headers={"Authorization": "Bearer " + tok})
    return json.load(urllib.request.urlopen(r))
p = get("/v1/purchase-orders?limit=100")
ids = [r["remote_id"] for r in p["data"]]
c = storedb.connect(db)
data = json.loads(c.execute("SELECT data FROM records WHERE remote_id=?", (rid,)).fetchone()[0])
data["status"] = "closed"
c.execute("UPDATE records SET data=?, last_action='updated' WHERE remote_id=?", (json.dumps(data), rid))
c.execute("INSERT INTO history(conn_id, model, remote_id, action, at, data, hash) SELECT conn_id, model,"
          " remote_id, 'updated', ?, data, 'x' FROM records WHERE remote_id=?", (int(time.time()), rid))
c.commit()
cur = p["next_cursor"]
while True:
    p = get("/v1/purchase-orders?limit=100&cursor=" + cur)
    ids += [r["remote_id"] for r in p["data"]]
    last = p["data"][-1] if p["data"] else None
    cur = p["next_cursor"]
    if not p["has_more"]:
        break
print(json.dumps({"ids": ids, "last": last}))
PYEOF
check "an order changed during paging shows up again at the end, with its change" [ "$(json "$E2E_DIR/during.json" \
	'len(j["ids"]) == 301 and j["ids"][-1] == j["ids"][0] and j["last"]["status"] == "closed" and j["last"]["_onramp"]["last_action"] == "updated"')" = true ]

# ---- one record, the same JSON as onramp orders/history ----------------------------------
$AC req GET "$API/v1/purchase-orders/$BID" "$E2E_SECRETS/b.token" | tail -n +2 >"$E2E_DIR/one.json"
cli "$E2E_DIR/hist.json" history "$B" --json
check "GET /v1/purchase-orders/ID is the record as onramp history --json has it, plus _onramp" [ "$($PY -c '
import json, sys
one = json.load(open(sys.argv[1])); hist = json.load(open(sys.argv[2]))
h = [x for x in hist if x["remote_id"] == one["remote_id"]][0]["data"]
meta = one.pop("_onramp")
print(one == h and meta["last_action"] == "added" and meta["seq"] > 0)' "$E2E_DIR/one.json" "$E2E_DIR/hist.json")" = True ]
UID_=$(json "$E2E_DIR/one.json" 'j["id"]')
$AC req GET "$API/v1/purchase-orders/$UID_" "$E2E_SECRETS/b.token" >"$E2E_DIR/r.out"
check "the same record by its unified id" [ "$(head -1 "$E2E_DIR/r.out")" = 200 ]
$AC req GET "$API/v1/purchase-orders/nope" "$E2E_SECRETS/b.token" >"$E2E_DIR/r.out"
check "an unknown id: 404 not_found" sh -c "head -1 '$E2E_DIR/r.out' | grep -qx 404 && grep -q not_found '$E2E_DIR/r.out'"

# ---- include_remote_data: the source's record, as the sync kept it --------------------------
check "without include_remote_data there is no remote_data" [ "$(json "$E2E_DIR/one.json" '"remote_data" in j')" = false ]
$AC req GET "$API/v1/purchase-orders/$BID?include_remote_data=false" "$E2E_SECRETS/b.token" | tail -n +2 >"$E2E_DIR/raw0.json"
check "... nor with include_remote_data=false" [ "$(json "$E2E_DIR/raw0.json" '"remote_data" in j')" = false ]
$AC req GET "$API/v1/purchase-orders/$BID?include_remote_data=true" "$E2E_SECRETS/b.token" >"$E2E_DIR/r.out"
tail -n +2 "$E2E_DIR/r.out" >"$E2E_DIR/raw1.json"
cli "$E2E_DIR/live_raw.json" orders "$B" --json --raw
check "include_remote_data=true: 200, SAP's own record, the same as orders --raw reads live" [ "$(head -1 "$E2E_DIR/r.out") $($PY -c '
import json, sys
one = json.load(open(sys.argv[1]))
live = [o for o in json.load(open(sys.argv[2])) if o["remote_id"] == one["remote_id"]][0]
rd = one["remote_data"]
print(rd == live["remote_data"] and rd["PurchaseOrder"] == one["remote_id"] and "__metadata" in rd
      and len(rd["to_PurchaseOrderItem"]["results"]) == len(one["lines"]))' "$E2E_DIR/raw1.json" "$E2E_DIR/live_raw.json")" = "200 True" ]
check "... the rest of the record unchanged" [ "$($PY -c '
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
a.pop("remote_data")
print(a == b)' "$E2E_DIR/raw1.json" "$E2E_DIR/one.json")" = True ]
check "a record with remote_data matches the document" $OA GET '/v1/purchase-orders/{id}' 200 "$E2E_DIR/raw1.json"
check "a source echoing secrets: none of them is stored (database and its WAL)" sh -c \
	"! grep -q -e 'Fixture-Pa55' -e 'fixture-session' '$DB' '$DB-wal' 2>/dev/null"
$AC req GET "$API/v1/purchase-orders/PO-1001?include_remote_data=true" "$E2E_SECRETS/l.token" | tail -n +2 >"$E2E_DIR/leak1.json"
check "... its record comes with them redacted, by name and by value" [ "$(json "$E2E_DIR/leak1.json" \
	'[j["remote_data"][k] for k in ("PurchaseOrder", "Password", "YY1_Note_PDH", "SAP__SessionId")] == \
	["PO-1001"] + ["[redacted]"] * 3')" = true ]
cli "$E2E_DIR/lraw.json" orders "$L" --json --raw
check "... and orders --raw (live) redacts the same" [ "$($PY -c '
import json, sys
t = open(sys.argv[1]).read()
po = [o for o in json.loads(t) if o["remote_id"] == "PO-1001"][0]["remote_data"]
print("Fixture-Pa55" not in t and "fixture-session" not in t and po["Password"] == "[redacted]")' "$E2E_DIR/lraw.json")" = True ]
$AC req GET "$API/v1/purchase-orders/PO-1003?include_remote_data=true" "$E2E_SECRETS/l.token" | tail -n +2 >"$E2E_DIR/leak3.json"
check "a source record above 64 KiB is not kept: remote_data null, the order still there" [ "$(json "$E2E_DIR/leak3.json" \
	'j["remote_data"] is None and j["remote_id"] == "PO-1003"')" = true ]

# ---- connection, sync status, sync now ----------------------------------------------------
$AC req GET "$API/v1/connection" "$E2E_SECRETS/b.token" | tail -n +2 >"$E2E_DIR/conn.json"
check "/v1/connection: B, active, its system, last sync, no plain-http yes (loopback)" [ "$(json "$E2E_DIR/conn.json" \
	"j['id'] == '$B' and j['status'] == 'active' and j['system'] == 'sap-s4hana-onprem' and bool(j['last_sync']) and j['plain_http'] is None")" = true ]
$AC req GET "$API/v1/sync-status" "$E2E_SECRETS/b.token" | tail -n +2 >"$E2E_DIR/ss.json"
check "/v1/sync-status: DONE with start and finish" [ "$(json "$E2E_DIR/ss.json" \
	'j["status"] == "DONE" and j["last_sync_result"] == "DONE" and bool(j["last_sync_start"]) and bool(j["last_sync_finished"])')" = true ]
# ---- answers against docs/openapi.json -------------------------------------------------------
curl -s "$API/v1/openapi.json" >"$E2E_DIR/openapi.json"
check "GET /v1/openapi.json (no token) serves docs/openapi.json" cmp -s "$E2E_DIR/openapi.json" "$ROOT/docs/openapi.json"
$AC req GET "$API/v1/purchase-orders?limit=2" "$E2E_SECRETS/a.token" | tail -n +2 >"$E2E_DIR/page.json"
check "a page matches the document" $OA GET /v1/purchase-orders 200 "$E2E_DIR/page.json"
check "a record matches it" $OA GET '/v1/purchase-orders/{id}' 200 "$E2E_DIR/one.json"
check "/v1/connection matches it" $OA GET /v1/connection 200 "$E2E_DIR/conn.json"
check "/v1/sync-status matches it" $OA GET /v1/sync-status 200 "$E2E_DIR/ss.json"
$AC req GET "$API/v1/purchase-orders?limit=0" "$E2E_SECRETS/a.token" | tail -n +2 >"$E2E_DIR/e400.json"
check "a 400 matches the error schema" $OA GET /v1/purchase-orders 400 "$E2E_DIR/e400.json"
$AC req GET "$API/v1/connection" "$E2E_SECRETS/bad.token" | tail -n +2 >"$E2E_DIR/e401.json"
check "a 401 matches it" $OA GET /v1/connection 401 "$E2E_DIR/e401.json"
echo '{"data":[{"id":1}],"next_cursor":null}' >"$E2E_DIR/wrong.json"
check "... and the checker does reject a wrong answer" sh -c "! $OA GET /v1/purchase-orders 200 '$E2E_DIR/wrong.json' >/dev/null"

runs0=$(sql "SELECT count(*) FROM sync_runs WHERE conn_id='$B'")
$AC req POST "$API/v1/sync" "$E2E_SECRETS/b.token" >"$E2E_DIR/r.out"
check "POST /v1/sync: 202 with the run id" sh -c "head -1 '$E2E_DIR/r.out' | grep -qx 202 && grep -q run_id '$E2E_DIR/r.out'"
tail -n +2 "$E2E_DIR/r.out" >"$E2E_DIR/sync.json"
check "... matching the document" $OA POST /v1/sync 202 "$E2E_DIR/sync.json"
for _ in $(seq 1 100); do
	[ "$(sql "SELECT count(*) FROM sync_runs WHERE conn_id='$B' AND status<>'SYNCING'")" -gt "$runs0" ] && break
	sleep 0.1
done
check "the sync ran in serve's loop and ended DONE" [ "$(sql "SELECT status FROM sync_runs WHERE conn_id='$B' ORDER BY id DESC LIMIT 1")" = DONE ]

# ---- bad input --------------------------------------------------------------------------
for q in "limit=0" "limit=501" "limit=abc" "cursor=garbage" "cursor=YzE6LTE" "include_deleted=maybe" \
	"modified_after=yesterday" "colour=blue"; do
	$AC req GET "$API/v1/purchase-orders?$q" "$E2E_SECRETS/a.token" >"$E2E_DIR/r.out"
	check "?$q: 400 request.bad_parameter" sh -c "head -1 '$E2E_DIR/r.out' | grep -qx 400 && grep -q request.bad_parameter '$E2E_DIR/r.out'"
done
$AC req GET "$API/v1/purchase-orders?modified_after=2020-01-01&limit=5&include_deleted=true" "$E2E_SECRETS/a.token" >"$E2E_DIR/r.out"
check "good filters: 200 with 5 records" sh -c "head -1 '$E2E_DIR/r.out' | grep -qx 200 && \
	tail -n +2 '$E2E_DIR/r.out' | $PY -c 'import json,sys; assert len(json.load(sys.stdin)[\"data\"])==5'"
$AC req GET "$API/v1/purchase-orders?status=nosuch" "$E2E_SECRETS/a.token" >"$E2E_DIR/r.out"
check "a status no order has: 200 and no data" sh -c "head -1 '$E2E_DIR/r.out' | grep -qx 200 && grep -q '\"data\":\[\]' '$E2E_DIR/r.out'"
$AC req DELETE "$API/v1/connection" "$E2E_SECRETS/a.token" >"$E2E_DIR/r.out"
check "DELETE on a GET route: 405" [ "$(head -1 "$E2E_DIR/r.out")" = 405 ]
$AC req GET "$API/v2/nothing" "$E2E_SECRETS/a.token" >"$E2E_DIR/r.out"
check "an unknown route: 404" [ "$(head -1 "$E2E_DIR/r.out")" = 404 ]
long=$($PY -c 'print("x" * 3000)')
code=$(curl -s -o /dev/null -w '%{http_code}' "$API/v1/purchase-orders/$long")
check "a 3000-byte URL: 414 ($code)" [ "$code" = 414 ]
big=$($PY -c 'print("y" * 20000)')
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $big" "$API/v1/health")
check "20 KB of headers: refused with 431 ($code)" [ "$code" = 431 ]
check "serve is still up after all that" [ "$($AC req GET "$API/v1/health" | head -1)" = 200 ]

# ---- disconnect while a client polls: the very next request fails ----------------------
rm -f "$E2E_DIR/stop"
$AC poll "$API/v1/connection" "$E2E_SECRETS/a.token" "$E2E_DIR/poll.log" "$E2E_DIR/stop" &
POLL_PID=$!
for _ in $(seq 1 100); do [ "$(cat "$E2E_DIR/poll.log" 2>/dev/null | grep -c ' 200$')" -ge 5 ] && break; sleep 0.05; done
cli "$E2E_DIR/disc.out" disconnect "$A"
t_done=$(date +%s%N)
touch "$E2E_DIR/stop"
wait $POLL_PID
check "the poller was answered 200 before the disconnect" [ "$(grep -c ' 200$' "$E2E_DIR/poll.log")" -ge 5 ]
check "every request that started after the disconnect returned got 401" [ "$(awk -v t="$t_done" \
	'$1 > t && $2 != 401 { bad++ } $1 > t { n++ } END { print (n > 0 && bad == 0) ? "yes" : "no" }' "$E2E_DIR/poll.log")" = yes ]

# POST /v1/disconnect: the same as the CLI
$AC req POST "$API/v1/disconnect" "$E2E_SECRETS/b.token" >"$E2E_DIR/r.out"
check "POST /v1/disconnect: 200, disconnected" sh -c "head -1 '$E2E_DIR/r.out' | grep -qx 200 && grep -q disconnected '$E2E_DIR/r.out'"
tail -n +2 "$E2E_DIR/r.out" >"$E2E_DIR/disc.json"
check "... matching the document" $OA POST /v1/disconnect 200 "$E2E_DIR/disc.json"
check "then B's token gets 401" [ "$($AC req GET "$API/v1/connection" "$E2E_SECRETS/b.token" | head -1)" = 401 ]
cli "$E2E_DIR/list.json" list --json
check "onramp list shows B disconnected" [ "$(json "$E2E_DIR/list.json" "[c['status'] for c in j if c['id'] == '$B'][0]")" = disconnected ]
kill -TERM $BG_PID
wait $BG_PID
check "serve stops on SIGTERM (exit $?)" [ $? -eq 0 ]
check "serve said nothing on stderr" [ ! -s "$E2E_DIR/serve.err" ]

# ---- rate limit, connection cap, slow clients ---------------------------------------------
connect_sap c "$FX"
bg serve2 serve --listen 127.0.0.1:0 --rate 5 --burst 5 --max-connections 4 --timeout 2
API="http://127.0.0.1:$PORT"
$AC burst "$API/v1/connection" "$E2E_SECRETS/c.token" 12 >"$E2E_DIR/burst.json"
check "12 quick requests at 5/s with a burst of 5: 5 answered, then 429 with Retry-After" [ "$(json "$E2E_DIR/burst.json" \
	'j["statuses"][:5] == [200]*5 and j["statuses"].count(429) >= 6 and j["retry_after"] == ["1"]')" = true ]
$AC burst "$API/v1/invites/ABCDEFGHJKMN" "$E2E_SECRETS/c.token" 12 >"$E2E_DIR/guess.json"
check "12 quick invite guesses from one address: 5 answered (404), then 429" [ "$(json "$E2E_DIR/guess.json" \
	'j["statuses"][:5] == [404]*5 and j["statuses"].count(429) >= 6')" = true ]
out=$($AC hold 127.0.0.1 "$PORT" 4 2>/dev/null)
check "with 4 connections held open, a 5th is served only once the 2 s timeout dropped them ($out)" sh -c "echo '$out' | grep -Eq '^200 (1\.[5-9]|2\.|3\.)'"
check "once they close, requests are served again" [ "$($AC req GET "$API/v1/health" | head -1)" = 200 ]
out=$($AC slow 127.0.0.1 "$PORT" 6)
check "a client that sends half a request is dropped after the 2 s timeout ($out)" sh -c "echo '$out' | grep -q '^closed [23]'"
kill -TERM $BG_PID
wait $BG_PID

# ---- TLS -----------------------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$E2E_SECRETS/tls.key" -out "$E2E_DIR/tls.crt" \
	-days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
bg serve3 serve --listen 127.0.0.1:0 --tls-cert "$E2E_DIR/tls.crt" --tls-key "$E2E_SECRETS/tls.key"
code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$E2E_DIR/tls.crt" -H "Authorization: Bearer $(cat "$E2E_SECRETS/c.token")" "https://127.0.0.1:$PORT/v1/connection")
check "over TLS with --tls-cert/--tls-key: 200 ($code)" [ "$code" = 200 ]
kill -TERM $BG_PID
wait $BG_PID
check "the database is intact" [ "$(sql "PRAGMA integrity_check")" = ok ]
finish
