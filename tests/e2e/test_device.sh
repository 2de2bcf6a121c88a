#!/bin/sh
# test_device.sh: signing in on a phone (RFC 8628) against the fixture
# provider (tests/servers/device_provider.py), in the TUI at 80x24. The
# script plays the phone: it reads the code off the screen and posts it to
# the provider's verification page.
#   - the QR code in half blocks with the address and code beside it; a
#     screenshot of that screen (screens/device_qr.txt, and the SVG with
#     ONRAMP_SHOTS); with --ascii at 80x24 no code fits: the words alone;
#   - authorization_pending (polled until the phone acts), slow_down (the
#     screen says so, polling goes on), then allow: connected, and the
#     refresh token the phone gave is sealed with the connection;
#   - expired_token, access_denied and Microsoft's authorization_declined:
#     each its own words on the failed screen; R starts over with a new code;
#   - Google's verification_url and its 428 for pending;
#   - the catalog marks the entries (systems --json phone_sign_in, the list).
. "$(dirname "$0")/lib.sh"
e2e_init noservers
. "$(dirname "$0")/serve_lib.sh"

BG_PIDS=""
on_exit 'kill $BG_PIDS'
start_fixture dev "$ROOT/tests/servers/device_provider.py" --port 0 --log "$E2E_DIR/polls.log"
DP="http://127.0.0.1:$FX_PORT"
mkdir -p "$XDG_DATA_HOME/onramp/systems.d"
cp "$ROOT/tests/e2e/device_system.json" "$XDG_DATA_HOME/onramp/systems.d/device.json"

# the code on the screen (RFC 8628 6.1 letters: XXXX-XXXX)
user_code() { screen | grep -oE '[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}' | head -n 1; }
# phone ACTION [PATH]: what the phone (or the test hook) does with the code
phone() { curl -s -o /dev/null -d "user_code=$(user_code)" -d "action=$1" "$DP${2:-/device}"; }
polls() { grep -c "$1" "$E2E_DIR/polls.log" 2>/dev/null || echo 0; }

# start CLIENT [ARGS...]: the wizard on the test system's form, then Enter
start() {
	client=$1
	shift
	app_start "$@" --system zz-device-test --preset url="$DP" --lock url --preset client_id="$client"
	expect "Connection details" "the form opens ($client)"
	send_keys Enter Enter Enter
}

# ---- the QR screen, pending, slow_down, allow -----------------------------------------------
start onramp-device-client
expect "on your phone" "Enter starts the sign-in on the phone"
wait_re '[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}' 10 && ok "the code is on the screen" ||
	{ not_ok "the code is on the screen"; show_last; }
CODE1=$(user_code)
check "the address is printed beside the code" grep -qF "$DP/device" "$E2E_DIR/cap.txt"
check "the QR code is drawn in half blocks" grep -q '▀' "$E2E_DIR/cap.txt"
# ... by libqrencode loaded for this screen (core/base/qr_dl.c): the binary does not link it
readelf -d "$ONRAMP_BIN" >"$E2E_DIR/needed.txt" 2>&1
check "the binary links no libqrencode (it is loaded when a code is drawn)" \
	sh -c "grep -q NEEDED '$E2E_DIR/needed.txt' && ! grep -q 'libqrencode' '$E2E_DIR/needed.txt'"
mkdir -p "$E2E_DIR/shots"
tm capture-pane -p -e -N -t e2e >"$E2E_DIR/shots/device_qr.ansi"
cp "$E2E_DIR/cap.txt" "$E2E_DIR/shots/device_qr.txt"
wait_for_cmd 10 sh -c "grep -q 'poll $CODE1 authorization_pending' '$E2E_DIR/polls.log'"
check "the provider is polled while the phone has not answered (authorization_pending)" \
	grep -q "poll $CODE1 authorization_pending" "$E2E_DIR/polls.log"
phone x /_test/slow
expect "asked onramp to" "slow_down: the screen says the provider asked onramp to check less often"
check "... and the poll got slow_down" grep -q "poll $CODE1 slow_down" "$E2E_DIR/polls.log"
phone allow
expect "Connected" "the phone allows: connected" 20
check "the tokens came from the device grant" grep -q "poll $CODE1 tokens" "$E2E_DIR/polls.log"
ID=$(screen | sed -n 's/.*Connection ID: *\([0-9a-z]\{8\}\).*/\1/p' | head -n 1)
send_keys Enter
cli "$E2E_DIR/open.json" open "$ID" --json
check "the refresh token from the phone is sealed with the connection" \
	sh -c "grep -q '\"refresh_token\"' '$E2E_DIR/open.json' && ! grep -q '\"refresh_token\": *\"\"' '$E2E_DIR/open.json'"

# ---- expired, denied, declined; R starts over -------------------------------------------------
# fails ACTION PATH WORDS DESC
fails() {
	wait_re '[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}' 10
	before=$(user_code)
	phone "$1" "$2"
	expect "$3" "$4"
}
start onramp-device-client
fails x /_test/expire "ran out" "expired_token: \"the sign-in code ran out\""
send_keys r
expect "on your phone" "R starts over"
wait_re '[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}' 10
check "... with a new code" [ "$(user_code)" != "$before" ]
fails deny /device "declined on the phone" "access_denied: \"the sign-in was declined on the phone\""
send_keys r
fails decline /device "declined on the phone" "Microsoft's authorization_declined: the same words"
check "the provider answered access_denied and authorization_declined" \
	sh -c "grep -q access_denied '$E2E_DIR/polls.log' && grep -q authorization_declined '$E2E_DIR/polls.log'"
app_stop

# ---- Google's verification_url and 428 ---------------------------------------------------------
start google-style
wait_re '[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}' 10 && ok "verification_url (Google) is read" ||
	{ not_ok "verification_url (Google) is read"; show_last; }
wait_for_cmd 10 sh -c "grep -q 'poll $(user_code) authorization_pending' '$E2E_DIR/polls.log'"
phone allow
expect "Connected" "Google's 428 pending, then allow: connected" 20
app_stop

# ---- the catalog marks the systems that sign in on a phone ------------------------------------
cli "$E2E_DIR/sys.json" systems --json --limit 100000
got=$(json "$E2E_DIR/sys.json" 'sorted(e["id"] for e in j if e["phone_sign_in"])[:3]')
check "systems --json: phone_sign_in for Microsoft's sign-ins and the test system ($got)" \
	sh -c "echo '$got' | grep -q azure-blob-storage && grep -q '\"zz-device-test\"' '$E2E_DIR/sys.json'"
app_start
if to_list; then
	type_text outlook
	expect "Sign in on your phone" "the list's details say \"Sign in on your phone\" for Outlook"
fi
app_stop

# ---- ASCII: no room for the code at 80x24, the words are enough --------------------------------
start onramp-device-client --ascii
wait_re '[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}' 10
check "--ascii at 80x24: the address and code, no block characters" \
	sh -c "grep -qF '$DP/device' '$E2E_DIR/cap.txt' && ! grep -q '[▀▄█]' '$E2E_DIR/cap.txt'"
app_stop
E2E_W=120 E2E_H=50
start onramp-device-client --ascii
wait_re '##' 10 && ok "--ascii in a tall window: the code drawn with #" || { not_ok "--ascii in a tall window: the code drawn with #"; show_last; }
app_stop
finish
