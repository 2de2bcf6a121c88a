#!/bin/sh
# suite.sh SUITE: runs one unit suite of build/unit-san as a TAP test; this
# is what prove runs for each suite (tests/run-all.sh). Every suite gets a
# HOME and XDG_* folders of its own, so suites running side by side, or a
# test that forgets its own isolation, never touch a real or shared store.
# A suite marked "servers" in `unit-san --list` (T_SUITE_SERVERS) also gets
# its own fixture servers, without Tryton (tests/lib/servers.sh), so
# `make unit` needs nothing started beforehand.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
UNIT=${UNIT_BIN:-$ROOT/build/unit-san}
: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=0}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1}"
export ASAN_OPTIONS UBSAN_OPTIONS
suite=${1:?usage: suite.sh SUITE}

mkdir -p "$ROOT/build/test"
T_DIR=$(mktemp -d "$ROOT/build/test/unit.$suite.XXXXXX") || exit 1
HOME=$T_DIR/home
XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share
XDG_CACHE_HOME=$HOME/.cache XDG_STATE_HOME=$HOME/.local/state
TMPDIR=$T_DIR/tmp
mkdir -p "$HOME" "$TMPDIR"
export HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME TMPDIR
unset XDG_RUNTIME_DIR

rc=0
if "$UNIT" --list | grep -qx "$suite servers"; then
	ONRAMP_NO_TRYTON=1
	. "$ROOT/tests/lib/servers.sh"
	trap stop_servers EXIT
	trap 'exit 130' INT TERM HUP
	if start_servers; then
		"$UNIT" "$suite" || rc=$?
	else
		# no plan: prove counts the suite as failed
		echo "suite.sh: could not start the fixture servers for $suite" >&2
		rc=1
	fi
	stop_servers
	trap - EXIT
else
	"$UNIT" "$suite" || rc=$?
fi
# kept for inspection when something failed
[ "$rc" -eq 0 ] && rm -rf "$T_DIR"
exit "$rc"
