#!/bin/sh
# test_certs.sh: certificates a person can compare (issue 11 item 9). A
# self-signed server's failure screen shows the certificate's SHA-256
# fingerprint in the colon-separated form `openssl x509 -fingerprint
# -sha256` prints, beside the key pin; "Trust this certificate" and "Use a
# company CA file" are buttons (reached with the arrows, pressed with
# Enter); the trust screen shows the fingerprint too, and y connects. A CA
# file that does not vouch for the server gets its own message, unlike
# one that cannot be read. Line mode prints the fingerprint as well.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

SAPPW=$(secret_file sap_pw 'Fixture-Pa55!')
SELF="https://127.0.0.1:$ONRAMP_T_TLS_SELF"
FP=$(openssl x509 -in "$ONRAMP_T_CERTS/selfsigned.pem" -noout -fingerprint -sha256 | sed 's/.*=//')
# shown_fp: the fingerprint rows after "SHA-256:", joined
shown_fp() {
	screen | sed -n '/SHA-256:/,/Key pin:/p' | grep -v 'Key pin:' | sed 's/.*SHA-256://' | tr -d ' ' | paste -sd: -
}
joined_has() { tm capture-pane -p -J -t e2e | grep -qF -- "$1"; }

# right_to TEXT: Right until TEXT (a focused button) shows, at most 6 times
right_to() {
	rt=0
	while [ $rt -lt 6 ] && ! screen | grep -qF -- "$1"; do
		send_keys Right
		wait_change 1 >/dev/null
		rt=$((rt + 1))
	done
}

sap_form() {
	app_start "$@" --system sap-s4hana-onprem --preset "url=$SELF" --preset client=100 --preset username=ALICE
	wait_for "Connection details" 10
	focus_field Password
	type_secret Password "$SAPPW"
	send_keys Enter
	expect "Connection failed" "the self-signed server fails the check" 20
}

E2E_H=40 # room for the certificate under the failure
sap_form
E2E_H=24
check "the failure screen shows the SHA-256 fingerprint as openssl prints it" [ "$(shown_fp)" = "$FP" ]
check "and the key pin beside it" sh -c 'tmux -L "$1" capture-pane -p -t e2e | grep -qE "Key pin: +sha256//"' _ "$E2E_SOCK"
check "\"Trust this certificate\" is a button on the screen" screen_has "Trust this certificate"
check "\"Use a company CA file\" is a button on the screen" screen_has "Use a company CA file"
check "the key bar, too long for the width, dropped keys but kept F1" sh -c 'tmux -L "$1" capture-pane -p -t e2e | tail -n 1 | grep -qE "R retry  F1 help *$"' _ "$E2E_SOCK"
right_to "> Trust this certificate <"
expect "> Trust this certificate <" "the arrows reach the trust button"
send_keys Enter
expect "Trust this certificate?" "Enter on it opens the trust question"
check "the trust screen shows the same fingerprint" [ "$(shown_fp)" = "$FP" ]
send_keys y
expect "onramp · Connected" "y trusts exactly this certificate and connects" 20
send_keys Enter y
wait_exit 10 >/dev/null

# a CA file that does not vouch for the server, and one that cannot be read
sap_form
right_to "> Use a company CA file <"
expect "> Use a company CA file <" "the arrows reach the CA file button"
send_keys Enter
expect "Company CA file" "Enter on it asks for the file"
type_text "$ONRAMP_T_CERTS/ca.pem"
send_keys Enter
expect "The company CA file does not vouch for this server's certificate." \
	"a CA file that did not sign the server's certificate gets its own message" 20
send_keys c
wait_for "Company CA file" 5
send_keys C-u
type_text "$E2E_DIR/no-such-ca.pem"
send_keys Enter
wait_re "could not be read|cannot be read|does not exist|No such" 10
check "a CA file that cannot be read says so, not \"does not vouch\"" screen_lacks "does not vouch"
end_app "CA file"

# line mode prints the fingerprint too
app_start --plain --system sap-s4hana-onprem --preset "url=$SELF" --lock url --preset client=100 --lock client \
	--preset username=ALICE --lock username
if expect "(hidden as you type):" "line mode asks for the password" 10 && type_secret_line "$SAPPW"; then
	send_keys Enter
	expect "t = trust this certificate" "line mode offers to trust it" 20
	check "line mode prints the SHA-256 fingerprint" joined_has "SHA-256:  $FP"
fi
app_stop
stderr_clean "no sanitizer report"
finish
