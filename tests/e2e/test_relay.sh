#!/bin/sh
# test_relay.sh: the sign-in relay through the platform, for a browser
# sign-in without a device grant (the fixture's OAuth server, tests/servers/
# oauth_code.py: PKCE, state, redirect address and client secret checked).
# A platform HOME holds the client secret (invite create
# --client-secret-file); a kiosk HOME follows the invite in the TUI at 80x24;
# the script plays the phone with curl, following the upper-case QR link
# through the provider back to the platform's /v1/oauth/callback.
#   - the kiosk shows the link as a QR code and each stage; it never sees the
#     client secret (a locked placeholder) nor any token;
#   - the platform trades the code, runs the check, makes the connection
#     (one use, connection.created, the token handed over once and working);
#   - the handle is single use; an unknown one is 404;
#   - a sign-in declined at the provider fails with its words; R starts over
#     with a new link.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
e2e_init notryton

platform_and_kiosk
F="http://127.0.0.1:$ONRAMP_T_HTTP"
CS=$(secret_file client_secret 's3cret-Client!')
for h in 1 2; do
	mkdir -p "$E2E_DIR/home$h/.local/share/onramp/systems.d" "$E2E_DIR/home$h/.config/onramp"
	cp "$ROOT/tests/e2e/oauth_system.json" "$E2E_DIR/home$h/.local/share/onramp/systems.d/oauth.json"
done

