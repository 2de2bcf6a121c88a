#!/usr/bin/env bash
# Concurrency: several onramp processes connect (and disconnect) at the same
# moment, many times over. No write may be lost: every printed connection is
# in the store exactly once, every reported disconnect stuck, and the store
# never shows damage.
#
#   tests/store/concurrency.sh [ROUNDS]   (default 100; or CONC_ROUNDS=N)
#   PAR=N                                 processes per round (default 4)
#   ONRAMP=path/to/binary                 (default ./build/onramp-san, ./onramp)
#
# Drives the hidden `onramp __store-connect SYSTEM URL USER < secret.json`.
set -u

. "$(dirname "$0")/binary.sh" concurrency
ROUNDS=${1:-${CONC_ROUNDS:-100}}
PAR=${PAR:-4}

T=$(mktemp -d "${TMPDIR:-/tmp}/onramp-conc.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME=$T XDG_DATA_HOME=$T/data XDG_CONFIG_HOME=$T/config
mkdir -p "$XDG_CONFIG_HOME/onramp"
echo "credits = 1000000" > "$XDG_CONFIG_HOME/onramp/config"

# TAP, for prove (tests/run-all.sh): one test point per check, the plan at
# the end, the figures as "# " comments.
passed=0 failed=0
fail() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $*"; }
pass() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $*"; }

printed=$T/printed disc=$T/disc
: > "$printed"
: > "$disc"
echo '{"password":"x"}' > "$T/secret"
started=0 errors=0 disconnects=0

for r in $(seq 1 "$ROUNDS"); do
	pids=()
	# Everyone waits for the same go signal, so they really start together.
	go=$T/go.$r
	for p in $(seq 1 "$PAR"); do
		(
			while [ ! -e "$go" ]; do :; done
			exec "$ONRAMP" __store-connect "s$r-$p" "https://h$r.example" "u$p" < "$T/secret"
		) > "$T/out.$r.$p" 2> "$T/err.$r.$p" &
		pids+=($!)
		started=$((started + 1))
	done
	# ...and, every other round, two disconnects of earlier connections.
	dids=()
	if [ $((r % 2)) -eq 0 ] && [ "$(wc -l < "$printed")" -ge 2 ]; then
		for d in $(shuf -n2 "$printed" | cut -d' ' -f1); do
			(
				while [ ! -e "$go" ]; do :; done
				exec "$ONRAMP" disconnect "$d" --json
			) > "$T/dout.$r.$d" 2>&1 &
			pids+=($!)
			dids+=("$d")
		done
	fi
	touch "$go"
	for pid in "${pids[@]}"; do wait "$pid" || errors=$((errors + 1)); done
	for p in $(seq 1 "$PAR"); do
		if read -r id tok < "$T/out.$r.$p" && [ -n "${tok:-}" ]; then
			echo "$id $tok" >> "$printed"
		else
			fail "round $r: connect $p printed no id: $(tr '\n' ' ' < "$T/err.$r.$p")"
		fi
	done
	for d in "${dids[@]}"; do
		if grep -q '"ok":[[:space:]]*true' "$T/dout.$r.$d"; then
			echo "$d" >> "$disc"
			disconnects=$((disconnects + 1))
		else
			fail "round $r: disconnect $d failed: $(tr '\n' ' ' < "$T/dout.$r.$d")"
		fi
	done
	rm -f "$T"/out.$r.* "$T"/err.$r.* "$T"/dout.$r.* "$go"
	# After every round: nothing lost, nothing doubled, disconnects stuck.
	if ! "$ONRAMP" list --json > "$T/list.json" 2> "$T/list.err"; then
		fail "round $r: the store did not load cleanly: $(tr '\n' ' ' < "$T/list.err")"
		continue
	fi
	jq -r '.[] | .id + " " + .status' "$T/list.json" | sort > "$T/have"
	missing=$(cut -d' ' -f1 "$printed" | sort -u | join -v1 - <(cut -d' ' -f1 "$T/have") | wc -l)
	dups=$(cut -d' ' -f1 "$T/have" | uniq -d | wc -l)
	extra=$(( $(wc -l < "$T/have") - $(wc -l < "$printed") ))
	undone=$(sort -u "$disc" | join - "$T/have" | awk '$2 != "disconnected"' | wc -l)
	if [ "$missing" -eq 0 ] && [ "$dups" -eq 0 ] && [ "$extra" -eq 0 ] && [ "$undone" -eq 0 ]; then
		pass "round $r: nothing lost, nothing doubled, every disconnect stuck"
	else
		fail "round $r: missing $missing, duplicated $dups, unexplained $extra, disconnects undone $undone"
	fi
done

# Tokens of the still-active ones work; of the disconnected ones, not.
tok_bad=0
while read -r id tok; do
	got=$(printf '%s\n' "$tok" | "$ONRAMP" token check - 2>/dev/null)
	if grep -qx "$id" "$disc"; then
		[ -z "$got" ] || tok_bad=$((tok_bad + 1))
	else
		[ "$got" = "$id" ] || tok_bad=$((tok_bad + 1))
	fi
done < "$printed"
if [ "$tok_bad" -eq 0 ]; then pass "active tokens name their connection, disconnected ones fail"; else fail "$tok_bad token(s) gave the wrong answer"; fi

# The first round raced to make the key pair on first run: every active
# connection must still open with the one secret key that won.
open_ok=0 open_bad=0
while read -r id tok; do
	grep -qx "$id" "$disc" && continue
	if "$ONRAMP" open "$id" 2>/dev/null | jq -e '.credentials.password == "x"' > /dev/null; then
		open_ok=$((open_ok + 1))
	else
		open_bad=$((open_bad + 1))
	fi
done < "$printed"
if [ "$open_bad" -eq 0 ]; then pass "every active connection opens with the one secret key"; else fail "$open_bad connection(s) did not open"; fi

reported=$(wc -l < "$printed")
stored=$(wc -l < "$T/have")
lost=$(cut -d' ' -f1 "$printed" | sort -u | join -v1 - <(cut -d' ' -f1 "$T/have") | wc -l)
echo "# rounds: $ROUNDS x $PAR concurrent connects (+2 disconnects every other round)"
echo "# processes: $((started + disconnects)), failed: $errors"
echo "# connections reported: $reported, in the store: $stored, lost: $lost"
echo "# disconnects reported: $disconnects, all stuck unless a \"not ok\" says so"
echo "# sealed credentials opened: $open_ok (bad: $open_bad)"
echo "1..$((passed + failed))"
[ "$failed" -eq 0 ]
