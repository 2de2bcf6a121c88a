#!/bin/sh
# test_webhook_faults.sh: N events (FAULT_EVENTS: 2,000 in make check,
# 10,000 in `make check-faults`) delivered from `onramp serve` to `onramp
# webhooks listen` through tests/servers/chaos_proxy.py, which fails 3% of
# the requests with a 500, holds 0.5% past the sender's timeout, loses the
# receiver's 200 for 3% (stored, but the sender sends again) and delays 10%
# (later events overtake them), while both sides are SIGKILLed and
# restarted in turns. The events: 4/5 purchase_order.created from a full
# sync, 1/5 purchase_order.updated, four changes each of N/20 orders, so
# events of one record arrive out of order.
# Afterwards: every delivery is marked delivered, every event is in the
# receiver's inbox once (0 lost, the repeats answered 200 as duplicates),
# each record ends at its newest change (an older one arriving late is
# recorded out_of_order and skipped), and each event was processed once,
# except at most one per receiver kill (an event whose command was running
# when the receiver died runs again at its start: processing is at least
# once, delivery and storage exactly once by the webhook-id).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
e2e_init notryton
N=${FAULT_EVENTS:-2000}
KILLS=${FAULT_KILLS:-3}
UPD=$((N / 20))
# the sender commits each outcome on its own (about 30 deliveries a second
# under ASan on a busy machine): deadlines grow with N
DEADLINE=$((N / 8 + 120))
CREATED=$((N - 4 * UPD))
export ONRAMP_WEBHOOK_SCALE=0.0001
BG_PIDS=""
on_exit 'kill $BG_PIDS'
DB="$XDG_DATA_HOME/onramp/onramp.db"
RDB="$E2E_DIR/receiver.db"
sql() { store_sql "$1" "${2:-}"; }

start_fixture po "$ROOT/tests/servers/po_fixture.py" --port 0 --log "$E2E_DIR/po.log"
FX="http://127.0.0.1:$FX_PORT"
SAPPW=$(secret_file sap 'Fixture-Pa55!')
RPORT=$(free_port)
start_fixture chaos "$ROOT/tests/servers/chaos_proxy.py" --port 0 --upstream "$RPORT"
CHAOS="http://127.0.0.1:$FX_PORT"
cli "$E2E_DIR/w.json" webhooks add "$CHAOS/hook" --events purchase_order.created,purchase_order.updated --json
(umask 077 && json "$E2E_DIR/w.json" 'j["secret"]' >"$E2E_SECRETS/recv.secret")
cli "$E2E_DIR/c.json" connect sap-s4hana-onprem --field url="$FX/case/n$CREATED" --field client=100 \
	--field username=ALICE --secret password=@"$SAPPW" --json
ID=$(json "$E2E_DIR/c.json" 'j["connection"]["id"]')
cli "$E2E_DIR/sched.out" schedule "$ID" off
cli "$E2E_DIR/s.out" sync "$ID" --full
# four changes in a row of each of UPD orders, written as a sync writes a
# change (a history row; the outbox trigger makes the event)
$PY - "$DB" "$ID" "$UPD" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=10)
rows = c.execute("SELECT remote_id, data, hash FROM records WHERE conn_id=? ORDER BY remote_id LIMIT ?",
                 (sys.argv[2], int(sys.argv[3]))).fetchall()
for rid, data, h in rows:
    for k in range(4):
        c.execute("INSERT INTO history(conn_id, model, remote_id, action, at, data, hash) VALUES(?,"
                  " 'purchase_order', ?, 'updated', strftime('%s','now'), ?, ?)", (sys.argv[2], rid, data, h + str(k)))
c.commit()
PYEOF
check "a full sync of $CREATED orders and 4 changes of $UPD of them: $N events, each with its delivery" \
	[ "$(sql "SELECT count(*) FROM deliveries d JOIN events e ON e.seq=d.event_seq WHERE e.type LIKE 'purchase_order.%'")" = "$N" ]

recv() { bg recv webhooks listen --secret-file "$E2E_SECRETS/recv.secret" --listen "127.0.0.1:$RPORT" \
	--db "$RDB" --exec "cat >>'$E2E_DIR/processed.log'; echo >>'$E2E_DIR/processed.log'"; R_PID=$BG_PID; }
