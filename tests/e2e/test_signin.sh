#!/bin/sh
# test_signin.sh: who signed in, and the wrong server (issue 11 item 8).
# The done screen draws the sign-in stage's detail as the server said it:
# Tryton names no one, so "credentials verified" and no typed user name
# echoed as "signed in as". A server answering 200 {} to everything is
# "This server does not look like Tryton", never a wrong password. (The
# Odoo "Administrator (admin)" form and the relative redirect are in the
# unit suites auth_methods and probe.)
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

URL="http://127.0.0.1:$ONRAMP_T_TRYTON"
PW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")

app_start --system tryton --preset "url=$URL" --preset database=onramp_test
type_secret Password "$PW"
send_keys Enter
expect "onramp · Connected" "Tryton connects" 30
check "the done screen draws the sign-in stage: credentials verified" screen_has "Sign-in: credentials verified"
check "no typed user name is echoed as who signed in" screen_lacks "signed in as"
send_keys Enter y
wait_exit 10 >/dev/null

cli "$E2E_DIR/v.json" validate tryton --field "url=http://127.0.0.1:$ONRAMP_T_HTTP/hostile/empty-json" \
	--field database=db --field username=admin --secret "password=@$PW" --json
check "a server answering {} is not a wrong password (exit $CLI_RC)" \
	[ "$(json "$E2E_DIR/v.json" 'j["error"]["code"]')" = server.not_this_system ]
check "it says \"This server does not look like Tryton.\"" \
	[ "$(json "$E2E_DIR/v.json" 'j["error"]["message"]')" = "This server does not look like Tryton." ]
check "and points at the server address" [ "$(json "$E2E_DIR/v.json" 'j["error"]["field"]')" = url ]
stderr_clean "no sanitizer report"
finish
