#!/bin/sh
# test_credits.sh: credits before typing (issue 11 item 7). The list shows
# each system's cost and says what credits are where they first appear;
# F1 explains them; the form names the cost. With the pool full, choosing
# a system is refused at the choice, before anything is typed, and the fix
# is an action in the program: Manage connections opens, d disconnects
# the named connection, and the system's form then opens.
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

URL="http://127.0.0.1:$ONRAMP_T_TRYTON"
PW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")

mkdir -p "$XDG_CONFIG_HOME/onramp"
echo 'credits = 1' >"$XDG_CONFIG_HOME/onramp/config"

app_start
wait_for "Search:" 10
type_text tryton
wait_for "▸ Tryton" 5
check "the list shows each system's cost (Tryton: 1 cr)" sh -c 'tmux -L "$1" capture-pane -p -t e2e | grep -qE "▸ Tryton +ERP +1 cr"' _ "$E2E_SOCK"
check "the list says what credits are where they first show" \
	screen_has "Credits come from your pool"
send_keys F1
expect "Credits: each connection takes its system's" "F1 on the list explains credits"
send_keys Escape
wait_for "▸ Tryton" 5
send_keys Enter
expect "uses 1 credit" "the form names the cost"
app_stop

# the pool full: one connection uses the only credit
cli "$E2E_DIR/c.json" connect tryton --field "url=$URL" --field database=onramp_test --field username=admin \
	--secret "password=@$PW" --json
ID=$(json "$E2E_DIR/c.json" 'j["connection"]["id"]')
check "a connection takes the pool's one credit ($ID)" [ "$CLI_RC" = 0 ]
app_start
wait_for "What would you like to do" 10
type_text tryton
wait_for "▸ Tryton" 5
send_keys Enter
expect "onramp · Manage connections" "choosing Tryton with the pool full opens Manage connections, before any typing"
check "it says the pool is short" joined_has "credit"
check "it says what to do here: disconnect one (d)" joined_has "Disconnect one here (d) to free its credits"
check "no form opened" screen_lacks "Connection details"
conn_select "$ID"
send_keys d
expect "Disconnect?" "d asks to disconnect the named connection"
send_keys y
expect "credit returned" "y disconnects it and returns its credit"
send_keys n
expect "Connection details" "n opens its reconnect form"
send_keys Escape
expect "onramp · Manage connections" "Esc goes back to Manage connections"
check "the stale \"is disconnected; 1 credit returned\" banner is gone" screen_lacks "credit returned"
send_keys Escape
wait_for "What would you like to do" 5
type_text tryton
wait_for "▸ Tryton" 5
send_keys Enter
expect "Connection details" "with the credit back, Tryton's form opens"
end_app "credits"
finish
