#!/bin/sh
# bench_sync.sh: `make bench`, syncs (issue 14). Through the Business Central
# fixture (tests/servers/po_fixture.py, pages rendered once and cached):
#
#   1. the initial sync of N orders (5 lines each; BENCH_SYNC_N, default
#      100,000) into a fresh connection, `onramp sync ID --full`, against one
#      curl process fetching the same pages one after another (the transfer
#      alone); records written per second; goal: at most 1.5x curl;
#   2. a no-change incremental sync over the same N records; goal: < 2 s.
#      The fixture stamps every generated order with one modified time, so
#      the 5-minute look-back re-reads all N of them: this measures reading
#      and comparing N unchanged orders (nothing is written), the worst case;
#   3. peak RSS of the sync during the initial sync; goal: <= 64 MiB.
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
. tools/bench/po_lib.sh
po_bench_init "$B" || { echo "bench: the fixture did not start"; exit 0; }

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

warm=$(conn) && ./onramp orders "$warm" --jsonl >/dev/null # renders the pages once
: >"$B/sync" ; : >"$B/curl" ; : >"$B/rss" ; : >"$B/nochange"
for r in $(seq 1 "$REPS"); do
	id=$(conn)
	from=$(wc -l <"$B/fixture.log")
	set -- $(ms_rss ./onramp sync "$id" --full)
	echo "$1" >>"$B/sync"
	echo "$2" >>"$B/rss"
	curl_config "$B/curl.cfg" "$from"
	set -- $(ms_rss curl -K "$B/curl.cfg")
	echo "$1" >>"$B/curl"
	./onramp sync "$id" >/dev/null # the fixture renders these (filtered) pages once
	set -- $(ms_rss ./onramp sync "$id")
	echo "$1" >>"$B/nochange"
done
pages=$(grep -c '^url' "$B/curl.cfg")
s=$(median <"$B/sync") c=$(median <"$B/curl") nc=$(median <"$B/nochange") rss=$(median <"$B/rss")
echo "onramp sync (initial, --full) vs curl fetching the same pages; no-change sync; peak RSS"
echo "(medians of $REPS rounds, $(nproc) CPUs; $N orders x 5 lines from the Business Central fixture, $pages pages)"
awk -v s="$s" -v c="$c" -v nc="$nc" -v rss="$rss" -v n="$N" 'BEGIN {
	r = c > 0 ? s / c : 0
	printf "initial sync     %8d ms  (%d records/s)\n", s, s > 0 ? n * 1000 / s : 0
	printf "curl, same pages %8d ms  ratio %.2fx  %s (<= 1.5x)\n", c, r, r <= 1.5 ? "ok" : "MISS"
	printf "no-change sync   %8d ms  %s (< 2 s)\n", nc, nc < 2000 ? "ok" : "MISS"
	printf "peak RSS         %8d KiB %s (<= 64 MiB)\n", rss, rss <= 65536 ? "ok" : "MISS"
}'
exit 0
