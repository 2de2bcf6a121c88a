#!/bin/sh
# tryton.sh — run Debian's real trytond 6.0 as a test peer.
#
#   tryton.sh start STATEDIR PORT   fresh SQLite database "onramp_test", trytond on
#                                   127.0.0.1:PORT, pid in STATEDIR/trytond.pid; returns once
#                                   common.db.login answers (or fails with the log tail)
#   tryton.sh stop STATEDIR         stop it (TERM, then KILL after a deadline)
#   tryton.sh template TEMPLATEDIR  only build (or check) the template database below;
#                                   tests/run-all.sh does this beside the first suites
#
# Admin login: user "admin", password "Tryton-Adm1n!", email admin@example.com.
# Modules: ir, res + purchase and its dependencies (-u purchase --activate-dependencies).
#
# Initializing a database takes ~20 s, so the initialized database file is cached in a
# template directory ($TRYTON_TEMPLATE_DIR, default STATEDIR/../tryton-template) and copied
# for every start. The cache is rebuilt when the trytond version changes; delete the
# directory to force a rebuild. Concurrent builds are serialized with flock.
#
# Environment:
#   TRYTON_TEMPLATE_DIR     template cache directory (see above)
#   TRYTON_START_TIMEOUT    seconds to wait for the login to answer (default 60)
#   TRYTON_SESSION_TIMEOUT  [session] timeout in seconds (default 1), see below
#
# What trytond 6.0 answers (observed; details in TRYTON.md):
#   POST /onramp_test/ {"method":"common.db.login","params":["admin",{"password":"Tryton-Adm1n!"}],"id":1}
#     200 application/json {"id":1,"result":[1,"<64 hex session key>"]}
#   same with a wrong password, or an unknown user
#     401 UNAUTHORIZED, text/html (Werkzeug's standard "401 Unauthorized" page), no JSON
#   same with params ["admin",{}] (no password key)
#     200 {"id":N,"error":["LoginException",["password","Password for admin","password"]]}
#   POST /nosuchdb/ (unknown database, SQLite backend)
#     200 {"id":N,"error":["Database '<STATEDIR>/nosuchdb.sqlite' doesn't exist!",""]}
#   more than [session] max_attempt (5) failures for one login within [session] timeout
#     429 TOO MANY REQUESTS, text/html
# Every login for a name that has N recent failures first sleeps random(0 .. 2^N - 1)
# seconds (res.user.get_login), success included. Failures count only while younger than
# [session] timeout (default 300 s), so we set it to 1 s to keep tests fast; the same value
# is the idle lifetime of a session, which onramp (login only) does not depend on.
set -eu

DB=onramp_test
ADMIN_PASSWORD='Tryton-Adm1n!'
ADMIN_EMAIL=admin@example.com

die() { echo "tryton.sh: $*" >&2; exit 1; }

usage() {
    echo "usage: $0 start STATEDIR PORT | stop STATEDIR | template TEMPLATEDIR" >&2
    exit 2
}

now() { date +%s; }

abspath() { (cd "$1" && pwd -P); }

login_body() {
    printf '{"method":"common.db.login","params":["admin",{"password":"%s"}],"id":1}' \
        "$ADMIN_PASSWORD"
}

