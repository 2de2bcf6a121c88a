#!/bin/sh
# test_failures.sh: the wizard's failure paths, driven by keys against real
# peers: wrong password and wrong database on the real Tryton server,
# connection refused, unknown host, a self-signed certificate; the
# failure screen's choices (Edit details, Retry, Back to systems), the
# field the cursor goes to, live field checks, and F2.
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

TRYTON="http://127.0.0.1:$ONRAMP_T_TRYTON"
RIGHT=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")
WRONG=$(secret_file wrong_pw "not-the-password")
SAPPW=$(secret_file sap_pw 'Fixture-Pa55!')

# open_form QUERY PICKED: new HOME and program, search, pick, form shown.
open_form() {
	fresh_home
	app_start
	to_list || { not_ok "the system list opens"; show_last; return 1; }
	type_text "$1"
	wait_for "▸ $2" 10 || { not_ok "searching \"$1\" highlights $2"; show_last; return 1; }
	send_keys Enter
	wait_for "Connection details" 10 || { not_ok "Enter on $2 opens the form"; show_last; return 1; }
}

# tryton_fill URL DB USER SECRETFILE: fills the Tryton form and submits.
tryton_fill() {
	type_text "$1"
	send_keys Tab
	type_text "$2"
	send_keys Tab C-u # the user name comes filled in (admin)
	type_text "$3"
	send_keys Tab
	type_secret Password "$4" || return 1
	send_keys Enter
}

# sap_fill URL SECRETFILE: fills the SAP form (client keeps its default
# 100, user ALICE) and submits.
sap_fill() {
	type_text "$1"
	send_keys Tab Tab
	type_text ALICE
	send_keys Tab
	type_secret Password "$2" || return 1
	send_keys Enter
}

# failed_with WHAT STAGE MESSAGE: the failure screen, its failed stage, its
# message and its three choices.
failed_with() {
	if ! expect "Connection failed" "$1: the check ends in \"Connection failed\"" 20; then
		return 1
	fi
	scr=$(screen)
	fw_rc=0
	printf '%s\n' "$scr" | grep -qE "✗ +$2" && ok "$1: the failed stage is \"$2\"" ||
		{ not_ok "$1: the failed stage is \"$2\""; show_last; fw_rc=1; }
	printf '%s\n' "$scr" | grep -qF -- "$3" && ok "$1: says \"$3\"" ||
		{ not_ok "$1: says \"$3\""; fw_rc=1; }
	printf '%s\n' "$scr" | grep -q "Edit details" && printf '%s\n' "$scr" | grep -q "Retry" &&
		printf '%s\n' "$scr" | grep -q "Back to systems" &&
		ok "$1: offers Edit details, Retry, Back to systems" ||
		{ not_ok "$1: offers Edit details, Retry, Back to systems"; fw_rc=1; }
	return $fw_rc
}

# focus_on LABEL DESC: the form's cursor (">") is on the field LABEL.
focus_on() {
	if wait_re "^ > [*!] $1" 10; then ok "$2"; else
		not_ok "$2"
		show_last
		return 1
	fi
}

# Each scenario stops at its first failed step: later steps (typing a
# secret into "the field to fix", say) only make sense after it.

# --- wrong password, then fix it through "Edit details" ---------------------------
wrong_password() {
	open_form tryton Tryton || return 1
	tryton_fill "$TRYTON" onramp_test admin "$WRONG" || return 1
	failed_with "wrong password" "Sign in" "The user name or password is wrong." || return 1
	screen | grep -qF "no database with this name" &&
		not_ok "wrong password: not confused with a wrong database" ||
		ok "wrong password: not confused with a wrong database"
	screen | grep -qE '✓ +Reach the API' && ok "wrong password: the server was reached (✓ Reach the API)" ||
		not_ok "wrong password: the server was reached (✓ Reach the API)"
	send_keys e
	expect "Connection details" "E goes back to the form" || return 1
	focus_on Password "the cursor is on the password, the field to fix" || return 1
	expect "$TRYTON" "the server address was kept"
	expect "onramp_test" "the database was kept"
	expect "••••••••••••••••" "the wrong password is kept, masked"
	screen | grep -qF "not-the-password" && not_ok "the password is masked before F2" ||
		ok "the password is masked before F2"
	send_keys F2
	expect "not-the-password" "F2 shows the password"
	send_keys F2
	expect_gone "not-the-password" "F2 again masks it" || return 1
	send_keys C-u
	expect_gone "••••" "Ctrl-U clears the field" || return 1
	type_secret Password "$RIGHT" || return 1
	send_keys Enter
	expect "Connected" "the corrected password connects" 30 || return 1
	expect "onr_" "a token is shown"
}
wrong_password
end_app "wrong password"