# ---- the platform ----------------------------------------------------------------------
platform
cli "$E2E_DIR/kg.out" keygen
printf 'platform_name = ACME Integration\ncredits = 100\n' >>"$XDG_CONFIG_HOME/onramp/config"
bg serve serve --listen 127.0.0.1:0
API="http://127.0.0.1:$PORT"
check "the platform serves its API" [ -n "$PORT" ]
invite() { # NAME CLIENT_ID
	cli "$E2E_DIR/$1.json" invite create zz-oauth-test --preset url="$F" --lock url --preset client_id="$2" \
		--lock client_id --client-secret-file "$CS" --api "$API" --json
}
invite inv1 onramp-test-client
check "invite create --client-secret-file (exit $CLI_RC)" [ "$CLI_RC" -eq 0 ]
CODE=$(json "$E2E_DIR/inv1.json" 'j["code"]')
FP=$(json "$E2E_DIR/inv1.json" 'j["platform_key"]')
check "the client secret is not in the invite" sh -c "! grep -qF 's3cret-Client!' '$E2E_DIR/inv1.json'"
check "... nor in the platform's database in the clear" sh -c "! grep -aqF 's3cret-Client!' '$PDB'"
cli "$E2E_DIR/bad.out" invite create sap-s4hana-onprem --client-secret-file "$CS" --api "$API"
check "--client-secret-file only for browser sign-ins (exit $CLI_RC)" [ "$CLI_RC" -eq 2 ]
check "an unknown handle: 404" [ "$(curl -s -o /dev/null -w '%{http_code}' "$API/v1/oauth/status/ZZZZZZZZ")" = 404 ]
check "a handle without the invite's secret: 401" [ "$(curl -s -o /dev/null -w '%{http_code}' -d \
	"{\"invite_id\":\"$(json "$E2E_DIR/inv1.json" 'j["id"]')\",\"system\":\"zz-oauth-test\",\"fields\":\"{}\",\"nonce\":\"00112233445566778899\"}" \
	-H 'Authorization: Delivery 0000000000000000000000000000000000000000000000000000000000000000' "$API/v1/oauth/handles")" = 401 ]

# ---- the kiosk, in the TUI -------------------------------------------------------------
kiosk
printf 'kiosk = true\nplatform_api = %s\n' "$API" >"$XDG_CONFIG_HOME/onramp/config"
# link: the start link on the screen
link() { screen | grep -oE 'http://127\.0\.0\.1:[0-9]+/v1/oauth/start/[0-9A-Z]{8}' | head -n 1; }
app_start --invite "$CODE" --platform-key "$FP"
expect "Connection details" "the wizard opens on the invite's system"
screen | grep -qE "Client secret +\S+ +\(locked\)" && ok "the client secret is the platform's: locked, nothing to type" ||
	{ not_ok "the client secret is the platform's: locked, nothing to type"; show_last; }
enter_until "on your phone" 6
expect "Scan the code" "the relay screen: the link as a QR code" 10
L1=$(link)
check "the link to open is printed beside the code ($L1)" [ -n "$L1" ]
check "the QR code is drawn" grep -q '▀' "$E2E_DIR/cap.txt"
cp "$E2E_DIR/cap.txt" "$E2E_DIR/relay_screen.txt"
UP=$(echo "$L1" | tr 'a-z' 'A-Z')
curl -s -L -o "$E2E_DIR/phone1.html" -w '%{http_code} %{url_effective}' "$UP" >"$E2E_DIR/phone1.out"
check "the phone follows the upper-case link through the provider back to the platform: Signed in" \
	grep -q 'Signed in' "$E2E_DIR/phone1.html"
check "... at /v1/oauth/callback" grep -q '/v1/oauth/callback' "$E2E_DIR/phone1.out"
expect "Connected; ACME Integration has it." "the kiosk: Connected; ACME Integration has it." 20
check "the kiosk showed no token" sh -c "! grep -rq 'onr_' '$E2E_SCREENS'"
check "the link works once: opened again it has run out (410)" \
	[ "$(curl -s -o /dev/null -w '%{http_code}' "$L1")" = 410 ]
app_stop
check "the client secret is in no kiosk file" sh -c "! grep -raqF 's3cret-Client!' '$HOME'"
check "nothing waits in the kiosk's outbox" sh -c "[ -z \"\$(ls '$XDG_DATA_HOME/onramp/outbox' 2>/dev/null)\" ]"

# ---- the platform has it -----------------------------------------------------------------
platform
ID=$(db_value "$PDB" "select conn_id from invite_uses")
check "the platform made the connection and counted one use" \
	[ -n "$ID" -a "$(db_value "$PDB" "select used from invites where code='$CODE'")" = 1 ]
check "connection.created was recorded" [ "$(db_value "$PDB" "select count(*) from events where type='connection.created' and conn_id='$ID'")" = 1 ]
cli "$E2E_DIR/open.json" open "$ID" --json
got=$(json "$E2E_DIR/open.json" 'sorted(k for k, v in j["credentials"].items() if v)')
check "the sealed credentials: the client secret and the refresh token the platform got ($got)" \
	[ "$got" = '["client_secret", "refresh_token"]' ]
cli "$E2E_DIR/app.json" invite app-token --json
APP=$(json "$E2E_DIR/app.json" 'j["app_token"]')
curl -s -H "Authorization: Bearer $APP" "$API/v1/connections" >"$E2E_DIR/h.json"
TOK=$(json "$E2E_DIR/h.json" '[c["token"] for c in j["connections"] if c["id"]=="'"$ID"'"][0]')
check "the application takes the token" [ "$(curl -s -H "Authorization: Bearer $TOK" "$API/v1/connection" | $PY -c 'import json,sys; print(json.load(sys.stdin)["id"])')" = "$ID" ]

# ---- declined at the provider; start over ----------------------------------------------------
invite inv2 deny-client
kiosk
app_start --invite "$(json "$E2E_DIR/inv2.json" 'j["code"]')"
expect "Connection details" "a second invite (its client is refused at the provider)"
enter_until "on your phone" 6
expect "Scan the code" "the relay screen again" 10
L2=$(link)
curl -s -L -o "$E2E_DIR/phone2.html" "$L2"
expect "not allowed" "declined at the provider: the kiosk says so" 15
send_keys r
expect "Scan the code" "R starts over" 10
wait_until "[ -n \"\$(grep -oE '/v1/oauth/start/[0-9A-Z]{8}' '$E2E_DIR/cap.txt')\" ]" 10
check "... with a new link" [ "$(link)" != "$L2" ]
app_stop
finish
