#!/bin/sh
# test_sync.sh: syncs into the database against a real Tryton (its own
# trytond, so the changes made here meet no other test): the first sync,
# re-reading unchanged orders (nothing written), one order added, one
# confirmed, one cancelled, one deleted, each seen in the history; full
# runs; schedules; an auth rejection marks the connection "needs
# attention"; disconnect keeps the history readable and stops syncing;
# reconnect starts a new history; purge deletes it; a kiosk cannot sync.
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

TRY_PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
TRY_STATE="$E2E_DIR/tryton"
on_exit 'sh "$ROOT/tests/servers/tryton.sh" stop "$TRY_STATE"'
TRYTON_TEMPLATE_DIR="${T_DIR:-$E2E_DIR}/tryton-template" \
	sh "$ROOT/tests/servers/tryton.sh" start "$TRY_STATE" "$TRY_PORT" >"$E2E_DIR/tryton.log" 2>&1 ||
	{ not_ok "our own trytond starts"; cat "$E2E_DIR/tryton.log"; finish; }
URL="http://127.0.0.1:$TRY_PORT"
PW=$(secret_file tryton "$ONRAMP_T_TRYTON_PASSWORD")
tryton() { $PY "$ROOT/tests/servers/tryton_changes.py" "$URL" onramp_test "$@" <"$PW"; }
DB="$XDG_DATA_HOME/onramp/onramp.db"
sql() { store_sql "$1"; }

check "Tryton has the golden orders plus two drafts" sh -c "$(printf '%s' \
	"$PY '$ROOT/tests/servers/tryton_changes.py' '$URL' onramp_test setup <'$PW' | grep -q 'setup done'")"

cli "$E2E_DIR/c.json" connect tryton --field url="$URL" --field database=onramp_test \
	--field username=admin --secret password=@"$PW" --json
ID=$(json "$E2E_DIR/c.json" 'j["connection"]["id"]')
check "connect works (exit $CLI_RC)" [ "$CLI_RC" -eq 0 ]
check "a system with a reader gets an hourly schedule at connect" \
	[ "$(json "$E2E_DIR/c.json" 'j["connection"]["schedule"]')" = hourly ]
cli "$E2E_DIR/l.json" list --json
check "list agrees: hourly" [ "$(json "$E2E_DIR/l.json" 'j[0]["schedule"]')" = hourly ]

# ---- the first sync, then nothing changed -------------------------------------
cli "$E2E_DIR/s1.json" sync "$ID" --json
check "the first sync is DONE" [ "$(json "$E2E_DIR/s1.json" 'j["status"]')" = DONE ]
check "it added the 5 orders" [ "$(json "$E2E_DIR/s1.json" 'j["added"]')" = 5 ]
cli "$E2E_DIR/h1.json" history "$ID" --changes --json
check "the history has 5 changes, seq increasing" \
	[ "$(json "$E2E_DIR/h1.json" 'len(j) == 5 and all(a["seq"] < b["seq"] for a, b in zip(j, j[1:]))')" = true ]
cli "$E2E_DIR/s2.json" sync "$ID" --json
check "re-reading unchanged orders: nothing added or updated" \
	[ "$(json "$E2E_DIR/s2.json" 'j["status"] == "DONE" and j["added"] + j["updated"] + j["deleted"] == 0')" = true ]
check "... and nothing written to the history" [ "$(sql "SELECT count(*) FROM history")" = 5 ]

# ---- unchanged orders skipped by their source bytes (schema 6) -----------------
check "... all 5 known by their source bytes, none built again" [ "$(json "$E2E_DIR/s2.json" 'j["skipped"]')" = 5 ]
check "every record keeps its keyed source hash (128 bits)" \
	[ "$(sql "SELECT count(*) FROM records WHERE length(src_hash) = 32")" = 5 ]
