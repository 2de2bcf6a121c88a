# pg.sh: Debian's PostgreSQL for the tests, on a unix socket in a
# temporary folder (no TCP port at all). Sourced by tests/run-all.sh (one
# server for the whole run) and by any suite run on PostgreSQL alone
# (tests/run-one.sh NAME@pg), which starts its own when none runs.
#   pg_start DIR   initdb + pg_ctl; exports ONRAMP_T_PG_SOCK (the socket
#                  folder) and ONRAMP_T_PG_DIR
#   pg_newdb NAME  a new database; prints its postgresql:// URL
#   pg_stop        stops the server pg_start started
# initdb refuses to run as root: as root the server runs as the postgres
# user, which gets the folder. The settings trade durability for speed
# (fsync off): these databases live for one test run.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_STARTED=""

pg_as() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
	d=$1
	mkdir -p "$d/sock"
	[ "$(id -u)" = 0 ] && chown -R postgres "$d"
	# a folder the postgres user can reach: the path's folders must be
	# searchable by it
	pg_as "$PG_BIN/initdb" -D "$d/data" -A trust -U onramp -N -E UTF8 --locale=C.UTF-8 \
		>"$d/initdb.log" 2>&1 || { cat "$d/initdb.log" >&2; return 1; }
	pg_as "$PG_BIN/pg_ctl" -D "$d/data" -l "$d/server.log" -w -t 60 -o "-k $d/sock -c listen_addresses='' \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB \
-c max_connections=300" start >/dev/null 2>&1 || { cat "$d/server.log" >&2; return 1; }
	export ONRAMP_T_PG_SOCK="$d/sock" ONRAMP_T_PG_DIR="$d"
	PG_STARTED=$d
}

pg_newdb() {
	"$PG_BIN/psql" -qX "postgresql://onramp@/postgres?host=$ONRAMP_T_PG_SOCK" \
		-c "CREATE DATABASE $1 STRATEGY FILE_COPY" >/dev/null || return 1
	echo "postgresql://onramp@/$1?host=$ONRAMP_T_PG_SOCK"
}

pg_stop() {
	[ -n "$PG_STARTED" ] && pg_as "$PG_BIN/pg_ctl" -D "$PG_STARTED/data" -m immediate stop >/dev/null 2>&1
	PG_STARTED=""
}
