#!/bin/sh
# bench_sync.sh: `make bench`, syncs (issue 14). Through the Business Central
# fixture (tests/servers/po_fixture.py, pages rendered once and cached):
#
#   1. the initial sync of N orders (5 lines each; N = 10,000 and 100,000,
#      or BENCH_SYNC_SIZES="N...", or BENCH_SYNC_N) into a fresh connection, `onramp sync ID --full`, against one
#      curl process fetching the same pages one after another (the transfer
#      alone); records written per second; goal: at most 1.5x curl;
#   2. a no-change incremental sync over the same N records; goal: < 2 s.
#      The fixture stamps every generated order with one modified time, so
#      the 5-minute look-back re-reads all N of them: this measures reading
#      and comparing N unchanged orders (nothing is written), the worst case;
#   3. peak RSS of the sync during the initial sync; goal: <= 64 MiB;
#   4. how much the database grew for N orders (a record, its history row
#      and its event each);
#   5. the floor: the same rows, read back from the database after each
#      round's sync, written again by core/store alone from memory
#      (build/sync-floor schema: same schema, pragmas and transactions, no
#      HTTP, parsing or mapping), and the bare minimum (build/sync-floor
#      bare: one table, one blob per order), and the same rows with random
#      GUIDs as remote ids (the fixture's count up; Business Central's are
#      GUIDs: where new rows land). If the floor alone takes more
#      than 1.5x curl, SQLite (the store issue 14 fixes) cannot meet it.
# Each figure: median [min-max].
#
# Medians of BENCH_SYNC_REPS rounds (default 3), interleaved with curl.
# Benchmarks, not tests: nothing here fails the build.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
B=$ROOT/build/bench/sync
REPS=${BENCH_SYNC_REPS:-3}
N=${BENCH_SYNC_N:-100000}
PY=/usr/bin/python3
[ -x ./onramp ] || { echo "bench: ./onramp is missing; run make bench"; exit 0; }
command -v curl >/dev/null || { echo "bench: curl is not installed; nothing to compare with"; exit 0; }
make --no-print-directory build/sync-floor >/dev/null 2>&1 || echo "bench: build/sync-floor did not build; no floor figures"
. tools/bench/po_lib.sh
po_bench_init "$B" || { echo "bench: the fixture did not start"; exit 0; }
mkdir -p "$B/floordb"

conn() { bc_conn "$N"; }

# curl_config FILE FROM: fetches the pages onramp asked for since log line FROM.
curl_config() {
	{
		echo "silent"
		bc_auth_header "$N"
		page_urls "$2"
	} >"$1"
}

# ms_rss CMD...: wall ms and peak RSS (KiB) of one run.
ms_rss() {
	$PY -c '
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print("%.0f %d" % ((time.monotonic() - t) * 1000, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))' "$@"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : 0 }'; }

# ---- sizes: each N of BENCH_SYNC_SIZES (default "10000 100000"; BENCH_SYNC_N
# alone sets one size), the same rounds, one block of figures ----------------
# spread FILE: "median [min-max]" of the numbers in FILE.
spread() { sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR) printf "%d [%d-%d]", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
dbsize() { stat -c %s "$XDG_DATA_HOME/onramp/onramp.db" 2>/dev/null || echo 0; }
# timed CMD...: "wall_ms peak_rss_kib cpu_ms" of one run. CPU time (user +
# system) says more than the wall clock when other work shares the machine.
timed() {
	/usr/bin/time -f '%e %M %U %S' -o "$B/time" "$@" >/dev/null 2>&1
	tail -n 1 "$B/time" | awk '{ printf "%d %d %d\n", $1 * 1000, $2, ($3 + $4) * 1000 }'
}

