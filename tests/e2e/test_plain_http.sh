#!/bin/sh
# test_plain_http.sh: the wizard's in-screen yes to sending credentials over
# plain http:// to another computer (issue 12; the command line's
# --allow-plain-http). The failure offers "Send unencrypted..."; the
# question states the risk and the host, and its default is no (Enter, n,
# Esc); only y sends, to that host only: another address asks again. The
# host is an unresolvable name, so "sent" shows as the server lookup
# running (and failing), and "not sent" as the check stopping at the
# address. Line mode (--plain) asks the same.
. "$(dirname "$0")/lib.sh"
e2e_init noservers

PW=$(secret_file pw 'Plain-Pa55')
HOST=erp.onramp-test.invalid

app_start --system infor-eam --preset "url=http://$HOST" --preset tenant=T --preset organization=O
wait_for "User name" 10
enter_until '^ > [*!] User name' 3
type_text alice
send_keys Enter
type_secret Password "$PW"
send_keys Enter
expect "would cross the network unencrypted" "plain http to another computer stops before anything is sent" 20
check "the failure offers the yes as a button" screen_has "Send unencrypted..."
check "and says how, without a restart" joined_has "choose \"Send unencrypted...\" (U): onramp asks first"
check "no restart with --allow-plain-http is asked for" screen_lacks "--allow-plain-http" joined
resize 60 16
sleep 0.5
# the button's row holds the button alone: the message stops above it
button_alone() { screen | grep -F 'Send unencrypted...' | grep -qE '^[ >]*Send unencrypted\.\.\.[ <]*$'; }
check "at 60x16 the button's row holds the button alone" button_alone
resize 80 24
sleep 0.5

# the question: the risk, the host, default no
send_keys u
expect "onramp · Send unencrypted?" "U asks first"
check "it names the host" joined_has "would go to \"$HOST\" over plain http://, unencrypted"
check "it says what the risk is" joined_has "can read the password and sign in as this user"
check "it says the answer is no unless y (y/N)" screen_has "unencrypted? (y/N)"
send_keys Enter
expect "would cross the network unencrypted" "Enter is no: back to the failure"
check "nothing was sent (no server lookup)" screen_lacks "Could not find the server"
send_keys u
wait_for "Send unencrypted?" 5
send_keys n
expect "would cross the network unencrypted" "n is no"
send_keys u
wait_for "Send unencrypted?" 5
send_keys Escape
expect "would cross the network unencrypted" "Esc is no"

# y: the check goes on, to that host
send_keys u
wait_for "Send unencrypted?" 5
send_keys y
expect "Could not find the server \"$HOST\"" "y sends: the check goes on to the server lookup" 20
# at 60x16 the failure's hint, what to do next, is whole under its message
resize 60 16
sleep 0.5
check "at 60x16 the hint says what to do, whole" joined_has "this computer may not be on the company network or VPN."
resize 80 24
sleep 0.5

# another address asks again
send_keys e
expect "Connection details" "Edit details"
wait_re '^ > [*!] EAM address' 5
send_keys C-u
type_text "http://other.onramp-test.invalid"
send_keys Enter
expect "would cross the network unencrypted" "another host is asked about again" 20
check "... by its own name" joined_has "\"other.onramp-test.invalid\" is reached with http://"
check "the password never reached the screen" sh -c "! grep -rqF 'Plain-Pa55' '$E2E_SCREENS'"
end_app "plain http"

# ---- line mode: the same yes -----------------------------------------------------
app_start --plain --system infor-eam --preset "url=http://$HOST" --preset tenant=T --preset organization=O
for q in "EAM address (required)" "Tenant (required)" "Organization (required)"; do
	wait_for "$q" 10 # the presets are the defaults: Enter keeps them
	send_keys Enter
done
expect "User name (required):" "line mode asks for the user name" 10
type_text alice
send_keys Enter
expect "(hidden as you type):" "then the password"
type_secret_line "$PW"
send_keys Enter
expect "u = send unencrypted (asks first)" "line mode offers the same yes after the failure" 20
type_text u
send_keys Enter
expect "can read the password and sign in as this user" "u states the risk first"
expect "Send them unencrypted, to this server only? (y/N):" "and asks, default no"
send_keys Enter
if wait_until '[ "$(grep -c "What now?" "$E2E_DIR/cap.txt")" -ge 2 ]' 10; then
	ok "Enter is no: the choices again"
else
	not_ok "Enter is no: the choices again"
	show_last
fi
check "nothing was sent" screen_lacks "Could not find the server"
type_text u
send_keys Enter
wait_for "(y/N):" 5
type_text y
send_keys Enter
expect "Could not find the server \"$HOST\"" "y sends: the check goes on to the server lookup" 20
# at 60x16 the failure's hint, what to do next, is whole under its message
resize 60 16
sleep 0.5
check "at 60x16 the hint says what to do, whole" joined_has "this computer may not be on the company network or VPN."
resize 80 24
sleep 0.5
check "the password never reached the screen" sh -c "! grep -rqF 'Plain-Pa55' '$E2E_SCREENS'"
wait_for "What now?" 5
type_text q
send_keys Enter
check "q ends line mode" [ "$(wait_exit 15)" != none ]
stderr_clean "line mode: no sanitizer report"
finish
