#!/usr/bin/env bash
# Sync kill loop: `onramp sync` killed with SIGKILL at random moments while
# it writes, at least KILLS times. The source is the SAP fixture serving
# ORDERS generated orders in pages of 100, and each run is a new
# connection's first sync, so the kills land while pages are written.
# Every third run syncs the last connection again instead, so its stored
# orders are skipped by their source bytes while the kills land.
# After every kill:
#   - PRAGMA integrity_check is ok;
#   - no record is duplicated: one "added" history row per record;
#   - only whole pages were kept (a multiple of 100 records);
#   - the high-water mark is never ahead: it exists only once every record is in.
# Every 10th killed connection is then synced again: that sync completes
# (DONE) with all ORDERS orders, skipping each one already in, and reaps
# the run the kill left SYNCING.
#
#   tests/store/sync_kill.sh [KILLS]      (default 100; or SYNC_KILLS=N)
#   SYNC_ORDERS=N                         the source's orders (default 500)
#   SYNC_COMMIT=N | mix                   --commit-every N for every sync (default 100:
#                                         a transaction a page, so kills land between
#                                         commits); mix: each run picks the default
#                                         (2000 orders or 1 s), 100 or 300 at random
#   SYNC_FRESH=N                          a new database every N runs (default 100), so
#                                         the integrity check after each kill does not
#                                         grow with the number of runs
#   ONRAMP=path/to/binary                 (default ./build/onramp-san, ./onramp)
# `make soak` runs it with 1,000 kills on the release binary (see Makefile).
set -u

. "$(dirname "$0")/binary.sh" sync_kill
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
KILLS=${1:-${SYNC_KILLS:-100}}
ORDERS=${SYNC_ORDERS:-500}
COMMIT=${SYNC_COMMIT:-100}
FRESH=${SYNC_FRESH:-100}
# commit_opt: the --commit-every of the next run ("" for the default).
commit_opt() {
	local pick=$COMMIT
	if [ "$COMMIT" = mix ]; then
		pick=$(echo "default 100 300" | cut -d' ' -f$((RANDOM % 3 + 1)))
	fi
	[ "$pick" = default ] || echo "--commit-every $pick"
}
PY=/usr/bin/python3

T=$(mktemp -d "${TMPDIR:-/tmp}/onramp-synckill.XXXXXX")
PO_PID=""
trap 'kill $PO_PID 2>/dev/null; rm -rf "$T"' EXIT
export HOME=$T XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
mkdir -p "$XDG_CONFIG_HOME/onramp"
echo "credits = 1000000" >"$XDG_CONFIG_HOME/onramp/config"
DB=$XDG_DATA_HOME/onramp/onramp.db

# TAP, for prove (tests/run-all.sh): one test point per check, the plan at
# the end, the figures as "# " comments.
passed=0 failed=0
fail() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $*"; }
pass() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $*"; }

. "$(dirname "$0")/po_fixture.sh"
start_po_fixture

# state ID: one query's numbers for a connection, into ok (integrity),
# recs (records), added (added rows), distinct (distinct added ids), mark
# (set: 0/1) and syncing (SYNCING runs). One Python serves every round
# (a coprocess: a start of its own each round cost more than the round's
# checks), opening the database anew for each question, since the file is
# replaced every SYNC_FRESH runs.
cat >"$T/state.py" <<'EOF'
import sqlite3, sys
for line in sys.stdin:
    i = line.strip()
    try:
        c = sqlite3.connect(sys.argv[1], timeout=30)
        q = lambda s: c.execute(s, (i,)).fetchone()[0]
        print(c.execute("PRAGMA integrity_check").fetchone()[0],
              q("SELECT count(*) FROM records WHERE conn_id=?"),
              q("SELECT count(*) FROM history WHERE conn_id=? AND action='added'"),
              q("SELECT count(DISTINCT remote_id) FROM history WHERE conn_id=? AND action='added'"),
              q("SELECT count(*) FROM marks WHERE conn_id=? AND mark<>''"),
              q("SELECT count(*) FROM sync_runs WHERE conn_id=? AND status='SYNCING'"))
        c.close()
    except Exception as e:  # the checks then fail with its words
        print("error:" + str(e).replace(" ", "_"), "x x x x x")
EOF
coproc SQ { exec $PY -u "$T/state.py" "$DB"; }
state() {
	ok="no answer" recs=x added=x distinct=x mark=x syncing=x
	echo "$1" >&"${SQ[1]}" && read -r -t 120 ok recs added distinct mark syncing <&"${SQ[0]}"
}

# new_conn: a new connection to the fixture's ORDERS orders; prints its id.
# Stored straight away (no sign-in first, as pg_agents.sh does): the kills
# are the sync's, and a sign-in a round cost a fifth of the round.
printf '{"password":"%s"}' "$(cat "$T/pw")" >"$T/secret.json"
new_conn() {
	"$ONRAMP" __store-connect sap-s4hana-onprem "$FX/case/n$ORDERS" ALICE \
		--fields "{\"url\":\"$FX/case/n$ORDERS\",\"client\":\"100\",\"username\":\"ALICE\"}" \
		<"$T/secret.json" >"$T/c.json" 2>"$T/c.err" && cut -d" " -f1 "$T/c.json"
}