# floor MODE ID WALL CPU: build/sync-floor on the orders ID's sync stored.
floor() {
	[ -x build/sync-floor ] || return 0
	set -- "$3" "$4" $(build/sync-floor "$1" "$XDG_DATA_HOME/onramp/onramp.db" "$2" "$B/floordb")
	[ $# -ge 4 ] || return 0
	echo "$3" >>"$B/$1"
	echo "$4" >>"$B/$2"
}

bench_size() {
	N=$1
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	warm=$(conn) && ./onramp orders "$warm" --jsonl >/dev/null # renders the pages once
	for f in sync curl ratio rss nochange ncrss grow synccpu curlcpu nccpu floor floorcpu bare barecpu floorrnd floorrndcpu; do
		: >"$B/$f"
	done
	for r in $(seq 1 "$REPS"); do
		id=$(conn)
		from=$(wc -l <"$B/fixture.log")
		before=$(dbsize)
		set -- $(timed ./onramp sync "$id" --full)
		echo "$1" >>"$B/sync"
		echo "$2" >>"$B/rss"
		echo "$3" >>"$B/synccpu"
		echo $(($(dbsize) - before)) >>"$B/grow"
		curl_config "$B/curl.cfg" "$from"
		set -- $(timed curl -K "$B/curl.cfg")
		echo "$1" >>"$B/curl"
		awk -v s="$(tail -n 1 "$B/sync")" -v c="$1" 'BEGIN { printf "%.2f\n", (c > 0 ? s / c : 0) }' >>"$B/ratio"
		echo "$3" >>"$B/curlcpu"
		./onramp sync "$id" >/dev/null # the fixture renders these (filtered) pages once
		set -- $(timed ./onramp sync "$id")
		echo "$1" >>"$B/nochange"
		echo "$2" >>"$B/ncrss"
		echo "$3" >>"$B/nccpu"
		# after the no-change sync: the floor's writes would still be going
		# to the disk while it ran
		floor schema "$id" floor floorcpu
		floor bare "$id" bare barecpu
		SYNC_FLOOR_RANDOM_IDS=1 floor schema "$id" floorrnd floorrndcpu
	done
	pages=$(grep -c '^url' "$B/curl.cfg")
	s=$(median <"$B/sync") c=$(median <"$B/curl") nc=$(median <"$B/nochange") ratio=$(median <"$B/ratio")
	rss=$(median <"$B/rss") ncrss=$(median <"$B/ncrss") grow=$(median <"$B/grow")
	echo
	echo "$N orders x 5 lines from the Business Central fixture, $pages pages; medians [min-max] of $REPS rounds, $(nproc) CPUs"
	printf 'initial sync --full  %s ms, CPU %s ms\n' "$(spread "$B/sync")" "$(spread "$B/synccpu")"
	printf 'curl, same pages     %s ms, CPU %s ms\n' "$(spread "$B/curl")" "$(spread "$B/curlcpu")"
	printf 'no-change sync       %s ms, CPU %s ms\n' "$(spread "$B/nochange")" "$(spread "$B/nccpu")"
	if [ -s "$B/floor" ]; then
		printf 'floor: same rows     %s ms, CPU %s ms (core/store alone, records prebuilt in memory)\n' \
			"$(spread "$B/floor")" "$(spread "$B/floorcpu")"
		printf 'floor: one blob each %s ms, CPU %s ms (one table, the record JSON as one blob)\n' \
			"$(spread "$B/bare")" "$(spread "$B/barecpu")"
		printf 'floor: random ids    %s ms, CPU %s ms (the same rows, random GUIDs as remote ids, as BC has)\n' \
			"$(spread "$B/floorrnd")" "$(spread "$B/floorrndcpu")"
		awk -v f="$(median <"$B/floor")" -v b="$(median <"$B/bare")" -v c="$c" 'BEGIN {
			if (c > 0) printf "floor / curl: same rows %.2fx, one blob each %.2fx (goal for the sync: <= 1.5x)\n", f / c, b / c }'
	fi
	printf 'ratio sync / curl of the same round: %s\n' "$(sort -n "$B/ratio" | awk '{ v[NR] = $1 } END { if (NR) printf "%.2f [%.2f-%.2f]", v[int((NR + 1) / 2)], v[1], v[NR] }')"
	echo "load average (1, 5, 15 min) when the rounds began: $load"
	awk -v s="$s" -v r="$ratio" -v nc="$nc" -v rss="$rss" -v ncrss="$ncrss" -v grow="$grow" -v n="$N" 'BEGIN {
		rate = s > 0 ? n * 1000 / s : 0
		printf "initial sync: %d records/s written; ratio to curl (median of rounds) %.2fx %s (goal <= 1.5x)\n", rate, r, (r <= 1.5 ? "ok" : "MISS")
		printf "no-change sync: %s (goal < 2 s at 100,000)\n", (nc < 2000 ? "under 2 s" : "over 2 s")
		printf "peak RSS: initial %d KiB %s (goal <= 64 MiB), no-change %d KiB\n", rss, (rss <= 65536 ? "ok" : "MISS"), ncrss
		printf "database growth for %d orders: %.1f MiB (%.0f bytes an order: record, history row, event)\n", n, grow / 1048576, (n > 0 ? grow / n : 0)
	}'
}

echo "onramp sync (initial, --full) vs curl fetching the same pages; no-change sync; peak RSS; database size"
for n in ${BENCH_SYNC_SIZES:-${BENCH_SYNC_N:-10000 100000}}; do
	bench_size "$n"
done
exit 0
