#!/bin/sh
# test_webhooks.sh: webhooks from the outbox to a Python sink (which checks
# the Standard Webhooks signature with its own code) and to onramp's
# reference receiver: the events of a connect, a sync and a disconnect,
# written in the transaction of their change; the secret sealed at rest;
# replay; the receiver's dedupe, bad signatures, time window,
# out-of-order events, processing failures, counters; the sender's retry
# schedule (shrunk with ONRAMP_WEBHOOK_SCALE), 429 + Retry-After, a 302
# that is not followed, 410 disabling the endpoint.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
e2e_init notryton

BG_PIDS=""
on_exit 'kill $BG_PIDS'
DB="$XDG_DATA_HOME/onramp/onramp.db"
AC="$PY $ROOT/tests/e2e/api_client.py"
sql() { store_sql "$1" "${2:-}"; }
export ONRAMP_WEBHOOK_SCALE=0.0001

lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
has_lines() { [ "$(lines "$1")" -ge "$2" ]; }

start_fixture po "$ROOT/tests/servers/po_fixture.py" --port 0 --log "$E2E_DIR/po.log"
FX="http://127.0.0.1:$FX_PORT"
SAPPW=$(secret_file sap 'Fixture-Pa55!')

# ---- endpoints: the sink and the reference receiver ------------------------------------
: >"$E2E_SECRETS/sink.secret"
start_fixture sink "$ROOT/tests/servers/hook_sink.py" --port 0 --secret-file "$E2E_SECRETS/sink.secret" \
	--log "$E2E_DIR/sink.log" --plan "$E2E_DIR/plan"
SINK="http://127.0.0.1:$FX_PORT/hook"
cli "$E2E_DIR/add1.json" webhooks add "$SINK" --json
SINK_ID=$(json "$E2E_DIR/add1.json" 'j["id"]')
(umask 077 && json "$E2E_DIR/add1.json" 'j["secret"]' >"$E2E_SECRETS/sink.secret")
check "webhooks add: an id and a whsec_ secret of 32 random bytes, shown once" sh -c \
	"grep -Eq '^whsec_[A-Za-z0-9+/]{43}=$' '$E2E_SECRETS/sink.secret' && [ -n '$SINK_ID' ]"
check "the secret is not in the database in the clear" sh -c "! grep -aqF \"\$(cut -c7- '$E2E_SECRETS/sink.secret')\" '$DB'"
cli "$E2E_DIR/list0.out" webhooks list
check "webhooks list never shows the secret" sh -c "! grep -qF \"\$(cat '$E2E_SECRETS/sink.secret')\" '$E2E_DIR/list0.out'"
cli "$E2E_DIR/bad.out" webhooks add "$SINK" --events purchase_order.nope
check "an unknown event name is a usage error (exit $CLI_RC)" [ "$CLI_RC" -eq 2 ]

RDB="$E2E_DIR/receiver.db"
cli "$E2E_DIR/add2.json" webhooks add "http://127.0.0.1:1/placeholder" --json # replaced below
printf '%s\n' "whsec_$($PY -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')" >"$E2E_SECRETS/old.secret"
bg recv webhooks listen --secret-file "$E2E_SECRETS/old.secret" --listen 127.0.0.1:0 --db "$RDB" \
	--exec "cat >>'$E2E_DIR/processed.log'; echo >>'$E2E_DIR/processed.log'"
RECV_PID=$BG_PID
RECV="http://127.0.0.1:$PORT"
kill $RECV_PID; wait $RECV_PID 2>/dev/null
cli "$E2E_DIR/rm.out" webhooks remove "$(json "$E2E_DIR/add2.json" 'j["id"]')"
cli "$E2E_DIR/add2.json" webhooks add "$RECV/hook" --events 'connection.*,sync.*,purchase_order.*' --json
RECV_ID=$(json "$E2E_DIR/add2.json" 'j["id"]')
# the receiver's secret file: an old secret and the new one (rotation)
(umask 077 && { cat "$E2E_SECRETS/old.secret"; json "$E2E_DIR/add2.json" 'j["secret"]'; } >"$E2E_SECRETS/recv.secret")
bg recv webhooks listen --secret-file "$E2E_SECRETS/recv.secret" --listen "127.0.0.1:$PORT" --db "$RDB" \
	--exec "cat >>'$E2E_DIR/processed.log'; echo >>'$E2E_DIR/processed.log'"
