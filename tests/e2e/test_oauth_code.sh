#!/bin/sh
# test_oauth_code.sh: the browser sign-in (OAuth2 authorization code with
# PKCE) against the fixture's authorization server (tests/servers/
# oauth_code.py). The test plays the browser with curl: it reads the
# sign-in address off the screen, lets the server "sign in", and follows
# the redirect to onramp's loopback listener, or pastes it.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

F="http://127.0.0.1:$ONRAMP_T_HTTP"
mkdir -p "$XDG_DATA_HOME/onramp/systems.d"
cat >"$XDG_DATA_HOME/onramp/systems.d/oauth.json" <<'EOF'
{"version": 1, "systems": [{
  "id": "zz-oauth-test", "name": "Browser Sign-in Test", "vendor": "onramp tests", "category": "Other",
  "tier": 1, "needs": "A server address, the app's client ID and secret, and a browser sign-in",
  "where": "The fixture server of the end-to-end tests.", "base_url": "{url}",
  "auth": {"method": "oauth2_code", "authorize_url": "{url}/oauth2/authorize", "token_url": "{url}/oauth2/token",
           "client_id": "{client_id}", "client_secret": "{client_secret}", "scope": "read"},
  "fields": [
    {"key": "url", "label": "Server address", "kind": "url", "required": true, "help": "The fixture"},
    {"key": "client_id", "label": "Client ID", "kind": "text", "required": true, "help": "The app"},
    {"key": "client_secret", "label": "Client secret", "kind": "text", "secret": true, "required": true, "help": "The app's secret"},
    {"key": "redirect_uri", "label": "Redirect address", "kind": "url", "required": true,
     "default": "http://127.0.0.1:8976/callback", "help": "As registered for the app"},
    {"key": "refresh_token", "label": "Refresh token", "kind": "text", "secret": true, "required": false,
     "help": "Filled in by the browser sign-in"}],
  "probe": {"url": "{url}/oauth2/api/me", "verifies": "credentials"}}]}
EOF
CS=$(secret_file client_secret 's3cret-Client!')
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# sign_in_address: the address shown on the sign-in screen, its pieces joined
sign_in_address() {
	screen | sed -n '/1. Open this address/,/^ *$/p' | sed '1d;/^ *$/d;s/^ *//' | tr -d '\n'
}

# open_sign_in CLIENT_ID PORT: the form, filled, up to the sign-in screen
open_sign_in() {
	app_start --system zz-oauth-test --preset "url=$F" --preset "client_id=$1" \
		--preset "redirect_uri=http://127.0.0.1:$2/callback"
	expect "Client secret" "the form opens" 10 || return 1
	focus_field "Client secret" && type_secret "Client secret" "$CS"
	enter_until "Sign in to Browser Sign-in Test" 6
	expect "Sign in to Browser Sign-in Test" "Connect opens the browser sign-in screen" 5
}

# 1. the browser runs on this computer: the redirect reaches the listener
port=$(free_port)
if open_sign_in onramp-test-client "$port"; then
	addr=$(sign_in_address)
	check "the address carries PKCE S256 and a state" sh -c "echo '$addr' | grep -q 'code_challenge_method=S256' && echo '$addr' | grep -q 'state='"
	check "the address asks for the redirect shown" sh -c "echo '$addr' | grep -q 'redirect_uri=http%3A%2F%2F127.0.0.1%3A$port%2Fcallback'"
	expect "Waiting for the browser on port $port" "it says it listens on the port" 3
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$addr")
	check "the server redirects to the listener with a code" sh -c "echo '$loc' | grep -q '^http://127.0.0.1:$port/callback?code='"
	page=$(curl -s --max-time 5 "$loc")
	check "the browser gets a page saying it may close the tab" sh -c "echo '$page' | grep -q 'close this tab'"
	expect "is connected" "the checks run with the code and the connection is saved" 15
	id=$(screen | sed -n 's/.*Connection ID: *\([a-z0-9]*\).*/\1/p' | head -n 1)
	send_keys Enter
	app_stop
	cli "$E2E_DIR/open.json" open "$id" --json
	check "the refresh token is sealed with the connection" \
		[ "$(json "$E2E_DIR/open.json" "len(j['credentials'].get('refresh_token',''))>10")" = true ]
	# re-checking later needs no browser: the sealed refresh token is traded
	$PY - "$E2E_DIR/open.json" "$E2E_DIR" <<'EOF'
