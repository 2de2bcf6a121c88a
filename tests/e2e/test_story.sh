#!/bin/sh
# test_story.sh: the whole story against a real Tryton (its own trytond):
# connect; the first sync (run by serve's agent); the reference receiver
# gets sync.completed and purchase_order.created; the orders are pulled
# through the API with the connection's token (by the test and by the
# receiver's polling fallback); an order changed in Tryton arrives as
# purchase_order.updated after the next sync (POST /v1/sync); disconnect:
# the token gets 401, the receiver gets connection.disconnected, syncs
# stop; the history stays readable through the CLI until purge.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
export ONRAMP_WEBHOOK_SCALE=0.0001
e2e_init
need_tryton

TRY_PORT=$(free_port)
TRY_STATE="$E2E_DIR/tryton"
BG_PIDS=""
on_exit 'kill $BG_PIDS; sh "$ROOT/tests/servers/tryton.sh" stop "$TRY_STATE"'
TRYTON_TEMPLATE_DIR="${T_DIR:-$E2E_DIR}/tryton-template" \
	sh "$ROOT/tests/servers/tryton.sh" start "$TRY_STATE" "$TRY_PORT" >"$E2E_DIR/tryton.log" 2>&1 ||
	{ not_ok "our own trytond starts"; cat "$E2E_DIR/tryton.log"; finish; }
URL="http://127.0.0.1:$TRY_PORT"
PW=$(secret_file tryton "$ONRAMP_T_TRYTON_PASSWORD")
DB="$XDG_DATA_HOME/onramp/onramp.db"
AC="$PY $ROOT/tests/e2e/api_client.py"
sql() { store_sql "$1"; }
# got TYPE: how many events of TYPE the receiver stored (its inbox); what it
# processed may come from a webhook or from its polling, whichever first
got() { $PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1], timeout=10).execute("SELECT count(*) FROM inbox WHERE type=?", (sys.argv[2],)).fetchone()[0])' "$E2E_DIR/receiver.db" "$1" 2>/dev/null || echo 0; }
got_at_least() { [ "$(got "$1")" -ge "$2" ]; }

check "Tryton has the golden orders plus two drafts" sh -c \
	"$PY '$ROOT/tests/servers/tryton_changes.py' '$URL' onramp_test setup <'$PW' | grep -q 'setup done'"
RECV_PORT=$(free_port)
API_PORT=$(free_port)
API="http://127.0.0.1:$API_PORT"
cli "$E2E_DIR/w.json" webhooks add "http://127.0.0.1:$RECV_PORT/hook" --json
(umask 077 && json "$E2E_DIR/w.json" 'j["secret"]' >"$E2E_SECRETS/recv.secret")

# 1. connect
cli "$E2E_DIR/c.json" connect tryton --field url="$URL" --field database=onramp_test \
	--field username=admin --secret password=@"$PW" --json
ID=$(json "$E2E_DIR/c.json" 'j["connection"]["id"]')
(umask 077 && json "$E2E_DIR/c.json" 'j["token"]' >"$E2E_SECRETS/token")
check "1. connect to Tryton (exit $CLI_RC)" [ "$CLI_RC" -eq 0 ]

bg recv webhooks listen --secret-file "$E2E_SECRETS/recv.secret" --listen "127.0.0.1:$RECV_PORT" \
	--db "$E2E_DIR/receiver.db" --api "$API" --token-file "$E2E_SECRETS/token" --poll 2 \
	--exec "cat >>'$E2E_DIR/processed.log'; echo >>'$E2E_DIR/processed.log'"
RECV_PID=$BG_PID
# 2. the first sync: serve's agent runs it (due at connect)
bg serve serve --listen "127.0.0.1:$API_PORT"
SERVE_PID=$BG_PID
wait_for_cmd 60 got_at_least sync.completed 1
check "2. serve ran the first sync by itself: DONE, 5 added" [ "$(sql "SELECT status || ' ' || added FROM sync_runs WHERE conn_id='$ID'")" = "DONE 5" ]
# 3. the receiver's events
wait_for_cmd 20 got_at_least purchase_order.created 5
check "3. the receiver got connection.created, sync.completed and 5 purchase_order.created" \
	[ "$(got connection.created) $(got sync.completed) $(got purchase_order.created)" = "1 1 5" ]
# 4. pull through the API with the token
$AC pages "$API/v1/purchase-orders" "$E2E_SECRETS/token" 2 >"$E2E_DIR/pages.json"
check "4. the API gives the 5 orders to the token's holder, 2 a page" [ "$(json "$E2E_DIR/pages.json" \
	'len(set(j["ids"])) == 5 and j["pages"] == 3')" = true ]
