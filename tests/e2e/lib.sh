# lib.sh: shared helpers for the end-to-end tests (POSIX sh; sourced).
#
# A test script does:
#     . "$(dirname "$0")/lib.sh"
#     e2e_init            # isolated HOME/XDG_*, fixture servers if none run
#     fresh_home          # a new empty HOME for the next scenario
#     app_start           # the real binary in a private tmux server, 80x24
#     type_text tryton; send_keys Enter
#     expect "Connection details" "the form opens"
#     ...
#     finish              # prints the TAP plan "1..N", exits 0 or 1
#
# The output is TAP ("ok N - ...", "not ok N - ...", "# " diagnostics), so
# prove runs the scripts (tests/run-all.sh; one alone: prove -v --exec bash
# tests/e2e/test_cli.sh). A script that dies before finish() ends with a
# "not ok" and its plan, from the EXIT trap.
#
# The binary is $ONRAMP_BIN (default build/onramp-san). It runs with a
# whitelisted environment: TERM=xterm-256color, LANG=C.UTF-8, TZ=UTC,
# ESCDELAY=25, the test HOME and XDG_* folders, PATH and the sanitizer
# options; nothing else from the caller (in particular no ONRAMP_T_*
# variable, one of which holds the Tryton password).
#
# Screen states are awaited with a deadline (wait_for / wait_gone / expect),
# never with a fixed sleep. Secrets reach the program through files: the
# CLI gets --secret KEY=@FILE, the TUI gets them pasted from a tmux buffer
# loaded from a file (type_secret LABEL FILE), so no secret is ever on an argv.
# Secret files live in $E2E_SECRETS, outside the test HOME.
#
# Every capture is also saved under $E2E_SCREENS, so a test can check
# afterwards that a secret never reached the screen.

set -u
: "${ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${ONRAMP_BIN:=$ROOT/build/onramp-san}"
: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=0}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
PY=/usr/bin/python3
E2E_NAME=${E2E_NAME:-$(basename "$0" .sh)}
E2E_W=80
E2E_H=24
E2E_PASSED=0
E2E_FAILED=0
E2E_SOCK=""
E2E_SESSIONS=""
E2E_OWN_SERVERS=""
E2E_FINISHED=""

# ---- accounting -------------------------------------------------------------

ok() {
	E2E_PASSED=$((E2E_PASSED + 1))
	echo "ok $((E2E_PASSED + E2E_FAILED)) - $*"
}

not_ok() {
	E2E_FAILED=$((E2E_FAILED + 1))
	echo "not ok $((E2E_PASSED + E2E_FAILED)) - $*"
}

# note TEXT...: a diagnostic line, indented with "# ".
note() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

# check DESC CMD...: ok when CMD succeeds.
check() {
	check_desc=$1
	shift
	if "$@"; then ok "$check_desc"; else not_ok "$check_desc"; fi
}

# show_last: prints the last captured screen as diagnostics.
show_last() {
	[ -f "$E2E_DIR/last.txt" ] || return 0
	echo "# --- last screen ---"
	sed 's/^/#  |/' "$E2E_DIR/last.txt"
	echo "# ---"
}

# finish: the TAP plan, after the test points; exit status 1 when anything
# failed.
finish() {
	E2E_FINISHED=1
	echo "1..$((E2E_PASSED + E2E_FAILED))"
	[ "$E2E_FAILED" -eq 0 ]
	exit $?
}

# ---- setup and cleanup --------------------------------------------------------

e2e_cleanup() {
	rc=$?
	for s in $E2E_SESSIONS; do
		tmux_gone "$s"
	done
	[ -n "${PO_FX_PID:-}" ] && kill "$PO_FX_PID" 2>/dev/null
	if [ -n "$E2E_OWN_SERVERS" ]; then
		stop_servers
		rm -rf "$T_DIR"
	fi
	if [ -z "$E2E_FINISHED" ]; then
		# died before finish(): one more failed point, and the plan
		not_ok "$E2E_NAME stopped early (exit $rc)"
		echo "1..$((E2E_PASSED + E2E_FAILED))"
		rc=1
	fi
	if [ "$E2E_FAILED" -eq 0 ] && [ -z "${E2E_KEEP:-}" ] && [ "$rc" -eq 0 ]; then
		rm -rf "$E2E_DIR"
	elif [ -n "${E2E_DIR:-}" ]; then
		echo "# kept $E2E_DIR for inspection"
	fi
	exit "$rc"
}

# on_exit CMD: at exit, CMD (stop background servers: it may fail, for
# one that already stopped), then e2e_cleanup with the script's own exit
# status, which CMD's must not replace.
on_exit() {
	E2E_ON_EXIT=$1
	trap 'rc=$?; eval "$E2E_ON_EXIT" >/dev/null 2>&1; (exit $rc); e2e_cleanup' EXIT
}

