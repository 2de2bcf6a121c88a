#!/bin/sh
# test_keys.sh: keys a newcomer presses (issue 11 item 10). Home, End and
# Delete in the forms PuTTY, rxvt and the Linux console send them (\e[1~
# \e[4~ \e[7~ \e[8~ \e[3~), and escape sequences nothing knows, never act
# as Esc nor type "[1~"; behind "Make the window larger" a blind d y does
# not disconnect; Ctrl-C quits, asking first when something typed would be
# lost; Esc from a reconnect form goes back to Manage connections; under
# LANG=C a typed "Müller" keeps all its letters.
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

URL="http://127.0.0.1:$ONRAMP_T_TRYTON"
PW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")


# raw HEX...: bytes to the program, as a terminal sends them
raw() {
	tm send-keys -t e2e -H "$@"
}

# ---- escape sequences on the list and in the form -----------------------------------
app_start
wait_for "Search:" 10
type_text sap
wait_re '▸ SAP' 5
send_keys Down Down
wait_change 2 >/dev/null
before=$(screen | grep -F '▸ ')
raw 1b 5b 31 7e # Home, PuTTY's way
wait_change 2 >/dev/null
check "\\e[1~ (PuTTY's Home) does not leave the list" screen_has "Search: sap"
check "\\e[1~ types nothing into the search" screen_lacks "[1~"
after=$(screen | grep -F '▸ ')
check "\\e[1~ moves the highlight to the first system" [ "$after" != "$before" ]
raw 1b 5b 39 39 7e # \e[99~: a key no terminal description here knows
wait_change 1 >/dev/null
check "an unknown sequence (\\e[99~) does not act as Esc" screen_has "Search: sap"
check "an unknown sequence types nothing" screen_lacks "99~"
send_keys C-u
type_text tryton
wait_for "▸ Tryton" 5
send_keys Enter
expect "Connection details" "the form opens"
type_text "http://exampel.com"
raw 1b 5b 37 7e # Home, rxvt's way
raw 1b 5b 33 7e # Delete
raw 1b 5b 34 7e # End, PuTTY's way
type_text /x
check "\\e[7~ Home, \\e[3~ Delete and \\e[4~ End edit the field" wait_for "ttp://exampel.com/x" 5
check "the sequences typed nothing" screen_lacks "~"

# ---- Ctrl-C ----------------------------------------------------------------------------
send_keys C-c
expect "Quit onramp? What you typed is not kept. (y/n)" "Ctrl-C with something typed asks first"
send_keys n
expect_gone "Quit onramp?" "n stays"
check "what was typed is still there" screen_has "ttp://exampel.com/x"
send_keys C-c
wait_for "Quit onramp?" 5
send_keys y
check "y quits with status 0" [ "$(wait_exit 5)" = 0 ]
stderr_clean "Ctrl-C: no sanitizer report"
app_start
wait_for "Search:" 10
send_keys C-c
check "Ctrl-C with nothing typed quits at once (status 0)" [ "$(wait_exit 5)" = 0 ]

# ---- leaving a form: one Esc per screen --------------------------------------------------
app_start
wait_for "Search:" 10
type_text tryton
wait_for "▸ Tryton" 5
send_keys Enter
expect "Connection details" "the form opens"
send_keys Escape
expect "Search: tryton" "Esc: back on the list, the search kept"
send_keys Escape
expect "What would you like to do?" "the next Esc leaves the list (one Esc per screen)"
send_keys Escape
check "and the next quits (status 0)" [ "$(wait_exit 5)" = 0 ]

# ---- too small: nothing acts blindly -------------------------------------------------------
mkdir -p "$XDG_CONFIG_HOME/onramp"
cli "$E2E_DIR/c.json" connect tryton --field "url=$URL" --field database=onramp_test --field username=admin \
	--secret "password=@$PW" --json
check "a connection to play with (exit $CLI_RC)" [ "$CLI_RC" = 0 ]
ID=$(json "$E2E_DIR/c.json" 'j["connection"]["id"]')
app_start
wait_for "What would you like to do" 10
send_keys Down Enter
expect "onramp · Manage connections" "Manage connections opens"
conn_select "$ID"
resize 50 12
expect "Make the window larger" "50x12: \"Make the window larger\""
send_keys d y
wait_change 1 >/dev/null
resize 80 24
expect "onramp · Manage connections" "back at 80x24, Manage connections again"
check "the blind d y did nothing: no confirmation was open" screen_lacks "Disconnect?"
cli "$E2E_DIR/l.json" list --json
check "the connection is still active" [ "$(json "$E2E_DIR/l.json" '[c["status"] for c in j]')" = '["active"]' ]

# ---- Esc from a reconnect form -------------------------------------------------------------
send_keys n
expect "Connection details" "n opens the reconnect form"
send_keys Escape
expect "onramp · Manage connections" "Esc from the reconnect form goes back to Manage connections"
# a disconnected connection: c says why it cannot re-check; purge says it leaves the list
cli "$E2E_DIR/d.out" disconnect "$ID"
send_keys Escape
wait_for "What would you like to do" 5
screen | grep -q "> Manage connections" || send_keys Down
wait_for "> Manage connections" 5
send_keys Enter
expect "onramp · Manage connections" "Manage connections again"
conn_select "$ID"
send_keys c
expect "cannot be re-checked" "c on a disconnected connection says why nothing happens"
send_keys p
expect "connection leaves the list" "purge's confirmation says the connection leaves the list"
send_keys n
end_app "manage"

# ---- LANG=C keeps non-ASCII letters ----------------------------------------------------------
app_start_env LANG=C LC_ALL=C -- --system tryton --preset "url=$URL" --preset database=onramp_test
wait_for "Connection details" 10
focus_field "User name"
send_keys C-u
type_text "Müller"
check "LANG=C: \"Müller\" keeps all six letters (shown as Muller in ASCII)" wait_re 'User name +Muller' 5
end_app "LANG=C"
finish
