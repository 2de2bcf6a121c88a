#!/bin/sh
# bench_orders.sh: `make bench`, purchase orders (issue 13). Through the SAP
# S/4HANA and Business Central fixtures (tests/servers/po_fixture.py, pages
# rendered once and cached, so the server's own time is small):
#
#   1. `onramp orders ID --jsonl > /dev/null` for 10,000 orders of 5 lines in
#      pages of 100, against one curl process fetching the same pages one
#      after another (the URLs onramp asked for, from the fixture's log, with
#      the same credentials). onramp also signs in first (SAP: the checked
#      $metadata GET; BC: the token and the companies list); curl does not.
#   2. onramp's peak RSS at 1,000 and at 10,000 orders (streaming: the same).
#
# Medians of interleaved rounds (tools/bench/runner.c). BENCH_REPS (default 7).
# Benchmarks, not tests: nothing here fails the build.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
B=$ROOT/build/bench/orders
REPS=${BENCH_REPS:-7}
PY=/usr/bin/python3
[ -x ./onramp ] || { echo "bench: ./onramp is missing; run make bench"; exit 0; }
make --no-print-directory build/bench-runner >/dev/null || { echo "bench: could not build the runner"; exit 0; }
command -v curl >/dev/null || { echo "bench: curl is not installed; nothing to compare with"; exit 0; }
. tools/bench/po_lib.sh
po_bench_init "$B" || { echo "bench: the fixture did not start"; exit 0; }

# conn SYSTEM N: connects to the generated set of N orders; prints the id.
conn() {
	if [ "$1" = sap ]; then
		./onramp connect sap-s4hana-onprem --field url="$FX/case/n$2" --field client=100 \
			--field username=ALICE --secret password=@"$B/secrets/sap" --json | conn_id
	else
		bc_conn "$2"
	fi
}

# curl_config SYSTEM FILE FROM: a curl config fetching the pages onramp
# asked for since fixture log line FROM (credentials in the file, not on argv).
curl_config() {
	{
		echo "silent"
		echo "output = /dev/null"
		if [ "$1" = sap ]; then
			echo "user = \"ALICE:Fixture-Pa55!\""
			echo "header = \"sap-client: 100\""
		else
			bc_auth_header 10000
		fi
		page_urls "$3"
	} >"$2"
}

peak_kb() {
	$PY -c '
import resource, subprocess, sys
subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' ./onramp orders "$1" --jsonl
}

echo "onramp orders --jsonl vs curl fetching the same pages one after another: median wall time, ms"
echo "($REPS rounds, $(nproc) CPUs; 10,000 orders x 5 lines, pages of 100)"
echo
printf '%-18s %8s %10s %10s %9s %14s %14s  %s\n' system pages onramp_ms curl_ms ratio rss_1000_KiB rss_10000_KiB target
printf '%-18s %8s %10s %10s %9s %14s %14s  %s\n' ------------------ -------- ---------- ---------- --------- -------------- -------------- ------
for s in sap bc; do
	small=$(conn $s 1000)
	big=$(conn $s 10000)
	[ -n "$small" ] && [ -n "$big" ] || { echo "bench: could not connect $s"; continue; }
	./onramp orders "$small" --jsonl >/dev/null # renders the pages once
	before=$(wc -l <"$B/fixture.log")
	n=$(./onramp orders "$big" --jsonl | wc -l)
	curl_config $s "$B/curl-$s.cfg" "$before"
	pages=$(grep -c '^url' "$B/curl-$s.cfg")
	out=$(build/bench-runner "$REPS" onramp - ./onramp orders "$big" --jsonl \; curl - curl -K "$B/curl-$s.cfg")
	rss1=$(peak_kb "$small")
	rss10=$(peak_kb "$big")
	echo "$out" | awk -F '\t' -v s="$s ($n orders)" -v pages="$pages" -v r1="$rss1" -v r10="$rss10" '
		{ t[$1] = $2 }
		END {
			o = t["onramp"]; c = t["curl"]; r = c > 0 ? o / c : 0
			ok = (r <= 1.5 && r10 <= 32768 && r10 <= r1 * 1.1 + 1024) ? "ok" : "MISS"
			printf "%-18s %8d %10.1f %10.1f %8.2fx %14d %14d  %s (<= 1.5x curl, <= 32 MiB, flat)\n",
				s, pages, o, c, r, r1, r10, ok
		}'
done
exit 0