# e2e_init [notryton|noservers]: test folder, trap, fixture servers (started
# here and stopped on exit, unless the caller runs them and exported
# ONRAMP_T_HTTP and the rest). Each script has its own servers, Tryton
# database included, so scripts running in parallel share no state; only the
# Tryton template (read-only, build/test/tryton-template) is shared.
# "notryton" skips trytond for a test that does not need it; "noservers"
# starts none.
e2e_init() {
	mkdir -p "$ROOT/build/test"
	E2E_DIR=$(mktemp -d "$ROOT/build/test/e2e.$E2E_NAME.XXXXXX") || exit 1
	E2E_SECRETS=$E2E_DIR/secrets
	E2E_SCREENS=$E2E_DIR/screens
	mkdir -p "$E2E_SECRETS" "$E2E_SCREENS"
	chmod 700 "$E2E_SECRETS"
	trap e2e_cleanup EXIT
	trap 'exit 130' INT TERM HUP
	unset TMUX TMUX_PANE
	if [ ! -x "$ONRAMP_BIN" ]; then
		not_ok "binary $ONRAMP_BIN is missing (make build/onramp-san CFLAGS='-O1 -g')"
		finish
	fi
	if [ -z "${ONRAMP_T_HTTP:-}" ] && [ "${1:-}" != noservers ]; then
		T_DIR="$E2E_DIR/servers"
		mkdir -p "$T_DIR" "$ROOT/build/test/tryton-template"
		# share the (slow to build) Tryton template with run-all.sh
		ln -s "$ROOT/build/test/tryton-template" "$T_DIR/tryton-template"
		[ "${1:-}" = notryton ] && ONRAMP_NO_TRYTON=1
		. "$ROOT/tests/lib/servers.sh"
		E2E_OWN_SERVERS=1
		if ! start_servers; then
			not_ok "could not start the fixture servers"
			finish
		fi
	fi
	fresh_home
}