# Calibrate: how long does one whole sync take here? Kills land anywhere in it.
CAL=$(new_conn) || {
	echo "not ok 1 - the first connect (calibration) succeeds"; sed "s/^/# /" "$T/c.json" "$T/c.err"
	echo "1..1"; exit 1
}
t0=$(date +%s%N)
"$ONRAMP" sync "$CAL" $(commit_opt) >/dev/null 2>&1
span_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$span_ms" -lt 300 ] && span_ms=300
cal_ms=$span_ms

killed=0 finished=0 runs=0 checks=0 completions=0 grew=0 last=0 databases=1 again=0 killed_again=0
ID=""
# complete ID: the sync after the kills completes with everything, and
# skips (by their stored source bytes) every order the kills left in.
complete() {
	local before skipped
	state "$1"
	before=$recs
	if "$ONRAMP" sync "$1" --json >"$T/s.out" 2>"$T/s.err"; then
		skipped=$(jq -r .skipped "$T/s.out")
		state "$1"
		if [ "$ok" = ok ] && [ "$recs" = "$ORDERS" ] && [ "$added" = "$ORDERS" ] && [ "$mark" = 1 ] && [ "$syncing" = 0 ] &&
			[ "$skipped" = "$before" ]; then
			pass "after the kills, the sync of $1 completes with all $ORDERS orders ($skipped skipped)"
		else
			fail "after the kills, the sync of $1 left: $ok, $recs records, $added added, mark $mark, $syncing SYNCING, $skipped skipped of $before"
		fi
		completions=$((completions + 1))
	else
		fail "the sync after the kills failed: $(cat "$T/s.out" "$T/s.err" | tr '\n' ' ')"
	fi
}
while [ "$killed" -lt "$KILLS" ]; do
	# most runs are a new connection's first sync, so it writes from its
	# first page to its last; every 10th is then synced to the end. Every
	# third (but those) syncs the last one again: SAP's reader skips the
	# orders it stored (src_hash), so kills land in that path too
	[ -n "$ID" ] && [ $((runs % 10)) -eq 0 ] && complete "$ID"
	if [ "$runs" -gt 0 ] && [ $((runs % FRESH)) -eq 0 ]; then
		rm -rf "$XDG_DATA_HOME" # a new database: the checks must not grow with the run
		databases=$((databases + 1))
	fi
	if [ -n "$ID" ] && [ $((runs % 3)) -eq 2 ] && [ $((runs % 10)) -ne 0 ] && [ $((runs % FRESH)) -ne 0 ] &&
		[ "$last" -lt "$ORDERS" ]; then
		again=$((again + 1)) # the same connection again: the kill lands while its stored orders are skipped
	else
		last=0
		ID=$(new_conn) || { fail "connect failed: $(cat "$T/c.json" "$T/c.err")"; break; }
	fi
	runs=$((runs + 1))
	if [ $((runs % 2)) -eq 0 ]; then full=--full; else full=""; fi
	"$ONRAMP" sync "$ID" $full $(commit_opt) >/dev/null 2>&1 &
	pid=$!
	again_run=$last # > 0: this connection has orders to skip
	if [ "$again_run" -gt 0 ]; then # skipping comes first, and is quick: from the start
		delay=$((RANDOM % span_ms))
	else
		delay=$((span_ms / 4 + RANDOM % span_ms))
	fi
	sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	if [ "$rc" -eq 137 ]; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
	[ "$rc" -eq 137 ] && [ "$again_run" -gt 0 ] && killed_again=$((killed_again + 1))
	state "$ID"
	# the machine's speed changes under other work: a first sync that
	# finished first shortens the span, one killed before it wrote
	# lengthens it
	if [ "$again_run" -gt 0 ]; then
		:
	elif [ "$rc" -ne 137 ]; then
		span_ms=$((span_ms * 85 / 100 < 300 ? 300 : span_ms * 85 / 100))
	elif [ "$recs" -eq "$last" ]; then
		span_ms=$((span_ms * 110 / 100))
	fi
	checks=$((checks + 1))
	[ "$rc" -eq 137 ] && [ "$recs" -gt "$last" ] && grew=$((grew + 1))
	last=$recs
	if [ "$ok" != ok ]; then
		fail "run $runs: integrity_check says $ok"
	elif [ "$added" != "$recs" ] || [ "$distinct" != "$added" ]; then
		fail "run $runs: $recs records but $added added rows ($distinct distinct): duplicated or missing"
	elif [ $((recs % 100)) -ne 0 ]; then
		fail "run $runs: $recs records is not whole pages"
	elif [ "$mark" = 1 ] && [ "$recs" != "$ORDERS" ]; then
		fail "run $runs: the mark is saved with only $recs of $ORDERS records in"
	else
		pass "run $runs: intact, $recs records in whole pages, none duplicated, mark not ahead"
	fi
done
[ -n "$ID" ] && complete "$ID"
echo "# $ORDERS orders a source, commits: ${COMMIT/mix/mixed (default, 100 or 300 orders)}"
echo "# a whole sync takes $cal_ms ms here (calibration; $span_ms ms at the end); kills land at random within it"
echo "# databases used: $databases (a new one every $FRESH runs)"
echo "# sync runs: $runs (killed mid-run: $killed, finished first: $finished); checks after each: $checks"
echo "# kills after which more pages were in than before (killed while writing): $grew"
echo "# runs on a connection the last run left part-synced (its stored orders skipped): $again, killed: $killed_again"
echo "# completed syncs after the kills: $completions (each all $ORDERS orders, DONE, stale runs reaped)"
echo "1..$((passed + failed))"
[ "$failed" -eq 0 ]
