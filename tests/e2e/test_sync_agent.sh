#!/bin/sh
# test_sync_agent.sh: `onramp agent` runs a due sync in its event loop; a
# disconnect while that sync runs stops it within 1 s, keeps none of the
# page being read (what is in the history is whole pages), and records the
# run as CANCELLED; no scheduled sync starts for the disconnected
# connection afterwards; `sync --due` runs what is due, once. The source is
# the SAP fixture serving 20,000 generated orders (100 a page). Then a
# source that fails (a cut page, an HTML page, 403) leaves a FAILED run
# with its error and deletes nothing, even in a full run.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

$PY "$ROOT/tests/servers/po_fixture.py" --port 0 --log "$E2E_DIR/po.log" >"$E2E_DIR/po.port" 2>"$E2E_DIR/po.err" &
PO_PID=$!
AGENT_PID=""
on_exit 'kill $PO_PID $AGENT_PID'
for _ in $(seq 1 100); do [ -s "$E2E_DIR/po.port" ] && break; sleep 0.1; done
FX="http://127.0.0.1:$(head -n1 "$E2E_DIR/po.port")"
SAPPW=$(secret_file sap 'Fixture-Pa55!')
DB="$XDG_DATA_HOME/onramp/onramp.db"
sql() { store_sql "$1"; }

cli "$E2E_DIR/c.json" connect sap-s4hana-onprem --field url="$FX/case/n20000" --field client=100 \
	--field username=ALICE --secret password=@"$SAPPW" --json
ID=$(json "$E2E_DIR/c.json" 'j["connection"]["id"]')
check "connect to the SAP fixture (exit $CLI_RC)" [ "$CLI_RC" -eq 0 ]

# the agent, with the test's environment only (as cli does)
env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME" ${ONRAMP_DATABASE:+"ONRAMP_DATABASE=$ONRAMP_DATABASE"} XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
	XDG_DATA_HOME="$XDG_DATA_HOME" LANG=C.UTF-8 TZ=UTC ASAN_OPTIONS="$ASAN_OPTIONS" \
	UBSAN_OPTIONS="$UBSAN_OPTIONS" "$ONRAMP_BIN" agent --tick 1 >"$E2E_DIR/agent.out" 2>"$E2E_DIR/agent.err" &
AGENT_PID=$!

# wait until the agent has written some pages
n=0
for _ in $(seq 1 300); do
	n=$(sql "SELECT count(*) FROM history" 2>/dev/null || echo 0)
	[ "$n" -ge 300 ] && break
	sleep 0.1
done
check "the agent started the due sync by itself and writes pages ($n orders so far)" [ "$n" -ge 300 ]
check "its run is SYNCING" [ "$(sql "SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1")" = SYNCING ]

cli "$E2E_DIR/d.out" disconnect "$ID"
t0=$(date +%s%N)
status=""
for _ in $(seq 1 60); do
	status=$(sql "SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1")
	[ "$status" != SYNCING ] && break
	sleep 0.05
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "disconnect while the sync runs: it stops within 1 s (${ms} ms)" [ "$status" = CANCELLED -a "$ms" -le 1000 ]
check "the run's error says why" [ "$(sql "SELECT error_code FROM sync_runs ORDER BY id DESC LIMIT 1")" = sync.cancelled ]
h1=$(sql "SELECT count(*) FROM history")
check "only whole pages were kept ($h1 orders, 100 a page)" [ $((h1 % 100)) -eq 0 ]
check "records and history agree" [ "$(sql "SELECT count(*) FROM records")" = "$h1" ]
lines=$(wc -l <"$E2E_DIR/po.log")
sleep 2.5 # two agent ticks
check "nothing more was written after the cancel" [ "$(sql "SELECT count(*) FROM history")" = "$h1" ]
check "no scheduled sync started again for the disconnected connection" \
	[ "$(sql "SELECT count(*) FROM sync_runs")" = 1 ]
check "no more requests reached the source" [ "$(wc -l <"$E2E_DIR/po.log")" -eq "$lines" ]
kill -TERM "$AGENT_PID"
wait "$AGENT_PID"
rc=$?
AGENT_PID=""
check "the agent stops on SIGTERM (exit $rc)" [ "$rc" -eq 0 ]
check "the agent said nothing on stderr" [ ! -s "$E2E_DIR/agent.err" ]
check "the database is intact" [ "$(sql "PRAGMA integrity_check")" = ok ]

# ---- sync --due: what is due, once ----------------------------------------------
cli "$E2E_DIR/c2.json" connect sap-s4hana-onprem --field url="$FX" --field client=100 \
	--field username=ALICE --secret password=@"$SAPPW" --json
ID2=$(json "$E2E_DIR/c2.json" 'j["connection"]["id"]')
cli "$E2E_DIR/due.out" sync --due
check "sync --due runs the due sync once (exit $CLI_RC)" sh -c \
	"[ $CLI_RC -eq 0 ] && grep -q '^$ID2 full sync: done, 3 added' '$E2E_DIR/due.out'"
cli "$E2E_DIR/due2.out" sync --due
check "right after, nothing is due" [ "$CLI_RC" -eq 0 -a ! -s "$E2E_DIR/due2.out" ]
check "the next one is due in an hour" [ "$(sql "SELECT next_sync - strftime('%s','now') BETWEEN 3500 AND 3600 FROM connections WHERE id='$ID2'")" = 1 ]

# ---- a source failing mid-run deletes nothing ---------------------------------
for case in malformed html forbidden; do
	$PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE connections SET fields=json_set(fields, \"$.url\", ?) WHERE id=?", (sys.argv[2], sys.argv[3])); c.commit()' \
		"$DB" "$FX/case/$case" "$ID2"
	cli "$E2E_DIR/f.json" sync "$ID2" --full --json
	check "a full sync against /case/$case fails (exit $CLI_RC) with the error, deleting nothing" [ "$(json "$E2E_DIR/f.json" \
		'j["status"] in ("FAILED", "PARTIALLY_SYNCED") and j["deleted"] == 0 and bool(j["error"]["code"])')" = true ]
done
# a failure after the first page: that page is kept, nothing is deleted
$PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE connections SET fields=json_set(fields, \"$.url\", ?) WHERE id=?", (sys.argv[2], sys.argv[3])); c.commit()' \
	"$DB" "$FX/case/endless" "$ID2"
cli "$E2E_DIR/f.json" sync "$ID2" --full --json
check "a source that fails after some pages: PARTIALLY_SYNCED, its error, nothing deleted" [ "$(json "$E2E_DIR/f.json" \
	'j["status"] == "PARTIALLY_SYNCED" and j["pages"] >= 1 and j["deleted"] == 0 and bool(j["error"]["code"])')" = true ]
check "the 3 orders are all still there, none marked deleted" \
	[ "$(sql "SELECT count(*) FROM records WHERE conn_id='$ID2' AND deleted_at=0")" = 3 ]
check "3 failed runs are recorded" [ "$(sql "SELECT count(*) FROM sync_runs WHERE conn_id='$ID2' AND status='FAILED'")" = 3 ]
finish
