#!/bin/sh
# run-all.sh: every test of `make check`. Starts the servers, runs the unit
# tests and each test script, and ends with the one line CI reads:
# "N passed, N failed".
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
export ONRAMP_BIN="$ROOT/build/onramp-san"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Sizes that keep `make check` within minutes; the scripts take more runs by
# hand (see their headers) for the figures quoted in the README.
export CRASH_RUNS=${CRASH_RUNS:-200} CONC_ROUNDS=${CONC_ROUNDS:-25}
export ONRAMP="$ONRAMP_BIN"
# each run gets its own folder, so two runs in one checkout do not meet;
# the Tryton template database is shared (tests/lib/servers.sh)
mkdir -p "$ROOT/build/test"
T_DIR=$(mktemp -d "$ROOT/build/test/run.XXXXXX")
export T_DIR
. "$ROOT/tests/lib/servers.sh"
trap stop_servers EXIT INT TERM
LOG="$T_DIR/logs"
mkdir -p "$LOG"
passed=0
failed=0

# run NAME CMD...: runs one suite, shows its output, adds its closing counts.
run() {
	name=$1
	shift
	echo "== $name"
	"$@" >"$LOG/$name.out" 2>&1
	rc=$?
	cat "$LOG/$name.out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$LOG/$name.out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "not ok - $name ended without a result line (exit $rc)"
		failed=$((failed + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#*, }
	f=${f%% failed*}
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited $rc"
		failed=$((failed + 1))
	fi
}

if ! start_servers; then
	echo "0 passed, 1 failed"
	exit 1
fi
run unit ./build/unit-san
for t in tests/e2e/test_*.sh tests/store/crash_loop.sh tests/store/concurrency.sh tests/store/sync_kill.sh; do
	[ -f "$t" ] || continue
	n=$(basename "$t" .sh)
	run "$n" bash "$t"
done
stop_servers
trap - EXIT INT TERM
[ "$failed" -eq 0 ] && rm -rf "$T_DIR" # kept for inspection when something failed
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
