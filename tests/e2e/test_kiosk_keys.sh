#!/bin/sh
# test_kiosk_keys.sh: a kiosk shows only keys that work, warns before the
# idle wipe, and empties the secret fields after a failed check (issue 11
# item 12). The kiosk has the administrator's public key (test_kiosk.sh
# shows it refuses to start without).
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

URL="http://127.0.0.1:$ONRAMP_T_TRYTON"
BAD=$(secret_file bad 'Wrong-Pa55word')
help_line() { screen | tail -n 1; }

ADMIN_PUB=$E2E_DIR/admin.pub
cli "$E2E_DIR/keygen.out" keygen --public-only-out "$ADMIN_PUB"
fresh_home
mkdir -p "$XDG_CONFIG_HOME/onramp"
cp "$ADMIN_PUB" "$XDG_CONFIG_HOME/onramp/recipient.pub"

app_start --kiosk --system tryton --preset "url=$URL" --lock url --preset database=onramp_test --lock database \
	--idle-timeout 8
expect "Connection details" "the kiosk opens on the form"
check "the form's key bar offers no Esc (it goes nowhere on a kiosk)" sh -c '! printf "%s" "$1" | grep -q Esc' _ "$(help_line)"
check "the form's key bar keeps F1" sh -c 'printf "%s" "$1" | grep -q "F1 help"' _ "$(help_line)"

# the idle warning, and a key that keeps what was typed
focus_field "User name"
send_keys C-u
type_text bob
# at 80 columns the long warning would be cut: the short one, whole, names the key
expect "press any key to keep what you typed" "before the idle wipe the kiosk warns, counting down, and names the key" 10
send_keys Right
expect_gone "press any key to keep what you typed" "a key keeps what was typed: the warning goes" 5
check "the typed user name is still there" screen_has "bob"

# a failed check empties the secret fields
send_keys C-u
type_text admin
focus_field Password
type_secret Password "$BAD"
send_keys Enter
expect "Connection failed" "a wrong password fails" 30
check "the failure's key bar has no \"L systems\" (no list on a kiosk form)" sh -c '! printf "%s" "$1" | grep -q "L systems"' _ "$(help_line)"
check "and no \"Back to systems\" button" screen_lacks "Back to systems"
send_keys e
expect "Connection details" "E goes back to the form"
check "the password field is empty again" screen_lacks "•"
send_keys F2
wait_change 2 >/dev/null
check "F2 reveals nothing of the last password" screen_lacks "Wrong-Pa55word"
app_stop
stderr_clean "no sanitizer report"
finish
