#!/bin/sh
# test_manage_token.sh: Manage connections, as a newcomer needs it (issue 11
# items 3 and 13), against the SAP fixture (tests/servers/fixture.py):
#   - each row names the system with its database or company and its user
#     (here the SAP client and user: "100, ALICE"), so two connections to
#     one system can be told apart; never a secret;
#   - t makes a new API token for the highlighted connection: a
#     confirmation first (n changes nothing), then the token whole (also at
#     60x16), c copies it, and leaving asks "Have you saved the token?"; the
#     old token stops working at once (token check), the new one works;
#   - t on a disconnected connection says why nothing happens.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

SAPPW=$(secret_file sap 'Fixture-Pa55!')
FX="http://127.0.0.1:$ONRAMP_T_HTTP"

# connect_sap NAME: a connection to the fixture; sets ID, the token in
# $E2E_SECRETS/NAME.token.
connect_sap() {
	cli "$E2E_DIR/$1.json" connect sap-s4hana-onprem --field url="$FX" --field client=100 \
		--field username=ALICE --secret password=@"$SAPPW" --json
	ID=$(json "$E2E_DIR/$1.json" 'j["connection"]["id"]')
	(umask 077 && json "$E2E_DIR/$1.json" 'j["token"]' >"$E2E_SECRETS/$1.token")
}

# token_check FILE: `onramp token check -` with the token in FILE on stdin;
# sets CLI_RC, output in $E2E_DIR/tc.out.
token_check() {
	CLI_STDIN=$1 cli "$E2E_DIR/tc.out" token check -
}

# shown_token: the onr_ token on the screen, whole (4 + 43 characters).
shown_token() {
	screen | grep -o 'onr_[A-Za-z0-9_-]*' | head -n 1
}

connect_sap a
A=$ID
connect_sap b
B=$ID
cli "$E2E_DIR/d.out" disconnect "$B"
check "two SAP connections, $A active and $B disconnected" [ -n "$A" -a -n "$B" -a "$CLI_RC" = 0 ]
token_check "$E2E_SECRETS/a.token"
check "$A's first token works" [ "$CLI_RC" = 0 -a "$(cat "$E2E_DIR/tc.out")" = "$A" ]

app_start
wait_for "Manage connections" 10
send_keys Down
wait_for "> Manage connections" 5
send_keys Enter
expect "onramp · Manage connections" "Manage connections opens"

# ---- item 13: the account beside the system -------------------------------------
if wait_re "$A +active +sap-s4hana-onprem \(100, ALICE\) +http://127.0.0.1:$ONRAMP_T_HTTP( |\$)" 5; then
	ok "a row names the system with its SAP client and user, then the URL, whole at 80 columns"
else
	not_ok "a row names the system with its SAP client and user, then the URL, whole at 80 columns"
	show_last
fi
check "the disconnected one is told the same way" wait_re "$B +disconnected +sap-s4hana-onprem \(100, ALICE\)" 1
check "no secret on the Manage screen" screen_lacks 'Fixture-Pa55!'

# ---- item 3: a new token from Manage ----------------------------------------------
send_keys t
expect "onramp · New token?" "t asks before making a new token"
check "the question names the connection and its account" joined_has "Make a new API token for $A, sap-s4hana-onprem (100, ALICE)"
check "it says the current token stops working at once" joined_has "current API token stops working at once"
check "it says the connection stays as it is" joined_has "The connection stays as it is"
send_keys n
expect "onramp · Manage connections" "n goes back to Manage"
token_check "$E2E_SECRETS/a.token"
check "after n the old token still works" [ "$CLI_RC" = 0 ]

send_keys t
wait_for "onramp · New token?" 5
send_keys y
# The question's title "New token?" starts the same way: wait for the token.
check "y shows the new token on its own screen" wait_re 'onr_[A-Za-z0-9_-]{43}' 10
NEW=$(shown_token)
(umask 077 && printf '%s' "$NEW" >"$E2E_SECRETS/new.token")
check "the new token is shown whole (47 characters: onr_ and 43)" [ "${#NEW}" = 47 ]
check "it is not the old token" [ "$NEW" != "$(cat "$E2E_SECRETS/a.token")" ]
check "the screen says the old token no longer works" joined_has "The old token no longer works"
token_check "$E2E_SECRETS/a.token"
check "the old token stops working at once (token check: exit 6)" [ "$CLI_RC" = 6 ]
token_check "$E2E_SECRETS/new.token"
check "the new token works and belongs to $A" [ "$CLI_RC" = 0 -a "$(cat "$E2E_DIR/tc.out")" = "$A" ]
cli "$E2E_DIR/l.json" list --json
check "the same connection: still two, $A active (list --json)" \
	[ "$(json "$E2E_DIR/l.json" "[c['status'] for c in j if c['id'] == '$A'] + [len(j)]")" = '["active", 2]' ]

resize 60 16
wait_change 2 >/dev/null
check "at 60x16 the token is still whole" [ -n "$NEW" -a "$(shown_token)" = "$NEW" ]
resize 80 24
wait_change 2 >/dev/null

send_keys c
expect "Sent to the terminal's clipboard" "c copies it (OSC 52), saying not every terminal supports it"
send_keys Enter
expect "Have you saved the token?" "Enter first asks whether the token was saved"
send_keys n
expect_gone "Have you saved the token?" "n keeps it on the screen"
check "the token is still there" [ -n "$NEW" -a "$(shown_token)" = "$NEW" ]
send_keys Escape
expect "Have you saved the token?" "Esc asks too"
send_keys y
expect "onramp · Manage connections" "y goes back to Manage"
check "Manage says the connection has a new token" joined_has "$A, sap-s4hana-onprem (100, ALICE) has a new API token"
check "the token is gone from the screen" screen_lacks "$NEW"

resize 60 16
check "at 60x16 the system and its account stay whole (the URL gives way)" \
	wait_re "$A +active +sap-s4hana-onprem \(100, ALICE\) *\$" 5
resize 80 24
wait_change 2 >/dev/null

# ---- t on a disconnected connection ----------------------------------------------
send_keys Down
wait_re "> $B" 5
send_keys t
expect "has no token to replace" "t on a disconnected connection says why nothing happens"
check "and what to do instead" joined_has "Reconnect it (n)"

end_app "Manage"
finish
