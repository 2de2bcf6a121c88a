#!/bin/sh
# test_invite.sh: from kiosk to platform. A "platform" HOME (key pair,
# onramp serve, a webhook sink) makes invites; a "kiosk" HOME (kiosk =
# true, no key pair, only platform_api) uses them against the SAP fixture:
#   - refusals, each with its code: a first platform key not confirmed, a
#     wrong fingerprint, a tampered invite, one signed by another platform,
#     an expired one, a revoked code, a used-up code and a used-up invite
#     delivered again (409 -> delivery.refused);
#   - connect --invite: locked fields refused on the command line, "Connected;
#     ACME Integration has it.", no token on the kiosk; the platform has the
#     connection, the invite counts one use, connection.created reaches the
#     sink, GET /v1/connections hands the token over once and it works;
#   - the platform down: the result waits in the outbox (--status), then
#     --deliver sends it; the same delivery again is one connection, one use;
#   - a slow platform, and a kiosk SIGKILLed while its delivery is in flight:
#     after the restart the connection exists exactly once;
#   - plain http: the kiosk asks, and the yes reaches the platform with the
#     delivery, for that address only;
#   - the delivery secret, the password and the sealed box are in no kiosk
#     file (the box only in the outbox while it waits);
#   - the TUI in tmux: onramp --invite CODE, the first-use fingerprint
#     question, locked fields, the done screen without a token.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/serve_lib.sh"
e2e_init notryton

platform_and_kiosk
fresh_home # home3: another platform

start_fixture po "$ROOT/tests/servers/po_fixture.py" --port 0 --log "$E2E_DIR/po.log"
FX="http://127.0.0.1:$FX_PORT"
SAPPW=$(secret_file sap 'Fixture-Pa55!')

# ---- the platform -----------------------------------------------------------------------
platform
cli "$E2E_DIR/keygen.out" keygen
mkdir -p "$XDG_CONFIG_HOME/onramp"
printf "platform_name = ACME Integration\ncredits = 1000\n" >>"$XDG_CONFIG_HOME/onramp/config"
: >"$E2E_SECRETS/sink.secret"
start_fixture sink "$ROOT/tests/servers/hook_sink.py" --port 0 --secret-file "$E2E_SECRETS/sink.secret" \
	--log "$E2E_DIR/sink.log"
cli "$E2E_DIR/hook.json" webhooks add "http://127.0.0.1:$FX_PORT/hook" --events connection.created --json
(umask 077 && json "$E2E_DIR/hook.json" 'j["secret"]' >"$E2E_SECRETS/sink.secret")
ONRAMP_WEBHOOK_SCALE=0.001 bg serve serve --listen 127.0.0.1:0 --tick 1
SERVE_PID=$BG_PID
API="http://127.0.0.1:$PORT"
check "the platform serves its API" [ -n "$PORT" ]

# invite NAME ARGS...: invite create for the SAP fixture, its JSON in NAME.json
invite() {
	n=$1
	shift
	cli "$E2E_DIR/$n.json" invite create sap-s4hana-onprem --preset url="$FX" --lock url --preset client=100 \
		--api "${INVITE_API:-$API}" --json "$@"
}
invite inv1
CODE=$(json "$E2E_DIR/inv1.json" 'j["code"]')
FP=$(json "$E2E_DIR/inv1.json" 'j["platform_key"]')
(umask 077 && json "$E2E_DIR/inv1.json" 'j["invite"]' >"$E2E_SECRETS/inv1")
check "invite create: a short code ONR-XXXX-XXXX and a signed invite (exit $CLI_RC)" sh -c \
	"[ $CLI_RC -eq 0 ] && echo '$CODE' | grep -Eq '^ONR-[0-9A-Z]{4}-[0-9A-Z]{4}\$' && grep -q '^onr1\\.' '$E2E_SECRETS/inv1'"
