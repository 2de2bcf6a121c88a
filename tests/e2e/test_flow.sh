#!/bin/sh
# test_flow.sh: the whole wizard against the real Tryton server, driven by
# keys: search -> select -> fill -> validate -> success, then the store,
# the token and "secrets stay secret" (password in no file under HOME, no
# captured screen, no /proc/PID/cmdline or environ of the program).
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

PW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")
PWLEN=$(printf '%s' "$ONRAMP_T_TRYTON_PASSWORD" | wc -m | tr -d ' ')
URL="http://127.0.0.1:$ONRAMP_T_TRYTON"

# every process of this run that could see the password
scan_procs() {
	# shellcheck disable=SC2046
	if leaks=$(proc_leaks "$PW" $(app_pids) $(tm display-message -p '#{pid}')); then
		ok "$1: password in no /proc/PID/cmdline or environ (program, its wrapper, the tmux server)"
	else
		not_ok "$1: password found in $leaks"
	fi
}

app_start
to_list && ok "the wizard opens (start menu, then) the system list" ||
	{ not_ok "the wizard opens the system list"; show_last; }
wait_re '[0-9]+ of [0-9]+ systems' 5 && ok "the list shows a count" || not_ok "the list shows a count"
type_text tryton
expect "▸ Tryton" "typing \"tryton\" filters the list to Tryton"
expect "Tryton Foundation" "the details pane describes the highlighted system"
send_keys Enter
expect "Connection details" "Enter opens the connection form"
screen | grep -q "Tryton" && ok "the form names the system" || not_ok "the form names the system"
for label in "Server address" "Database" "User name" "Password"; do
	screen | grep -qF -- "* $label" && ok "required field \"$label\" is marked *" ||
		not_ok "required field \"$label\" is marked *"
done

type_text "$URL"
send_keys Tab
type_text onramp_test
send_keys Tab
wait_re '> \* User name +admin' 5 && ok "the user name comes filled in with admin" ||
	{ not_ok "the user name comes filled in with admin"; show_last; }
send_keys Tab
type_secret Password "$PW"
MASK=$(printf "%${PWLEN}s" "" | sed 's/ /•/g')
expect "$MASK" "the typed password shows as $PWLEN dots"
expect "$URL" "the server address shows as typed"
scan_procs "form filled"

send_keys Enter
if expect "Connected" "Enter on the last field checks and connects" 30; then
	expect "Connection ID:" "success shows the connection id"
	expect "API token:" "success shows the API token"
	expect "Saved in:" "success says where it was saved"
else
	show_last
fi
scr=$(screen)
TOKEN=$(printf '%s\n' "$scr" | sed -n 's/.*API token:[[:space:]]*\(onr_[A-Za-z0-9_-]*\).*/\1/p' | head -n 1)
CONN=$(printf '%s\n' "$scr" | sed -n 's/.*Connection ID:[[:space:]]*\([A-Za-z0-9_-]*\).*/\1/p' | head -n 1)
[ -n "$TOKEN" ] && ok "the token starts with onr_" || not_ok "the token starts with onr_"
[ -n "$CONN" ] && ok "a connection id is shown ($CONN)" || not_ok "a connection id is shown"
# the path may be cut at the screen edge (with an ellipsis): what shows must begin the real one
SAVED=$(printf '%s\n' "$scr" | sed -n 's/.*Saved in:[[:space:]]*\(.*[^ ]\)[[:space:]]*$/\1/p' | sed 's/…$//' | head -n 1)
case "$XDG_DATA_HOME/onramp/" in
"$SAVED"*) [ ${#SAVED} -ge 20 ] && ok "\"Saved in\" shows the store under \$XDG_DATA_HOME/onramp" ||
	not_ok "\"Saved in\" shows the store (got \"$SAVED\")" ;;
*) case "$SAVED" in
	"$XDG_DATA_HOME/onramp/"*) ok "\"Saved in\" shows the store under \$XDG_DATA_HOME/onramp" ;;
	*) not_ok "\"Saved in\" shows the store under \$XDG_DATA_HOME/onramp (got \"$SAVED\")" ;;
	esac ;;
