# servers.sh: starts every server the tests need on loopback, and stops
# them on exit. Sourced by each suite that needs them (tests/unit/suite.sh,
# tests/e2e/lib.sh), with T_DIR a folder of its own; exports ONRAMP_T_*.
PY=/usr/bin/python3
T_DIR=${T_DIR:-$ROOT/build/test}
mkdir -p "$T_DIR"
T_PIDS=""

free_port() {
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# fixture NAME [fixture.py options...]: starts one fixture in the
# background; fixture_port NAME waits until it listens and exports its port.
# All start at once and are awaited after, which takes a suite about as long
# as the slowest one instead of their sum.
fixture() {
	name=$1
	shift
	rm -f "$T_DIR/$name.port"
	$PY "$ROOT/tests/servers/fixture.py" --port 0 "$@" >"$T_DIR/$name.port" 2>"$T_DIR/$name.err" &
	T_PIDS="$T_PIDS $!"
}

fixture_port() {
	name=$1
	i=0
	# a deadline of 20 s: seven start together, on a machine others share
	while [ ! -s "$T_DIR/$name.port" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
	port=$(head -n 1 "$T_DIR/$name.port")
	[ -n "$port" ] || { echo "could not start fixture $name" >&2; cat "$T_DIR/$name.err" >&2; return 1; }
	eval "export ONRAMP_T_$name=$port"
}

start_servers() {
	sh "$ROOT/tests/servers/certs.sh" "$T_DIR/certs" || return 1
	export ONRAMP_T_CERTS="$T_DIR/certs"
	c="$T_DIR/certs"
	tryton_pid=""
	if [ -z "${ONRAMP_NO_TRYTON:-}" ]; then
		# trytond starts meanwhile; awaited at the end
		export ONRAMP_T_TRYTON=$(free_port)
		TRYTON_TEMPLATE_DIR="$ROOT/build/test/tryton-template" \
			sh "$ROOT/tests/servers/tryton.sh" start "$T_DIR/tryton" "$ONRAMP_T_TRYTON" >"$T_DIR/tryton.log" 2>&1 &
		tryton_pid=$!
	fi
	fixture HTTP
	fixture TLS_GOOD --cert "$c/good.pem" --key "$c/good.key"
	fixture TLS_SELF --cert "$c/selfsigned.pem" --key "$c/selfsigned.key"
	fixture TLS_EXPIRED --cert "$c/expired.pem" --key "$c/expired.key"
	fixture TLS_WRONG --cert "$c/wronghost.pem" --key "$c/wronghost.key"
	fixture TLS_FUTURE --cert "$c/future.pem" --key "$c/future.key"
	# another "host" (127.0.0.2) that logs what reaches it, for redirect tests
	fixture OTHER --host 127.0.0.2 --log "$T_DIR/other.log"
	export ONRAMP_T_OTHER_LOG="$T_DIR/other.log"
	for f in HTTP TLS_GOOD TLS_SELF TLS_EXPIRED TLS_WRONG TLS_FUTURE OTHER; do
		fixture_port "$f" || return 1
	done
	export ONRAMP_T_CLOSED=$(free_port) # nothing listens here
	if [ -n "$tryton_pid" ]; then
		wait "$tryton_pid" || { echo "could not start trytond:" >&2; tail -20 "$T_DIR/tryton.log" >&2; return 1; }
		export ONRAMP_T_TRYTON_PASSWORD='Tryton-Adm1n!'
	fi
}

stop_servers() {
	for p in $T_PIDS; do kill "$p" 2>/dev/null; done
	# a start still under way writes its pid file first (after a failure)
	[ -z "${tryton_pid:-}" ] || wait "$tryton_pid" 2>/dev/null
	[ -z "${ONRAMP_T_TRYTON:-}" ] || sh "$ROOT/tests/servers/tryton.sh" stop "$T_DIR/tryton" >/dev/null 2>&1
	wait 2>/dev/null
}