# --- wrong database -------------------------------------------------------------
wrong_database() {
	open_form tryton Tryton || return 1
	tryton_fill "$TRYTON" no_such_db admin "$RIGHT" || return 1
	failed_with "wrong database" "Sign in" "no database with this name" || return 1
	screen | grep -qF "The user name or password is wrong." &&
		not_ok "wrong database: not reported as a wrong password" ||
		ok "wrong database: not reported as a wrong password"
	send_keys E
	focus_on Database "wrong database: E puts the cursor on Database"
}
wrong_database
end_app "wrong database"

# --- connection refused, then the service comes up and Retry connects -----------
refused_then_retry() {
	open_form "s/4hana on" "SAP S/4HANA (on-premise)" || return 1
	PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	sap_fill "http://127.0.0.1:$PORT" "$SAPPW" || return 1
	failed_with "connection refused" "Connect" "did not accept the connection" || return 1
	# the "service" starts; Retry now gets through
	$PY "$ROOT/tests/servers/fixture.py" --port "$PORT" >"$E2E_DIR/late.port" 2>"$E2E_DIR/late.err" &
	LATE=$!
	i=0
	while [ ! -s "$E2E_DIR/late.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	send_keys r
	expect "Connected" "R retries: once the service runs, the same details connect" 20
	kill "$LATE" 2>/dev/null
	wait "$LATE" 2>/dev/null
}
refused_then_retry
end_app "connection refused"

# --- nothing listens: the cursor goes to the address; L goes back ------------------
closed_port() {
	open_form tryton Tryton || return 1
	tryton_fill "http://127.0.0.1:$ONRAMP_T_CLOSED" onramp_test admin "$RIGHT" || return 1
	failed_with "closed port" "Connect" "did not accept the connection" || return 1
	send_keys E
	focus_on "Server address" "closed port: E puts the cursor on the server address" || return 1
	send_keys Escape
	expect "Search:" "Esc on the form goes back to the list" || return 1
	expect "tryton" "the list keeps the search"
	send_keys Enter
	expect "127.0.0.1:$ONRAMP_T_CLOSED" "picking the system again keeps the typed values" || return 1
	send_keys Tab Tab Tab Enter
	failed_with "closed port again" "Connect" "did not accept the connection" || return 1
	send_keys l
	expect "Search:" "L goes back to the systems"
}
closed_port
end_app "closed port"

# --- unknown host -------------------------------------------------------------------
unknown_host() {
	open_form tryton Tryton || return 1
	tryton_fill "http://erp.invalid" onramp_test admin "$RIGHT" || return 1
	failed_with "unknown host" "Find server" 'Could not find the server "erp.invalid"'
}
unknown_host
end_app "unknown host"

# --- self-signed certificate -------------------------------------------------------
self_signed() {
	open_form "s/4hana on" "SAP S/4HANA (on-premise)" || return 1
	sap_fill "https://127.0.0.1:$ONRAMP_T_TLS_SELF" "$SAPPW" || return 1
	failed_with "self-signed" "Secure connection" "self-signed certificate" || return 1
	screen | grep -qE '✓ +Connect' && ok "self-signed: the TCP connection itself worked" ||
		not_ok "self-signed: the TCP connection itself worked"
	screen | grep -qE '✓ +Sign in' && not_ok "self-signed: nothing after the TLS stage passed" ||
		ok "self-signed: nothing after the TLS stage passed"
}
self_signed
end_app "self-signed"

# --- live field checks -------------------------------------------------------------
field_checks() {
	open_form tryton Tryton || return 1
	type_text "ftp://erp.example.com"
	if wait_re '^ > ! Server address' 5; then ok "a non-http(s) address turns * into ! while typing"; else
		not_ok "a non-http(s) address turns * into ! while typing"
		show_last
	fi
	expect "https://" "the help line says what a valid address looks like"
	send_keys C-u
	type_text "http://erp.example.com"
	if wait_re '^ > \* Server address' 5; then ok "a valid address turns ! back into *"; else
		not_ok "a valid address turns ! back into *"
		show_last
	fi
	send_keys Tab Tab Tab Enter
	focus_on Database "submitting with empty required fields goes to the first one"
	screen | grep -q "Checking" && not_ok "an incomplete form does not start the check" ||
		ok "an incomplete form does not start the check"
}
field_checks
end_app "field checks"
finish