# po_fixture_start: the PO fixture (tests/servers/po_fixture.py: fixture.py
# plus purchase orders) on its own port, in $PO ("" when it did not start),
# logging to $E2E_DIR/po_fixture.log; stopped on exit.
po_fixture_start() {
	ONRAMP_T_OTHER=${ONRAMP_T_OTHER:-} $PY "$ROOT/tests/servers/po_fixture.py" --port 0 \
		--log "$E2E_DIR/po_fixture.log" >"$E2E_DIR/po.port" 2>"$E2E_DIR/po.err" &
	PO_FX_PID=$!
	i=0
	while [ ! -s "$E2E_DIR/po.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	PO=$(head -n 1 "$E2E_DIR/po.port")
}

# po_fixture_needed: po_fixture_start, or the suite ends here with the
# fixture's error (every later check would need it).
po_fixture_needed() {
	po_fixture_start
	[ -n "$PO" ] || { not_ok "the PO fixture starts"; cat "$E2E_DIR/po.err"; finish; }
}

# credits_pool N: this suite's credit pool (the config file's "credits =").
credits_pool() {
	mkdir -p "$XDG_CONFIG_HOME/onramp"
	echo "credits = $1" >"$XDG_CONFIG_HOME/onramp/config"
}

# tryton_seed: the golden purchase orders in this suite's Tryton
# (tests/servers/tryton_seed.py; the password through stdin). Prints its
# last line: "seeded 3 orders" or "already seeded".
tryton_seed() {
	ts_pw=$(secret_file tryton_seed "$ONRAMP_T_TRYTON_PASSWORD")
	$PY "$ROOT/tests/servers/tryton_seed.py" "http://127.0.0.1:$ONRAMP_T_TRYTON" onramp_test - \
		<"$ts_pw" 2>&1 | tail -n 1
}

# need_tryton: ends the test as skipped when no Tryton server runs
# (the caller set ONRAMP_NO_TRYTON=1).
need_tryton() {
	if [ -z "${ONRAMP_T_TRYTON:-}" ] || [ -z "${ONRAMP_T_TRYTON_PASSWORD:-}" ]; then
		ok "# SKIP no Tryton server (ONRAMP_NO_TRYTON is set)"
		finish
	fi
}

# fresh_home: a new, empty HOME with XDG_* inside it.
fresh_home() {
	E2E_HOMES=$((${E2E_HOMES:-0} + 1))
	HOME="$E2E_DIR/home$E2E_HOMES"
	XDG_CONFIG_HOME="$HOME/.config"
	XDG_DATA_HOME="$HOME/.local/share"
	XDG_CACHE_HOME="$HOME/.cache"
	XDG_STATE_HOME="$HOME/.local/state"
	XDG_RUNTIME_DIR="$E2E_DIR/run$E2E_HOMES"
	mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
	chmod 700 "$XDG_RUNTIME_DIR"
	export HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME XDG_RUNTIME_DIR
	# the PostgreSQL pass (run-one.sh NAME@pg): a new database as well
	if [ -n "${ONRAMP_T_PG_SOCK:-}" ]; then
		. "$ROOT/tests/lib/pg.sh"
		ONRAMP_DATABASE=$(pg_newdb "e$$_$E2E_HOMES") || echo "# could not make a database" >&2
		export ONRAMP_DATABASE
	fi
}

# secret_file NAME VALUE: writes VALUE (no newline) to a 0600 file outside
# HOME and prints its path. printf is a shell builtin: no argv exposure.
secret_file() {
	sf="$E2E_SECRETS/$1"
	(umask 077 && printf '%s' "$2" >"$sf")
	echo "$sf"
}

# add_slow_system [ID [NAME]]: a drop-in catalog entry whose probe hangs:
# the fixture's /hostile/slow?headers=0 reads the request, then sends
# nothing. Basic auth; fields url, username, password.
add_slow_system() {
	ss_id=${1:-zz-slow-test}
	ss_name=${2:-Slowpoke Test Server}
	mkdir -p "$XDG_DATA_HOME/onramp/systems.d"
	cat >"$XDG_DATA_HOME/onramp/systems.d/test.json" <<EOF
{
  "version": 1,
  "systems": [{
    "id": "$ss_id",
    "name": "$ss_name",
    "vendor": "onramp tests",
    "category": "Other",
    "aliases": ["slowpoke"],
    "tier": 1,
    "core": false,
    "needs": "A test server address, a user name and a password",
    "where": "The end-to-end tests' fixture server; it never answers.",
    "base_url": "{url}",
    "auth": {"method": "basic", "user": "{username}", "password": "{password}"},
    "fields": [
      {"key": "url", "label": "Server address", "kind": "url", "required": true,
       "secret": false, "help": "Address of the fixture server"},
      {"key": "username", "label": "User name", "kind": "text", "required": true,
       "secret": false, "help": "Any user name"},
      {"key": "password", "label": "Password", "kind": "text", "required": true,
       "secret": true, "help": "Any password"}
    ],
    "probe": {"url": "{url}/hostile/slow?headers=0", "verifies": "credentials"}
  }]
}
EOF
}

# ---- the program in tmux ------------------------------------------------------

# shell_quote ARG: prints ARG single-quoted for sh.
shell_quote() {
	printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

# app_start [ARGS...]: starts $ONRAMP_BIN ARGS in a new private tmux server
# of $E2E_W x $E2E_H (default 80x24), replacing the one this test ran
# before. A small sh wrapper in the pane runs the program (stderr to
# $E2E_ERR) and writes its exit status to $E2E_EXIT; the pane stays
# (remain-on-exit), so the last screen can still be read. (tmux's own
# pane_dead_status is not used: tmux 3.3a sometimes never reaps a pane's
# process, whose status then never shows.)
app_start() {
	app_stop
	E2E_RUNS=$((${E2E_RUNS:-0} + 1))
	E2E_SOCK="onramp-e2e-$$-$E2E_RUNS"
	E2E_SESSIONS="$E2E_SESSIONS $E2E_SOCK"
	E2E_ERR="$E2E_DIR/stderr.$E2E_RUNS"
	E2E_EXIT="$E2E_DIR/exit.$E2E_RUNS"
	run="$E2E_DIR/run.$E2E_RUNS.sh"
	{
		echo "cd $(shell_quote "$E2E_DIR") || exit 1"
		printf 'env -i'
		for v in PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME" \
			XDG_CONFIG_HOME="$XDG_CONFIG_HOME" XDG_DATA_HOME="$XDG_DATA_HOME" \
			XDG_CACHE_HOME="$XDG_CACHE_HOME" XDG_STATE_HOME="$XDG_STATE_HOME" \
			XDG_RUNTIME_DIR="$XDG_RUNTIME_DIR" TERM=xterm-256color LANG=C.UTF-8 \
			TZ=UTC ESCDELAY=25 ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
			${ONRAMP_DATABASE:+"ONRAMP_DATABASE=$ONRAMP_DATABASE"}; do
			printf ' %s' "$(shell_quote "$v")"
		done
		printf ' %s' "$(shell_quote "$ONRAMP_BIN")"
		for a in "$@"; do printf ' %s' "$(shell_quote "$a")"; done
		printf ' 2>%s\n' "$(shell_quote "$E2E_ERR")"
		printf 'echo $? >%s.tmp && mv %s.tmp %s\n' "$(shell_quote "$E2E_EXIT")" \
			"$(shell_quote "$E2E_EXIT")" "$(shell_quote "$E2E_EXIT")"
	} >"$run"
	env -i PATH="$PATH" tmux -L "$E2E_SOCK" -f /dev/null \
		new-session -d -s e2e -x "$E2E_W" -y "$E2E_H" "exec sh $(shell_quote "$run")" \; \
		set-option -g remain-on-exit on \; \
		set-option -g history-limit 0
}

# app_stop: ends the current tmux server (and the program in it).
app_stop() {
	[ -n "$E2E_SOCK" ] && tmux_gone "$E2E_SOCK"
	E2E_SOCK=""
	return 0
}

# tmux_gone NAME: kills the private tmux server NAME and removes its socket
# file (tmux leaves it behind in /tmp/tmux-UID).
tmux_gone() {
	tmux -L "$1" kill-server 2>/dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$1"
}

tm() {
	tmux -L "$E2E_SOCK" "$@"
}

# send_keys KEY...: tmux key names (Enter Tab BTab Escape Up F2 C-c ...).
send_keys() {
	tm send-keys -t e2e -- "$@"
}

# type_text TEXT: types TEXT literally (never use it for a secret).
type_text() {
	tm send-keys -t e2e -l -- "$1"
}

# type_secret LABEL FILE: types the contents of FILE into the form field
# LABEL, via a tmux paste buffer, so the secret is on no command line. It
# first checks that the cursor (">") is on that field, so a test that went
# astray never types a secret into a field that shows it; returns 1 then.
type_secret() {
	if ! wait_re "^ > [*!] $1( |\$)" 5; then
		not_ok "the cursor is on \"$1\" before a secret is typed (not typing it)"
		show_last
		return 1
	fi
	tm load-buffer -b e2e-secret "$2" && tm paste-buffer -d -b e2e-secret -t e2e
}

# resize W H
resize() {
	tm resize-window -t e2e -x "$1" -y "$2"
}

# screen: prints the pane as plain text. Each capture that differs from the
# one before is also kept in $E2E_SCREENS (numbered), and the latest is in
# $E2E_DIR/last.txt for show_last.
screen() {
	tm capture-pane -p -t e2e >"$E2E_DIR/cap.txt" 2>/dev/null
	if ! cmp -s "$E2E_DIR/cap.txt" "$E2E_DIR/last.txt"; then
		cp "$E2E_DIR/cap.txt" "$E2E_DIR/last.txt"
		n=$(ls "$E2E_SCREENS" | wc -l)
		cp "$E2E_DIR/cap.txt" "$E2E_SCREENS/$(printf %05d $((n + 1))).txt"
	fi
	cat "$E2E_DIR/cap.txt"
}

# screen_lacks TEXT [joined]: true when the screen (with "joined", its
# wrapped lines joined: capture-pane -J) does not hold TEXT. A capture that
# fails or comes back empty is false, so the check cannot pass on a pane
# that is gone.
# screen_has TEXT: the screen shows TEXT (fixed string, on one line).
screen_has() { screen | grep -qF -- "$1"; }
# joined_has TEXT: TEXT is on the screen once wrapped lines are joined and
# runs of blanks squeezed to one (a sentence the window wrapped).
joined_has() { tm capture-pane -p -J -t e2e | tr -s ' \n' '  ' | grep -qF -- "$1"; }

screen_lacks() {
	if [ "${2:-}" = joined ]; then
		sl_cap=$(tm capture-pane -p -J -t e2e 2>/dev/null)
	else
		sl_cap=$(screen)
	fi
	[ -n "$(printf '%s' "$sl_cap" | tr -d ' \n')" ] && ! printf '%s\n' "$sl_cap" | grep -qF -- "$1"
}

# screen_colour: the pane with SGR attributes, trailing cells kept (-N).
screen_colour() {
	tm capture-pane -p -e -N -t e2e
}

# screen_line N: line N (1-based) of a fresh capture.
screen_line() {
	screen | sed -n "${1}p"
}

now_s() {
	date +%s
}

# wait_for TEXT [SECONDS]: polls the screen until it contains TEXT (a fixed
# string); default deadline 10 s. Returns 1 on timeout.
wait_for() {
	wf_end=$(($(now_s) + ${2:-10}))
	while :; do
		if screen | grep -qF -- "$1"; then return 0; fi
		[ "$(now_s)" -gt "$wf_end" ] && return 1
		sleep 0.05
	done
}

# wait_gone TEXT [SECONDS]: polls until TEXT is no longer on the screen.
wait_gone() {
	wg_end=$(($(now_s) + ${2:-10}))
	while :; do
		if ! screen | grep -qF -- "$1"; then return 0; fi
		[ "$(now_s)" -gt "$wg_end" ] && return 1
		sleep 0.05
	done
}

# wait_re REGEX [SECONDS]: like wait_for with an extended regex.
wait_re() {
	wr_end=$(($(now_s) + ${2:-10}))
	while :; do
		if screen | grep -qE -- "$1"; then return 0; fi
		[ "$(now_s)" -gt "$wr_end" ] && return 1
		sleep 0.05
	done
}

# wait_until CMD [SECONDS]: polls until the shell command CMD succeeds on
# a fresh capture, which CMD finds in the file $E2E_DIR/cap.txt.
wait_until() {
	wu_end=$(($(now_s) + ${2:-10}))
	while :; do
		screen >/dev/null
		if eval "$1"; then return 0; fi
		[ "$(now_s)" -gt "$wu_end" ] && return 1
		sleep 0.05
	done
}

# expect TEXT DESC [SECONDS]: wait_for as a test point; dumps the screen
# when it fails.
expect() {
	if wait_for "$1" "${3:-10}"; then
		ok "$2"
	else
		not_ok "$2 (no \"$1\" on the screen)"
		show_last
		return 1
	fi
}

# expect_gone TEXT DESC [SECONDS]
expect_gone() {
	if wait_gone "$1" "${3:-10}"; then
		ok "$2"
	else
		not_ok "$2 (\"$1\" still on the screen)"
		show_last
		return 1
	fi
}

# expect_line N TEXT DESC [SECONDS]: waits until line N holds TEXT.
expect_line() {
	el_end=$(($(now_s) + ${4:-10}))
	while :; do
		if screen_line "$1" | grep -qF -- "$2"; then
			ok "$3"
			return 0
		fi
		if [ "$(now_s)" -gt "$el_end" ]; then
			not_ok "$3 (line $1 has no \"$2\")"
			show_last
			return 1
		fi
		sleep 0.05
	done
}

# app_pid: the program's pid (the child of the pane's sh wrapper).
app_pid() {
	pgrep -P "$(tm display-message -p -t e2e '#{pane_pid}' 2>/dev/null)" 2>/dev/null | head -n 1
}

# app_alive: true while the program runs.
app_alive() {
	[ ! -f "$E2E_EXIT" ] && [ -n "$(app_pid)" ]
}

# wait_exit [SECONDS]: waits until the program ended; prints its exit
# status (128+N for signal N), or "none" if it still runs at the deadline.
wait_exit() {
	we_end=$(($(now_s) + ${1:-10}))
	while :; do
		if [ -s "$E2E_EXIT" ]; then
			cat "$E2E_EXIT"
			return 0
		fi
		if [ "$(now_s)" -gt "$we_end" ]; then
			echo none
			return 1
		fi
		sleep 0.05
	done
}

# stderr_clean DESC: the program's stderr has no sanitizer report.
stderr_clean() {
	if [ -f "$E2E_ERR" ] && grep -qE 'Sanitizer|runtime error:|==[0-9]+==ERROR' "$E2E_ERR"; then
		not_ok "$1 (sanitizer report on stderr)"
		sed -n '1,40s/^/# /p' "$E2E_ERR"
	else
		ok "$1"
	fi
}

# app_cpu_ticks: user+system clock ticks the program used so far.
app_cpu_ticks() {
	awk '{print $14 + $15}' "/proc/$(app_pid)/stat" 2>/dev/null
}

# wait_change [SECONDS]: polls until the screen differs from the last
# capture, or the program ended.
wait_change() {
	wc_prev=$(cat "$E2E_DIR/last.txt" 2>/dev/null)
	wc_end=$(($(now_s) + ${1:-10}))
	while :; do
		[ "$(screen)" != "$wc_prev" ] && return 0
		app_alive || return 0
		[ "$(now_s)" -gt "$wc_end" ] && return 1
		sleep 0.05
	done
}

# enter_until REGEX [MAX]: presses Enter (a form moves on field by field
# and submits on the last) until the screen matches REGEX, at most MAX
# times (default 8); the caller's expect then says whether it got there.
enter_until() {
	eu_k=0
	while [ $eu_k -lt "${2:-8}" ] && ! screen | grep -qE "$1"; do
		send_keys Enter
		wait_change 1 >/dev/null
		eu_k=$((eu_k + 1))
	done
}

# to_list: from the start menu (if the program shows one) to the system
# list; true once "Search:" is on the screen.
to_list() {
	wait_re 'Search:|What would you like to do' 10 || return 1
	if ! screen | grep -qF 'Search:'; then
		send_keys Enter
	fi
	wait_for 'Search:' 10
}

# tryton_refused URL: fills Tryton's form with URL and an "x" for the
# database and the password (the user name comes filled in) and submits,
# for a check that fails at the connection (a port nothing listens on).
tryton_refused() {
	type_text "$1"
	send_keys Tab
	type_text x
	send_keys Tab Tab
	type_text x
	send_keys Enter
}

# quit_app: Esc until the program ends (then Ctrl-C, then q, when Esc
# changes nothing; y to "saved the token?" and "Quit onramp?"; gives up
# after three keys that change nothing); prints its exit status, or
# "wedged" when it burns a CPU without reading keys.
quit_app() {
	qa_i=0
	qa_stuck=0
	while app_alive && [ $qa_i -lt 8 ] && [ $qa_stuck -lt 3 ]; do
		# the done screen asks before its token goes, and Ctrl-C before
		# typed values go: yes; Esc first, Ctrl-C once Esc changes nothing
		# a blank screen while alive: curses has ended and the program is
		# exiting (the leak check at exit is slow under load); a Ctrl-C
		# now would reach a cooked terminal and kill it with SIGINT
		if ! screen | grep -q '[^[:space:]]'; then break
		elif screen | grep -qE "Have you saved the token\?|Quit onramp\?"; then send_keys y
		elif [ $qa_stuck -eq 0 ] && [ $qa_i -lt 5 ]; then send_keys Escape
		elif [ $qa_stuck -le 1 ]; then send_keys C-c
		else send_keys q; fi
		if wait_change 3; then qa_stuck=0; else
			qa_stuck=$((qa_stuck + 1))
			if app_busy; then
				echo "wedged: busy loop, keys not read"
				return 1
			fi
		fi
		qa_i=$((qa_i + 1))
	done
	wait_exit 15
}

# end_app WHAT: quits the program with keys, expects exit status 0 and no
# sanitizer report (leaks are reported at exit).
end_app() {
	ea_rc=$(quit_app)
	[ "$ea_rc" = 0 ] && ok "$1: the wizard quits with status 0" ||
		{ not_ok "$1: the wizard quits with status 0 (got $ea_rc)"; show_last; }
	stderr_clean "$1: no sanitizer report"
}

# app_busy: true when the program burns most of a CPU (over 0.3 s).
app_busy() {
	ab0=$(app_cpu_ticks)
	sleep 0.3 # a measuring interval
	ab1=$(app_cpu_ticks)
	[ -n "$ab0" ] && [ -n "$ab1" ] && [ $((ab1 - ab0)) -ge 20 ]
}

# app_pids: the pane's sh wrapper, the program and everything below them.
app_pids() {
	ap_todo=$(tm display-message -p -t e2e '#{pane_pid}' 2>/dev/null)
	while [ -n "$ap_todo" ]; do
		ap_next=""
		for p in $ap_todo; do
			[ -d "/proc/$p" ] || continue
			echo "$p"
			ap_next="$ap_next $(pgrep -P "$p" | tr '\n' ' ')"
		done
		ap_todo=$(echo $ap_next)
	done
}

# ---- CLI helpers ----------------------------------------------------------------

# cli OUTFILE ARGS...: runs the binary (whitelisted env), stdin from
# $CLI_STDIN (default /dev/null), stdout to OUTFILE, stderr to OUTFILE.err;
# sets CLI_RC.
cli() {
	cli_out=$1
	shift
	env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME" \
		XDG_CONFIG_HOME="$XDG_CONFIG_HOME" XDG_DATA_HOME="$XDG_DATA_HOME" \
		XDG_CACHE_HOME="$XDG_CACHE_HOME" XDG_STATE_HOME="$XDG_STATE_HOME" \
		LANG=C.UTF-8 TZ=UTC ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
		${ONRAMP_DATABASE:+"ONRAMP_DATABASE=$ONRAMP_DATABASE"} \
		"$ONRAMP_BIN" "$@" >"$cli_out" 2>"$cli_out.err" <"${CLI_STDIN:-/dev/null}"
	CLI_RC=$?
}

# json FILE PYEXPR: evaluates PYEXPR with `j` bound to the parsed JSON in
# FILE and prints the result (JSON literals for bool/None); prints
# "<invalid json>" when FILE does not parse.
json() {
	$PY - "$1" "$2" <<'EOF'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        j = json.load(f)
except Exception:
    print("<invalid json>")
    sys.exit(0)
try:
    v = eval(sys.argv[2], {"j": j})
except Exception as e:
    print("<error: %s>" % type(e).__name__)
    sys.exit(0)
print(json.dumps(v) if isinstance(v, (bool, type(None), dict, list, tuple)) else v)
EOF
}

# store_sql QUERY [FILE]: the first column of QUERY's first row, from the
# store's database: PostgreSQL on the PostgreSQL pass (ONRAMP_DATABASE),
# else the SQLite file $DB; with FILE, that SQLite file (a receiver's).
store_sql() {
	if [ -z "${2:-}" ] && [ -n "${ONRAMP_DATABASE:-}" ]; then
		# SQLite's page check has no PostgreSQL twin: the server checks
		# its own pages, so "intact" means every onramp table still reads
		case $1 in "PRAGMA integrity_check")
			set -- "SELECT 'ok' FROM connections, (SELECT count(*) FROM records) r,
				(SELECT count(*) FROM history) h, (SELECT count(*) FROM events) e LIMIT 1" ;;
		esac
		psql -qXtA "$ONRAMP_DATABASE" -c "$1" 2>/dev/null | head -n 1
	else
		# committed, so an UPDATE ... RETURNING changes the store too
		$PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1], timeout=10); r=c.execute(sys.argv[2]).fetchone(); c.commit(); print(r[0])' "${2:-$DB}" "$1"
	fi
}

