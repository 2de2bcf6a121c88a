#!/bin/sh
# test_cancel_resize.sh: a validation that never gets an answer (a drop-in
# catalog entry whose probe is the fixture's /hostile/slow?headers=0):
# Esc cancels it and the form comes back with the values kept; resizing
# while it runs redraws the checklist at each size, down to 20x6 and 1x1,
# and the check still cancels or runs to its time limit; keys pressed
# while the window is too small do not wedge the program.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

SLOWURL="http://127.0.0.1:$ONRAMP_T_HTTP"
DUMMY=$(secret_file dummy 'dummy-Secret-9')
MASK='••••••••••••••' # 14 dots

# slow_form: fresh HOME with the slow system, program started, form open.
slow_form() {
	fresh_home
	add_slow_system
	app_start
	to_list || { not_ok "the system list opens"; show_last; return 1; }
	type_text slowpoke
	wait_for "▸ Slowpoke Test Server" 10 || { not_ok "the drop-in system is found"; show_last; return 1; }
	send_keys Enter
	wait_for "Connection details" 10 || { not_ok "its form opens"; show_last; return 1; }
	type_text "$SLOWURL"
	send_keys Tab
	type_text bob
	send_keys Tab
	type_secret Password "$DUMMY"
}

# checking WHAT: the checklist is up and waiting on "Reach the API".
checking() {
	if wait_re '✓ +Connect' 10 && screen | grep -q "Checking"; then
		if screen | grep -qE '[✓✗] +Reach the API'; then
			not_ok "$1: the API stage is still running"
			show_last
			return 1
		fi
		ok "$1: the checklist shows, connected and waiting for the API"
	else
		not_ok "$1: the checklist shows, connected and waiting for the API"
		show_last
		return 1
	fi
}

# form_kept WHAT: the form is back with every value.
form_kept() {
	expect "Connection details" "$1: the form comes back" 5 || return 1
	scr=$(screen)
	printf '%s\n' "$scr" | grep -qF "$SLOWURL" && printf '%s\n' "$scr" | grep -qE 'User name +bob' &&
		printf '%s\n' "$scr" | grep -qF "$MASK" &&
		ok "$1: address, user name and (masked) password are kept" ||
		{ not_ok "$1: address, user name and (masked) password are kept"; show_last; }
}

# at_size W H WHAT: resizes to W x H; the checklist is drawn to fit: all
# stages listed and the footer on the last line, in one frame.
at_size() {
	resize "$1" "$2"
	if wait_until "sed -n '${2}p' \"\$E2E_DIR/cap.txt\" | grep -q 'Esc cancel' &&
		grep -q 'Check address' \"\$E2E_DIR/cap.txt\" && grep -q 'Sign in' \"\$E2E_DIR/cap.txt\"" 5; then
		ok "$3: at ${1}x$2 the checklist redraws to fit (stages listed, footer on line $2)"
	else
		not_ok "$3: at ${1}x$2 the checklist redraws to fit (stages listed, footer on line $2)"
		show_last
		return 1
	fi
}

# cpu_idle WHAT: the program uses well under half a CPU over one second.
cpu_idle() {
	c0=$(app_cpu_ticks)
	sleep 1 # a measuring interval, not a wait for a screen state
	c1=$(app_cpu_ticks)
	if [ -n "$c0" ] && [ -n "$c1" ] && [ $((c1 - c0)) -lt 50 ]; then
		ok "$1: the program is idle ($((c1 - c0)) ticks in 1 s)"
	else
		not_ok "$1: the program is idle (${c0:-?} -> ${c1:-?} clock ticks in 1 s: busy loop)"
	fi
}

# Each scenario stops at its first failed step (a wedged program would
# otherwise make every later step wait out its deadline).