if [ -z "${ONRAMP_DATABASE:-}" ]; then
	# the key: derived from the secret key (lifecycle_open_keyed), never stored
	check "the hash's key is nowhere in the data folder, plain or hex" [ "$($PY - "$XDG_CONFIG_HOME/onramp/recipient.key" \
		"$ID" "$XDG_DATA_HOME" <<'PYEOF'
import base64, hashlib, os, sys
sk = [base64.b64decode(l.split()[1]) for l in open(sys.argv[1]) if l.startswith("secret ")]
key = hashlib.blake2b(b"onramp sync source hash 1\0" + sys.argv[2].encode(), key=sk[0], digest_size=32).digest()
found = [os.path.join(d, f) for d, _, fs in os.walk(sys.argv[3]) for f in fs
         if key in open(os.path.join(d, f), "rb").read() or key.hex().encode() in open(os.path.join(d, f), "rb").read()]
print("found in %s" % found if found else "nowhere")
PYEOF
)" = nowhere ]
fi
sql "CREATE TABLE test_src AS SELECT remote_id, src_hash FROM records" >/dev/null 2>&1 # no row: no output
changed_src() {
	sql "SELECT count(*) FROM records r JOIN test_src t ON t.remote_id = r.remote_id WHERE t.src_hash <> r.src_hash"
}
cli "$E2E_DIR/s2b.json" sync "$ID" --full --json
check "a full sync of unchanged orders: nothing changed or deleted, all 5 skipped" \
	[ "$(json "$E2E_DIR/s2b.json" '(j["added"] + j["updated"] + j["deleted"], j["skipped"])')" = "[0, 5]" ]
check "Tryton: PO-1005's reference set (a field read, not in the model)" \
	sh -c "$PY '$ROOT/tests/servers/tryton_changes.py' '$URL' onramp_test reference <'$PW' | grep -q 'changed reference'"
cli "$E2E_DIR/s2c.json" sync "$ID" --json
check "... the sync builds that order again: no change to the order, 4 skipped" \
	[ "$(json "$E2E_DIR/s2c.json" '(j["added"], j["updated"], j["deleted"], j["skipped"])')" = "[0, 0, 0, 4]" ]
check "... its new source hash is kept" [ "$(changed_src)" = 1 ]
check "... and its source record (remote_data) is current" \
	[ "$(sql "SELECT count(*) FROM record_raw WHERE raw LIKE '%REF-77%'")" = 1 ]
check "... with no history row" [ "$(sql "SELECT count(*) FROM history")" = 5 ]
cli "$E2E_DIR/s2d.json" sync "$ID" --json
check "the next sync skips all 5 again" [ "$(json "$E2E_DIR/s2d.json" 'j["skipped"]')" = 5 ]
check "Tryton: PO-1005's delivery date moved (one field of one order)" \
	sh -c "$PY '$ROOT/tests/servers/tryton_changes.py' '$URL' onramp_test one <'$PW' | grep -q 'changed one'"
cli "$E2E_DIR/s2e.json" sync "$ID" --json
check "the sync sees exactly that one update, the other 4 skipped" \
	[ "$(json "$E2E_DIR/s2e.json" '(j["added"], j["updated"], j["deleted"], j["skipped"])')" = "[0, 1, 0, 4]" ]
cli "$E2E_DIR/h1e.jsonl" history "$ID" --changes --jsonl
check "... and its history row has the new date" sh -c \
	"tail -n 1 '$E2E_DIR/h1e.jsonl' | grep '\"number\":\"PO-1005\"' | grep -q '\"expected_date\":\"2031-07-15'"
sql "DROP TABLE test_src" >/dev/null 2>&1
SEQ=$(tail -n 1 "$E2E_DIR/h1e.jsonl" | $PY -c 'import json, sys; print(json.load(sys.stdin)["seq"])')
check "a finished sync leaves no claim behind" [ "$(sql "SELECT claimed_by FROM connections WHERE id='$ID'")" = "" ]

# ---- a sync another onramp holds --------------------------------------------
sql "UPDATE connections SET claimed_by='elsewhere:1:x', claimed_until=$(($(date +%s) + 600)) WHERE id='$ID' RETURNING id" >/dev/null
cli "$E2E_DIR/held.json" sync "$ID" --json
check "a sync held by another onramp is refused (exit 7)" [ "$CLI_RC" -eq 7 ]
check "... with sync.running_elsewhere" [ "$(json "$E2E_DIR/held.json" 'j["error"]["code"]')" = sync.running_elsewhere ]
check "... and its claim is left alone" [ "$(sql "SELECT claimed_by FROM connections WHERE id='$ID'")" = elsewhere:1:x ]
sql "UPDATE connections SET claimed_by='', claimed_until=0 WHERE id='$ID' RETURNING id" >/dev/null

# ---- one of each change -------------------------------------------------------
check "Tryton: PO-1004 added, PO-1001 confirmed, PO-1005 cancelled, PO-1006 deleted" \
	sh -c "$PY '$ROOT/tests/servers/tryton_changes.py' '$URL' onramp_test change <'$PW' | grep -q changed"
cli "$E2E_DIR/s3.json" sync "$ID" --json
check "the incremental sync sees 1 added and 2 updated" \
	[ "$(json "$E2E_DIR/s3.json" '(j["added"], j["updated"], j["deleted"])')" = "[1, 2, 0]" ]
