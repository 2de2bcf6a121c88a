#!/usr/bin/env bash
# Disk full during a sync (issue 14): the database lives on a small tmpfs
# mounted for this test in a private mount namespace (we run as root; when
# the mount is not possible the test says skip, with the reason). A first
# connection syncs 3 orders: the earlier data. A second connection's first
# sync of 2,000 orders then runs out of space. It must:
#   - fail with exit 8 and the store.disk_full code and words;
#   - lose nothing of the earlier data, keep the database intact;
#   - keep the high-water mark consistent (no mark for a run that did not
#     complete, the first connection's mark unchanged);
#   - keep only whole pages, none duplicated;
# and once space returns (the tmpfs grows), the next sync succeeds with all
# 2,000 orders, each once.
#
#   tests/store/disk_full.sh              ONRAMP=path/to/binary as in binary.sh
set -u

if [ -z "${ONRAMP_DISKFULL_NS:-}" ]; then
	# a private mount namespace: the mount disappears with the test, whatever
	# happens to it
	if ONRAMP_DISKFULL_NS=1 unshare --mount --propagation private true 2>/dev/null; then
		ONRAMP_DISKFULL_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
	fi
	ONRAMP_DISKFULL_NS=none
fi

. "$(dirname "$0")/binary.sh" disk_full
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
ORDERS=2000
SMALL=3m # holds the first connection and a few pages of the second, not all

T=$(mktemp -d "${TMPDIR:-/tmp}/onramp-diskfull.XXXXXX")
PO_PID=""
cleanup() {
	kill $PO_PID 2>/dev/null
	mountpoint -q "$T/data" && umount "$T/data"
	rm -rf "$T"
}
trap cleanup EXIT
export HOME=$T XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
mkdir -p "$XDG_CONFIG_HOME/onramp" "$XDG_DATA_HOME"
echo "credits = 100" >"$XDG_CONFIG_HOME/onramp/config"
DB=$XDG_DATA_HOME/onramp/onramp.db

if [ "$ONRAMP_DISKFULL_NS" != 1 ]; then
	echo "1..0 # SKIP no private mount namespace (unshare --mount failed: not root, or no CAP_SYS_ADMIN)"
	exit 0
fi
if ! err=$(mount -t tmpfs -o size=$SMALL,mode=0700 tmpfs "$XDG_DATA_HOME" 2>&1); then
	echo "1..0 # SKIP cannot mount a $SMALL tmpfs for the database: $err"
	exit 0
fi

n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else notok "$what"; fi
}
q() { $PY -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1], timeout=30); print(c.execute(sys.argv[2]).fetchone()[0])' "$DB" "$1"; }
jq_() { $PY -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }

. "$(dirname "$0")/po_fixture.sh"
start_po_fixture
connect() {
	"$ONRAMP" connect sap-s4hana-onprem --field url="$1" --field client=100 --field username=ALICE \
		--secret password=@"$T/pw" --json >"$T/c.json" 2>&1 && jq_ "$T/c.json" 'j["connection"]["id"]'
}

# the earlier data: 3 orders, synced while there is room
A=$(connect "$FX")
check "the first connection is made on the small disk" [ -n "$A" ]
"$ONRAMP" sync "$A" --json >"$T/a.json" 2>&1
check "its sync is done" [ "$(jq_ "$T/a.json" 'j["status"]')" = DONE ]
"$ONRAMP" history "$A" --json >"$T/ha1.json" 2>&1
mark_a=$(q "SELECT mark FROM marks WHERE conn_id='$A'")
check "it has its 3 orders and a mark ($mark_a)" [ "$(jq_ "$T/ha1.json" 'len(j)')" = 3 -a -n "$mark_a" ]

