#!/bin/sh
# bench.sh: `make bench`. Compares `onramp systems --filter` with `fzy -e` and
# `fzf --filter` on the same input in the same run, then measures the
# keystroke latency of the TUI's search in process (tools/bench/keystroke.c).
#
#   1. the catalog's names: onramp searches its embedded catalog (catalog
#      load included); fzy and fzf read the same names from a file;
#   2. a list of 1,000,000 names made from the catalog's names
#      (tools/bench/names.awk, deterministic), given to all three;
#   3. queries of several lengths.
#
# Each row is the median wall time of whole processes, run interleaved (one
# round runs every command once, in a rotating order) so a busy machine
# slows all three alike. These are benchmarks, not tests: nothing here fails
# the build. BENCH_REPS (default 15) sets the rounds.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
B=build/bench
REPS=${BENCH_REPS:-15}
QUERIES="s|sap|dyn bus|quickbooks onl|maximmo"
mkdir -p "$B"

for tool in fzy fzf; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "bench: $tool is not installed (Debian: apt-get install $tool); nothing to compare with."
		exit 0
	fi
done
[ -x ./onramp ] || { echo "bench: ./onramp is missing; run make bench"; exit 0; }
make --no-print-directory build/bench-runner build/keystroke >/dev/null || {
	echo "bench: could not build the bench tools"
	exit 0
}

# The catalog's names, and the million made from them.
./onramp systems --filter '' >"$B/catalog.txt" || { echo "bench: onramp systems failed"; exit 0; }
if [ ! -s "$B/names-1m.txt" ] || [ "$B/catalog.txt" -nt "$B/names-1m.txt" ] ||
	[ tools/bench/names.awk -nt "$B/names-1m.txt" ]; then
	awk -v N=1000000 -f tools/bench/names.awk "$B/catalog.txt" >"$B/names-1m.txt"
fi
ncat=$(wc -l <"$B/catalog.txt" | tr -d ' ')
nbig=$(wc -l <"$B/names-1m.txt" | tr -d ' ')

echo "onramp vs fzy -e vs fzf --filter: median wall time of the whole process, ms ($REPS rounds, $(nproc) CPUs)"
echo
printf '%-20s %-16s %9s %9s %9s %10s %10s  %s\n' input query onramp fzy fzf onramp/fzy onramp/fzf "target"
printf '%-20s %-16s %9s %9s %9s %10s %10s  %s\n' -------------------- ---------------- --------- --------- --------- ---------- ---------- ------

# row LABEL QUERY MODE: MODE "catalog" (embedded catalog vs names file) or "big"
row() {
	label=$1 q=$2 mode=$3
	if [ "$mode" = catalog ]; then
		out=$(build/bench-runner "$REPS" \
			onramp - ./onramp systems --filter "$q" \; \
			fzy "$B/catalog.txt" fzy -e "$q" \; \
			fzf "$B/catalog.txt" fzf --filter "$q")
	else
		out=$(build/bench-runner "$REPS" \
			onramp - ./onramp systems --filter "$q" --input "$B/names-1m.txt" \; \
			fzy "$B/names-1m.txt" fzy -e "$q" \; \
			fzf "$B/names-1m.txt" fzf --filter "$q")
	fi
	echo "$out" | awk -F '\t' -v label="$label" -v q="$q" -v mode="$mode" '
		{ t[$1] = $2 }
		END {
			o = t["onramp"]; z = t["fzy"]; f = t["fzf"]
			rz = z > 0 ? o / z : 0; rf = f > 0 ? o / f : 0
			if (mode == "catalog")
				verdict = (rz <= 1.5 ? "ok" : "MISS") " (<= 1.5x fzy)"
			else
				verdict = (rz <= 1.0 && rf <= 1 / 3 ? "ok" : "MISS") " (<= fzy, <= fzf/3)"
			printf "%-20s %-16s %9.2f %9.2f %9.2f %9.2fx %9.2fx  %s\n", label, "\"" q "\"", o, z, f, rz, rf, verdict
		}'
}

IFS='|'
for q in $QUERIES; do
	row "catalog ($ncat)" "$q" catalog
done
for q in $QUERIES; do
	row "names ($nbig)" "$q" big
done
unset IFS

# Where the catalog-size time goes: starting the binary (its shared
# libraries), the search alone over the same names in a file.
echo
build/bench-runner "$REPS" \
	start - ./onramp systems --help \; \
	search - ./onramp systems --filter sap --input "$B/catalog.txt" \; \
	fzy "$B/catalog.txt" fzy -e sap |
	awk -F '\t' '{ t[$1] = $2 } END {
		printf "catalog size, for reference: starting ./onramp (systems --help) %.2f ms; ", t["start"]
		printf "onramp --input with the same names %.2f ms; fzy -e %.2f ms\n", t["search"], t["fzy"] }'

echo
echo "keystroke latency in process: search_run per letter typed, one screen (50 rows) asked"
echo
printf '%-20s %10s %10s %10s %11s %12s  %s\n' names p50_ms p99_ms max_ms keystrokes index_ms target
printf '%-20s %10s %10s %10s %11s %12s  %s\n' -------------------- ---------- ---------- ---------- ----------- ------------ ------
ks() {
	target=$1
	shift
	build/keystroke "$@" | awk -F '\t' -v target="$target" '{
		printf "%-20s %10.3f %10.3f %10.3f %11d %12.0f  %s (p99 < %s ms)\n", $1, $2, $3, $4, $5, $6,
			($3 < target ? "ok" : "MISS"), target }'
}
ks 1 
ks 50 --names "$B/names-1m.txt"
exit 0