cli "$E2E_DIR/s4.json" sync "$ID" --full --json
check "the full sync marks the deleted one" \
	[ "$(json "$E2E_DIR/s4.json" '(j["full"], j["status"], j["deleted"], j["added"])')" = "[true, \"DONE\", 1, 0]" ]
cli "$E2E_DIR/h2.jsonl" history "$ID" --changes --since "$SEQ" --jsonl
change() { grep "\"number\":\"$1\"" "$E2E_DIR/h2.jsonl" | grep -q "\"action\":\"$2\""; }
check "history since $SEQ: PO-1004 added" change PO-1004 added
check "history: PO-1001 confirmed (updated, status open)" sh -c \
	"grep '\"number\":\"PO-1001\"' '$E2E_DIR/h2.jsonl' | grep '\"action\":\"updated\"' | grep -q '\"status\":\"open\"'"
check "history: PO-1005 cancelled (updated, status cancelled)" sh -c \
	"grep '\"number\":\"PO-1005\"' '$E2E_DIR/h2.jsonl' | grep '\"action\":\"updated\"' | grep -q '\"status\":\"cancelled\"'"
check "history: PO-1006 deleted" change PO-1006 deleted
check "history since $SEQ has exactly those 4" [ "$(wc -l <"$E2E_DIR/h2.jsonl")" -eq 4 ]
cli "$E2E_DIR/cur.json" history "$ID" --json
check "current records: 6, PO-1006 with deleted_at" [ "$(json "$E2E_DIR/cur.json" \
	'(len(j), [r["deleted_at"] is not None for r in j if r["data"]["number"] == "PO-1006"])')" = "[6, [true]]" ]
check "a record carries first_seen_at, last_modified_at, last_action, raw_status, hash" [ "$(json "$E2E_DIR/cur.json" \
	'all(k in j[0] for k in ("first_seen_at", "last_modified_at", "last_action", "raw_status", "hash"))')" = true ]
cli "$E2E_DIR/runs.json" syncs "$ID" --json
check "syncs lists the 8 runs, newest first, all DONE" [ "$(json "$E2E_DIR/runs.json" \
	'[r["status"] for r in j] == ["DONE"] * 8 and j[0]["full"] and j[0]["run"] > j[1]["run"]')" = true ]
check "the high-water mark is saved" [ -n "$(sql "SELECT mark FROM marks")" ]

# ---- schedules ----------------------------------------------------------------
cli "$E2E_DIR/sc.out" schedule "$ID" every 15m
check "schedule every 15m (exit $CLI_RC)" [ "$CLI_RC" -eq 0 ]
check "... stored" [ "$(sql "SELECT schedule FROM connections WHERE id='$ID'")" = 15m ]
cli "$E2E_DIR/sc2.out" schedule "$ID" every 2h
check "schedule every 2h is a usage error (exit 2)" [ "$CLI_RC" -eq 2 ]

# ---- an auth rejection needs attention ----------------------------------------
NEWPW=$(secret_file tryton_new 'Changed-Pa55!')
repw() { # OLDFILE NEWFILE: admin's password in Tryton
	$PY -c 'import sys; sys.path.insert(0, sys.argv[1]); import tryton_seed as ts
rpc = ts.Rpc(sys.argv[2], "onramp_test", open(sys.argv[3]).read())
rpc.model("res.user", "write", [1], {"password": open(sys.argv[4]).read()})' "$ROOT/tests/servers" "$URL" "$1" "$2"
}
repw "$PW" "$NEWPW"
cli "$E2E_DIR/s5.json" sync "$ID" --json
check "a rejected sign-in fails the sync (exit 6)" [ "$CLI_RC" -eq 6 ]
cli "$E2E_DIR/runs2.txt" syncs "$ID"
check "syncs says the connection needs attention" grep -q "Needs attention" "$E2E_DIR/runs2.txt"
check "... and the run FAILED with the error" grep -Eq "FAILED .*(rejected|sign|password)" "$E2E_DIR/runs2.txt"
check "no history was written by the failed run" [ "$(sql "SELECT count(*) FROM history")" = 10 ]
cli "$E2E_DIR/l2.json" list --json
check "list --json gives the reason in needs_attention" [ "$(json "$E2E_DIR/l2.json" \
	'bool(j[0]["needs_attention"]) and j[0]["next_sync"] is not None')" = true ]