cli "$E2E_DIR/key.out" invite key
check "invite key prints the same fingerprint" grep -qF "$FP" "$E2E_DIR/key.out"
cli "$E2E_DIR/bad.out" invite create sap-s4hana-onprem --preset password=x --api "$API"
check "a secret cannot be preset in an invite (exit $CLI_RC)" [ "$CLI_RC" -eq 2 ]
# the delivery secret as the kiosk will see it, to look for it later
$PY - "$E2E_SECRETS/inv1" >"$E2E_SECRETS/inv1.secret" <<'EOF'
import base64, json, sys
t = open(sys.argv[1]).read().strip().split(".")[2]
sm = base64.urlsafe_b64decode(t + "=" * (-len(t) % 4))
print(json.loads(sm[64:])["secret"])
EOF
check "the delivery secret is not in the platform's database" sh -c "! grep -aqF \"\$(cat '$E2E_SECRETS/inv1.secret')\" '$PDB'"

# ---- refusals at the kiosk ----------------------------------------------------------------
kiosk
mkdir -p "$XDG_CONFIG_HOME/onramp"
printf 'kiosk = true\nplatform_api = %s\n' "$API" >"$XDG_CONFIG_HOME/onramp/config"
kconnect() {
	out=$1
	shift
	cli "$E2E_DIR/$out" connect "$@" --field username=ALICE --secret password=@"$SAPPW" --json
}
refused() { # DESC OUT CODE EXIT
	got=$(json "$E2E_DIR/$2" 'j["error"]["code"]')
	check "$1: $3 (exit $CLI_RC, $got)" [ "$CLI_RC" -eq "$4" -a "$got" = "$3" ]
}
# delivered DESC OUT True|False: connect --invite's answer
delivered() {
	got=$(json "$E2E_DIR/$2" 'j["delivered"]')
	check "$1 (exit $CLI_RC, delivered $got)" [ "$CLI_RC" -eq 0 -a "$got" = "$3" ]
}
kconnect r1.json --invite "$CODE"
refused "first use without --platform-key" r1.json invite.key_unconfirmed 3
check "... and the message shows the fingerprint" grep -qF "$FP" "$E2E_DIR/r1.json"
kconnect r2.json --invite "$CODE" --platform-key AAAA-BBBB-CCCC-DDDD
refused "a wrong fingerprint" r2.json invite.key_mismatch 3
check "nothing is trusted after a refusal" [ ! -e "$XDG_CONFIG_HOME/onramp/platform.pub" ]
$PY - "$E2E_SECRETS/inv1" "$E2E_SECRETS/tampered" <<'EOF'
import base64, sys
p = open(sys.argv[1]).read().strip().split(".")
sm = bytearray(base64.urlsafe_b64decode(p[2] + "=" * (-len(p[2]) % 4)))
sm[sm.index(b'"uses":1') + 7] = ord("9")  # one use becomes nine
p[2] = base64.urlsafe_b64encode(bytes(sm)).decode().rstrip("=")
open(sys.argv[2], "w").write(".".join(p))
EOF
kconnect r3.json --invite @"$E2E_SECRETS/tampered" --platform-key "$FP"
refused "a tampered invite (uses 1 -> 9)" r3.json invite.tampered 3
home_vars 3
cli "$E2E_DIR/kg3.out" keygen
INVITE_API=$API invite other
(umask 077 && json "$E2E_DIR/other.json" 'j["invite"]' >"$E2E_SECRETS/other")
kiosk
kconnect ok0.json --invite "$CODE" --platform-key "$(echo "$FP" | tr 'A-Z' 'a-z' | tr -d -)"
check "the confirmed key (typed in lower case, no dashes) is kept in platform.pub" [ -s "$XDG_CONFIG_HOME/onramp/platform.pub" ]
delivered "connect --invite CODE: delivered" ok0.json true
ID1=$(json "$E2E_DIR/ok0.json" 'j["connection"]["id"]')
check "no token on the kiosk's answer" sh -c "! grep -q 'onr_' '$E2E_DIR/ok0.json'"
kconnect r4.json --invite @"$E2E_SECRETS/other"
refused "an invite signed by another platform" r4.json invite.wrong_key 3
kconnect r5.json --invite "$CODE"
refused "the used-up code" r5.json invite.used_up 3
kconnect r6.json --invite @"$E2E_SECRETS/inv1"
refused "the used-up invite delivered again: the platform answers 409" r6.json delivery.refused 7
check "... with its words on the technical line" grep -q 'invite.used_up' "$E2E_DIR/r6.json"
cli "$E2E_DIR/st0.out" --status
check "--status lists the refused delivery" grep -q 'refused' "$E2E_DIR/st0.out"
platform
invite inv2
CODE2=$(json "$E2E_DIR/inv2.json" 'j["code"]')
cli "$E2E_DIR/rv.out" invite revoke "$CODE2"
invite inv3 --expires 1s
(umask 077 && json "$E2E_DIR/inv3.json" 'j["invite"]' >"$E2E_SECRETS/inv3")
kiosk
kconnect r7.json --invite "$CODE2"
refused "a revoked code" r7.json invite.revoked 3
kconnect r8.json --invite ONR-0000-0000
refused "an unknown code" r8.json invite.unknown 3
wait_for_cmd 5 sh -c "[ \$(date +%s) -gt $(($(date +%s) + 1)) ]"
kconnect r9.json --invite @"$E2E_SECRETS/inv3"
refused "an expired invite" r9.json invite.expired 3