esac
scan_procs "success screen"

send_keys Enter
expect "Have you saved the token?" "Enter first asks whether the token was saved"
send_keys y
expect_gone "API token:" "y finishes and the token leaves the screen"
wait_re 'Search:|What would you like to do' 10 && ok "finishing returns to the start menu or the list" ||
	{ not_ok "finishing returns to the start menu or the list"; show_last; }
rc=$(quit_app)
[ "$rc" = 0 ] && ok "Esc quits with status 0" || not_ok "Esc quits with status 0 (got $rc)"
stderr_clean "no sanitizer report from the wizard"

# the store
[ -s "$XDG_CONFIG_HOME/onramp/recipient.pub" ] && ok "first run made a public key" ||
	not_ok "first run made a public key in \$XDG_CONFIG_HOME/onramp"
key=$(ls "$XDG_CONFIG_HOME/onramp/" | grep -v '\.pub$' | grep -i key | head -n 1)
if [ -n "$key" ]; then
	mode=$(stat -c %a "$XDG_CONFIG_HOME/onramp/$key")
	[ "$mode" = 600 ] && ok "the secret key is 0600" || not_ok "the secret key is 0600 (is $mode)"
else
	not_ok "first run made a secret key"
fi
cli "$E2E_DIR/list.json" list --json
[ "$CLI_RC" = 0 ] && ok "onramp list --json exits 0" || not_ok "onramp list --json exits 0 (got $CLI_RC)"
got=$(json "$E2E_DIR/list.json" '[(c["id"], c["system"], c["status"]) for c in j]')
[ "$got" = "[[\"$CONN\", \"tryton\", \"active\"]]" ] &&
	ok "the list has one active tryton connection with the shown id" ||
	not_ok "the list has one active tryton connection with the shown id (got $got)"
tf=$(secret_file token "$TOKEN")
CLI_STDIN=$tf cli "$E2E_DIR/token.out" token check -
[ "$CLI_RC" = 0 ] && grep -qF "$CONN" "$E2E_DIR/token.out" &&
	ok "the shown token checks out as connection $CONN" ||
	not_ok "the shown token checks out as connection $CONN (exit $CLI_RC: $(cat "$E2E_DIR/token.out" "$E2E_DIR/token.out.err"))"

# secrets stay secret
files=$(files_with "$PW" "$HOME")
[ -z "$files" ] && ok "the password is in no file under the test HOME" ||
	not_ok "the password is in no file under the test HOME: $files"
files=$(files_with "$tf" "$HOME")
[ -z "$files" ] && ok "the API token is in no file under the test HOME (only its hash)" ||
	not_ok "the API token is in no file under the test HOME: $files"
files=$(files_with "$PW" "$E2E_SCREENS")
n=$(ls "$E2E_SCREENS" | wc -l | tr -d ' ')
[ -z "$files" ] && ok "the password is on none of the $n captured screens" ||
	not_ok "the password is on a captured screen: $files"
files=$(files_with "$PW" "$E2E_DIR" | grep -v "^$E2E_SECRETS/")
[ -z "$files" ] && ok "the password is in no other file of the test (stderr, run scripts)" ||
	not_ok "the password leaked into: $files"

# Esc on the list: first it clears the search, then it leaves the list (to
# the start menu, or out of the program), and the screen shows it at once.
app_start
if to_list; then
	type_text zzz
	expect "Search: zzz" "typing shows in the search"
	send_keys Escape
	expect_gone "Search: zzz" "Esc clears the search"
	send_keys Escape
	if wait_until "grep -q 'What would you like to do' \"\$E2E_DIR/cap.txt\" || ! app_alive" 5; then
		ok "Esc on an empty search leaves the list, and the screen shows where it went"
	else
		not_ok "Esc on an empty search leaves the list, and the screen shows where it went"
		show_last
	fi
	end_app "Esc from the list"
else
	not_ok "the wizard opens the system list"
fi
finish
