#!/bin/sh
# test_preview.sh: the done screen's proof that data flows (issue 13).
# After a connect, the wizard reads the first page of purchase orders with
# the credentials still in memory and shows "Read N purchase orders from X"
# with some of them, under the token, in the TUI at 80x24 and 60x16 and in
# line mode: from the real Tryton (seeded with the golden orders), a system
# without a reader (UpKeep: a plain sentence), and SAP answering 403 on its
# orders (tests/servers/po_fixture.py /case/forbidden: the error table's
# words). `connect` from the command line reads nothing.
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

URL="http://127.0.0.1:$ONRAMP_T_TRYTON"
PW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")
credits_pool 1000
seeded=$(tryton_seed)
case "$seeded" in "seeded 3 orders" | "already seeded") ok "the golden orders are in Tryton ($seeded)" ;;
*) not_ok "the golden orders are in Tryton (got: $seeded)" ;; esac
po_fixture_needed

TRYTON_PRESETS="--system tryton --preset url=$URL --lock url --preset database=onramp_test --lock database
	--preset username=admin --lock username"

# token_whole: the screen shows the whole token (onr_ and 43 characters).
token_whole() {
	screen | grep -qE 'onr_[A-Za-z0-9_-]{43}( |$)'
}

# tui_tryton W H: connects Tryton in the TUI at W x H and checks the preview.
tui_tryton() {
	E2E_W=$1 E2E_H=$2
	# shellcheck disable=SC2086
	app_start $TRYTON_PRESETS
	E2E_W=80 E2E_H=24
	type_secret Password "$PW" || return
	send_keys Enter
	expect "Read 3 purchase orders from Tryton" "$1x$2: the done screen reads the orders" 30 || return
	check "$1x$2: PO-1001 is listed with its supplier and status" screen_has_re 'PO-1001 +Globex Sup[a-z]*…? +draft +25\.00 EUR'
	check "$1x$2: the token is whole on the screen" token_whole
	check "$1x$2: the connection id is still shown" screen_has "Connection ID:"
	[ "$1" = 80 ] && check "80x24: all three orders, the partly received one in words" \
		screen_has_re 'PO-1002 +Globex Supplies +partially received +170\.00 EUR'
	send_keys Enter y # an embedded run (--system) ends once the token is saved
	rc=$(wait_exit 10)
	check "$1x$2: Enter finishes with status 0" [ "$rc" = 0 ]
	stderr_clean "$1x$2: no sanitizer report"
}

screen_has_re() { screen | grep -qE -- "$1"; }

tui_tryton 80 24
tui_tryton 60 16

# ---- line mode: the same lines after "Connected" ----------------------------------
# shellcheck disable=SC2086
app_start --plain $TRYTON_PRESETS
if expect "(hidden as you type):" "line mode asks for the password" 10 && type_secret_line "$PW"; then
	send_keys Enter
	expect "Read 3 purchase orders from Tryton" "line mode: the orders are read after Connected" 30
	tm capture-pane -p -J -t e2e >"$E2E_DIR/line.txt"
	check "line mode: the preview comes after \"Connected\"" \
		sh -c "sed -n '/^Connected\\./,\$p' '$E2E_DIR/line.txt' | grep -q 'Read 3 purchase orders'"
	check "line mode: says the new connection syncs hourly, and what runs the first sync" \
		sh -c "sed -n '/^Connected\\./,\$p' '$E2E_DIR/line.txt' | tr -s ' \\n' '  ' | grep -q 'Its purchase orders sync hourly; the first sync runs as soon as \"onramp agent\"'"
	check "line mode: PO-1001 is listed" screen_has_re '^  PO-1001 +Globex Supplies +draft +25\.00 EUR'
	check "line mode: exits 0" [ "$(wait_exit 10)" = 0 ]
	stderr_clean "line mode: no sanitizer report"
fi

# ---- a system without a reader -----------------------------------------------------
UPW=$(secret_file upkeep 'UpKeep-Pa55!')
app_start --system upkeep --preset email=alice@example.com --preset "api_base=http://127.0.0.1:$ONRAMP_T_HTTP"
focus_field Password && type_secret Password "$UPW"
enter_until "Checking|Connected|Connection failed" 8
expect "onramp can't read purchase orders from UpKeep yet." "no reader: the done screen says so plainly" 20
check "no reader: the token is still shown" token_whole
end_app "no reader"

# ---- signed in, but may not read orders (403) ----------------------------------------
SPW=$(secret_file sap 'Fixture-Pa55!')
app_start --system sap-s4hana-onprem --preset "url=http://127.0.0.1:$PO/case/forbidden" --preset client=100 \
	--preset username=ALICE
focus_field Password && type_secret Password "$SPW"
enter_until "Checking|Connected|Connection failed" 8
expect "Signed in, but this user may not read purchase orders." "403: the error table's message" 30
check "403: its hint names what to grant (API_PURCHASEORDER_PROCESS_SRV)" \
	sh -c 'tmux -L "$1" capture-pane -p -J -t e2e | tr -s " \n" "  " | grep -q "Ask the administrator of the system to grant this user .*API_PURCHASEORDER_PROCESS_SRV"' _ "$E2E_SOCK"
check "403: the token is still shown" token_whole
end_app "403"

# ---- the command line's connect reads nothing ---------------------------------------
before=$(grep -c 'A_PurchaseOrder' "$E2E_DIR/po_fixture.log")
cli "$E2E_DIR/conn.json" connect sap-s4hana-onprem --field "url=http://127.0.0.1:$PO" --field client=100 \
	--field username=ALICE --secret "password=@$SPW" --json
check "connect --json connects (exit $CLI_RC)" [ "$CLI_RC" = 0 ]
check "connect asks for no purchase orders" [ "$(grep -c 'A_PurchaseOrder' "$E2E_DIR/po_fixture.log")" = "$before" ]
finish