# ---- the platform's side of the first delivery ---------------------------------------------
platform
cli "$E2E_DIR/list1.json" list --json
got=$(json "$E2E_DIR/list1.json" '[c["id"] for c in j]')
check "the platform has the connection the kiosk chose ($got)" [ "$got" = "[\"$ID1\"]" ]
check "the invite counts one use" [ "$(db_value "$PDB" "select used from invites where code='$CODE'")" = 1 ]
wait_for_cmd 20 grep -q "$ID1" "$E2E_DIR/sink.log"
check "connection.created reached the webhook sink, signed" $PY -c '
import json, sys
ok = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if any(e["sig_ok"] and sys.argv[2] in e["body"] and "connection.created" in e["body"] for e in ok) else 1)' \
	"$E2E_DIR/sink.log" "$ID1"
cli "$E2E_DIR/app.json" invite app-token --json
(umask 077 && json "$E2E_DIR/app.json" 'j["app_token"]' >"$E2E_SECRETS/app")
conns() { curl -s -H "Authorization: Bearer $(cat "$E2E_SECRETS/app")" "$API/v1/connections" >"$E2E_DIR/$1"; }
conns h1.json
(umask 077 && json "$E2E_DIR/h1.json" '[c.get("token","") for c in j["connections"] if c["id"]=="'"$ID1"'"][0]' >"$E2E_SECRETS/tok1")
check "GET /v1/connections hands the token over" grep -q '^onr_' "$E2E_SECRETS/tok1"
conns h2.json
check "... once: the second answer has none" sh -c "! grep -q onr_ '$E2E_DIR/h2.json' && grep -q '$ID1' '$E2E_DIR/h2.json'"
check "GET /v1/connections without the app token: 401" [ "$(curl -s -o /dev/null -w '%{http_code}' "$API/v1/connections")" = 401 ]
curl -s -H "Authorization: Bearer $(cat "$E2E_SECRETS/tok1")" "$API/v1/connection" >"$E2E_DIR/conn1.json"
check "the token works at the platform's API" [ "$(json "$E2E_DIR/conn1.json" 'j["id"]')" = "$ID1" ]
check "the platform can open what the kiosk sealed" sh -c \
	"'$ONRAMP_BIN' open '$ID1' --json | grep -q 'Fixture-Pa55!'"

