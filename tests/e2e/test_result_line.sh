#!/bin/sh
# test_result_line.sh: an embedder's --result-file gets exactly one JSON
# line, the final outcome (issue 11 item 4): a wrong password and then the
# right one give one "ok" line; a wrong password and giving up give one
# error line (auth.wrong_login); quitting before any attempt gives
# cancelled.by_user. The same in line mode.
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

URL="http://127.0.0.1:$ONRAMP_T_TRYTON"
PW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")
BAD=$(secret_file bad 'not-the-password')
EMBED="--system tryton --preset url=$URL --lock url --preset database=onramp_test --lock database"

# lines FILE: its line count
lines() { cat "$1" 2>/dev/null | grep -c .; }

# wrong password, then the right one: one line, ok
R1=$E2E_DIR/r1.json
# shellcheck disable=SC2086
app_start $EMBED --result-file "$R1"
type_secret Password "$BAD"
send_keys Enter
expect "Connection failed" "a wrong password fails" 30
send_keys e
wait_for "Connection details" 5
send_keys C-u
type_secret Password "$PW"
send_keys Enter
expect "onramp · Connected" "the right password connects" 30
check "after a failure and a success the file has one line ($(lines "$R1"))" [ "$(lines "$R1")" = 1 ]
check "that line is the success" [ "$(json "$R1" 'j["ok"]')" = true ]
send_keys Enter
check "the embedded run ends (status 0)" [ "$(wait_exit 10)" = 0 ]

# wrong password, then giving up: one line, the failure
R2=$E2E_DIR/r2.json
# shellcheck disable=SC2086
app_start $EMBED --result-file "$R2"
type_secret Password "$BAD"
send_keys Enter
expect "Connection failed" "a wrong password fails" 30
check "nothing is written while the user may still fix it" [ "$(lines "$R2")" = 0 ]
send_keys C-c
wait_for "Quit onramp?" 5
send_keys y
check "the user gives up (status 0)" [ "$(wait_exit 10)" = 0 ]
check "giving up writes one line ($(lines "$R2"))" [ "$(lines "$R2")" = 1 ]
check "that line is the last failure (auth.wrong_login)" \
	[ "$(json "$R2" '(j["ok"], j["error"]["code"])')" = '[false, "auth.wrong_login"]' ]

# quitting before any attempt
R3=$E2E_DIR/r3.json
# shellcheck disable=SC2086
app_start $EMBED --result-file "$R3"
wait_for "Connection details" 10
send_keys C-c
check "Ctrl-C on an untouched form quits (status 0)" [ "$(wait_exit 10)" = 0 ]
check "one line: cancelled.by_user" [ "$(json "$R3" '(j["ok"], j["error"]["code"])')" = '[false, "cancelled.by_user"]' ]

# line mode: a wrong password, then end of input
R4=$E2E_DIR/r4.json
# shellcheck disable=SC2086
app_start --plain $EMBED --preset username=admin --lock username --result-file "$R4"
if expect "(hidden as you type):" "line mode asks for the password" 10 && type_secret_line "$BAD"; then
	send_keys Enter
	expect "What now?" "line mode: the wrong password fails" 30
	send_keys q Enter
	wait_exit 10 >/dev/null
	check "line mode: giving up writes one line ($(lines "$R4"))" [ "$(lines "$R4")" = 1 ]
	check "line mode: that line is auth.wrong_login" [ "$(json "$R4" 'j["error"]["code"]')" = auth.wrong_login ]
fi
stderr_clean "no sanitizer report"
finish
