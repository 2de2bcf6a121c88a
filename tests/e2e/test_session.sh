#!/bin/sh
# test_session.sh: the one connect session (core/session/session.c) as the three
# frontends drive it.
#
# 1. Checks that fail before the network (issue 11, "Crash"): a system
#    that is not available yet is refused at the list, before anything is
#    typed, and a Shopify store name with a space fails on the failure
#    screen; the TUI never dies.
# 2. A provider that rotates refresh tokens (tests/servers/oauth_code.py):
#    `onramp connect`, the full-screen wizard, line mode and a re-check in
#    Manage connections each seal the new refresh token, and the old one is
#    then refused by the server.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

F="http://127.0.0.1:$ONRAMP_T_HTTP"

# alive_after DESC: the program is still running, with a clean stderr.
alive_after() {
	if app_alive; then ok "$1: the wizard is still running"; else not_ok "$1: the wizard died (exit $(cat "$E2E_EXIT" 2>/dev/null))"; show_last; fi
}

# ---- 1. not available, and failures before the network ----------------------
for q in "fiix:Fiix CMMS" "blue yonder:Blue Yonder Warehouse Management"; do
	query=${q%%:*} name=${q#*:}
	app_start
	to_list
	expect "Search:" "the list opens" 5
	type_text "$query"
	# the list's marker is "▸" (">" on an ASCII terminal); the name may be cut
	wait_re "(>|▸) ${name%% *}" 5
	expect "Not available yet" "the list says $name is not available before anything is typed" 5
	send_keys Enter
	expect "$name is not available in onramp yet" "Enter on $name says why on the list, no form opens" 5
	screen | grep -q "Connection details" && { not_ok "no form opens for $name"; show_last; } || ok "no form opens for $name"
	alive_after "$name"
	app_stop
	stderr_clean "$name: no sanitizer report"
done

app_start --system fiix
expect "Fiix CMMS is not available in onramp yet" "--system on a system that is not available says why" 10
alive_after "--system fiix"
app_stop

TOK=$(secret_file shopify_token 'shpat_0123456789abcdef0123456789abcdef')
app_start --system shopify
if expect "Connection details" "the Shopify form opens" 10; then
	type_text "my shop"
	focus_field "Admin API access token" 5
	tm load-buffer -b e2e-secret "$TOK" && tm paste-buffer -d -b e2e-secret -t e2e
	enter_until "Connection failed" 6
	expect "Connection failed" "a store name with a space fails on the failure screen" 10
	alive_after "Shopify store name with a space"
	send_keys e
	expect "Connection details" "E goes back to the form with what was typed" 5
	screen | grep -q "my shop" && ok "the store name is kept" || { not_ok "the store name is kept"; show_last; }
fi
app_stop
stderr_clean "Shopify: no sanitizer report"

# ---- line mode gets past an untrusted certificate too (a pin) ----------------
SAPPW=$(secret_file sap_pw 'Fixture-Pa55!')
app_start --plain --system sap-s4hana-onprem --preset "url=https://127.0.0.1:$ONRAMP_T_TLS_SELF" --preset client=100 \
	--preset username=ALICE
if expect "Server address (required)" "line mode starts on the SAP form" 10; then
	send_keys Enter Enter Enter
	expect "Password (required) (hidden" "line mode asks for the password" 5
	type_secret_line "$SAPPW"
	send_keys Enter
	expect "t = trust this certificate" "line mode offers to trust the self-signed certificate" 20
	send_keys t Enter
	expect "Trust exactly this certificate?" "it asks before trusting" 5
	send_keys y Enter
	expect "Connected. Connection ID" "after trusting the pin, line mode connects" 20
	T=$(tm capture-pane -p -J -t e2e | sed -n 's/.*Connection ID: *\([a-z0-9]*\).*/\1/p' | head -n 1)
	cli "$E2E_DIR/t.json" list --json
	check "the pin is stored with the line-mode connection" \
		[ "$(json "$E2E_DIR/t.json" "[c for c in j if c['id'] == '$T'][0].get('pins', ['x'])[0][:8]")" = "sha256//" ]
fi
app_stop

# ---- 2. rotated refresh tokens -------------------------------------------------
mkdir -p "$XDG_DATA_HOME/onramp/systems.d"
cp "$ROOT/tests/e2e/oauth_system.json" "$XDG_DATA_HOME/onramp/systems.d/oauth.json"
CS=$(secret_file client_secret 's3cret-Client!')

# mint NAME: a refresh token from the server's code flow (curl plays the
# browser), in a secret file; prints the file's path.
mint() {
	$PY - "$F" "$E2E_SECRETS/$1" <<'EOF'
import base64, hashlib, json, os, sys, urllib.parse, urllib.request
base, out = sys.argv[1], sys.argv[2]
verifier = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
redirect = "http://127.0.0.1:9/callback"
q = urllib.parse.urlencode({"client_id": "onramp-test-client", "redirect_uri": redirect, "response_type": "code",
                            "code_challenge": challenge, "code_challenge_method": "S256", "state": "s"})
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a):
        return None
try:
    urllib.request.build_opener(NoRedirect).open(base + "/oauth2/authorize?" + q)
except urllib.error.HTTPError as e:
    loc = e.headers["Location"]
code = urllib.parse.parse_qs(urllib.parse.urlparse(loc).query)["code"][0]
body = urllib.parse.urlencode({"grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
                               "code_verifier": verifier, "client_id": "onramp-test-client",
                               "client_secret": "s3cret-Client!"}).encode()
tok = json.load(urllib.request.urlopen(base + "/oauth2/token", body))["refresh_token"]
with os.fdopen(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
    f.write(tok)
EOF
	echo "$E2E_SECRETS/$1"
}

# sealed ID FILE: the refresh token sealed with connection ID, into FILE.
sealed() {
	cli "$E2E_DIR/open.$1.json" open "$1" --json
	$PY - "$E2E_DIR/open.$1.json" "$2" <<'EOF'
import json, os, sys
c = json.load(open(sys.argv[1]))["credentials"]
with os.fdopen(os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
    f.write(c.get("refresh_token", ""))
EOF
	rm -f "$E2E_DIR/open.$1.json"
}

# rotated WHO ID OLD: the sealed token is a new one, and OLD is refused now.
# (That the sealed one works is what the re-check below shows: using it
# here would rotate it away.)
rotated() {
	new="$E2E_SECRETS/sealed.$2"
	sealed "$2" "$new"
	if [ -s "$new" ] && ! cmp -s "$new" "$3"; then
		ok "$1 seals the rotated refresh token, not the one it was given"
	else
		not_ok "$1 seals the rotated refresh token (sealed: $(wc -c <"$new") bytes, same as given: $(cmp -s "$new" "$3" && echo yes || echo no))"
	fi
	cli "$E2E_DIR/old.json" validate zz-oauth-test --field "url=$F" --field client_id=onramp-test-client \
		--secret "client_secret=@$CS" --secret "refresh_token=@$3" --json
	check "$1: the old refresh token is refused by the server (exit $CLI_RC)" \
		[ "$(json "$E2E_DIR/old.json" "j['error']['code']")" = auth.oauth.code_rejected ]
}

# wizard_connect_with FILE: the wizard on the test system, the client
# secret and the refresh token in FILE typed, then Connect.
wizard_connect_with() {
	app_start --system zz-oauth-test --preset "url=$F" --preset client_id=onramp-test-client
	expect "Client secret" "the form opens" 10 || return 1
	focus_field "Client secret" && type_secret "Client secret" "$CS"
	# an optional field has no "*" mark: Tab to it, then paste
	for _ in 1 2 3 4 5; do screen | grep -qE '^ >   Refresh token' && break; send_keys Tab; wait_change 1 >/dev/null; done
	tm load-buffer -b e2e-secret "$1" && tm paste-buffer -d -b e2e-secret -t e2e
	enter_until "Checking|is connected|Connection failed" 6
}

# onramp connect
R=$(mint cli)
cli "$E2E_DIR/c.json" connect zz-oauth-test --field "url=$F" --field client_id=onramp-test-client \
	--secret "client_secret=@$CS" --secret "refresh_token=@$R" --json
A=$(json "$E2E_DIR/c.json" "j['connection']['id']")
check "connect with a refresh token succeeds (exit $CLI_RC)" [ "$CLI_RC" = 0 ]
rotated "onramp connect" "$A" "$R"

# the full-screen wizard, the refresh token typed into its field
R=$(mint tui)
if wizard_connect_with "$R"; then
	expect "is connected" "the wizard connects with the refresh token, no browser" 15
	B=$(screen | sed -n 's/.*Connection ID: *\([a-z0-9]*\).*/\1/p' | head -n 1)
	send_keys Enter
	# Enter asks "Have you saved the token?" first: yes, then it ends
	quit_app >/dev/null
	rotated "the wizard" "$B" "$R"
fi
app_stop

# line mode
R=$(mint plain)
app_start --plain --system zz-oauth-test --preset "url=$F" --preset client_id=onramp-test-client
if expect "Server address (required)" "line mode starts" 10; then
	send_keys Enter
	expect "Client ID (required)" "line mode asks for the client ID" 5
	send_keys Enter
	expect "Client secret (required) (hidden" "line mode asks for the client secret" 5
	type_secret_line "$CS"
	send_keys Enter
	expect "Redirect address" "line mode asks for the redirect address" 5
	send_keys Enter
	expect "Refresh token (hidden" "line mode asks for the refresh token" 5
	type_secret_line "$R"
	send_keys Enter
	expect "Connected. Connection ID" "line mode connects with the refresh token" 15
	P=$(tm capture-pane -p -J -t e2e | sed -n 's/.*Connection ID: *\([a-z0-9]*\).*/\1/p' | head -n 1)
	wait_exit 10 >/dev/null
	rotated "line mode" "$P" "$R"
fi
app_stop

# another onramp holds the store's lock: the wizard says it waits, keeps
# drawing, and Esc cancels with nothing saved (issue 10 item 6)
R=$(mint wait)
# (its write lock: a write transaction open on the database)
$PY -c 'import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); c.execute("BEGIN IMMEDIATE"); time.sleep(60)' \
	"$XDG_DATA_HOME/onramp/onramp.db" &
HOLDER=$!
if wizard_connect_with "$R"; then
	expect "Waiting for another onramp" "while another onramp holds the lock, the screen says it waits" 10
	send_keys F1
	expect "onramp · Help" "the screen still answers keys while waiting (F1)" 5
	send_keys Escape
	send_keys Escape
	expect "Connection details" "Esc cancels the wait and goes back to the form" 5
	cli "$E2E_DIR/l.json" list --json
	check "nothing was saved" [ "$(json "$E2E_DIR/l.json" "len(j)")" = 4 ]
	kill "$HOLDER" 2>/dev/null
	wait "$HOLDER" 2>/dev/null
fi
app_stop
kill "$HOLDER" 2>/dev/null

# a re-check in Manage connections
OLD="$E2E_SECRETS/before-recheck"
sealed "$A" "$OLD"
app_start
wait_for "Manage connections" 10
send_keys Down
wait_for "> Manage connections" 5
send_keys Enter
expect "onramp · Manage connections" "Manage connections opens" 5
conn_select "$A" || { not_ok "the highlight reaches $A"; show_last; }
send_keys c
expect "Re-check of $A passed" "c re-checks $A with its sealed refresh token" 20
app_stop
rotated "a re-check" "$A" "$OLD"
stderr_clean "rotation: no sanitizer report"
finish
