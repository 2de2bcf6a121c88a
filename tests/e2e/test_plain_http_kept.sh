#!/bin/sh
# test_plain_http_kept.sh: the yes to sending credentials over plain http
# (issue 12) is kept with the connection, for its scheme, host and port
# only, and every later use honours it: `list --json` and Manage say so
# plainly, Manage's re-check, `orders ID`, `sync ID` and `reconnect ID` go
# ahead at that address, and another address (or a kept yes for another
# port) is refused before anything is sent. The server is the SAP fixture,
# reached as http://0.0.0.0:PORT: this machine, but not a loopback name, so
# onramp treats it as another computer.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
e2e_init noservers
BG_PIDS=""
on_exit 'kill $BG_PIDS'

SAPPW=$(secret_file sap 'Fixture-Pa55!')
DB="$XDG_DATA_HOME/onramp/onramp.db"
credits_pool 100
po_fixture_needed
FX="http://0.0.0.0:$PO"

# sap NAME URL [OPTIONS...]: `connect` to the SAP fixture at URL, --json
# output in $E2E_DIR/NAME.json.
sap() {
	s_name=$1 s_url=$2
	shift 2
	cli "$E2E_DIR/$s_name.json" connect sap-s4hana-onprem --field url="$s_url" --field client=100 \
		--field username=ALICE --secret password=@"$SAPPW" --json "$@"
}
code_of() { json "$1" 'j["error"]["code"]'; }
# refused NAME WHAT: the last command stopped at the plain-http check.
refused() {
	if [ "$CLI_RC" = 3 ] && [ "$(code_of "$E2E_DIR/$1.json")" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3 (exit $CLI_RC)"
		sed 's/^/# /' "$E2E_DIR/$1.json" "$E2E_DIR/$1.json.err" | head -n 20
	fi
}

# ---- the yes, given on the command line, is kept with the connection ----------
sap c0 "$FX"
refused c0 address.plain_http "without a yes, connect stops at the plain-http check"
sap c1 "$FX" --allow-plain-http
check "with --allow-plain-http, connect succeeds" [ "$CLI_RC" = 0 ]
ID=$(json "$E2E_DIR/c1.json" 'j["connection"]["id"]')
cli "$E2E_DIR/list.json" list --json
check "list --json names the address the yes is for" \
	[ "$(json "$E2E_DIR/list.json" "[c for c in j if c['id']=='$ID'][0]['plain_http']['address']")" = "$FX" ]
check "... and when it was given" sh -c "[ \"\$(date -u +%Y-%m-%d)\" = \"\$(echo '$(json "$E2E_DIR/list.json" "[c for c in j if c['id']=='$ID'][0]['plain_http']['allowed']")' | cut -c1-10)\" ]"
sap c2 "http://127.0.0.1:$PO"
L=$(json "$E2E_DIR/c2.json" 'j["connection"]["id"]')
cli "$E2E_DIR/list2.json" list --json
check "a loopback connection needs no yes: its plain_http is null" \
	[ "$(json "$E2E_DIR/list2.json" "[c for c in j if c['id']=='$L'][0]['plain_http']")" = null ]

# ---- the API says it too: a platform sees what its connection allows ----------
(umask 077 && json "$E2E_DIR/c1.json" 'j["token"]' >"$E2E_SECRETS/c1.token")
bg serve serve --listen 127.0.0.1:0
$PY "$ROOT/tests/e2e/api_client.py" req GET "http://127.0.0.1:$PORT/v1/connection" "$E2E_SECRETS/c1.token" |
	tail -n +2 >"$E2E_DIR/conn.json"
check "GET /v1/connection names the address the yes is for" \
	[ "$(json "$E2E_DIR/conn.json" "j['plain_http']['address']")" = "$FX" ]
check "... and when it was given, as list --json does" [ "$(json "$E2E_DIR/conn.json" "j['plain_http']['allowed']")" = \
	"$(json "$E2E_DIR/list.json" "[c for c in j if c['id']=='$ID'][0]['plain_http']['allowed']")" ]
check "... matching docs/openapi.json" $PY "$ROOT/tests/e2e/openapi_check.py" "$ROOT/docs/openapi.json" \
	GET /v1/connection 200 "$E2E_DIR/conn.json"
kill "$BG_PID" 2>/dev/null
wait "$BG_PID" 2>/dev/null

# ---- every later use honours it, at that address -------------------------------
cli "$E2E_DIR/orders.json" orders "$ID" --json
check "orders ID reads with the kept yes" [ "$CLI_RC" = 0 ]
cli "$E2E_DIR/sync.out" sync "$ID"
check "sync ID syncs with the kept yes" [ "$CLI_RC" = 0 ]
cli "$E2E_DIR/r1.json" reconnect "$ID" --secret password=@"$SAPPW" --json
check "reconnect ID connects again at the same address without asking" [ "$CLI_RC" = 0 ]
R=$(json "$E2E_DIR/r1.json" 'j["connection"]["id"]')
cli "$E2E_DIR/list3.json" list --json
check "the new connection keeps the yes for the same address" \
	[ "$(json "$E2E_DIR/list3.json" "[c for c in j if c['id']=='$R'][0]['plain_http']['address']")" = "$FX" ]

# ---- another address asks again ----------------------------------------------
OTHER="http://0.0.0.0:$((PO + 1))"
cli "$E2E_DIR/r2.json" reconnect "$ID" --field url="$OTHER" --secret password=@"$SAPPW" --json
refused r2 address.plain_http "reconnect to another port is refused: the yes was for $FX only"
store_sql "UPDATE connections SET plain_http='http://0.0.0.0:1' WHERE id='$ID' RETURNING id" >/dev/null
cli "$E2E_DIR/o2.json" orders "$ID" --json
refused o2 data.plain_http "orders ID with a yes kept for another port is refused before sending"
cli "$E2E_DIR/s2.json" sync "$ID" --json
check "so is sync ID" [ "$CLI_RC" != 0 ]
store_sql "UPDATE connections SET plain_http='$FX' WHERE id='$ID' RETURNING id" >/dev/null

# ---- Manage: said plainly, and the re-check goes ahead ------------------------
app_start
wait_for "Manage connections" 10 || { not_ok "the start screen shows"; show_last; }
send_keys Down
wait_for "> Manage connections" 5
send_keys Enter
expect "onramp · Manage connections" "Manage connections opens"
conn_select "$ID" || { not_ok "the highlight reaches $ID"; show_last; }
expect "Sends the password unencrypted to 0.0.0.0:$PO" "the details say the password goes unencrypted, and where"
check "... and that the user allowed it, with the date" joined_has "(you allowed this on $(date +%Y-%m-%d))"
send_keys c
expect "Re-check of $ID passed" "c re-checks it with the kept yes: passed" 30
check "no --allow-plain-http hint" screen_lacks "--allow-plain-http"
conn_select "$L" || { not_ok "the highlight reaches $L"; show_last; }
wait_change 2 >/dev/null
check "a loopback connection has no such line" screen_lacks "Sends the password unencrypted"

# a connection without a kept yes (stored by an older onramp): the re-check
# asks, and the yes it gets is kept
store_sql "UPDATE connections SET plain_http='', plain_http_at=0 WHERE id='$ID' RETURNING id" >/dev/null
conn_select "$L" >/dev/null
send_keys Escape
wait_for "Manage connections" 10
send_keys Enter
expect "onramp · Manage connections" "Manage connections opens again"
conn_select "$ID" || { not_ok "the highlight reaches $ID"; show_last; }
check "without a kept yes, no such line" screen_lacks "Sends the password unencrypted"
send_keys c
expect "onramp · Send unencrypted?" "the re-check of a connection without a kept yes asks first" 30
check "... naming the host" joined_has "would go to \"0.0.0.0\" over plain http://, unencrypted"
send_keys n
expect "would cross the network unencrypted" "n: back to the list, the re-check failed, nothing sent"
check "... on the list" screen_has "onramp · Manage connections"
send_keys c
wait_for "Send unencrypted?" 30
send_keys y
expect "Re-check of $ID passed" "y: the re-check passes" 30
cli "$E2E_DIR/list4.json" list --json
check "and the yes is kept with the connection" \
	[ "$(json "$E2E_DIR/list4.json" "[c for c in j if c['id']=='$ID'][0]['plain_http']['address']")" = "$FX" ]

# n (reconnect) in Manage: the same address goes ahead without asking, and
# the done screen's first page of orders is read with the same yes
cli "$E2E_DIR/before_n.json" list --json
conn_select "$ID" || { not_ok "the highlight reaches $ID"; show_last; }
send_keys n
expect "Connection details" "n opens the form, prefilled"
focus_field Password || { not_ok "Tab reaches the password field"; show_last; }
type_secret Password "$SAPPW"
wait_for "••••" 5
send_keys Enter
expect "Connected" "the reconnect connects at the kept address without asking" 30
check "... no question about plain http was asked" sh -c "! grep -rqF 'Send unencrypted?' '$E2E_DIR/cap.txt'"
wait_for "purchase orders" 20
check "the done screen's orders preview read with the same yes" screen_lacks "would cross the network unencrypted"
cli "$E2E_DIR/list5.json" list --json
check "the reconnected connection keeps the yes" [ "$($PY -c '
import json, sys
old = {c["id"] for c in json.load(open(sys.argv[1]))}
new = [c for c in json.load(open(sys.argv[2])) if c["id"] not in old]
print(new[0]["plain_http"]["address"] if len(new) == 1 and new[0]["plain_http"] else "")' "$E2E_DIR/before_n.json" "$E2E_DIR/list5.json")" = "$FX" ]
send_keys Enter
# Enter asks "Have you saved the token?" before the token goes
wait_for "Have you saved the token?" 5
check "the password never reached the screen" sh -c "! grep -rqF 'Fixture-Pa55!' '$E2E_SCREENS'"
end_app "manage"
finish
