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
# Medians of interleaved rounds: each round times onramp and curl back to
# back, which goes first alternating, and the ratio is taken per round, so
# the host's slow spells (this machine's steal time moves a run's median by
# a fifth) fall on both. BENCH_ORDERS_REPS (default 21) sets the rounds.
# Benchmarks, not tests: nothing here fails the build.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
B=$ROOT/build/bench/orders
REPS=${BENCH_ORDERS_REPS:-21}
PY=/usr/bin/python3
[ -x ./onramp ] || { echo "bench: ./onramp is missing; run make bench"; exit 0; }

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

# timed CMD...: "wall_ms cpu_ms" of one run (CPU: user + system, which says
# more than the wall clock when other work shares the machine).
timed() {
	$PY -c '
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
w = (time.monotonic() - t) * 1000
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.1f %.1f" % (w, (r.ru_utime + r.ru_stime) * 1000))' "$@"
}

# spread: "median [min-max]" of the numbers on standard input, with %.Nf.
spread() {
	sort -n | awk -v f="${1:-%.1f}" '{ v[NR] = $1 } END { if (NR) printf f " [" f "-" f "]", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

echo "onramp orders --jsonl vs curl fetching the same pages one after another: wall time, ms"
echo "($REPS interleaved rounds, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); 10,000 orders x 5 lines, pages of 100)"
echo "each figure: median [min-max]; ratio: onramp / curl of the same round"
echo
printf '%-10s %5s %-20s %-18s %-18s %-16s %-16s %6s %6s  %s\n' system pages onramp_ms curl_ms ratio onramp_cpu_ms curl_cpu_ms rss_1k rss_10k target
for s in sap bc; do
	small=$(conn $s 1000)
	big=$(conn $s 10000)
	[ -n "$small" ] && [ -n "$big" ] || { echo "bench: could not connect $s"; continue; }
	./onramp orders "$small" --jsonl >/dev/null # renders the pages once
	before=$(wc -l <"$B/fixture.log")
	n=$(./onramp orders "$big" --jsonl | wc -l)
	curl_config $s "$B/curl-$s.cfg" "$before"
	pages=$(grep -c '^url' "$B/curl-$s.cfg")
	: >"$B/rounds-$s"
	for r in $(seq 1 "$REPS"); do # one round: onramp and curl back to back
		if [ $((r % 2)) = 1 ]; then
			set -- $(timed ./onramp orders "$big" --jsonl) $(timed curl -K "$B/curl-$s.cfg")
		else
			set -- $(timed curl -K "$B/curl-$s.cfg") $(timed ./onramp orders "$big" --jsonl)
			set -- "$3" "$4" "$1" "$2"
		fi
		echo "$1 $3 $2 $4" | awk '{ printf "%s %s %.4f %s %s\n", $1, $2, ($2 > 0 ? $1 / $2 : 0), $3, $4 }' >>"$B/rounds-$s"
	done
	rss1=$(peak_kb "$small")
	rss10=$(peak_kb "$big")
	o=$(cut -d' ' -f1 "$B/rounds-$s" | spread) c=$(cut -d' ' -f2 "$B/rounds-$s" | spread)
	r=$(cut -d' ' -f3 "$B/rounds-$s" | spread %.2f)
	oc=$(cut -d' ' -f4 "$B/rounds-$s" | spread %.0f) cc=$(cut -d' ' -f5 "$B/rounds-$s" | spread %.0f)
	rmed=${r%% *}
	ok=$(awk -v r="$rmed" -v a="$rss1" -v b="$rss10" 'BEGIN { print (r <= 1.5 && b <= 32768 && b <= a * 1.1 + 1024) ? "ok" : "MISS" }')
	printf '%-10s %5d %-20s %-18s %-18s %-16s %-16s %6d %6d  %s (<= 1.5x curl, <= 32 MiB, flat)\n' \
		"$s" "$pages" "$o" "$c" "${r}x" "$oc" "$cc" "$rss1" "$rss10" "$ok"
done
echo "rss: peak KiB of onramp at 1,000 and 10,000 orders; cpu: user + system of the process"
exit 0
