#!/bin/sh
# run-one.sh NAME: runs one suite of `make check` as a TAP test; prove calls
# it for each name tests/run-all.sh lists:
#   unit/SUITE    a unit suite, through tests/unit/suite.sh
#   e2e/NAME      tests/e2e/NAME.sh
#   store/NAME    tests/store/NAME.sh
#   fuzz/smoke    tests/fuzz/smoke.sh (every libFuzzer target builds and runs)
# stderr joins stdout, so prove reads one stream (it ignores what is not
# TAP), and with ONRAMP_TEST_LOGS set the whole output is also kept in
# $ONRAMP_TEST_LOGS/KIND.NAME.log, which run-all.sh shows for a failed suite.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
name=${1:?usage: run-one.sh unit/SUITE|e2e/NAME|store/NAME}
# NAME@pg: the same suite on PostgreSQL (tests/lib/pg.sh): on the server
# run-all.sh started (ONRAMP_T_PG_SHARED), else on one of its own
unset ONRAMP_T_PG_SOCK ONRAMP_DATABASE
case $name in
*@pg)
	name=${name%@pg}
	. "$ROOT/tests/lib/pg.sh"
	if [ -n "${ONRAMP_T_PG_SHARED:-}" ]; then
		export ONRAMP_T_PG_SOCK=$ONRAMP_T_PG_SHARED
	else
		mkdir -p "$ROOT/build/test"
		pg_dir=$(mktemp -d "$ROOT/build/test/pg.XXXXXX") || exit 1
		chmod 755 "$pg_dir"
		pg_start "$pg_dir" || exit 1
		trap 'pg_stop; rm -rf "$pg_dir"' EXIT
		trap 'exit 130' INT TERM HUP
	fi
	;;
esac
case $name in
unit/*) set -- sh "$ROOT/tests/unit/suite.sh" "${name#unit/}" ;;
e2e/* | store/* | fuzz/*) set -- bash "$ROOT/tests/$name.sh" ;;
*)
	echo "run-one.sh: unknown suite $name" >&2
	exit 2
	;;
esac
if [ -z "${ONRAMP_TEST_LOGS:-}" ]; then
	"$@" 2>&1
	exit $? # not exec: the trap stops a PostgreSQL started here
fi
log="$ONRAMP_TEST_LOGS/$(echo "$name" | tr / .)$([ -n "${ONRAMP_T_PG_SOCK:-}" ] && echo .pg).log"
# the pipe to tee hides the suite's exit status, which prove needs
{
	"$@" 2>&1
	echo $? >"$log.rc"
} | tee "$log"
rc=$(cat "$log.rc" 2>/dev/null || echo 1)
rm -f "$log.rc"
exit "$rc"
