#!/bin/sh
# smoke.sh: the fuzz suite of `make check`. Builds every libFuzzer target
# (make fuzz-build: a target that stops building fails here) and runs each
# for FUZZ_SMOKE_SECONDS (default 1) on its seed corpus, one TAP line per
# target with its executions and coverage. The long campaign is
# `make fuzz FUZZ_SECONDS=N` (README, "Fuzzing").
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
targets=$(ls tests/fuzz/fuzz_*.c | sed 's|tests/fuzz/fuzz_\(.*\)\.c|\1|' | sort)
n=$(echo "$targets" | wc -w)
echo "1..$((n + 1))"
log=$(mktemp)
if ! command -v clang >/dev/null 2>&1; then
	echo "not ok 1 - clang is installed (libFuzzer comes with it)"
	exit 1
fi
# not niced: beside the other suites of make check a niced build got only
# their leftovers and finished last (563 s of a run under load 12)
if make --no-print-directory -j2 fuzz-build >"$log" 2>&1; then
	echo "ok 1 - every fuzz target builds ($n)"
else
	echo "not ok 1 - every fuzz target builds"
	sed 's/^/# /' "$log" | tail -n 30
	exit 1
fi
# the targets run FUZZ_SMOKE_JOBS (default 2) at a time: each is time-boxed
# (libFuzzer's -max_total_time=1 runs about 2 s) and keeps one core busy,
# so one after the other they held this suite's slot 40 s on 2 cores
out=$(mktemp -d)
# shellcheck disable=SC2016 # $1 and $OUT are the inner sh's
echo "$targets" | FUZZ_SECONDS=${FUZZ_SMOKE_SECONDS:-1} OUT=$out xargs -P "${FUZZ_SMOKE_JOBS:-2}" -I{} \
	sh -c 'sh tools/fuzz.sh "$1" >"$OUT/$1.log" 2>&1; echo $? >"$OUT/$1.rc"' sh {}
i=1
for t in $targets; do
	i=$((i + 1))
	if [ "$(cat "$out/$t.rc" 2>/dev/null)" = 0 ]; then
		echo "ok $i - fuzz-$t: $(tail -n 1 "$out/$t.log" | awk '{print $2 " runs, cov " $4}'), no crash"
	else
		echo "not ok $i - fuzz-$t"
		sed 's/^/# /' "$out/$t.log"
	fi
done
rm -rf "$log" "$out"