sender() { bg serve serve --listen 127.0.0.1:0; S_PID=$BG_PID; }
delivered() { sql "SELECT count(*) FROM deliveries WHERE status='delivered'"; }
recv
sender
t0=$(date +%s)
i=0
while [ $i -lt "$KILLS" ]; do
	sleep 1
	kill -KILL $S_PID; wait $S_PID 2>/dev/null
	sleep 0.3
	sender
	sleep 1
	kill -KILL $R_PID; wait $R_PID 2>/dev/null
	sleep 0.3
	recv
	i=$((i + 1))
done
note "after $KILLS kills of each: $(delivered) of $N delivered"
wait_for_cmd "$DEADLINE" sh -c "[ \$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1], timeout=10).execute(\"SELECT count(*) FROM deliveries WHERE status<>\\\"delivered\\\"\").fetchone()[0])' '$DB') -eq 0 ]"
t1=$(date +%s)
check "every delivery ended delivered ($(delivered) of $N, $((t1 - t0)) s with $KILLS SIGKILLs of each side)" [ "$(delivered)" = "$N" ]
wait_for_cmd "$DEADLINE" sh -c "[ \$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1], timeout=10).execute(\"SELECT count(*) FROM inbox WHERE state=\\\"queued\\\"\").fetchone()[0])' '$RDB') -eq 0 ]"
curl -s "$CHAOS/_stats" >"$E2E_DIR/chaos.json"
$PY - "$DB" "$RDB" "$E2E_DIR/processed.log" >"$E2E_DIR/tally.json" <<'PYEOF'
import json, sqlite3, sys
o = sqlite3.connect(sys.argv[1], timeout=10)
sent = {r[0] for r in o.execute("SELECT eid FROM events WHERE type LIKE 'purchase_order.%'")}
newest = dict(o.execute("SELECT json_extract(payload, '$.id'), max(json_extract(payload, '$.seq')) FROM events"
                        " WHERE type LIKE 'purchase_order.%' GROUP BY 1"))
r = sqlite3.connect(sys.argv[2], timeout=10)
got = {x[0] for x in r.execute("SELECT webhook_id FROM inbox")}
states = dict(r.execute("SELECT state, count(*) FROM inbox GROUP BY state"))
applied = dict(r.execute("SELECT rid, seq FROM applied"))
late_ok = all(seq < applied.get(rid, 0) for rid, seq in r.execute("SELECT rid, seq FROM inbox WHERE state='stale'"))
c = dict(r.execute("SELECT name, value FROM counters"))
seqs = [json.loads(l)["data"]["seq"] for l in open(sys.argv[3]) if l.strip()]
print(json.dumps({"lost": len(sent - got), "stored": len(got), "done": states.get("done", 0),
                  "stale": states.get("stale", 0), "other": len(got) - states.get("done", 0) - states.get("stale", 0),
                  "newest_applied": applied == newest, "late_older": late_ok, "runs": len(seqs),
                  "distinct": len(set(seqs)), "duplicates": c["duplicates"], "received": c["received"],
                  "out_of_order": c["out_of_order"]}))
PYEOF
note "tally: $(cat "$E2E_DIR/tally.json")"
note "the proxy's fates: $(cat "$E2E_DIR/chaos.json")"
check "the faults happened: requests failed, lost their answer and came late" [ "$(json "$E2E_DIR/chaos.json" \
	"j['fail'] > 0 and j['lost'] > 0 and j['late'] > 0")" = true ]
check "0 events lost: all $N are in the receiver's inbox, each once" [ "$(json "$E2E_DIR/tally.json" \
	"j['lost'] == 0 and j['stored'] == $N and j['received'] == $N")" = true ]
check "every answer the sender lost came back as a duplicate, answered 200 and dropped" [ "$($PY -c '
import json, sys
t, f = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print(t["duplicates"] >= f["lost"])' "$E2E_DIR/tally.json" "$E2E_DIR/chaos.json")" = True ]
check "out of order tolerated: each record ends at its newest change; each late older one recorded, not applied" [ "$(json "$E2E_DIR/tally.json" \
	"j['newest_applied'] and j['late_older'] and j['stale'] == j['out_of_order'] and j['done'] + j['stale'] == $N and j['other'] == 0")" = true ]
check "every event was processed, each once but at most $KILLS reruns (one per receiver kill)" [ "$(json "$E2E_DIR/tally.json" \
	"j['distinct'] == j['done'] and j['runs'] - j['distinct'] <= $KILLS")" = true ]
kill -TERM $S_PID $R_PID
wait $S_PID
check "serve stops cleanly at the end (exit $?)" [ $? -eq 0 ]
check "the databases are intact" [ "$(sql "PRAGMA integrity_check") $(sql "PRAGMA integrity_check" "$RDB")" = "ok ok" ]
finish
