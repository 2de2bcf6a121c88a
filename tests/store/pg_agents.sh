#!/usr/bin/env bash
# pg_agents.sh: several instances on one PostgreSQL (README, "Running
# several instances"). Debian's PostgreSQL runs on a unix socket in a
# temporary folder (tests/lib/pg.sh; run-all.sh's server when it started
# one). The source is the SAP fixture, which logs every request, so syncs
# are counted where they happen, not where onramp says they did.
#   1. CONNS connections (default 200) due at once, two agents, then (all
#      due again) four: every connection's first page is asked for exactly
#      once per due time; every sync is one DONE run; every webhook event
#      reaches the sink once (no retries were needed: the sink says 200,
#      and no agent is stopped before its deliveries are done).
#   2. An agent is SIGKILLed mid-sync: another takes its connections over
#      after the lease (ONRAMP_LEASE_S), and none has a duplicated or
#      missing record or a mark ahead of its records.
#   3. A disconnect through one instance's API while a client polls the
#      API of another (two `serve` on the same database): every request
#      that started after the disconnect returned gets 401.
#
#   tests/store/pg_agents.sh          (CONNS=N for another count)
set -u

. "$(dirname "$0")/binary.sh" pg_agents
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib/pg.sh"
CONNS=${CONNS:-200}
PY=/usr/bin/python3
export ONRAMP_LEASE_S=4