# ---- secrets ------------------------------------------------------------------

# proc_leaks SECRETFILE PID...: prints each /proc/PID/cmdline or environ
# that holds the secret (or cannot be read); true when there is none.
proc_leaks() {
	pl_secret=$1
	shift
	pl_bad=0
	for p in "$@"; do
		for f in cmdline environ; do
			[ -e "/proc/$p/$f" ] || continue # ended meanwhile
			if ! cat "/proc/$p/$f" >/dev/null 2>&1; then
				echo "/proc/$p/$f (unreadable)"
				pl_bad=1
			elif grep -aqF -f "$pl_secret" "/proc/$p/$f" 2>/dev/null; then
				echo "/proc/$p/$f"
				pl_bad=1
			fi
		done
	done
	[ "$pl_bad" -eq 0 ]
}

# files_with SECRETFILE DIR: lists the files under DIR holding the secret.
files_with() {
	grep -rlaF -f "$1" "$2" 2>/dev/null
}

# ---- more helpers (lifecycle, kiosk, modes and terminals tests) ----------------

# app_start_env VAR=VALUE... -- [ARGS...]: like app_start, with VAR=VALUE
# added to the program's whitelisted environment, or replacing a default
# there (TERM=vt100, LANG=C, NO_COLOR=1, LC_ALL=C). The program runs as
# `env -i DEFAULTS... /usr/bin/env VAR=VALUE... $ONRAMP_BIN ARGS`; env execs
# it, so app_pid still finds the program.
app_start_env() {
	ase_bin=$ONRAMP_BIN
	ase_total=$#
	ase_done=""
	for ase_a in "$@"; do
		if [ -z "$ase_done" ] && [ "$ase_a" = -- ]; then
			set -- "$@" "$ase_bin"
			ase_done=1
		else
			set -- "$@" "$ase_a"
		fi
	done
	shift "$ase_total"
	[ -n "$ase_done" ] || set -- "$@" "$ase_bin"
	ONRAMP_BIN=/usr/bin/env
	app_start "$@"
	ONRAMP_BIN=$ase_bin
}