import json, os, sys
c = json.load(open(sys.argv[1]))["credentials"]
for k in ("client_secret", "refresh_token"):
    p = os.path.join(sys.argv[2], "rt." + k)
    with os.fdopen(os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
        f.write(c[k])
EOF
	cli "$E2E_DIR/v.json" validate zz-oauth-test --field "url=$F" --field client_id=onramp-test-client \
		--secret "client_secret=@$E2E_DIR/rt.client_secret" --secret "refresh_token=@$E2E_DIR/rt.refresh_token" --json
	check "validate with the refresh token verifies the sign-in without a browser" \
		[ "$(json "$E2E_DIR/v.json" "j['ok'] and j['verified']")" = true ]
	check "the refresh token is not in the JSON output" sh -c "! grep -qF \"\$(cat '$E2E_DIR/rt.refresh_token')\" '$E2E_DIR/v.json'"
fi

# 2. the browser runs elsewhere: the user pastes the address it ended on
port=$(free_port)
if open_sign_in onramp-test-client "$port"; then
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$(sign_in_address)")
	# first a wrong paste: an address from another attempt
	bad=$(echo "$loc" | sed 's/state=[^&]*/state=forged/')
	type_text "$bad"
	send_keys Enter
	expect "belongs to another sign-in attempt" "an answer with another state is refused" 5
	check "the pasted code is not shown while typed (masked)" screen_lacks 'code='
	send_keys C-u
	type_text "$loc"
	send_keys Enter
	expect "is connected" "the pasted address completes the sign-in" 15
	send_keys Enter
fi

# 3. the user says no in the browser
port=$(free_port)
if open_sign_in deny-client "$port"; then
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$(sign_in_address)")
	curl -s --max-time 5 "$loc" >/dev/null
	expect "Access was not allowed in the browser" "a refusal in the browser is explained on screen" 5
	send_keys Escape
	expect "Client secret" "Esc goes back to the form" 5
fi

# 4. a used code: Retry after a failed check starts a new sign-in
port=$(free_port)
if open_sign_in onramp-test-client "$port"; then
	addr=$(sign_in_address)
	send_keys Escape
	expect "Client secret" "Esc leaves the sign-in screen" 5
	# the listener is closed with the screen
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$port/callback?code=x&state=y")
	check "nothing listens once the sign-in screen is left (got $code)" [ "$code" = 000 ]
fi

# 5. line mode (--plain): the same sign-in as printed lines; the pasted
# address is not echoed
port=$(free_port)
app_start --plain --system zz-oauth-test --preset "url=$F" --preset client_id=onramp-test-client \
	--preset "redirect_uri=http://127.0.0.1:$port/callback"
expect "Server address (required)" "line mode starts with the first question" 10
send_keys Enter # the preset answers are taken with Enter
expect "Client ID (required)" "line mode asks for the client ID next" 5
send_keys Enter
if expect "Client secret (required) (hidden" "line mode asks for the client secret" 5; then
	tm load-buffer -b e2e-secret "$CS" && tm paste-buffer -d -b e2e-secret -t e2e
	send_keys Enter
	enter_until "signs in through a web browser" 4
	expect "Or paste the address the browser ends on" "line mode prints the browser sign-in" 5
	addr=$(tm capture-pane -p -J -t e2e | grep "^http://127.0.0.1:$ONRAMP_T_HTTP/oauth2/authorize" | head -n 1)
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$addr")
	type_text "$loc"
	send_keys Enter
	expect "Connected. Connection ID" "line mode connects with the pasted address" 15
	check "line mode does not echo the pasted address" screen_lacks 'callback?code=' joined
fi

# 6. no browser and no refresh token on the command line: a clear answer
cli "$E2E_DIR/nb.json" validate zz-oauth-test --field "url=$F" --field client_id=onramp-test-client \
	--secret "client_secret=@$CS" --json
check "validate without a browser sign-in names the refresh_token field (exit $CLI_RC)" \
	[ "$(json "$E2E_DIR/nb.json" "j['error']['code']+' '+j['error']['field']")" = "auth.oauth.browser_needed refresh_token" ]
echo bogus-token >"$E2E_DIR/bad.rt"
chmod 600 "$E2E_DIR/bad.rt"
cli "$E2E_DIR/br.json" validate zz-oauth-test --field "url=$F" --field client_id=onramp-test-client \
	--secret "client_secret=@$CS" --secret "refresh_token=@$E2E_DIR/bad.rt" --json
check "a withdrawn refresh token is auth.oauth.code_rejected" \
	[ "$(json "$E2E_DIR/br.json" "j['error']['code']")" = auth.oauth.code_rejected ]
finish
