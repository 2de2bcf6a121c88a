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
rm -rf "$B"
mkdir -p "$B/home/.config/onramp" "$B/secrets"
chmod 700 "$B/secrets"
[ -x ./onramp ] || { echo "bench: ./onramp is missing; run make bench"; exit 0; }
make --no-print-directory build/bench-runner >/dev/null || { echo "bench: could not build the runner"; exit 0; }
command -v curl >/dev/null || { echo "bench: curl is not installed; nothing to compare with"; exit 0; }

$PY tests/servers/po_fixture.py --port 0 --log "$B/fixture.log" >"$B/port" 2>"$B/fixture.err" &
FX_PID=$!
trap 'kill $FX_PID 2>/dev/null' EXIT INT TERM
i=0
while [ ! -s "$B/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
P=$(head -n 1 "$B/port")
[ -n "$P" ] || { echo "bench: the fixture did not start"; exit 0; }
FX="http://127.0.0.1:$P"
export HOME="$B/home" XDG_CONFIG_HOME="$B/home/.config" XDG_DATA_HOME="$B/home/.local/share"
echo "credits = 100000" >"$XDG_CONFIG_HOME/onramp/config"
(umask 077 && printf '%s' 'Fixture-Pa55!' >"$B/secrets/sap" && printf '%s' 'Fixture~Secret.1' >"$B/secrets/aad")

# conn SYSTEM N: connects to the generated set of N orders; prints the id.
conn() {
	if [ "$1" = sap ]; then
		./onramp connect sap-s4hana-onprem --field url="$FX/case/n$2" --field client=100 \
			--field username=ALICE --secret password=@"$B/secrets/sap" --json
	else
		./onramp connect dynamics365-business-central --field tenant=contoso.onmicrosoft.com \
			--field environment=production --field client_id=aaaaaaaa-0000-0000-0000-000000000001 \
			--secret client_secret=@"$B/secrets/aad" --field authority="$FX" --field api_base="$FX/case/n$2" --json
	fi | $PY -c 'import json,sys; print(json.load(sys.stdin)["connection"]["id"])'
}

# curl_config SYSTEM FILE: a curl config fetching the pages onramp asked for
# in its last run (credentials in the file, not on argv).
curl_config() {
	{
		echo "silent"
		echo "output = /dev/null"
		if [ "$1" = sap ]; then
			echo "user = \"ALICE:Fixture-Pa55!\""
			echo "header = \"sap-client: 100\""
		else
			tok=$(curl -s "$FX/contoso.onmicrosoft.com/oauth2/v2.0/token" \
				--data-urlencode grant_type=client_credentials \
				--data-urlencode client_id=aaaaaaaa-0000-0000-0000-000000000001 \
				--data-urlencode client_secret@"$B/secrets/aad" \
				--data-urlencode "scope=$FX/case/n10000/.default" |
				$PY -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
			echo "header = \"Authorization: Bearer $tok\""
		fi
		$PY - "$B/fixture.log" "$FX" "$3" <<'PYEOF'
import json, sys
lines = open(sys.argv[1]).read().splitlines()[int(sys.argv[3]):]
for l in lines:
    p = json.loads(l)["path"]
    if "A_PurchaseOrder" in p or "purchaseOrders" in p:
        print('url = "%s%s"' % (sys.argv[2], p))
        print("output = /dev/null")
PYEOF
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