write_conf() { # CONF DBDIR [PORT]
    {
        echo "[database]"
        echo "uri = sqlite://"
        echo "path = $2"
        if [ $# -ge 3 ]; then
            echo "[web]"
            echo "listen = 127.0.0.1:$3"
            echo "[session]"
            echo "timeout = ${TRYTON_SESSION_TIMEOUT:-1}"
        fi
    } >"$1"
}

trytond_version() { trytond --version 2>&1 | tr -d '\n'; }

# Build (or reuse) the template database; prints nothing on success.
ensure_template() { # TEMPLATEDIR
    tdir=$1
    mkdir -p "$tdir"
    stamp="$(trytond_version) modules=purchase"
    exec 9>"$tdir/.lock"
    if command -v flock >/dev/null 2>&1; then
        flock -w 900 9 || die "timed out waiting for the template lock in $tdir"
    fi
    if [ -s "$tdir/$DB.sqlite" ] && [ -f "$tdir/STAMP" ] && [ "$(cat "$tdir/STAMP")" = "$stamp" ]; then
        exec 9>&-
        return 0
    fi
    build="$tdir/build.$$"
    rm -rf "$build"
    mkdir -p "$build"
    write_conf "$build/trytond.conf" "$build"
    printf '%s\n' "$ADMIN_PASSWORD" >"$build/pass"
    : >"$build/$DB.sqlite"
    log="$tdir/build.log"
    : >"$log"
    t0=$(now)
    if ! TRYTONPASSFILE="$build/pass" trytond-admin -c "$build/trytond.conf" -d "$DB" \
            --all --email "$ADMIN_EMAIL" </dev/null >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        rm -rf "$build"
        die "trytond-admin --all failed (log: $log)"
    fi
    if ! TRYTONPASSFILE="$build/pass" trytond-admin -c "$build/trytond.conf" -d "$DB" \
            -u purchase --activate-dependencies </dev/null >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        rm -rf "$build"
        die "trytond-admin -u purchase failed (log: $log)"
    fi
    echo "template built in $(( $(now) - t0 )) s" >>"$log"
    mv -f "$build/$DB.sqlite" "$tdir/$DB.sqlite"
    printf '%s' "$stamp" >"$tdir/STAMP"
    rm -rf "$build"
    exec 9>&-
}

do_stop() { # STATEDIR
    stop_pidfile="$1/trytond.pid"
    [ -s "$stop_pidfile" ] || return 0
    stop_pid=$(cat "$stop_pidfile")
    if kill -0 "$stop_pid" 2>/dev/null; then
        kill -TERM "$stop_pid" 2>/dev/null || true
        stop_deadline=$(( $(now) + 10 ))
        while kill -0 "$stop_pid" 2>/dev/null; do
            # a zombie still answers kill -0; treat it as gone
            pstate=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$stop_pid/status" 2>/dev/null || true)
            [ "$pstate" = Z ] && break
            if [ "$(now)" -ge "$stop_deadline" ]; then
                kill -KILL "$stop_pid" 2>/dev/null || true
                break
            fi
            sleep 0.1
        done
    fi
    rm -f "$stop_pidfile"
}

do_start() { # STATEDIR PORT
    mkdir -p "$1"
    state=$(abspath "$1")
    port=$2
    case $port in
        ''|*[!0-9]*) die "PORT must be a number" ;;
    esac
    command -v trytond >/dev/null || die "trytond not found (apt install tryton-server)"
    command -v curl >/dev/null || die "curl not found"

    do_stop "$state"

    rc=0
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/" || rc=$?
    [ $rc = 7 ] || die "something already answers on 127.0.0.1:$port"

    tdir=${TRYTON_TEMPLATE_DIR:-$(dirname "$state")/tryton-template}
    ensure_template "$tdir"

    rm -f "$state/$DB.sqlite" "$state/$DB.sqlite-journal"
    cp "$tdir/$DB.sqlite" "$state/$DB.sqlite"
    write_conf "$state/trytond.conf" "$state" "$port"

    trytond -c "$state/trytond.conf" </dev/null >"$state/trytond.log" 2>&1 &
    pid=$!
    echo "$pid" >"$state/trytond.pid"

    deadline=$(( $(now) + ${TRYTON_START_TIMEOUT:-60} ))
    body=$(login_body)
    while :; do
        if ! kill -0 "$pid" 2>/dev/null; then
            tail -n 30 "$state/trytond.log" >&2
            rm -f "$state/trytond.pid"
            die "trytond exited during startup (log: $state/trytond.log)"
        fi
        out=$(curl -s --max-time 5 -X POST -H 'Content-Type: application/json' \
            --data "$body" "http://127.0.0.1:$port/$DB/" 2>/dev/null || true)
        case $out in
            *'"result":['*) return 0 ;;
        esac
        if [ "$(now)" -ge "$deadline" ]; then
            tail -n 30 "$state/trytond.log" >&2
            do_stop "$state"
            die "trytond did not answer common.db.login within ${TRYTON_START_TIMEOUT:-60} s"
        fi
        sleep 0.1
    done
}

[ $# -ge 1 ] || usage
case $1 in
    start) [ $# -eq 3 ] || usage; do_start "$2" "$3" ;;
    stop)  [ $# -eq 2 ] || usage; [ -d "$2" ] || exit 0; do_stop "$(abspath "$2")" ;;
    template) [ $# -eq 2 ] || usage; ensure_template "$2" ;;
    *) usage ;;
esac