wait_for_cmd 20 sh -c "$ONRAMP_BIN webhooks listen --status --db '$E2E_DIR/receiver.db' | grep -q '\"polled\":5'"
"$ONRAMP_BIN" webhooks listen --status --db "$E2E_DIR/receiver.db" >"$E2E_DIR/st.json"
check "4. the receiver's polling read the same 5 changes and processed none twice" [ "$(json "$E2E_DIR/st.json" \
	'j["polled"] == 5 and j["processed"] + j["out_of_order"] == j["received"] and j["process_failures"] == 0')" = true ]
# 5. a change in Tryton arrives as purchase_order.updated after the next sync
check "5. Tryton: PO-1004 added, PO-1001 confirmed, PO-1005 cancelled, PO-1006 deleted" sh -c \
	"$PY '$ROOT/tests/servers/tryton_changes.py' '$URL' onramp_test change <'$PW' | grep -q changed"
check "5. POST /v1/sync with the token: 202" [ "$($AC req POST "$API/v1/sync" "$E2E_SECRETS/token" | head -1)" = 202 ]
wait_for_cmd 30 got_at_least purchase_order.updated 2
check "5. the receiver got purchase_order.updated for PO-1001 and PO-1005" [ "$(got purchase_order.updated)" = 2 ]
check "5. ... and purchase_order.created for PO-1004" [ "$(got purchase_order.created)" = 6 ]
check "5. each change was processed once, from its webhook or from the polling" [ "$($PY -c '
import json, sys
ch = [json.loads(l)["data"] for l in open(sys.argv[1]) if l.strip() and json.loads(l)["type"].startswith("purchase_order.")]
keys = [(d["id"], d["seq"]) for d in ch]
print(len(keys) == len(set(keys)) == 8)' "$E2E_DIR/processed.log")" = True ]
UPD_ID=$($PY -c 'import sqlite3,sys,json; print(json.loads(sqlite3.connect(sys.argv[1]).execute("SELECT body FROM inbox WHERE type=\"purchase_order.updated\" LIMIT 1").fetchone()[0])["data"]["id"])' "$E2E_DIR/receiver.db")
$AC req GET "$API/v1/purchase-orders/$UPD_ID" "$E2E_SECRETS/token" | tail -n +2 >"$E2E_DIR/one.json"
check "5. the updated order fetched by the event's id shows its new state" [ "$(json "$E2E_DIR/one.json" \
	'j["_onramp"]["last_action"] == "updated" and j["status"] in ("open", "cancelled")')" = true ]
$AC req GET "$API/v1/purchase-orders/$UPD_ID?include_remote_data=true" "$E2E_SECRETS/token" | tail -n +2 >"$E2E_DIR/raw.json"
check "5. ... and with include_remote_data, Tryton's own record of it in its new state" [ "$(json "$E2E_DIR/raw.json" \
	'j["remote_data"]["state"] == j["remote_status"] and j["remote_data"]["number"] == j["number"] and "write_date" in j["remote_data"]')" = true ]
# 6. disconnect
runs=$(sql "SELECT count(*) FROM sync_runs WHERE conn_id='$ID'")
cli "$E2E_DIR/d.out" disconnect "$ID"
check "6. the token gets 401 at once" [ "$($AC req GET "$API/v1/connection" "$E2E_SECRETS/token" | head -1)" = 401 ]
wait_for_cmd 20 got_at_least connection.disconnected 1
check "6. the receiver got connection.disconnected" [ "$(got connection.disconnected)" = 1 ]
check "6. POST /v1/sync is refused (401)" [ "$($AC req POST "$API/v1/sync" "$E2E_SECRETS/token" | head -1)" = 401 ]
cli "$E2E_DIR/s.out" sync "$ID"
check "6. onramp sync refuses it (exit $CLI_RC)" [ "$CLI_RC" -ne 0 ]
check "6. no schedule is left for it" [ "$(sql "SELECT schedule FROM connections WHERE id='$ID'")" = "" ]
check "6. no sync ran after the disconnect" [ "$(sql "SELECT count(*) FROM sync_runs WHERE conn_id='$ID'")" = "$runs" ]
# 7. history until purge
cli "$E2E_DIR/h.json" history "$ID" --json
check "7. the history stays readable through the CLI (6 orders)" [ "$(json "$E2E_DIR/h.json" 'len(j)')" = 6 ]
cli "$E2E_DIR/p.out" purge "$ID"
cli "$E2E_DIR/h2.json" history "$ID" --json
check "7. after purge it is gone (exit $CLI_RC)" [ "$CLI_RC" -ne 0 ]
kill -TERM $SERVE_PID $RECV_PID
wait $SERVE_PID
check "serve stops cleanly (exit $?)" [ $? -eq 0 ]
check "serve said nothing on stderr" [ ! -s "$E2E_DIR/serve.err" ]
finish
