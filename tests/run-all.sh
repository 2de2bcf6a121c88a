#!/bin/sh
# run-all.sh [unit]: every test of `make check` (with "unit": the unit
# suites only, `make unit`). prove runs the suites as TAP, five at a time
# (TEST_JOBS=N to change: most suites wait on servers, screens and the
# moments they kill at: with two the two cores sat half idle, 580
# CPU-seconds in 547 s, and with three still more than a third), through
# tests/run-one.sh. Each suite starts the
# servers it needs and has its own HOME, XDG_* and temporary folders
# (tests/unit/suite.sh, tests/e2e/lib.sh, tests/store/*.sh), so suites in
# parallel share no server, database, store or tmux socket. The output ends
# with the one line CI reads, "N passed, N failed", counting test points
# (tests/lib/OnrampHarness.pm).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
export ONRAMP_BIN="$ROOT/build/onramp-san" ONRAMP="$ROOT/build/onramp-san"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Sizes that keep `make check` within minutes; the scripts take more runs by
# hand (see their headers) for the figures quoted in the README.
export CRASH_RUNS=${CRASH_RUNS:-200} CONC_ROUNDS=${CONC_ROUNDS:-25} SYNC_KILLS=${SYNC_KILLS:-100}
# servers come from each suite, never from the caller's environment
for v in $(env | sed -n 's/^\(ONRAMP_T_[A-Z0-9_]*\)=.*/\1/p'); do unset "$v"; done
unset ONRAMP_DATABASE ONRAMP_LEASE_S
mkdir -p build/test
T_DIR=$(mktemp -d "$ROOT/build/test/run.XXXXXX") || exit 1
export ONRAMP_TEST_LOGS="$T_DIR/logs"
mkdir -p "$ONRAMP_TEST_LOGS"

# The suites, longest first (as prove --timer measured them in two whole
# runs), so that the last to start are short ones and the jobs finish close
# together; any suite not named here follows. fuzz/smoke comes first: it
# builds the core again with clang, and as the fifth it was the run's
# last. The first six start no Tryton: the template database is built
# beside them.
PG_PASS="unit/records@pg unit/webhooks@pg unit/api@pg unit/manage_status@pg e2e/test_api@pg e2e/test_webhooks@pg e2e/test_sync@pg
e2e/test_story@pg e2e/test_plain_http_kept@pg"
FIRST="fuzz/smoke store/crash_loop store/sync_kill unit/dbdamage e2e/test_po_readers store/pg_agents e2e/test_session
e2e/test_sync@pg e2e/test_manage_sync e2e/test_auth_methods e2e/test_sync store/concurrency e2e/test_webhook_faults
e2e/test_api@pg e2e/test_orders e2e/test_lifecycle e2e/test_story@pg e2e/test_failures e2e/test_cancel_resize e2e/test_story
e2e/test_i18n e2e/test_terminals e2e/test_preview e2e/test_widths e2e/test_invite e2e/test_kiosk e2e/test_plain_http_kept
e2e/test_plain_http_kept@pg e2e/test_api e2e/test_keys e2e/test_device e2e/test_result_line e2e/test_webhooks e2e/test_cli
e2e/test_webhooks@pg e2e/test_modes unit/import e2e/test_wrong_server e2e/test_sync_skip e2e/test_sync_agent store/disk_full
e2e/test_i18n_screens e2e/test_plain_http e2e/test_signin e2e/test_relay e2e/test_oauth_code unit/dropin_cache"
all=""
for s in $(build/unit-san --list | cut -d' ' -f1); do all="$all unit/$s"; done
if [ -z "$all" ]; then
	# prove with no suites would pass, having run nothing
	echo "build/unit-san --list names no suite: is it built?"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ "${1:-}" = unit ]; then
	suites=$all
else
	for t in tests/e2e/test_*.sh; do all="$all e2e/$(basename "$t" .sh)"; done
	all="$all store/crash_loop store/concurrency store/sync_kill store/disk_full fuzz/smoke"
	# the PostgreSQL pass: the store, sync, API and webhook suites again,
	# each on its own database of one server started here, and the
	# several-instances test (README, "Running several instances")
	all="$all store/pg_agents $PG_PASS"
	# one line: a name after a line break (PG_PASS has them) matched no
	# " NAME " below, and test_sync@pg and test_story@pg ran last
	# shellcheck disable=SC2086,SC2116 # word splitting is the point
	all=$(echo $all)
	suites=""
	for s in $FIRST; do
		case " $all " in *" $s "*) suites="$suites $s" ;; esac
	done
	for s in $all; do
		case " $suites " in *" $s "*) ;; *) suites="$suites $s" ;; esac
	done
	# Building the Tryton template database takes ~25 s on a clean clone:
	# do it beside the first suites; a suite that starts Tryton before it is
	# done waits for it (tests/servers/tryton.sh builds under a lock).
	sh tests/servers/tryton.sh template "$ROOT/build/test/tryton-template" \
		>"$T_DIR/tryton-template.log" 2>&1 &
	template_pid=$!
	trap 'kill $template_pid 2>/dev/null; pg_stop' INT TERM
fi

# one PostgreSQL server for every suite of the PostgreSQL pass
# (tests/lib/pg.sh); a suite run alone starts its own
if [ "${1:-}" != unit ]; then
	. tests/lib/pg.sh
	chmod 755 "$T_DIR"
	if pg_start "$T_DIR/pg" >"$T_DIR/pg.log" 2>&1; then
		export ONRAMP_T_PG_SHARED="$ONRAMP_T_PG_SOCK"
		unset ONRAMP_T_PG_SOCK
	fi
fi

# shellcheck disable=SC2086 # $suites is a list of words
PERL5LIB="$ROOT/tests/lib${PERL5LIB:+:$PERL5LIB}" prove -j"${TEST_JOBS:-5}" --timer --failures --comments \
	--harness OnrampHarness --exec "sh tests/run-one.sh" $suites
rc=$?
[ -n "${template_pid:-}" ] && wait "$template_pid"
pg_stop 2>/dev/null
[ "$rc" -eq 0 ] && rm -rf "$T_DIR" # kept for inspection when something failed
exit "$rc"
