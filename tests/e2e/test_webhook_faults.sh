#!/bin/sh
# test_webhook_faults.sh: N purchase_order.created events (a full sync of
# N orders from the SAP fixture; FAULT_EVENTS, 2,000 in make check, 10,000
# by hand) delivered from `onramp serve` to `onramp webhooks listen`
# while both are SIGKILLed and restarted, in turns: afterwards every event
# is in the receiver's inbox (0 lost), every delivery is marked delivered,
# the receiver processed each event once, except at most one per receiver
# kill (an event whose command was running when the receiver died is run
# again at its start: processing is at least once, delivery and storage
# exactly once by the webhook-id).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
e2e_init notryton
N=${FAULT_EVENTS:-2000}
KILLS=${FAULT_KILLS:-3}
export ONRAMP_WEBHOOK_SCALE=0.0001
BG_PIDS=""
trap 'kill $BG_PIDS 2>/dev/null; e2e_cleanup' EXIT
DB="$XDG_DATA_HOME/onramp/onramp.db"
RDB="$E2E_DIR/receiver.db"
sql() { store_sql "$1" "${2:-}"; }

start_fixture po "$ROOT/tests/servers/po_fixture.py" --port 0 --log "$E2E_DIR/po.log"
FX="http://127.0.0.1:$FX_PORT"
SAPPW=$(secret_file sap 'Fixture-Pa55!')
RPORT=$(free_port)
cli "$E2E_DIR/w.json" webhooks add "http://127.0.0.1:$RPORT/hook" --events purchase_order.created --json
(umask 077 && json "$E2E_DIR/w.json" 'j["secret"]' >"$E2E_SECRETS/recv.secret")
cli "$E2E_DIR/c.json" connect sap-s4hana-onprem --field url="$FX/case/n$N" --field client=100 \
	--field username=ALICE --secret password=@"$SAPPW" --json
ID=$(json "$E2E_DIR/c.json" 'j["connection"]["id"]')
cli "$E2E_DIR/sched.out" schedule "$ID" off
cli "$E2E_DIR/s.out" sync "$ID" --full
check "a full sync of $N orders wrote $N purchase_order.created events with their deliveries" \
	[ "$(sql "SELECT count(*) FROM deliveries d JOIN events e ON e.seq=d.event_seq WHERE e.type='purchase_order.created'")" = "$N" ]

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
wait_for_cmd 300 sh -c "[ \$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1], timeout=10).execute(\"SELECT count(*) FROM deliveries WHERE status<>\\\"delivered\\\"\").fetchone()[0])' '$DB') -eq 0 ]"
t1=$(date +%s)
check "every delivery ended delivered ($(delivered) of $N, $((t1 - t0)) s with $KILLS SIGKILLs of each side)" [ "$(delivered)" = "$N" ]
wait_for_cmd 300 sh -c "[ \$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1], timeout=10).execute(\"SELECT count(*) FROM inbox WHERE state=\\\"queued\\\"\").fetchone()[0])' '$RDB') -eq 0 ]"
$PY - "$DB" "$RDB" "$E2E_DIR/processed.log" >"$E2E_DIR/tally.json" <<'PYEOF'
import json, sqlite3, sys
sent = {r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT eid FROM events WHERE type='purchase_order.created'")}
r = sqlite3.connect(sys.argv[2])
got = {x[0] for x in r.execute("SELECT webhook_id FROM inbox")}
done = r.execute("SELECT count(*) FROM inbox WHERE state='done'").fetchone()[0]
c = dict(r.execute("SELECT name, value FROM counters"))
seqs = [json.loads(l)["data"]["seq"] for l in open(sys.argv[3]) if l.strip()]
print(json.dumps({"lost": len(sent - got), "stored": len(got), "done": done, "runs": len(seqs),
                  "distinct": len(set(seqs)), "duplicates": c["duplicates"], "received": c["received"]}))
PYEOF
note "tally: $(cat "$E2E_DIR/tally.json")"
check "0 events lost: all $N are in the receiver's inbox, each once" [ "$(json "$E2E_DIR/tally.json" \
	"j['lost'] == 0 and j['stored'] == $N and j['received'] == $N and j['done'] == $N")" = true ]
check "every event was processed, each once but at most $KILLS reruns (one per receiver kill)" [ "$(json "$E2E_DIR/tally.json" \
	"j['distinct'] == $N and j['runs'] - j['distinct'] <= $KILLS")" = true ]
kill -TERM $S_PID $R_PID
wait $S_PID
check "serve stops cleanly at the end (exit $?)" [ $? -eq 0 ]
check "the databases are intact" [ "$(sql "PRAGMA integrity_check") $(sql "PRAGMA integrity_check" "$RDB")" = "ok ok" ]
finish