# the sync that runs out of space
B=$(connect "$FX/case/n$ORDERS")
check "the second connection is made" [ -n "$B" ]
"$ONRAMP" sync "$B" --full --json >"$T/b.json" 2>"$T/b.err"
rc=$?
df_line=$(df -k "$XDG_DATA_HOME" | tail -n 1)
echo "# after the failed sync: $df_line"
check "the sync fails with exit 8 (store), got $rc" [ "$rc" -eq 8 ]
check "its error is store.disk_full: $(jq_ "$T/b.json" 'j.get("error", {}).get("code")' 2>/dev/null)" \
	[ "$(jq_ "$T/b.json" 'j["error"]["code"]' 2>/dev/null)" = store.disk_full ]
msg=$(jq_ "$T/b.json" 'j["error"]["message"] + " / " + j["error"]["hint"]' 2>/dev/null)
echo "# message: $msg"
check "the message says the disk is full and what to do" sh -c \
	"echo '$msg' | grep -q 'is full' && echo '$msg' | grep -q 'Free some space'"
check "the run is recorded as failed or partly synced" sh -c \
	"$PY -c 'import json,sys; s=json.load(open(sys.argv[1]))[\"status\"]; sys.exit(s not in (\"FAILED\", \"PARTIALLY_SYNCED\"))' '$T/b.json'"

# nothing earlier is lost, the database is intact, the mark consistent
check "the database is intact (integrity_check)" [ "$(q "PRAGMA integrity_check")" = ok ]
"$ONRAMP" history "$A" --json >"$T/ha2.json" 2>&1
check "the first connection's 3 orders are all still there, unchanged" cmp -s "$T/ha1.json" "$T/ha2.json"
check "the first connection's mark is unchanged" [ "$(q "SELECT mark FROM marks WHERE conn_id='$A'")" = "$mark_a" ]
kept=$(q "SELECT count(*) FROM records WHERE conn_id='$B'")
added=$(q "SELECT count(DISTINCT remote_id) FROM history WHERE conn_id='$B' AND action='added'")
rows=$(q "SELECT count(*) FROM history WHERE conn_id='$B'")
echo "# kept of the failed sync: $kept orders"
check "what the failed sync kept is whole pages, each order once ($kept records, $rows history rows)" \
	[ $((kept % 100)) -eq 0 -a "$kept" = "$added" -a "$rows" = "$kept" ]
check "no mark for the sync that did not complete" [ "$(q "SELECT count(*) FROM marks WHERE conn_id='$B'")" = 0 ]
check "no deletions" [ "$(q "SELECT count(*) FROM history WHERE action='deleted'")" = 0 ]
"$ONRAMP" syncs "$B" --json >"$T/runs.json" 2>&1
check "onramp syncs still reads the database (exit $?)" [ -s "$T/runs.json" ]

# space returns: the next sync completes
mount -o remount,size=64m "$XDG_DATA_HOME"
"$ONRAMP" sync "$B" --json >"$T/b2.json" 2>"$T/b2.err"
rc=$?
check "after space returns, the next sync succeeds (exit $rc)" [ "$rc" -eq 0 ]
check "it is done" [ "$(jq_ "$T/b2.json" 'j["status"]' 2>/dev/null)" = DONE ]
check "all $ORDERS orders are in, each once" [ "$(q "SELECT count(*) FROM records WHERE conn_id='$B'")" = "$ORDERS" -a \
	"$(q "SELECT count(DISTINCT remote_id) FROM history WHERE conn_id='$B' AND action='added'")" = "$ORDERS" -a \
	"$(q "SELECT count(*) FROM history WHERE conn_id='$B'")" = "$ORDERS" ]
check "its mark is saved now" [ "$(q "SELECT count(*) FROM marks WHERE conn_id='$B' AND mark<>''")" = 1 ]
check "no run is left SYNCING" [ "$(q "SELECT count(*) FROM sync_runs WHERE status='SYNCING'")" = 0 ]
check "the database is intact" [ "$(q "PRAGMA integrity_check")" = ok ]
echo "1..$n"