repw "$NEWPW" "$PW"
cli "$E2E_DIR/s6.json" sync "$ID" --json
cli "$E2E_DIR/runs3.txt" syncs "$ID"
check "the next good sync clears it" sh -c "! grep -q 'Needs attention' '$E2E_DIR/runs3.txt'"

# ---- disconnect, reconnect, purge ---------------------------------------------
cli "$E2E_DIR/d.out" disconnect "$ID"
check "disconnect (exit $CLI_RC) says the syncs stopped and the data stays" sh -c \
	"grep -q 'scheduled syncs stopped' '$E2E_DIR/d.out' && grep -q 'purge' '$E2E_DIR/d.out'"
check "its schedule is gone" [ "$(sql "SELECT schedule || next_sync FROM connections WHERE id='$ID'")" = 0 ]
check "the disconnect is recorded as an event" \
	[ "$(sql "SELECT count(*) FROM events WHERE conn_id='$ID' AND type='connection.disconnected'")" = 1 ]
cli "$E2E_DIR/h3.json" history "$ID" --json
check "history still works on the disconnected connection" [ "$(json "$E2E_DIR/h3.json" 'len(j)')" = 6 ]
cli "$E2E_DIR/s7.out" sync "$ID"
check "a disconnected connection does not sync (exit 3)" [ "$CLI_RC" -eq 3 ]
CLI_STDIN=$PW cli "$E2E_DIR/rc.out" reconnect "$ID" --secret password=- --json
NEW=$(json "$E2E_DIR/rc.out" 'j["connection"]["id"]')
check "reconnect gives a new connection" [ "$CLI_RC" -eq 0 -a "$NEW" != "$ID" ]
cli "$E2E_DIR/h4.out" history "$NEW"
check "... with a history of its own, empty" grep -q "Nothing synced" "$E2E_DIR/h4.out"
cli "$E2E_DIR/p.out" purge "$ID"
check "purge (exit $CLI_RC)" [ "$CLI_RC" -eq 0 ]
cli "$E2E_DIR/h5.out" history "$ID"
check "the purged history is gone (exit 3)" [ "$CLI_RC" -eq 3 ]
check "records, history, runs and marks of it are deleted" [ "$(sql "SELECT (SELECT count(*) FROM records WHERE \
conn_id='$ID') + (SELECT count(*) FROM history WHERE conn_id='$ID') + (SELECT count(*) FROM sync_runs WHERE \
conn_id='$ID') + (SELECT count(*) FROM marks WHERE conn_id='$ID')")" = 0 ]
if [ -z "${ONRAMP_DATABASE:-}" ]; then
	check "the purge gave the space back (auto_vacuum incremental, no free pages left)" \
		[ "$(sql "PRAGMA auto_vacuum")$(sql "PRAGMA freelist_count")" = 20 ]
else # the PostgreSQL pass: autovacuum gives the space back, in the server's own files
	ok "# SKIP SQLite's free pages (on PostgreSQL autovacuum gives the space back)"
fi
check "the database is intact" [ "$(sql "PRAGMA integrity_check")" = ok ]
if [ -z "${ONRAMP_DATABASE:-}" ]; then
	check "the database is 0600" [ "$(stat -c %a "$DB")" = 600 ]
else
	ok "# SKIP the SQLite file's mode (PostgreSQL keeps its files itself)"
fi

# ---- a kiosk cannot sync ------------------------------------------------------
fresh_home
mkdir -p "$XDG_CONFIG_HOME/onramp"
cli "$E2E_DIR/kg.out" keygen --public-only-out "$E2E_DIR/kiosk.pub"
rm -f "$XDG_CONFIG_HOME/onramp/recipient.key"
printf 'kiosk = true\npublic_key = %s\n' "$E2E_DIR/kiosk.pub" >"$XDG_CONFIG_HOME/onramp/config"
cli "$E2E_DIR/k.json" connect tryton --field url="$URL" --field database=onramp_test \
	--field username=admin --secret password=@"$PW" --json
KID=$(json "$E2E_DIR/k.json" 'j["connection"]["id"]')
check "the kiosk connects (exit $CLI_RC)" [ "$CLI_RC" -eq 0 ]
cli "$E2E_DIR/ks.out" schedule "$KID" every hourly
check "schedule on a kiosk says it cannot sync (exit 8)" sh -c \
	"[ $CLI_RC -eq 8 ] && grep -q 'cannot sync' '$E2E_DIR/ks.out.err'"
cli "$E2E_DIR/ky.out" sync "$KID"
check "sync on a kiosk fails (exit 8)" [ "$CLI_RC" -eq 8 ]
finish