mkdir -p "$ROOT/build/test"
T=$(mktemp -d "$ROOT/build/test/pg_agents.XXXXXX")
chmod 755 "$T"
PIDS=""
cleanup() {
	exec 2>/dev/null # no "Killed" job notices in the TAP stream
	for p in $PIDS; do kill -KILL "$p" && wait "$p"; done
	pg_stop
	[ "${failed:-1}" -eq 0 ] && rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
export HOME=$T/home XDG_DATA_HOME=$T/home/data XDG_CONFIG_HOME=$T/home/config
mkdir -p "$XDG_CONFIG_HOME/onramp"
echo "credits = 1000000" >"$XDG_CONFIG_HOME/onramp/config"

passed=0 failed=0
fail() { failed=$((failed + 1)); echo "not ok $((passed + failed)) - $*"; }
pass() { passed=$((passed + 1)); echo "ok $((passed + failed)) - $*"; }
check() {
	what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}
bail() {
	fail "$*"
	echo "1..$((passed + failed))"
	exit 1
}

if [ -n "${ONRAMP_T_PG_SHARED:-}" ]; then
	export ONRAMP_T_PG_SOCK=$ONRAMP_T_PG_SHARED
else
	pg_start "$T/pg" || bail "PostgreSQL starts (initdb, pg_ctl)"
fi
ONRAMP_DATABASE=$(pg_newdb "agents$$") || bail "a database for the test"
export ONRAMP_DATABASE
q() { psql -qXtA "$ONRAMP_DATABASE" -c "$1"; }

$PY "$ROOT/tests/servers/po_fixture.py" --port 0 --log "$T/fx.log" >"$T/fx.port" 2>"$T/fx.err" &
PIDS="$PIDS $!"
for _ in $(seq 1 100); do [ -s "$T/fx.port" ] && break; sleep 0.1; done
FX="http://127.0.0.1:$(head -n1 "$T/fx.port")"
(umask 077 && printf '{"password":"Fixture-Pa55!"}' >"$T/secret.json" && : >"$T/sink.secret")

# the connections: stored straight away (no live check), each with its own
# address tag at the fixture, hourly, so due at once
mk() { # mk TAG ORDERS
	"$ONRAMP" __store-connect sap-s4hana-onprem "$FX/case/n$2x$1" ALICE --schedule hourly \
		--fields "{\"url\":\"$FX/case/n$2x$1\",\"client\":\"100\",\"username\":\"ALICE\"}" \
		<"$T/secret.json" >/dev/null
}
export -f mk
export ONRAMP FX T
seq 1 "$CONNS" | xargs -P 4 -I{} bash -c 'mk c{} 5' || bail "$CONNS connections stored"
check "$CONNS connections stored, all due" [ "$(q "SELECT count(*) FROM connections WHERE next_sync <= extract(epoch FROM now())")" = "$CONNS" ]

# a webhook endpoint: every event goes to the sink, which logs each request
$PY "$ROOT/tests/servers/hook_sink.py" --port 0 --secret-file "$T/sink.secret" --log "$T/sink.log" \
	>"$T/sink.port" 2>"$T/sink.err" &
PIDS="$PIDS $!"
for _ in $(seq 1 100); do [ -s "$T/sink.port" ] && break; sleep 0.1; done
"$ONRAMP" webhooks add "http://127.0.0.1:$(head -n1 "$T/sink.port")/hook" --json >"$T/add.json" ||
	bail "webhooks add"
(umask 077 && jq -r .secret "$T/add.json" >"$T/sink.secret")

agent() { # agent NAME: one more agent in the background; APID gets its pid
	"$ONRAMP" agent --tick 1 >"$T/$1.out" 2>"$T/$1.err" &
	APID=$!
	PIDS="$PIDS $APID"
}
# first pages asked for, per connection tag (one per sync)
first_pages() {
	$PY - "$T/fx.log" <<'EOF'
import collections, json, re, sys
n = collections.Counter()
for line in open(sys.argv[1]):
    p = json.loads(line)["path"]
    m = re.match(r"^/case/n\d+x(\w+)/.*A_PurchaseOrder\?", p)
    if m and "skiptoken" not in p:
        n[m.group(1)] += 1
print(" ".join("%s=%d" % kv for kv in sorted(n.items())))
EOF
}
counts_are() { # counts_are N: every tag asked for N times
	first_pages | tr ' ' '\n' | awk -F= -v n="$1" -v want="$CONNS" \
		'$1 ~ /^c/ { k++; if ($2 != n) bad++ } END { exit !(k == want && bad == 0) }'
}
wait_done() { # wait_done RUNS SECONDS: until RUNS runs are DONE
	end=$(($(date +%s) + $2))
	while [ "$(date +%s)" -le "$end" ]; do
		[ "$(q "SELECT count(*) FROM sync_runs WHERE status='DONE'")" -ge "$1" ] && return 0
		sleep 0.5
	done
	return 1
}
stop_agents() { # TERM, then KILL after 10 s
	for p in $AGENTS; do kill -TERM "$p" 2>/dev/null; done
	for p in $AGENTS; do
		for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	AGENTS=""
}

for round in 1 2; do
	agents=$((round * 2))
	AGENTS=""
	t0=$(date +%s%N)
	for i in $(seq 1 $agents); do agent "r${round}a$i"; AGENTS="$AGENTS $APID"; done
	wait_done $((CONNS * round)) 240
	ms=$((($(date +%s%N) - t0) / 1000000))
	# the agents stop once their deliveries are done: one stopped in the
	# middle of one would leave it to be sent again (at least once)
	for _ in $(seq 1 120); do
		[ "$(q "SELECT count(*) FROM deliveries WHERE status<>'delivered'")" = 0 ] && break
		sleep 0.5
	done
	sleep 2 # a second claim, were there one, would show in the log by now
	stop_agents
	check "round $round, $agents agents: every connection's sync ran once, counted at the fixture" counts_are "$round"
	check "round $round: $((CONNS * round)) runs, all DONE, none SYNCING" [ \
		"$(q "SELECT count(*) FILTER (WHERE status='DONE') || ' ' || count(*) FROM sync_runs")" = "$((CONNS * round)) $((CONNS * round))" ]
	check "round $round: each connection has its 5 records once, and its mark" [ \
		"$(q "SELECT count(*) FROM (SELECT c.id FROM connections c JOIN records r ON r.conn_id=c.id
			GROUP BY c.id HAVING count(*)=5) x")" = "$CONNS" ]
	check "round $round: no claim left behind" [ "$(q "SELECT count(*) FROM connections WHERE claimed_by<>''")" = 0 ]
	spread=$(q "SELECT count(DISTINCT owner) FROM sync_runs WHERE id > (SELECT coalesce(max(id),0) - $CONNS FROM sync_runs)")
	check "round $round: the work was spread over the $agents agents" [ "$spread" = "$agents" ]
	echo "# round $round: $agents agents synced $CONNS connections in $ms ms (runs per agent: $(q "SELECT string_agg(n::text, ' ') FROM (SELECT count(*) n FROM sync_runs WHERE id > (SELECT max(id) - $CONNS FROM sync_runs) GROUP BY owner) x"))"
	# everything due again for the next round
	[ "$round" = 1 ] && q "UPDATE connections SET next_sync=0" >/dev/null
done

# the webhook events: each delivered once to the sink (it answered 200 to
# all, and no agent stopped in the middle of a delivery)
ev=$(q "SELECT count(*) FROM deliveries")
check "every event since the endpoint was added ($ev) was delivered" [ "$ev" -gt "$CONNS" ] &&
	[ "$(q "SELECT count(*) FROM deliveries WHERE status<>'delivered'")" = 0 ]
check "... to the sink exactly once each (webhook-id), with a good signature" [ "$($PY - "$T/sink.log" <<'EOF'
import collections, json, sys
ids = collections.Counter()
bad = 0
for line in open(sys.argv[1]):
    j = json.loads(line)
    ids[j["id"]] += 1
    bad += not j["sig_ok"]
print("ok" if bad == 0 and ids and max(ids.values()) == 1 else "dup %d bad %d" % (max(ids.values() or [0]), bad))
EOF
)" = ok ]

# ---- 2. SIGKILL mid-sync: taken over after the lease -----------------------------------
q "UPDATE connections SET schedule='', next_sync=0" >/dev/null
for i in 1 2 3 4; do mk "k$i" 500; done
: >"$T/fx.log.k"
AGENTS=""
agent victim
VICTIM=$APID
for _ in $(seq 1 200); do
	[ "$(q "SELECT count(*) FROM records WHERE conn_id IN (SELECT id FROM connections WHERE url LIKE '%xk%')")" -gt 0 ] && break
	sleep 0.05
done
kill -KILL "$VICTIM"
wait "$VICTIM" 2>/dev/null
check "the victim agent held claims when it was killed" [ "$(q "SELECT count(*) FROM connections WHERE url LIKE '%xk%' AND claimed_by<>''")" -gt 0 ]
agent heir
AGENTS=$APID
t0=$(date +%s)
end=$((t0 + 120))
while [ "$(date +%s)" -le "$end" ]; do
	[ "$(q "SELECT count(*) FROM connections c WHERE url LIKE '%xk%' AND EXISTS
		(SELECT 1 FROM sync_runs r WHERE r.conn_id=c.id AND r.status='DONE')")" = 4 ] && break
	sleep 0.5
done
took=$(($(date +%s) - t0))
stop_agents
check "another agent took the 4 connections over and synced them to the end" [ "$(q "SELECT count(*) FROM connections c
	WHERE url LIKE '%xk%' AND EXISTS (SELECT 1 FROM sync_runs r WHERE r.conn_id=c.id AND r.status='DONE')")" = 4 ]
check "... not before the lease ($ONRAMP_LEASE_S s) ran out" [ "$took" -ge "$((ONRAMP_LEASE_S - 1))" ]
check "no record duplicated or lost: 500 each, one 'added' history row per record" [ "$(q "SELECT count(*) FROM connections c
	WHERE url LIKE '%xk%' AND (SELECT count(*) FROM records r WHERE r.conn_id=c.id)=500 AND
	(SELECT count(*) FROM history h WHERE h.conn_id=c.id AND action='added')=500 AND
	(SELECT count(DISTINCT remote_id) FROM history h WHERE h.conn_id=c.id AND action='added')=500")" = 4 ]
check "the marks: set on all 4, never ahead (only with all records in)" [ "$(q "SELECT count(*) FROM marks m
	JOIN connections c ON c.id=m.conn_id WHERE c.url LIKE '%xk%' AND m.mark<>''")" = 4 ]
check "the killed agent's runs were reaped (FAILED sync.interrupted), none left SYNCING" [ "$(q "SELECT
	count(*) FILTER (WHERE r.status='SYNCING') || ' ' || count(*) FILTER (WHERE error_code='sync.interrupted')
	FROM sync_runs r JOIN connections c ON c.id=r.conn_id WHERE c.url LIKE '%xk%'")" != "0 0" ] &&
	[ "$(q "SELECT count(*) FROM sync_runs r JOIN connections c ON c.id=r.conn_id WHERE c.url LIKE '%xk%'
	AND r.status='SYNCING'")" = 0 ]
echo "# the heir finished the killed agent's 4 syncs $took s after the kill (lease $ONRAMP_LEASE_S s)"

# ---- 3. disconnect through one instance, polling another -------------------------------
out=$("$ONRAMP" __store-connect sap-s4hana-onprem "$FX" ALICE <"$T/secret.json")
DID=${out%% *}
(umask 077 && printf '%s' "${out#* }" >"$T/d.token")
for i in 1 2; do
	"$ONRAMP" serve --listen 127.0.0.1:0 >"$T/serve$i.out" 2>"$T/serve$i.err" &
	PIDS="$PIDS $!"
done
P2=""
for _ in $(seq 1 200); do
	P1=$(sed -n 's/.*listening on http:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$T/serve1.out")
	P2=$(sed -n 's/.*listening on http:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$T/serve2.out")
	[ -n "$P1" ] && [ -n "$P2" ] && break
	sleep 0.05
done
AC="$PY $ROOT/tests/e2e/api_client.py"
$AC poll "http://127.0.0.1:$P2/v1/connection" "$T/d.token" "$T/poll.log" "$T/stop" &
POLL=$!
for _ in $(seq 1 100); do n=$(grep -c ' 200$' "$T/poll.log" 2>/dev/null)
	[ "${n:-0}" -ge 5 ] && break; sleep 0.05; done
check "instance 1 answers the token too" [ "$($AC req GET "http://127.0.0.1:$P1/v1/connection" "$T/d.token" | head -1)" = 200 ]
# the disconnect through instance 1's API (POST /v1/disconnect)
check "instance 1 disconnects it (POST /v1/disconnect: 200)" [ \
	"$($AC req POST "http://127.0.0.1:$P1/v1/disconnect" "$T/d.token" | head -1)" = 200 ]
t_done=$(date +%s%N) # the poll log's clock: nanoseconds
sleep 0.5
touch "$T/stop"
wait "$POLL"
check "instance 2 was answered 200 before the disconnect" [ "$(grep -c ' 200$' "$T/poll.log")" -ge 5 ]
check "every request to instance 2 that started after the disconnect returned got 401" [ "$(awk -v t="$t_done" \
	'$1 > t && $2 != 401 { bad++ } $1 > t { n++ } END { print (n > 0 && bad == 0) ? "yes" : "no" }' "$T/poll.log")" = yes ]
check "the disconnect was one transaction: token gone, schedule off, event in the outbox, sealed box destroyed" [ \
	"$(q "SELECT token_hash || '|' || schedule || '|' || (SELECT count(*) FROM events e WHERE e.conn_id=c.id AND
	type='connection.disconnected') || '|' || (SELECT count(*) FROM sealed s WHERE s.conn_id=c.id) FROM connections c
	WHERE id='$DID'")" = "||1|0" ]

echo "1..$((passed + failed))"
[ "$failed" -eq 0 ]