# stage_lines DESC TITLE...: one check that the screen shows a line per
# stage, "ok" or "skipped" before each TITLE (line mode's stage lines).
stage_lines() {
	sl_desc=$1
	shift
	sl_scr=$(screen)
	sl_miss=""
	for st in "$@"; do
		printf '%s\n' "$sl_scr" | grep -qE "^ +(ok|skipped) +$st" || sl_miss="$sl_miss [$st]"
	done
	[ -z "$sl_miss" ] && ok "$sl_desc" || { not_ok "$sl_desc, missing$sl_miss"; show_last; }
}

# to_manage: from the start screen to "Manage connections" (Down until the
# item is highlighted: where it stands depends on the start screen's items).
to_manage() {
	wait_for "Manage connections" 10 || return 1
	for _ in 1 2 3; do
		screen | grep -q "> Manage connections" && break
		send_keys Down
		wait_change 2 >/dev/null
	done
	send_keys Enter
	wait_for "onramp · Manage connections" 10
}

# conn_select ID [SECONDS]: on "Manage connections", moves the highlight
# (the "> " marker) to the row of connection ID with Up/Down.
conn_select() {
	cs_end=$(($(now_s) + ${2:-10}))
	cs_dir=Down
	cs_prev=""
	while :; do
		cs_scr=$(screen)
		printf '%s\n' "$cs_scr" | grep -qE "^ *> $1 " && return 0
		[ "$(now_s)" -gt "$cs_end" ] && return 1
		# the highlighted row did not move: turn around at the end of the list
		cs_row=$(printf '%s\n' "$cs_scr" | grep -E '^ *> [a-z0-9]+ ' | head -n 1)
		[ -n "$cs_prev" ] && [ "$cs_row" = "$cs_prev" ] && { [ $cs_dir = Down ] && cs_dir=Up || cs_dir=Down; }
		cs_prev=$cs_row
		send_keys $cs_dir
		wait_change 2 >/dev/null
	done
}

