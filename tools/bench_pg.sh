#!/bin/sh
# bench_pg.sh: `make bench`, several instances on one PostgreSQL (issue
# 17; README, "Running several instances"). Debian's PostgreSQL runs on a
# unix socket under build/bench/pg (tests/lib/pg.sh: fsync off, so these
# figures leave out the disk, as both backends' do here):
#
#   1. syncs per minute with 1, 2 and 4 agents: BENCH_PG_CONNS connections
#      (default 60) of 5 orders each from the SAP fixture, all due at
#      once, on a new database each time; until every one is DONE;
#   2. webhook deliveries per second with 1, 2 and 4 agents: BENCH_PG_EVENTS
#      (default 3,000) events pending for one endpoint, the reference
#      receiver (onramp webhooks listen, which commits each one to SQLite);
#   3. the API: GET /v1/purchase-orders?limit=100 through two `serve` on
#      PostgreSQL at once (two wrk, -c16 each), one `serve` on PostgreSQL
#      and one `serve` on SQLite (-c32), BENCH_PG_S seconds (default 8).
# Each figure is the median of BENCH_PG_RUNS runs (default 3) with
# [min-max], and a ratio to its peer measured in the same run. Benchmarks,
# not tests: nothing here fails the build.
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
B=$ROOT/build/bench/pg
CONNS=${BENCH_PG_CONNS:-60}
EVENTS=${BENCH_PG_EVENTS:-3000}
S=${BENCH_PG_S:-8}
RUNS=${BENCH_PG_RUNS:-3}
PY=/usr/bin/python3
[ -x ./onramp ] || { echo "bench: run make bench"; exit 0; }
[ -x /usr/lib/postgresql/15/bin/initdb ] || { echo "bench: PostgreSQL 15 is not installed (tools/deps.sh bench)"; exit 0; }
rm -rf "$B"
mkdir -p "$B/home/.config/onramp" "$B/secrets"
chmod 755 "$B"
chmod 700 "$B/secrets"
. tests/lib/pg.sh
PIDS=""
trap 'kill $PIDS 2>/dev/null; pg_stop' EXIT
trap 'exit 130' INT TERM
export HOME="$B/home" XDG_CONFIG_HOME="$B/home/.config" XDG_DATA_HOME="$B/home/.local/share"
echo "credits = 1000000" >"$XDG_CONFIG_HOME/onramp/config"
pg_start "$B/pg" || { echo "bench: PostgreSQL did not start"; exit 0; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# stats V...: "median [min-max]"
stats() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%g [%g-%g]", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rss_mib() { awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null; }

$PY tests/servers/po_fixture.py --port 0 >"$B/fx.port" 2>"$B/fx.err" &
PIDS="$PIDS $!"
for _ in $(seq 1 100); do [ -s "$B/fx.port" ] && break; sleep 0.05; done
FX="http://127.0.0.1:$(head -n 1 "$B/fx.port")"
(umask 077 && printf '{"password":"Fixture-Pa55!"}' >"$B/secrets/secret.json")
n_db=0
newdb() { # a new database as ONRAMP_DATABASE
	n_db=$((n_db + 1))
	ONRAMP_DATABASE=$(pg_newdb "bench$n_db")
	export ONRAMP_DATABASE
}
q() { psql -qXtA "$ONRAMP_DATABASE" -c "$1"; }
mk() { # mk N ORDERS: N connections due now, four stored at a time
	w=""
	for i in $(seq 1 "$1"); do
		./onramp __store-connect sap-s4hana-onprem "$FX/case/n${2}xb$i" ALICE --schedule hourly \
			--fields "{\"url\":\"$FX/case/n${2}xb$i\",\"client\":\"100\",\"username\":\"ALICE\"}" \
			<"$B/secrets/secret.json" >/dev/null &
		w="$w $!"
		if [ $((i % 4)) -eq 0 ]; then
			for p in $w; do wait "$p"; done
			w=""
		fi
	done
	for p in $w; do wait "$p"; done
}
agents() { # agents K: K agents in the background; APIDS
	APIDS=""
	for i in $(seq 1 "$1"); do
		./onramp agent --tick 1 >/dev/null 2>"$B/agent$i.err" &
		APIDS="$APIDS $!"
	done
	PIDS="$PIDS $APIDS"
}
stop() { # TERM, then KILL after 10 s
	for p in $APIDS; do kill -TERM "$p" 2>/dev/null; done
	for p in $APIDS; do
		for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
}
until_sql() { # until_sql SQL VALUE SECONDS
	e=$(($(date +%s) + $3))
	while [ "$(q "$1")" -lt "$2" ] && [ "$(date +%s)" -le "$e" ]; do sleep 0.2; done
}
# timed K SQL N PER_MS: K agents until SQL counts N; prints N per PER_MS
# milliseconds, and leaves the first agent's peak RSS in $B/rss
timed() {
	t0=$(now_ms)
	agents "$1"
	until_sql "$2" "$3" 300
	ms=$(($(now_ms) - t0))
	set -- "$3" "$4" $APIDS
	rss_mib "$3" >"$B/rss"
	stop
	echo $(($1 * $2 / ms))
}
ratio() { $PY -c "print('%.2f' % ($1 / $2))"; }

# ---- 1. syncs per minute ------------------------------------------------------------
echo "Several instances on one PostgreSQL (fsync off), $(nproc) cores, ./onramp:"
for k in 1 2 4; do
	v=""
	for _ in $(seq 1 "$RUNS"); do
		newdb
		mk "$CONNS" 5
		v="$v $(timed "$k" "SELECT count(*) FROM sync_runs WHERE status='DONE'" "$CONNS" 60000)"
	done
	eval "SYNC_$k=\$(median $v)"
	echo "  syncs/min, $k agent(s), $CONNS connections of 5 orders due at once: $(stats $v)" \
		"(ratio to 1 agent: $(ratio "$(median $v)" "$SYNC_1")); peak RSS of one agent $(cat "$B/rss") MiB"
done

# ---- 2. deliveries per second -------------------------------------------------------
RP=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
for k in 1 2 4; do
	v=""
	for _ in $(seq 1 "$RUNS"); do
		newdb
		rm -f "$B/receiver.db"*
		./onramp webhooks add "http://127.0.0.1:$RP/hook" --json >"$B/add.json"
		(umask 077 && $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["secret"])' "$B/add.json" \
			>"$B/secrets/whsec")
		./onramp webhooks listen --secret-file "$B/secrets/whsec" --listen "127.0.0.1:$RP" \
			--db "$B/receiver.db" >"$B/recv.out" 2>"$B/recv.err" &
		RECV=$!
		PIDS="$PIDS $RECV"
		sleep 0.3
		# the events, as a sync's triggers write them: one delivery each
		q "INSERT INTO events(at, conn_id, type, payload) SELECT CAST(extract(epoch FROM now()) AS BIGINT),
			'bench', 'purchase_order.created', '{\"connection_id\":\"bench\",\"n\":' || g || '}'
			FROM generate_series(1, $EVENTS) g" >/dev/null
		v="$v $(timed "$k" "SELECT count(*) FROM deliveries WHERE status='delivered'" "$EVENTS" 1000)"
		kill "$RECV" 2>/dev/null
		wait "$RECV" 2>/dev/null
	done
	eval "DEL_$k=\$(median $v)"
	echo "  deliveries/s, $k agent(s), $EVENTS events to the reference receiver: $(stats $v)" \
		"(ratio to 1 agent: $(ratio "$(median $v)" "$DEL_1"))"
done

# ---- 3. the API ----------------------------------------------------------------------
command -v wrk >/dev/null || { echo "  (the API figures need wrk)"; exit 0; }
serve() { # serve NAME: one `serve` on the current database; SPORT, SPID
	./onramp serve --listen 127.0.0.1:0 --rate 1000000 --burst 1000000 >"$B/$1.out" 2>"$B/$1.err" &
	SPID=$!
	PIDS="$PIDS $SPID"
	SPORT=""
	for _ in $(seq 1 200); do
		SPORT=$(sed -n 's/.*listening on http:\/\/[0-9.]*:\([0-9]*\)$/\1/p' "$B/$1.out")
		[ -n "$SPORT" ] && break
		sleep 0.05
	done
}
# one connection with 1,000 synced orders, on the current backend
one_conn() {
	out=$(./onramp __store-connect sap-s4hana-onprem "$FX/case/n1000" ALICE \
		--fields "{\"url\":\"$FX/case/n1000\",\"client\":\"100\",\"username\":\"ALICE\"}" <"$B/secrets/secret.json")
	(umask 077 && printf '%s' "${out#* }" >"$B/secrets/token")
	./onramp sync "${out%% *}" --full >/dev/null
}
cat >"$B/auth.lua" <<LUAEOF
local f = io.open("$B/secrets/token")
wrk.headers["Authorization"] = "Bearer " .. f:read("*l")
f:close()
LUAEOF
rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$1" | cut -d. -f1; }
PATHQ="/v1/purchase-orders?limit=100"
newdb
one_conn
serve pg1
P1=$SPORT S1=$SPID
serve pg2
P2=$SPORT S2=$SPID
two="" onepg=""
for _ in $(seq 1 "$RUNS"); do
	wrk -t1 -c16 -d"${S}s" -s "$B/auth.lua" "http://127.0.0.1:$P1$PATHQ" >"$B/wrk1.txt" 2>&1 &
	w=$!
	wrk -t1 -c16 -d"${S}s" -s "$B/auth.lua" "http://127.0.0.1:$P2$PATHQ" >"$B/wrk2.txt" 2>&1
	wait "$w"
	two="$two $(($(rps "$B/wrk1.txt") + $(rps "$B/wrk2.txt")))"
	wrk -t2 -c32 -d"${S}s" -s "$B/auth.lua" "http://127.0.0.1:$P1$PATHQ" >"$B/wrk1.txt" 2>&1
	onepg="$onepg $(rps "$B/wrk1.txt")"
done
RSS_PG=$(rss_mib "$S1")
kill "$S1" "$S2"
unset ONRAMP_DATABASE
rm -rf "$XDG_DATA_HOME/onramp"
one_conn
serve lite
lite=""
for _ in $(seq 1 "$RUNS"); do
	wrk -t2 -c32 -d"${S}s" -s "$B/auth.lua" "http://127.0.0.1:$SPORT$PATHQ" >"$B/wrk3.txt" 2>&1
	lite="$lite $(rps "$B/wrk3.txt")"
done
RSS_LITE=$(rss_mib "$SPID")
kill "$SPID"
L=$(median $lite)
echo "  API, GET $PATHQ over 1,000 orders, ${S} s each:"
echo "    two serve on PostgreSQL (wrk -c16 on each): $(stats $two) req/s (ratio to one on SQLite: $(ratio "$(median $two)" "$L"))"
echo "    one serve on PostgreSQL (wrk -c32):         $(stats $onepg) req/s (ratio: $(ratio "$(median $onepg)" "$L")); peak RSS $RSS_PG MiB"
echo "    one serve on SQLite (wrk -c32):             $(stats $lite) req/s; peak RSS $RSS_LITE MiB"