# ---- the platform down, then back: the outbox ------------------------------------------------
invite inv4 --uses 2
CODE4=$(json "$E2E_DIR/inv4.json" 'j["code"]')
(umask 077 && json "$E2E_DIR/inv4.json" 'j["invite"]' >"$E2E_SECRETS/inv4")
kill "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null
SERVE_PID=""
kiosk
kconnect r10.json --invite @"$E2E_SECRETS/inv4" --field url=http://127.0.0.1:1/
check "a locked field cannot be given on the command line (exit $CLI_RC)" [ "$CLI_RC" -eq 2 ]
kconnect d1.json --invite @"$E2E_SECRETS/inv4"
delivered "the platform down: checked, not delivered yet" d1.json false
ID4=$(json "$E2E_DIR/d1.json" 'j["connection"]["id"]')
OUTBOX="$XDG_DATA_HOME/onramp/outbox"
check "the result waits in the outbox, 0600" sh -c "[ \"\$(stat -c %a '$OUTBOX/$ID4.json')\" = 600 ]"
cli "$E2E_DIR/st1.json" --status --json
got=$(json "$E2E_DIR/st1.json" '[i["state"] for i in j["outbox"] if i["connection_id"]=="'"$ID4"'"]')
check "--status shows it waiting ($got), with the network's words" sh -c \
	"[ '$got' = '[\"waiting\"]' ] && grep -q 'Could not reach' '$E2E_DIR/st1.json'"
$PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["sealed"][:60])' "$OUTBOX/$ID4.json" >"$E2E_SECRETS/box4"
cp "$OUTBOX/$ID4.json" "$E2E_DIR/copy4.json"
check "the outbox holds no readable secret: not the password, not the delivery secret" sh -c \
	"! grep -raqF 'Fixture-Pa55!' '$HOME' && ! grep -raqF \"\$(cat '$E2E_SECRETS/inv1.secret')\" '$HOME'"
platform
bg serve serve --listen "127.0.0.1:$PORT"
SERVE_PID=$BG_PID
kiosk
cli "$E2E_DIR/st2.out" --status --deliver
check "--deliver sends it when the platform is back: it left the outbox" sh -c \
	"[ ! -e '$OUTBOX/$ID4.json' ] && ! grep -q '$ID4' '$E2E_DIR/st2.out'"
check "the sealed box is nowhere in the kiosk's files after delivery" sh -c "! grep -raqF \"\$(cat '$E2E_SECRETS/box4')\" '$HOME'"
cp "$E2E_DIR/copy4.json" "$OUTBOX/$ID4.json"
cli "$E2E_DIR/st3.out" --status --deliver
check "the same delivery again is accepted and leaves the outbox" [ ! -e "$OUTBOX/$ID4.json" ]
n=$(db_value "$PDB" "select count(*) from connections where id='$ID4'")
u=$(db_value "$PDB" "select used from invites where code='$CODE4'")
check "... one connection ($n), one use ($u)" [ "$n" = 1 -a "$u" = 1 ]

# ---- a slow platform; SIGKILL while the delivery is in flight ---------------------------------
start_fixture slow "$ROOT/tests/servers/slow_proxy.py" --port 0 --target "$API" --delay 3 --log "$E2E_DIR/slow.log"
SLOW="http://127.0.0.1:$FX_PORT"
platform
INVITE_API=$SLOW invite inv5 --uses 2
(umask 077 && json "$E2E_DIR/inv5.json" 'j["invite"]' >"$E2E_SECRETS/inv5")
kiosk
kconnect s1.json --invite @"$E2E_SECRETS/inv5"
delivered "a slow platform: delivered" s1.json true
: >"$E2E_DIR/slow.log"
ls "$OUTBOX" >"$E2E_DIR/outbox.before"
env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
	XDG_DATA_HOME="$XDG_DATA_HOME" LANG=C.UTF-8 TZ=UTC ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
	"$ONRAMP_BIN" connect --invite @"$E2E_SECRETS/inv5" --field username=ALICE --secret password=@"$SAPPW" \
	--json >"$E2E_DIR/kill5.out" 2>&1 &