RECV_PID=$BG_PID
check "the receiver listens again on its port" [ -n "$PORT" ]

# ---- connect, sync: the events -------------------------------------------------------------
cli "$E2E_DIR/c.json" connect sap-s4hana-onprem --field url="$FX" --field client=100 \
	--field username=ALICE --secret password=@"$SAPPW" --json
ID=$(json "$E2E_DIR/c.json" 'j["connection"]["id"]')
bg serve serve --listen 127.0.0.1:0
SERVE_PID=$BG_PID
wait_for_cmd 20 has_lines "$E2E_DIR/sink.log" 5
check "the sink got connection.created, 3 purchase_order.created and sync.completed" [ "$($PY -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
types = sorted(json.loads(e["body"])["type"] for e in ev)
print(types == sorted(["connection.created", "sync.completed"] + ["purchase_order.created"] * 3))' "$E2E_DIR/sink.log")" = True ]
check "every request's signature verifies with Python's own HMAC" [ "$($PY -c '
import json, sys
print(all(json.loads(l)["sig_ok"] for l in open(sys.argv[1])))' "$E2E_DIR/sink.log")" = True ]
check "payloads are thin: type, timestamp, data with connection_id; orders carry id and seq" [ "$($PY -c '
import json, sys
ok = True
for l in open(sys.argv[1]):
    e = json.loads(l); b = json.loads(e["body"])
    ok &= set(b) == {"type", "timestamp", "data"} and b["data"]["connection_id"] == sys.argv[2] and len(e["body"]) < 20000
    if b["type"].startswith("purchase_order."):
        ok &= isinstance(b["data"]["seq"], int) and bool(b["data"]["id"])
print(ok)' "$E2E_DIR/sink.log" "$ID")" = True ]
check "sync.completed says full, the counts and the seq range" [ "$($PY -c '
import json, sys
for l in open(sys.argv[1]):
    b = json.loads(json.loads(l)["body"])
    if b["type"] == "sync.completed":
        d = b["data"]; print(d["full"] is True and d["added"] == 3 and d["last_seq"] - d["first_seq"] == 2)' "$E2E_DIR/sink.log")" = True ]
wait_for_cmd 10 has_lines "$E2E_DIR/processed.log" 5
$AC req GET "$RECV/metrics" | tail -n +2 >"$E2E_DIR/metrics.txt"
check "the receiver stored and processed the 5 events (GET /metrics)" sh -c \
	"grep -qx 'onramp_receiver_received_total 5' '$E2E_DIR/metrics.txt' && grep -qx 'onramp_receiver_processed_total 5' '$E2E_DIR/metrics.txt'"
check "--exec got each event's JSON on its standard input" [ "$(grep -c '"type":"purchase_order.created"' "$E2E_DIR/processed.log")" = 3 ]

# ---- replay --------------------------------------------------------------------------------
EID=$($PY -c 'import json,sys; print([json.loads(l)["id"] for l in open(sys.argv[1])][0])' "$E2E_DIR/sink.log")
cli "$E2E_DIR/replay.out" webhooks replay "$EID"
check "webhooks replay EVENT_ID queues it again for both endpoints" sh -c "[ $CLI_RC -eq 0 ] && grep -q 'for 2 endpoints' '$E2E_DIR/replay.out'"
wait_for_cmd 10 has_lines "$E2E_DIR/sink.log" 6
check "the sink got it again with the same webhook-id and the same body" [ "$($PY -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
same = [e for e in ev if e["id"] == sys.argv[2]]
print(len(same) == 2 and same[0]["body"] == same[1]["body"])' "$E2E_DIR/sink.log" "$EID")" = True ]
wait_for_cmd 10 sh -c "$ONRAMP_BIN webhooks listen --status --db '$RDB' | grep -q '\"duplicates\":1'"
"$ONRAMP_BIN" webhooks listen --status --db "$RDB" >"$E2E_DIR/status.json"
check "the receiver answered the replay 200 as a duplicate and did not process it again" [ "$(json "$E2E_DIR/status.json" \
	'j["duplicates"] == 1 and j["processed"] == 5 and j["received"] == 5')" = true ]

# ---- the receiver's checks --------------------------------------------------------------------
NEWSEC="$E2E_DIR/newsec"
tail -n 1 "$E2E_SECRETS/recv.secret" >"$NEWSEC"
NOW=$(date +%s)
check "a captured event sent again inside the window: 200, stopped by its id" [ "$($AC send "$RECV/hook" "$NEWSEC" "$EID" "$NOW" '{"type":"x","data":{}}')" = 200 ]
check "signed with the old secret of the file (rotation): accepted" [ "$($AC send "$RECV/hook" "$E2E_SECRETS/old.secret" msg_rot1 "$NOW" \
	'{"type":"test.rotation","timestamp":"2026-01-01T00:00:00Z","data":{}}')" = 200 ]
printf 'whsec_%s' "$($PY -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')" >"$E2E_DIR/wrong.secret"
check "a wrong signature: 401" [ "$($AC send "$RECV/hook" "$E2E_DIR/wrong.secret" msg_bad1 "$NOW" '{}')" = 401 ]
check "a timestamp 5 min + 1 s old: 400" [ "$($AC send "$RECV/hook" "$NEWSEC" msg_old1 $(($(date +%s) - 301)) '{}')" = 400 ]
# (+302: a second may tick between date and the receiver; the unit test
# checks the exact ±301 s)
check "a timestamp 5 min + 2 s ahead: 400" [ "$($AC send "$RECV/hook" "$NEWSEC" msg_new1 $(($(date +%s) + 302)) '{}')" = 400 ]
po() { printf '{"type":"purchase_order.updated","timestamp":"2026-01-01T00:00:00Z","data":{"connection_id":"%s","id":"PO-X","seq":%s}}' "$ID" "$1"; }
check "purchase_order.updated seq 1000: 200" [ "$($AC send "$RECV/hook" "$NEWSEC" msg_seq1000 "$NOW" "$(po 1000)")" = 200 ]
wait_for_cmd 10 sh -c "grep -q '\"seq\":1000' '$E2E_DIR/processed.log'"
check "an older change of the same order arriving after it: 200" [ "$($AC send "$RECV/hook" "$NEWSEC" msg_seq999 "$NOW" "$(po 999)")" = 200 ]
wait_for_cmd 10 sh -c "$ONRAMP_BIN webhooks listen --status --db '$RDB' | grep -q '\"out_of_order\":1'"
"$ONRAMP_BIN" webhooks listen --status --db "$RDB" >"$E2E_DIR/status.json"
check "... recorded as out of order" [ "$(json "$E2E_DIR/status.json" 'j["out_of_order"]')" = 1 ]
check "... and not processed" sh -c "! grep -q '\"seq\":999' '$E2E_DIR/processed.log'"
check "counters: 3 bad signatures, 2 duplicates" [ "$(json "$E2E_DIR/status.json" 'j["bad_signature"] == 3 and j["duplicates"] == 2')" = true ]
check "the receiver logs rejected webhooks without their content" sh -c "grep -q 'rejected a webhook (bad_signature)' '$E2E_DIR/recv.err'"

# a processing failure: logged with the event id and counted; the sender got 200
bg recv2 webhooks listen --secret-file "$NEWSEC" --listen 127.0.0.1:0 --db "$E2E_DIR/r2.db" --exec 'cat >/dev/null; exit 3'
R2_PID=$BG_PID
check "an event whose processing fails is still answered 200" [ "$($AC send "http://127.0.0.1:$PORT/" "$NEWSEC" msg_fail1 "$NOW" '{"type":"t","data":{}}')" = 200 ]
wait_for_cmd 10 sh -c "grep -q 'msg_fail1' '$E2E_DIR/recv2.err'"
check "the failure is logged with the event id and its exit status" grep -q 'processing event msg_fail1 (t) failed: exit 3' "$E2E_DIR/recv2.err"
"$ONRAMP_BIN" webhooks listen --status --db "$E2E_DIR/r2.db" >"$E2E_DIR/status2.json"
check "... and counted" [ "$(json "$E2E_DIR/status2.json" 'j["process_failures"]')" = 1 ]
kill $R2_PID

# group commit: webhooks arriving together share one commit, each answered
# after it; duplicates inside one batch are still caught by their id
bg recv3 webhooks listen --secret-file "$NEWSEC" --listen 127.0.0.1:0 --db "$E2E_DIR/r3.db"
R3_PID=$BG_PID
$AC flood "http://127.0.0.1:$PORT/hook" "$NEWSEC" 300 240 >"$E2E_DIR/flood.json"
check "300 webhooks at once, 60 of them duplicates: every one answered 200" [ "$(json "$E2E_DIR/flood.json" 'j == {"200": 300}')" = true ]
"$ONRAMP_BIN" webhooks listen --status --db "$E2E_DIR/r3.db" >"$E2E_DIR/status3.json"
check "... stored once each: 240 received, 60 duplicates" [ "$(json "$E2E_DIR/status3.json" \
	'j["received"] == 240 and j["duplicates"] == 60')" = true ]
wait_for_cmd 10 sh -c "$ONRAMP_BIN webhooks listen --status --db '$E2E_DIR/r3.db' | grep -q '\"processed\":240'"
check "... and processed once each" [ "$($PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("SELECT count(*), count(DISTINCT webhook_id) FROM inbox WHERE state=\"done\"").fetchone())' "$E2E_DIR/r3.db")" = "(240, 240)" ]
kill $R3_PID

# ---- the sender: retries, 429, 302, 410 ----------------------------------------------------------
# sent_test PLAN: queues a webhooks test event for the sink with that plan
# of answers, waits until the sink saw it N times (N = lines of PLAN), sets T.
sent_test() {
	printf "$1" >"$E2E_DIR/plan"
	cli "$E2E_DIR/t.json" webhooks test "$SINK_ID" --json
	T=$(json "$E2E_DIR/t.json" 'j["event_id"]')
	want=$(printf "$1" | wc -l)
	wait_for_cmd 20 sh -c "[ \$($PY -c 'import json,sys; print(sum(json.loads(l)[\"id\"]==\"$T\" for l in open(\"$E2E_DIR/sink.log\")))') -ge $want ]"
}
attempts_of() { $PY -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if json.loads(l)["id"] == sys.argv[2]]
print(json.dumps([[round(e["t"], 3), e["status"]] for e in ev]))' "$E2E_DIR/sink.log" "$1"; }
sent_test '500\n500\n503\n200\n'
T1=$T
A=$(attempts_of "$T1")
# the schedule 5 s, 5 min, 30 min at scale 0.0001: 0.5 ms, 30 ms, 180 ms
# (±10% jitter); the dispatcher looks every 200 ms, so gaps can be longer
check "an endpoint failing 3 times gets the same event 4 times, no sooner than the schedule ($A)" [ "$($PY -c '
import json, sys
a = json.loads(sys.argv[1]); t = [x[0] for x in a]; g = [t[i+1] - t[i] for i in range(len(t) - 1)]
print([x[1] for x in a] == [500, 500, 503, 200] and g[1] >= 0.027 and g[2] >= 0.162)' "$A")" = True ]
check "every attempt is logged" [ "$(sql "SELECT count(*) FROM delivery_log d JOIN events e ON e.seq=d.event_seq WHERE e.eid='$T1'")" = 4 ]

sent_test '429 2\n200\n'
A=$(attempts_of "$T")
check "429 with Retry-After: 2 is honoured: the next attempt 2 s later, not 0.5 ms ($A)" [ "$($PY -c '
import json, sys
a = json.loads(sys.argv[1])
print([x[1] for x in a] == [429, 200] and a[1][0] - a[0][0] >= 1.8)' "$A")" = True ]

sent_test '302\n200\n'
check "a 302 is a failure, not followed: the event comes back to the sink" [ "$(attempts_of "$T" | $PY -c 'import json,sys; print([x[1] for x in json.load(sys.stdin)])')" = "[302, 200]" ]

printf '410\n' >"$E2E_DIR/plan"
cli "$E2E_DIR/t4.json" webhooks test "$SINK_ID" --json
wait_for_cmd 20 sh -c "$ONRAMP_BIN webhooks list --json | grep -q disabled"
cli "$E2E_DIR/l.json" webhooks list --json
check "410 disables the endpoint, with the reason, in webhooks list" [ "$(json "$E2E_DIR/l.json" \
	"[e['status'] + '|' + e['reason'] for e in j if e['id'] == '$SINK_ID'][0]")" = "disabled|The endpoint answered 410 Gone." ]
check "an endpoint.disabled event is recorded" [ "$(sql "SELECT count(*) FROM events WHERE type='endpoint.disabled'")" = 1 ]
cli "$E2E_DIR/en.out" webhooks enable "$SINK_ID"
cli "$E2E_DIR/l.json" webhooks list --json
check "webhooks enable turns it on again" [ "$(json "$E2E_DIR/l.json" "[e['status'] for e in j if e['id'] == '$SINK_ID'][0]")" = enabled ]
# failing for 5 days (scaled: 43 s) disables it too
PYTHONPATH="$ROOT/tests/lib" $PY -c 'import storedb,sys,time; c=storedb.connect(sys.argv[1]); c.execute("UPDATE webhooks SET failing_since=? WHERE id=?", (int(time.time())-100, sys.argv[2])); c.commit()' "$DB" "$SINK_ID"
printf '500\n' >"$E2E_DIR/plan"
cli "$E2E_DIR/t5.json" webhooks test "$SINK_ID" --json
wait_for_cmd 20 sh -c "$ONRAMP_BIN webhooks list --json | grep -q 'kept failing'"
cli "$E2E_DIR/l.json" webhooks list --json
check "an endpoint failing for (scaled) 5 days is disabled" [ "$(json "$E2E_DIR/l.json" \
	"[e['status'] + '|' + e['reason'] for e in j if e['id'] == '$SINK_ID'][0]")" = "disabled|The endpoint kept failing for 5 days." ]
check "... with a second endpoint.disabled event" [ "$(sql "SELECT count(*) FROM events WHERE type='endpoint.disabled'")" = 2 ]

# ---- disconnect --------------------------------------------------------------------------------
cli "$E2E_DIR/d.out" disconnect "$ID"
wait_for_cmd 10 sh -c "grep -q connection.disconnected '$E2E_DIR/processed.log'"
check "the receiver gets connection.disconnected" grep -q '"type":"connection.disconnected"' "$E2E_DIR/processed.log"
cli "$E2E_DIR/re.json" reconnect "$ID" --secret password=@"$SAPPW" --json
check "reconnect works (exit $CLI_RC)" [ "$CLI_RC" -eq 0 ]
wait_for_cmd 10 sh -c "grep -q connection.reconnected '$E2E_DIR/processed.log'"
check "the receiver gets connection.reconnected naming the previous connection" sh -c \
	"grep '\"type\":\"connection.reconnected\"' '$E2E_DIR/processed.log' | grep -q '\"previous_connection_id\":\"$ID\"'"
kill -TERM $SERVE_PID $RECV_PID
wait $SERVE_PID
check "serve stops on SIGTERM (exit $?)" [ $? -eq 0 ]
check "serve said nothing on stderr" [ ! -s "$E2E_DIR/serve.err" ]
check "the database is intact" [ "$(sql "PRAGMA integrity_check")" = ok ]
finish