# --- Esc during a slow validation -------------------------------------------------
esc_cancels() {
	slow_form || return 1
	send_keys Enter
	checking "slow check" || return 1
	expect "Esc cancel" "the checklist says Esc cancels" || return 1
	send_keys Escape
	form_kept "Esc while checking" || return 1
	screen | grep -q "Connection failed" && not_ok "a cancel is not shown as a failure" ||
		ok "a cancel is not shown as a failure"
	# the same details again: Enter through the fields starts the check
	i=0
	while [ $i -lt 6 ] && ! screen | grep -qE '^ > \* Server address'; do
		send_keys BTab
		wait_change 2
		i=$((i + 1))
	done
	screen | grep -qE '^ > \* Server address' || { not_ok "Shift-Tab reaches the first field"; show_last; return 1; }
	send_keys Enter Enter Enter
	checking "the same details again" || return 1
	send_keys Escape
	form_kept "a second Esc" || return 1
	cpu_idle "after cancelling"
}
esc_cancels
end_app "cancel"

# --- a resize while checking, then Esc --------------------------------------------
resize_then_esc() {
	slow_form || return 1
	send_keys Enter
	checking "resize then Esc" || return 1
	at_size 100 30 "resize then Esc" || return 1
	send_keys Escape
	form_kept "Esc after a resize" || return 1
	expect_line 30 "Tab/Shift-Tab move" "the form fills the 100x30 window" 5
}
resize_then_esc
end_app "resize then Esc"

# --- resizes while checking (no key); the check still runs to its time limit -------
resize_then_complete() {
	slow_form || return 1
	send_keys Enter
	checking "resize run" || return 1
	at_size 100 30 "resize run" || return 1
	at_size 60 16 "resize run" || return 1
	resize 20 6
	expect "larger" "at 20x6 the program asks for a larger window" 5 || return 1
	resize 1 1
	wait_change 2
	app_alive && ok "at 1x1 the program is still running" || { not_ok "at 1x1 the program is still running"; return 1; }
	at_size 80 24 "resize run" || return 1
	screen | grep -qE '[✓✗] +Reach the API' && not_ok "resize run: the check is still running after the resizes" ||
		ok "resize run: the check is still running after the resizes"
	# the fixture never answers: the stage time limit (15 s) ends the check
	expect "Connection failed" "the check still ends by itself after the resizes" 30 || return 1
	expect "too long" "it says the server took too long"
	screen | grep -qE '✗ +Reach the API' && ok "the API stage is the one that failed" ||
		not_ok "the API stage is the one that failed"
	resize 70 20
	expect_line 20 "E edit" "the failure screen redraws at 70x20, footer on line 20" 5 || return 1
	send_keys e
	form_kept "Edit after the time-out and a resize"
}
resize_then_complete
end_app "resize run"

# --- tiny sizes on the list and the form ------------------------------------------
tiny_sizes() {
	fresh_home
	app_start
	to_list || { not_ok "the system list opens"; return 1; }
	type_text sap
	expect "▸ SAP" "the list shows SAP systems for \"sap\"" || return 1
	for size in "20 6" "1 1" "59 16" "60 15" "80 24"; do
		# shellcheck disable=SC2086
		resize $size
		wait_change 2
	done
	expect "Search: sap" "after 20x6, 1x1, 59x16 and 60x15 the list comes back with its search" || return 1
	app_alive && ok "no crash on tiny sizes" || { not_ok "no crash on tiny sizes"; return 1; }
	send_keys Enter
	expect "Connection details" "after the resizes, Enter still opens the form" || return 1
	type_text "https://sap.example.com"
	resize 20 6
	wait_change 2
	resize 80 24
	expect "https://sap.example.com" "a typed value survives a tiny window"
}
tiny_sizes
end_app "tiny sizes"

# --- a key pressed while the window is too small ------------------------------------
key_when_small() {
	fresh_home
	app_start
	to_list || { not_ok "the system list opens"; return 1; }
	resize 50 10
	expect "larger" "at 50x10 the program asks for a larger window" 5 || return 1
	type_text x
	resize 80 24
	expect "Search:" "back at 80x24 the list is drawn again" || return 1
	# behind "Make the window larger" a key acts on nothing (issue 11 item 10)
	screen | grep -q "Search: x" && not_ok "the key typed at 50x10 did nothing" || ok "the key typed at 50x10 did nothing"
	cpu_idle "after a key at 50x10"
	type_text y
	expect "Search: y" "the program still reads keys"
}
key_when_small
end_app "keys while too small"
finish