K_PID=$!
wait_for_cmd 20 grep -q '^got POST' "$E2E_DIR/slow.log"
kill -9 "$K_PID" 2>/dev/null
wait "$K_PID" 2>/dev/null
ID5=$(ls "$OUTBOX" | grep -vxF -f "$E2E_DIR/outbox.before" | sed -n 's/\.json$//p' | head -n 1)
check "SIGKILL while the delivery is in flight: it is in the outbox" [ -n "$ID5" ]
wait_for_cmd 20 grep -q '^forwarded' "$E2E_DIR/slow.log"
cli "$E2E_DIR/st5.out" --status --deliver
check "after the restart it left the outbox" [ ! -e "$OUTBOX/$ID5.json" ]
n=$(db_value "$PDB" "select count(*) from connections where id='$ID5'")
u=$(db_value "$PDB" "select used from invites where id='$(json "$E2E_DIR/inv5.json" 'j["id"]')'")
check "the connection exists exactly once ($n), the invite used twice in all ($u)" [ "$n" = 1 -a "$u" = 2 ]

# ---- plain http: the kiosk user's yes travels with the delivery (issue 12) ----------------------
# The fixture as http://0.0.0.0:PORT: this machine, but no loopback name.
PLAIN=$(echo "$FX" | sed 's|//127\.0\.0\.1:|//0.0.0.0:|')
platform
cli "$E2E_DIR/inv6.json" invite create sap-s4hana-onprem --preset url="$PLAIN" --lock url --preset client=100 \
	--api "$API" --uses 2 --json
(umask 077 && json "$E2E_DIR/inv6.json" 'j["invite"]' >"$E2E_SECRETS/inv6")
kiosk
kconnect p0.json --invite @"$E2E_SECRETS/inv6"
refused "plain http to another computer: the kiosk asks first" p0.json address.plain_http 3
kconnect p1.json --invite @"$E2E_SECRETS/inv6" --allow-plain-http
delivered "with --allow-plain-http: delivered" p1.json true
ID6=$(json "$E2E_DIR/p1.json" 'j["connection"]["id"]')
platform
cli "$E2E_DIR/list6.json" list --json
check "the platform keeps the kiosk user's yes, for that address only" \
	[ "$(json "$E2E_DIR/list6.json" "[c['plain_http']['address'] for c in j if c['id']=='$ID6'][0]")" = "$PLAIN" ]
check "... and the first delivery, over loopback, has none" \
	[ "$(json "$E2E_DIR/list6.json" "[c['plain_http'] for c in j if c['id']=='$ID1'][0]")" = null ]
cli "$E2E_DIR/o6.json" orders "$ID6" --json
check "so the platform reads the connection's orders there (exit $CLI_RC)" [ "$CLI_RC" = 0 ]

# ---- the TUI: onramp --invite CODE in a fresh kiosk ----------------------------------------
platform
invite inv6
CODE6=$(json "$E2E_DIR/inv6.json" 'j["code"]')
fresh_home # home4: a kiosk that has never seen the platform
mkdir -p "$XDG_CONFIG_HOME/onramp"
printf 'kiosk = true\nplatform_api = %s\n' "$API" >"$XDG_CONFIG_HOME/onramp/config"
app_start --invite "$CODE6"
expect "$FP" "the first use shows the platform key's fingerprint"
type_text yes
send_keys Enter
expect "Connection details" "after yes, the wizard opens on the invite's system"
screen | grep -qE "Server address +$FX +\(locked\)" && ok "the invite's URL is preset and (locked)" ||
	{ not_ok "the invite's URL is preset and (locked)"; show_last; }
wait_re '^ > \* User name' 5 && ok "the cursor starts on the first free field" || { not_ok "the cursor starts on the first free field"; show_last; }
type_text ALICE
send_keys Down
type_secret Password "$SAPPW"
send_keys Enter
expect "Connected; ACME Integration has it." "the done screen: Connected; ACME Integration has it." 30
screen_lacks onr_ && ok "the done screen shows no token" || { not_ok "the done screen shows no token"; show_last; }
cp "$E2E_DIR/cap.txt" "$E2E_DIR/done_screen.txt"
platform
check "the platform got the TUI's connection" [ "$(db_value "$PDB" "select used from invites where code='$CODE6'")" = 1 ]
app_stop
finish
