#!/bin/sh
# test_harden.sh: issue 12's input checks on the command line. A value
# with a line break (--field; --preset and stored values meet the same
# check in core, tests/unit/test_form.c and test_unsafe.c) never reaches the server as a
# header of its own, and an address with a user name and password in it is
# refused on every path, before anything is sent or stored. Credentials
# over plain http to another computer need --allow-plain-http. Far too
# large headers are named as such.
. "$(dirname "$0")/lib.sh"
e2e_init noservers

LOG=$E2E_DIR/requests.log
: >"$LOG"
$PY "$ROOT/tests/e2e/recorder.py" "$LOG" >"$E2E_DIR/rec.port" 2>"$E2E_DIR/rec.err" &
REC_PID=$!
i=0
while [ ! -s "$E2E_DIR/rec.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(head -n 1 "$E2E_DIR/rec.port")
U="http://127.0.0.1:$PORT"
PW=$(secret_file pw 'Fixture-Pa55!')
CR=$(printf '\r')
NL='
'

# refused DESC FIELD ARGS...: exit 3, error.field FIELD, nothing sent
refused() {
	r_desc=$1 r_field=$2
	shift 2
	: >"$LOG"
	cli "$E2E_DIR/out.json" "$@" --json
	f=$(json "$E2E_DIR/out.json" 'j["error"]["field"]')
	check "$r_desc: exit 3 (got $CLI_RC)" [ "$CLI_RC" = 3 ]
	check "$r_desc: the field to fix is $r_field (got $f)" [ "$f" = "$r_field" ]
	check "$r_desc: nothing reached the server" [ ! -s "$LOG" ]
}

refused "CR LF in --field" tenant validate infor-eam --field "url=$U" \
	--field "tenant=T1$CR${NL}X-Injected: yes" --field organization=O --field username=u \
	--secret "password=@$PW"
refused "a tab in --field" username validate infor-eam --field "url=$U" --field tenant=T \
	--field organization=O --field "username=u	x" --secret "password=@$PW"
refused "user:password@ in the address" url validate infor-eam --field "url=http://admin:Pass@127.0.0.1:$PORT" \
	--field tenant=T --field organization=O --field username=u --secret "password=@$PW"
check "the refusal names the fields to use" grep -q 'User name and Password fields' "$E2E_DIR/out.json"
check "the password in the address is not printed" sh -c "! grep -q Pass@ '$E2E_DIR/out.json' '$E2E_DIR/out.json.err'"
refused "user:password@ in connect" url connect infor-eam --field "url=http://admin:Pass@127.0.0.1:$PORT" \
	--field tenant=T --field organization=O --field username=u --secret "password=@$PW"
cli "$E2E_DIR/list.json" list --json
check "nothing was stored" [ "$(json "$E2E_DIR/list.json" 'len(j)')" = 0 ]

# the same values typed plainly reach the server (the test can fail)
: >"$LOG"
cli "$E2E_DIR/ok.json" validate infor-eam --field "url=$U" --field tenant=T1 --field organization=O \
	--field username=u --secret "password=@$PW" --json
check "a plain value is sent (the recorder sees it)" grep -qi 'tenant\|GET\|POST' "$LOG"
check "no injected header ever reached the server" sh -c "! grep -qi '^X-Injected' '$LOG'"

# the question loop (--non-interactive): the address is asked again, with why
: >"$LOG"
cli "$E2E_DIR/q.json" connect infor-eam --non-interactive --json --field "url=http://admin:Pass@127.0.0.1:$PORT" \
	--field tenant=T --field organization=O --field username=u --secret "password=@$PW"
check "--non-interactive asks for the address again" grep -q '"url"' "$E2E_DIR/q.json"
check "... saying to leave them out of the address" grep -q 'User name and Password fields' "$E2E_DIR/q.json"
check "... and sent nothing" [ ! -s "$LOG" ]

# credentials to a remote host over plain http: said before anything is
# sent, and sent only with an explicit yes (--allow-plain-http). The host
# is an unresolvable name, so "sent" shows as the DNS stage running.
cli "$E2E_DIR/plain.json" validate infor-eam --field "url=http://erp.onramp-test.invalid" --field tenant=T \
	--field organization=O --field username=u --secret "password=@$PW" --json
code=$(json "$E2E_DIR/plain.json" 'j["error"]["code"]')
check "plain http to a remote host: exit 3, address.plain_http (got $CLI_RC, $code)" [ "$CLI_RC" = 3 -a "$code" = address.plain_http ]
check "... it says the password would cross the network unencrypted" grep -q 'would cross the network unencrypted' "$E2E_DIR/plain.json"
check "... and names --allow-plain-http" grep -q -- '--allow-plain-http' "$E2E_DIR/plain.json"
check "... before any lookup" [ "$(json "$E2E_DIR/plain.json" '[s["status"] for s in j["stages"] if s["name"]=="dns"][0]')" = skipped ]
cli "$E2E_DIR/plain2.json" validate infor-eam --field "url=http://erp.onramp-test.invalid" --field tenant=T \
	--field organization=O --field username=u --secret "password=@$PW" --json --allow-plain-http
code=$(json "$E2E_DIR/plain2.json" 'j["error"]["code"]')
check "--allow-plain-http: it goes ahead (dns.not_found, got $code)" [ "$code" = dns.not_found ]
: >"$LOG"
cli "$E2E_DIR/plain3.json" validate infor-eam --field "url=$U" --field tenant=T --field organization=O \
	--field username=u --secret "password=@$PW" --json
check "loopback is not the network: plain http to 127.0.0.1 needs no flag" grep -q GET "$LOG"

# a hostile server's far too large headers are named as such (not as a
# failed or broken connection)
for mode in huge-header many-headers; do
	$PY "$ROOT/tests/e2e/recorder.py" "$E2E_DIR/$mode.log" $mode >"$E2E_DIR/$mode.port" 2>/dev/null &
	pid=$!
	i=0
	while [ ! -s "$E2E_DIR/$mode.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	cli "$E2E_DIR/$mode.json" validate infor-eam --field "url=http://127.0.0.1:$(head -n 1 "$E2E_DIR/$mode.port")" \
		--field tenant=T --field organization=O --field username=u --secret "password=@$PW" --json
	code=$(json "$E2E_DIR/$mode.json" 'j["error"]["code"]')
	check "$mode: exit 4, http.headers_too_large (got $CLI_RC, $code)" [ "$CLI_RC" = 4 -a "$code" = http.headers_too_large ]
	check "$mode: the message says the server sent far too much" grep -q 'sent far too much' "$E2E_DIR/$mode.json"
	kill "$pid" 2>/dev/null
done

# a password an older onramp stored inside an address is never printed
printf '{"password":"x"}' >"$E2E_DIR/old.secret"
CLI_STDIN=$E2E_DIR/old.secret cli "$E2E_DIR/old.out" __store-connect basic-x "https://admin:Old-Pa55@erp.example.com/api" admin
cli "$E2E_DIR/list.txt" list
cli "$E2E_DIR/list2.json" list --json
check "list hides a stored address's password" sh -c "! grep -q 'Old-Pa55' '$E2E_DIR/list.txt' '$E2E_DIR/list2.json'"
check "... and still shows the host" grep -q 'erp.example.com/api' "$E2E_DIR/list.txt"

# a look-alike host name (Cyrillic а) is named with its xn-- form too
cli "$E2E_DIR/idn.json" validate infor-eam --field "url=https://аpple.onramp-test.invalid" --field tenant=T \
	--field organization=O --field username=u --secret "password=@$PW" --json
check "a look-alike host is named in its xn-- form too" grep -q 'xn--pple-43d.onramp-test.invalid' "$E2E_DIR/idn.json"
$PY "$ROOT/tests/e2e/recorder.py" "$E2E_DIR/idn.log" redirect-idn >"$E2E_DIR/idn.port" 2>/dev/null &
pid=$!
i=0
while [ ! -s "$E2E_DIR/idn.port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
cli "$E2E_DIR/idn2.json" validate infor-eam --field "url=http://127.0.0.1:$(head -n 1 "$E2E_DIR/idn.port")" \
	--field tenant=T --field organization=O --field username=u --secret "password=@$PW" --json
check "a redirect to a look-alike host names its xn-- form too" grep -q 'xn--pple-43d.example' "$E2E_DIR/idn2.json"
kill "$pid" 2>/dev/null

# --kiosk alone makes no secret key (a kiosk only seals); an existing
# readable one is refused by the store (tests/unit/test_harden.c)
fresh_home
env -i PATH=/usr/bin:/bin HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" XDG_DATA_HOME="$XDG_DATA_HOME" \
	TERM=xterm ASAN_OPTIONS="$ASAN_OPTIONS" timeout 5 script -qec "$ONRAMP_BIN --kiosk" /dev/null \
	</dev/null >/dev/null 2>&1
check "--kiosk alone leaves no secret key behind" [ -z "$(find "$HOME" -name 'recipient.key' 2>/dev/null)" ]

# a drop-in file that overrides a built-in system is named, never silent
mkdir -p "$XDG_DATA_HOME/onramp/systems.d"
DROP="$XDG_DATA_HOME/onramp/systems.d/zz-override.json"
cli "$E2E_DIR/tr.json" systems tryton --json --limit 1
$PY - "$E2E_DIR/tr.json" "$DROP" <<'PYEOF'
import json, sys
j = json.load(open(sys.argv[1]))[0]
j["name"] = "Tryton (our build)"
json.dump({"version": 1, "systems": [j, dict(j, id="zz-own-system", name="Zz Own System")]}, open(sys.argv[2], "w"))
PYEOF
check "a built-in system says so" [ "$(json "$E2E_DIR/tr.json" 'j[0]["source"]')" = built-in ]
cli "$E2E_DIR/tr2.json" systems tryton --json --limit 1
check "systems --json names the drop-in that replaces a built-in" \
	[ "$(json "$E2E_DIR/tr2.json" 'j[0]["source"] == "drop-in " + "'"$DROP"'" and j[0]["replaces_builtin"]')" = True -o \
	  "$(json "$E2E_DIR/tr2.json" 'j[0]["source"] == "drop-in " + "'"$DROP"'" and j[0]["replaces_builtin"]')" = true ]
cli "$E2E_DIR/zz.json" systems "zz own" --json --limit 1
check "a drop-in's own system is named, and replaces nothing" \
	[ "$(json "$E2E_DIR/zz.json" 'j[0]["replaces_builtin"]')" = false ]
app_start --system tryton
expect "Replaces the built-in entry" "the form says a drop-in replaces the built-in entry" 20
expect "drop-in file zz-override.json" "... and names the file"
app_stop
rm -f "$DROP"

kill "$REC_PID" 2>/dev/null
finish