# focus_field LABEL [SECONDS]: on a form, presses Tab until the cursor
# (">") is on the field LABEL (the line type_secret looks for).
focus_field() {
	ff_end=$(($(now_s) + ${2:-5}))
	while :; do
		screen | grep -qE "^ > [*!] $1( |\$)" && return 0
		[ "$(now_s)" -gt "$ff_end" ] && return 1
		send_keys Tab
		wait_change 1 >/dev/null
	done
}

# pane_echo_off [SECONDS]: waits until the pane's terminal has echo turned
# off (a line-mode program is reading a secret).
pane_echo_off() {
	peo_tty=$(tm display-message -p -t e2e '#{pane_tty}')
	peo_end=$(($(now_s) + ${1:-5}))
	while :; do
		stty -F "$peo_tty" -a 2>/dev/null | grep -qE '(^| )-echo( |$)' && return 0
		[ "$(now_s)" -gt "$peo_end" ] && return 1
		sleep 0.05
	done
}

# type_secret_line FILE: line mode's type_secret: types the contents of
# FILE via a tmux paste buffer once the terminal's echo is off; returns 1
# (typing nothing) if echo stays on.
type_secret_line() {
	if ! pane_echo_off 5; then
		not_ok "the terminal's echo is off before a secret is typed (not typing it)"
		show_last
		return 1
	fi
	tm load-buffer -b e2e-secret "$1" && tm paste-buffer -d -b e2e-secret -t e2e
}

