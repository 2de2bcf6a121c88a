# serve_lib.sh: helpers of the API and webhook tests (sourced after lib.sh).

# bg NAME ARGS...: the binary in the background with the whitelisted
# environment (and ONRAMP_WEBHOOK_SCALE, ONRAMP_DATABASE, ONRAMP_LEASE_S
# when set); BG_PID gets its pid,
# BG_PIDS collects them for the EXIT trap, PORT the port of its
# "listening on http(s)://HOST:PORT" line.
bg() {
	name=$1
	shift
	env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		XDG_DATA_HOME="$XDG_DATA_HOME" LANG=C.UTF-8 TZ=UTC ASAN_OPTIONS="$ASAN_OPTIONS" \
		UBSAN_OPTIONS="$UBSAN_OPTIONS" ONRAMP_WEBHOOK_SCALE="${ONRAMP_WEBHOOK_SCALE:-}" \
		${ONRAMP_DATABASE:+"ONRAMP_DATABASE=$ONRAMP_DATABASE"} ${ONRAMP_LEASE_S:+"ONRAMP_LEASE_S=$ONRAMP_LEASE_S"} \
		"$ONRAMP_BIN" "$@" >"$E2E_DIR/$name.out" 2>"$E2E_DIR/$name.err" &
	BG_PID=$!
	BG_PIDS="${BG_PIDS:-} $BG_PID"
	PORT=""
	for _ in $(seq 1 200); do
		PORT=$(sed -n 's/.*listening on https*:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$E2E_DIR/$name.out")
		[ -n "$PORT" ] && break
		sleep 0.05
	done
}

# wait_for_cmd SECONDS CMD...: until CMD succeeds (true) or the deadline.
wait_for_cmd() {
	w_end=$(($(date +%s) + $1))
	shift
	while [ "$(date +%s)" -le "$w_end" ]; do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# platform_and_kiosk: the kiosk tests' two homes, the platform (home1, whose
# database is PDB) and a kiosk (home2), with `platform` and `kiosk` to switch
# between them; background servers (BG_PIDS) are stopped on exit.
platform_and_kiosk() {
	BG_PIDS=""
	on_exit 'kill $BG_PIDS'
	fresh_home
	PDB="$E2E_DIR/home1/.local/share/onramp/onramp.db"
}
platform() { home_vars 1; }
kiosk() { home_vars 2; }

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_fixture NAME ARGS...: a Python fixture server printing its port
# first; sets FX_PORT.
start_fixture() {
	f=$1
	shift
	$PY "$@" >"$E2E_DIR/$f.port" 2>"$E2E_DIR/$f.err" &
	BG_PIDS="${BG_PIDS:-} $!"
	for _ in $(seq 1 100); do [ -s "$E2E_DIR/$f.port" ] && break; sleep 0.1; done
	FX_PORT=$(head -n1 "$E2E_DIR/$f.port")
}

# home_vars N: HOME and XDG_* of the Nth home that fresh_home made, for the
# tests with several machines (a platform and a kiosk: test_invite.sh).
home_vars() {
	HOME="$E2E_DIR/home$1"
	XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share"
	XDG_CACHE_HOME="$HOME/.cache" XDG_STATE_HOME="$HOME/.local/state" XDG_RUNTIME_DIR="$E2E_DIR/run$1"
	export HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME XDG_RUNTIME_DIR
}

# db_value DB SQL: the first column of the first row.
db_value() { $PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])' "$1" "$2"; }
