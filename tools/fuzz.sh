#!/bin/sh
# fuzz.sh TARGET...: runs each libFuzzer target build/fuzz-TARGET for
# FUZZ_SECONDS (default 30) on a working copy of its seed corpus
# (tests/fuzz/corpus/TARGET, copied to build/fuzz/corpus/TARGET, which keeps
# what the runs add), then prints one line per target: executions,
# coverage (edges), features, corpus size and crashes. A crash's input is
# kept as build/fuzz/crashes/TARGET-crash-*; the exit status is 1 when any
# target crashed or could not run. `make fuzz` calls it for every target.
# FUZZ_BIN=DIR runs copies of the binaries kept there (a long campaign
# while the tree is rebuilt). FUZZ_RUNS=N stops a target after N
# executions (or FUZZ_SECONDS, whichever comes first); the exec/s column is
# libFuzzer's own average over the run.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
secs=${FUZZ_SECONDS:-30}
out=build/fuzz/logs
mkdir -p "$out" build/fuzz/crashes
bad=0
printf '%-16s %12s %8s %8s %8s %8s %8s\n' target executions exec/s cov ft corpus crashes
for t in "$@"; do
	corpus=build/fuzz/corpus/$t
	mkdir -p "$corpus"
	[ -d "tests/fuzz/corpus/$t" ] && cp -n tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null
	# the catalog target also starts from the real catalog and theme
	[ "$t" = catalog ] && cp -n core/catalog/curated.json themes/default.theme "$corpus"/ 2>/dev/null
	log=$out/$t.log
	ASAN_OPTIONS=${FUZZ_ASAN_OPTIONS:-detect_leaks=1} "${FUZZ_BIN:-./build}"/fuzz-"$t" -max_total_time="$secs" \
		${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -max_len=65536 -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="build/fuzz/crashes/$t-" "$corpus" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	files=$(ls "$corpus" | wc -l)
	crashes=0
	if [ "$rc" -ne 0 ]; then
		crashes=1
		bad=1
	fi
	printf '%-16s %12s %8s %8s %8s %8s %8s\n' "$t" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$files" "$crashes"
	if [ "$rc" -ne 0 ]; then
		grep -m 3 -E 'ERROR|SUMMARY|Test unit written' "$log" | sed 's/^/    /'
	fi
done
exit "$bad"