# sgr_scan MODE [ARG]: reads a `capture-pane -e` capture on stdin and
# follows its SGR state cell by cell (tmux writes only SGR sequences).
#   sgr_scan colours      every colour used, one a line: fg:N or bg:N
#                         (N = 0-255; default colours are not listed)
#   sgr_scan style TEXT   the style of the first cell of the first TEXT:
#                         "fg=N|default bg=N|default [bold] [dim] [reverse]
#                         [underline]"; "none" when TEXT is not there
sgr_scan() {
	$PY -c '
import re, sys
mode = sys.argv[1]
arg = sys.argv[2] if len(sys.argv) > 2 else ""
data = sys.stdin.buffer.read().decode("utf-8", "replace")
st = {"fg": None, "bg": None, "bold": 0, "dim": 0, "reverse": 0, "underline": 0}
used = set()
cells = []  # (char, style) per line, lines joined with "\n"
def apply(params):
    ps = [int(p) if p.isdigit() else 0 for p in re.split("[;:]", params)] if params else [0]
    i = 0
    while i < len(ps):
        p = ps[i]
        if p == 0:
            st.update(fg=None, bg=None, bold=0, dim=0, reverse=0, underline=0)
        elif p == 1: st["bold"] = 1
        elif p == 2: st["dim"] = 1
        elif p == 4: st["underline"] = 1
        elif p == 7: st["reverse"] = 1
        elif p == 22: st["bold"] = st["dim"] = 0
        elif p == 24: st["underline"] = 0
        elif p == 27: st["reverse"] = 0
        elif 30 <= p <= 37: st["fg"] = p - 30
        elif 40 <= p <= 47: st["bg"] = p - 40
        elif 90 <= p <= 97: st["fg"] = p - 90 + 8
        elif 100 <= p <= 107: st["bg"] = p - 100 + 8
        elif p == 39: st["fg"] = None
        elif p == 49: st["bg"] = None
        elif p in (38, 48) and i + 2 < len(ps) and ps[i + 1] == 5:
            st["fg" if p == 38 else "bg"] = ps[i + 2]
            i += 2
        elif p in (38, 48) and i + 4 < len(ps) and ps[i + 1] == 2:
            st["fg" if p == 38 else "bg"] = "rgb"
            i += 4
        i += 1
for tok in re.split("(\x1b\\[[0-9;:]*m)", data):
    if tok.startswith("\x1b["):
        apply(tok[2:-1])
        continue
    for ch in tok:
        if ch != "\n" and st["bg"] is not None:
            used.add("bg:%s" % st["bg"])
        if ch not in "\n " and st["fg"] is not None:
            used.add("fg:%s" % st["fg"])
        cells.append((ch, dict(st)))
if mode == "colours":
    for u in sorted(used): print(u)
elif mode == "style":
    text = "".join(c for c, _ in cells)
    i = text.find(arg)
    if i < 0:
        print("none")
    else:
        s = cells[i][1]
        out = ["fg=%s" % ("default" if s["fg"] is None else s["fg"]), "bg=%s" % ("default" if s["bg"] is None else s["bg"])]
        out += [k for k in ("bold", "dim", "reverse", "underline") if s[k]]
        print(" ".join(out))
' "$@"
}
