#!/bin/sh
# test_cli.sh: `onramp validate --json` against the fixture servers: the
# auth methods (basic, api-key header, token header, bearer, OAuth2 client
# credentials with Microsoft's AADSTS errors), TLS failures, --cafile and
# --pin, network failures, hostile servers, the exit codes of docs/design.md §2,
# and secrets kept out of argv, output and traces.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

H="http://127.0.0.1:$ONRAMP_T_HTTP"
CA="$ONRAMP_T_CERTS/ca.pem"
SAPPW=$(secret_file sap 'Fixture-Pa55!')
BAD=$(secret_file bad 'Wrong-Pa55word')
MXKEY=$(secret_file maximo 'fixture-maximo-key-123')
ERPSEC=$(secret_file erpnext 'fixture-secret')
SK=$(secret_file stripe 'sk_test_fixture')
SKBAD=$(secret_file stripe_bad 'sk_test_wrongkey1234')
AADSEC=$(secret_file aad 'Fixture~Secret.1')
AADOLD=$(secret_file aad_old 'Fixture~Expired.2')
APP1=aaaaaaaa-0000-0000-0000-000000000001
APP2=aaaaaaaa-0000-0000-0000-000000000002
TENANT=contoso.onmicrosoft.com
N=0

# v DESC RC CODE FIELD SYSTEM ARGS...: runs validate --json; expects exit
# status RC, ok=true when CODE is "-", else error.code CODE and (unless
# FIELD is "-") error.field FIELD ("null" for none). The output is kept in
# $OUT for further checks; it must be one JSON object.
v() {
	v_desc=$1 v_rc=$2 v_code=$3 v_field=$4
	shift 4
	N=$((N + 1))
	OUT="$E2E_DIR/v$N.json"
	cli "$OUT" validate "$@" --json
	if [ "$(json "$OUT" 'isinstance(j, dict)')" != true ]; then
		not_ok "$v_desc: prints one JSON object (exit $CLI_RC)"
		sed -n '1,10s/^/# /p' "$OUT" "$OUT.err"
		return 1
	fi
	if [ "$v_code" = - ]; then
		got=$(json "$OUT" 'j["ok"]')
		want=true
	else
		got=$(json "$OUT" '(j["ok"], j["error"]["code"])')
		want="[false, \"$v_code\"]"
	fi
	if [ "$CLI_RC" = "$v_rc" ] && [ "$got" = "$want" ]; then
		ok "$v_desc: exit $v_rc, $([ "$v_code" = - ] && echo ok || echo "$v_code")"
	else
		not_ok "$v_desc: want exit $v_rc $want, got exit $CLI_RC $got"
		note "$(json "$OUT" 'j.get("error")')"
		return 1
	fi
	if [ "$v_field" != - ]; then
		f=$(json "$OUT" 'j["error"]["field"]')
		[ "$f" = "$v_field" ] || [ "$f" = "\"$v_field\"" ] && ok "$v_desc: the field to fix is $v_field" ||
			not_ok "$v_desc: the field to fix is $v_field (got $f)"
	fi
	return 0
}

# has DESC PYEXPR: a further check on the last output.
has() {
	r=$(json "$OUT" "$2")
	[ "$r" = true ] && ok "$1" || { not_ok "$1"; note "$(json "$OUT" 'j.get("error") or j.get("stages")')"; }
}

# clean DESC SECRETFILE: the secret is neither in the output nor on stderr.
clean() {
	if grep -qF -f "$2" "$OUT" "$OUT.err"; then not_ok "$1: the secret is not echoed"; else ok "$1: the secret is not echoed"; fi
}

sap() { # DESC RC CODE FIELD URL CLIENT USER SECRETFILE [ARGS...]: SAP S/4HANA, basic auth
	s_desc=$1 s_rc=$2 s_code=$3 s_field=$4 s_url=$5 s_client=$6 s_user=$7 s_pw=$8
	shift 8
	v "$s_desc" "$s_rc" "$s_code" "$s_field" sap-s4hana-onprem --field "url=$s_url" --field client="$s_client" \
		--field username="$s_user" --secret "password=@$s_pw" "$@"
}

# --- basic (SAP OData) ------------------------------------------------------------
sap "SAP basic, right user" 0 - - "$H" 100 ALICE "$SAPPW"
has "stages are address, dns, connect, tls, http, auth in order" \
	'[s["name"] for s in j["stages"]][:6] == ["address", "dns", "connect", "tls", "http", "auth"]'
has "every stage has name, status, ms and detail" \
	'all(set(s) >= {"name", "status", "ms", "detail"} for s in j["stages"])'
has "plain http: the tls stage is skipped, the rest ok" \
	'[s["status"] for s in j["stages"]][:6] == ["ok", "ok", "ok", "skipped", "ok", "ok"]'
has "the system id is echoed" 'j["system"] == "sap-s4hana-onprem"'
clean "SAP basic" "$SAPPW"
sap "SAP basic, wrong password" 6 auth.rejected password "$H" 100 ALICE "$BAD"
has "401: message and hint are set" 'bool(j["error"]["message"]) and bool(j["error"]["hint"])'
has "401: the hint carries SAP's own advice (SU01)" '"SU01" in j["error"]["hint"]'
has "401: the auth stage failed" '[s["status"] for s in j["stages"] if s["name"] == "auth"] == ["failed"]'
clean "SAP wrong password" "$BAD"
sap "SAP basic, user of another client" 6 auth.rejected - "$H" 200 ALICE "$SAPPW"
sap "SAP basic, user without authorization" 7 auth.forbidden - "$H" 100 NOAUTH "$SAPPW"
has "403: the hint names the role transaction (PFCG) and S_SERVICE" \
	'"PFCG" in j["error"]["hint"] and "S_SERVICE" in j["error"]["hint"]'
N=$((N + 1))
OUT="$E2E_DIR/v$N.json"
cli "$OUT" validate sap-s4hana-onprem --field url="$H" --field client=100 --field username=ALICE --field password=Wrong-Pa55word
[ "$CLI_RC" = 2 ] && ok "a secret given with --field is refused (exit 2)" || not_ok "a secret given with --field is refused (exit 2, got $CLI_RC)"
grep -qF "Wrong-Pa55word" "$OUT" "$OUT.err" && not_ok "the refused secret is not echoed" || ok "the refused secret is not echoed"
OUT="$E2E_DIR/stdin.json"
CLI_STDIN=$SAPPW cli "$OUT" validate sap-s4hana-onprem --field url="$H" --field client=100 --field username=ALICE --secret password=- --json
[ "$CLI_RC" = 0 ] && [ "$(json "$OUT" 'j["ok"]')" = true ] && ok "--secret password=- reads the secret from stdin" ||
	not_ok "--secret password=- reads the secret from stdin (exit $CLI_RC)"

# --- api-key header (Maximo), token header (ERPNext), bearer (Stripe) -------------
v "Maximo apikey" 0 - - ibm-maximo --field url="$H" --secret api_key=@"$MXKEY"
has "Maximo: whoami names the user (ALICE)" 'j.get("identity") == "ALICE"'
v "Maximo wrong apikey" 6 auth.rejected api_key ibm-maximo --field url="$H" --secret api_key=@"$BAD"
has "Maximo 401: the hint is Maximo's" '"API Keys application" in j["error"]["hint"]'
v "ERPNext token" 0 - - erpnext --field url="$H" --field api_key=fixture-key --secret api_secret=@"$ERPSEC"
has "ERPNext: the logged-in user is named" 'j.get("identity") == "alice@example.com"'
v "ERPNext wrong secret" 6 auth.rejected api_secret erpnext --field url="$H" --field api_key=fixture-key --secret api_secret=@"$BAD"
clean "ERPNext" "$ERPSEC"
# Stripe's probe is fixed to api.stripe.com: a drop-in entry with the same
# id overrides it with one whose address we control (bearer auth).
mkdir -p "$XDG_DATA_HOME/onramp/systems.d"
cat >"$XDG_DATA_HOME/onramp/systems.d/stripe.json" <<'EOF'
{"version": 1, "systems": [{
  "id": "stripe", "name": "Stripe", "vendor": "Stripe", "category": "Payments",
  "tier": 1, "core": false, "needs": "A Stripe secret key", "where": "Test fixture.",
  "base_url": "{url}/v1", "auth": {"method": "bearer", "token": "{api_key}"},
  "fields": [
    {"key": "url", "label": "API address", "kind": "url", "required": true, "secret": false, "help": "fixture"},
    {"key": "api_key", "label": "Secret key", "kind": "text", "required": true, "secret": true, "help": "sk_..."}],
  "probe": {"url": "{url}/v1/balance", "verifies": "credentials"}}]}
EOF
# `systems` reads the build's search index, but a drop-in file must still
# count: its entry replaces the built-in one in names, table and JSON.
cli "$E2E_DIR/filter.txt" systems --filter stripe
check "systems --filter sees the drop-in folder (exit 0, Stripe first)" \
	[ "$CLI_RC:$(head -n 1 "$E2E_DIR/filter.txt")" = "0:Stripe" ]
cli "$E2E_DIR/sys.json" systems stripe --json --limit 1
check "systems --json shows the drop-in's entry" \
	[ "$(json "$E2E_DIR/sys.json" 'j[0]["fields"][0]["label"]')" = "API address" ]
v "Stripe bearer (drop-in override)" 0 - - stripe --field url="$H" --secret api_key=@"$SK"
v "Stripe wrong key" 6 auth.rejected api_key stripe --field url="$H" --secret api_key=@"$SKBAD"
clean "Stripe wrong key" "$SKBAD"
rm -f "$XDG_DATA_HOME/onramp/systems.d/stripe.json"
cli "$E2E_DIR/sys.json" systems stripe --json --limit 1
check "without the drop-in, systems --json is the built-in Stripe again" \
	[ "$(json "$E2E_DIR/sys.json" 'j[0]["fields"][0]["label"]')" != "API address" ]

# --- OAuth2 client credentials (Business Central + Microsoft identity) -------------
bc() { # DESC RC CODE FIELD TENANT CLIENT SECRETFILE [ENV]
	v "$1" "$2" "$3" "$4" dynamics365-business-central --field tenant="$5" --field environment="${8:-production}" \
		--field client_id="$6" --secret client_secret=@"$7" --field authority="$H" --field api_base="$H"
}
bc "BC oauth2_cc" 0 - - "$TENANT" "$APP1" "$AADSEC"
has "BC: the first company is named" 'j.get("identity") == "CRONUS USA, Inc."'
clean "BC" "$AADSEC"
bc "BC by tenant GUID" 0 - - 11111111-2222-3333-4444-555555555555 "$APP1" "$AADSEC"
bc "AADSTS7000215 wrong secret" 6 auth.aad.bad_secret client_secret "$TENANT" "$APP1" "$BAD"
has "7000215: the hint says Value, not Secret ID" '"Value" in j["error"]["hint"]'
clean "AADSTS7000215" "$BAD"
bc "AADSTS700016 unknown app" 6 auth.aad.app_not_found client_id "$TENANT" aaaaaaaa-0000-0000-0000-00000000dead "$AADSEC"
bc "AADSTS90002 unknown tenant" 6 auth.aad.tenant_not_found tenant nosuch.onmicrosoft.com "$APP1" "$AADSEC"
bc "AADSTS7000222 expired secret" 6 auth.aad.secret_expired client_secret "$TENANT" "$APP2" "$AADOLD"
has "no AADSTS trace/correlation ids in the message" \
	'"Trace ID" not in j["error"]["message"] and "Correlation" not in j["error"]["message"]'
bc "BC unknown environment" 7 api.not_found environment "$TENANT" "$APP1" "$AADSEC" nosuchenv
has "404: the hint is Business Central's (environment)" '"environment" in j["error"]["hint"]'

# --- TLS ------------------------------------------------------------------------------
sap "self-signed certificate" 5 tls.untrusted - "https://127.0.0.1:$ONRAMP_T_TLS_SELF" 100 ALICE "$SAPPW"
has "self-signed: the certificate's pin is offered" \
	'str(j.get("tls", {}).get("pin", "")).startswith("sha256//")'
has "self-signed: nothing was sent past TLS (http and auth not ok)" \
	'all(s["status"] != "ok" for s in j["stages"] if s["name"] in ("http", "auth"))'
PIN=$(json "$OUT" 'j.get("tls", {}).get("pin", "")')
REAL="sha256//$(openssl x509 -in "$ONRAMP_T_CERTS/selfsigned.pem" -pubkey -noout |
	openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"
[ "$PIN" = "$REAL" ] && ok "the offered pin is the certificate's SHA-256 public-key pin" ||
	not_ok "the offered pin is the certificate's SHA-256 public-key pin (got $PIN, openssl says $REAL)"
sap "self-signed with its --pin" 0 - - "https://127.0.0.1:$ONRAMP_T_TLS_SELF" 100 ALICE "$SAPPW" --pin "$REAL"
v "self-signed with the wrong --pin" 5 tls.pin_mismatch - sap-s4hana-onprem \
	--field url="https://127.0.0.1:$ONRAMP_T_TLS_SELF" --field client=100 --field username=ALICE \
	--secret password=@"$SAPPW" --pin "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
sap "private CA, no --cafile" 5 tls.untrusted - "https://localhost:$ONRAMP_T_TLS_GOOD" 100 ALICE "$SAPPW"
sap "private CA with --cafile" 0 - - "https://localhost:$ONRAMP_T_TLS_GOOD" 100 ALICE "$SAPPW" --cafile "$CA"
has "--cafile: the tls stage is ok" '[s["status"] for s in j["stages"] if s["name"] == "tls"] == ["ok"]'
sap "expired certificate" 5 tls.expired - "https://localhost:$ONRAMP_T_TLS_EXPIRED" 100 ALICE "$SAPPW" --cafile "$CA"
sap "not-yet-valid certificate" 5 tls.not_yet_valid - "https://localhost:$ONRAMP_T_TLS_FUTURE" 100 ALICE "$SAPPW" --cafile "$CA"
sap "certificate for another host" 5 tls.hostname url "https://localhost:$ONRAMP_T_TLS_WRONG" 100 ALICE "$SAPPW" --cafile "$CA"

# --- network ---------------------------------------------------------------------------
sap "connection refused" 4 connect.refused url "http://127.0.0.1:$ONRAMP_T_CLOSED" 100 ALICE "$SAPPW"
sap "unknown host" 4 dns.not_found url "http://erp.invalid" 100 ALICE "$SAPPW"
has "unknown host: the message names the host" '"erp.invalid" in j["error"]["message"]'
sap "not a web address" 3 input.invalid url "ftp://erp.example.com" 100 ALICE "$SAPPW"

# --- hostile servers (drop-in systems whose probe is a hostile endpoint) ----------------
OTHER_BEFORE=$( (wc -c <"$ONRAMP_T_OTHER_LOG") 2>/dev/null || echo 0) # no log before its first request
$PY - "$XDG_DATA_HOME/onramp/systems.d/hostile.json" "$ONRAMP_T_OTHER" <<'EOF'
import json, sys
other = "http://127.0.0.2:%s/capture" % sys.argv[2]
paths = {
    "slow": "/hostile/slow?headers=0",
    "escape": "/hostile/escape",
    "endless": "/hostile/endless",
    "redirect-other": "/hostile/redirect-other?to=" + other,
    "https-to-http": "/hostile/https-to-http?to=" + other,
    "close": "/hostile/close",
}
systems = []
for name, path in paths.items():
    systems.append({
        "id": "zz-" + name, "name": "Hostile " + name, "vendor": "onramp tests",
        "category": "Other", "tier": 1, "core": False, "needs": "test", "where": "test",
        "base_url": "{url}", "auth": {"method": "basic", "user": "{username}", "password": "{password}"},
        "fields": [
            {"key": "url", "label": "Server address", "kind": "url", "required": True, "secret": False, "help": "x"},
            {"key": "username", "label": "User name", "kind": "text", "required": True, "secret": False, "help": "x"},
            {"key": "password", "label": "Password", "kind": "text", "required": True, "secret": True, "help": "x"}],
        "probe": {"url": "{url}" + path, "verifies": "credentials"}})
json.dump({"version": 1, "systems": systems}, open(sys.argv[1], "w"))
EOF
hostile() { # DESC RC CODE NAME [URL] [ARGS...]
	h_desc=$1 h_rc=$2 h_code=$3 h_name=$4 h_url=${5:-$H}
	shift 4
	[ $# -gt 0 ] && shift
	v "$h_desc" "$h_rc" "$h_code" - "zz-$h_name" --field url="$h_url" --field username=ALICE --secret password=@"$SAPPW" "$@"
}
t0=$(now_s)
hostile "a server that never answers, --stage-timeout 1" 4 http.timeout slow "$H" --stage-timeout 1
[ $(($(now_s) - t0)) -le 5 ] && ok "the stage time limit holds (done in $(($(now_s) - t0)) s)" ||
	not_ok "the stage time limit holds (took $(($(now_s) - t0)) s)"
hostile "escape sequences in the server's text" 6 auth.rejected escape
if LC_ALL=C grep -q "$(printf '[\033\007\233]')" "$OUT" "$OUT.err"; then
	not_ok "no escape or control bytes from the server reach the output"
else
	ok "no escape or control bytes from the server reach the output"
fi
t0=$(now_s)
hostile "an endless body" 7 http.too_large endless
[ $(($(now_s) - t0)) -le 10 ] && ok "an endless body is cut off quickly" || not_ok "an endless body is cut off quickly"
hostile "a redirect to another host" 7 http.redirect redirect-other
hostile "an https to http redirect" 7 http.redirect https-to-http "https://localhost:$ONRAMP_T_TLS_GOOD" --cafile "$CA"
hostile "a connection closed without an answer" 4 http.empty close
# a request of our own to the other host must show in its log, so an empty
# log means nothing came, not a log that was never written
curl -s -o /dev/null --max-time 5 "http://127.0.0.2:$ONRAMP_T_OTHER/canary"
OTHER_NEW=$(tail -c +$((OTHER_BEFORE + 1)) "$ONRAMP_T_OTHER_LOG" 2>/dev/null)
if ! printf '%s' "$OTHER_NEW" | grep -q '"/canary"'; then
	not_ok "no credentials reached the other host (127.0.0.2): its log shows no request of ours"
elif printf '%s' "$OTHER_NEW" | grep -qi 'authorization'; then
	not_ok "no credentials reached the other host (127.0.0.2)"
	note "$OTHER_NEW"
else
	ok "no credentials reached the other host (127.0.0.2)"
fi

# --- a running validate: the secret is in no /proc/PID/cmdline or environ --------------
(cli "$E2E_DIR/bg.json" validate zz-slow --field url="$H" --field username=ALICE \
	--secret password=@"$SAPPW" --stage-timeout 2 --json) &
BG=$!
BGPID=""
end=$(($(now_s) + 5))
while [ -z "$BGPID" ] && [ "$(now_s)" -le "$end" ]; do
	for c in $(pgrep -P "$BG"); do
		[ "$(readlink "/proc/$c/exe" 2>/dev/null)" = "$(readlink -f "$ONRAMP_BIN")" ] && BGPID=$c
	done
	[ -n "$BGPID" ] || sleep 0.05
done
if [ -z "$BGPID" ]; then
	not_ok "a running validate can be found in /proc"
else
	# give it time to read the secret file and send the request
	end=$(($(now_s) + 5))
	while [ ! -e "/proc/$BGPID/fd" ] || ! ls -l "/proc/$BGPID/fd" 2>/dev/null | grep -q socket; do
		[ "$(now_s)" -gt "$end" ] && break
		sleep 0.05
	done
	if leaks=$(proc_leaks "$SAPPW" "$BGPID"); then
		ok "while validate waits on the server, the password is in neither its cmdline nor its environ"
	else
		not_ok "the password of a running validate shows in $leaks"
	fi
fi
wait "$BG"
[ "$(json "$E2E_DIR/bg.json" 'j["error"]["code"]')" = http.timeout ] && ok "the background validate timed out as asked" ||
	not_ok "the background validate timed out as asked"

# --- traces redact secrets ---------------------------------------------------------------
TRACE="$E2E_DIR/trace.txt"
sap "SAP with --trace" 6 auth.rejected - "$H" 100 ALICE "$BAD" --trace "$TRACE"
[ -s "$TRACE" ] && ok "--trace writes a trace" || not_ok "--trace writes a trace"
grep -qF -f "$BAD" "$TRACE" && not_ok "the trace holds no password" || ok "the trace holds no password"
B64=$(secret_file b64 "$(printf 'ALICE:Wrong-Pa55word' | base64)")
grep -qF -f "$B64" "$TRACE" && not_ok "the trace holds no Basic credentials" || ok "the trace holds no Basic credentials"

# --- usage and input errors -----------------------------------------------------------------
cli "$E2E_DIR/u1" validate no-such-system --json
[ "$CLI_RC" = 3 ] && ok "an unknown system id is an input error (exit 3)" || not_ok "an unknown system id is an input error (exit 3, got $CLI_RC)"
cli "$E2E_DIR/u2" validate sap-s4hana-onprem --no-such-option
[ "$CLI_RC" = 2 ] && ok "an unknown option is a usage error (exit 2)" || not_ok "an unknown option is a usage error (exit 2, got $CLI_RC)"
cli "$E2E_DIR/u3" validate sap-s4hana-onprem --field url="$H" --field username=ALICE --secret password=@"$E2E_DIR/none" --json
case $CLI_RC in 2 | 3) ok "a missing secret file is refused (exit $CLI_RC)" ;; *) not_ok "a missing secret file is refused (got $CLI_RC)" ;; esac
cli "$E2E_DIR/u4" validate --help
[ "$CLI_RC" = 0 ] && grep -q "Exit codes" "$E2E_DIR/u4" "$E2E_DIR/u4.err" && ok "validate --help documents the exit codes" ||
	not_ok "validate --help documents the exit codes"

# --- the command table: one parser, help made from it ------------------------------------
for c in "" systems validate connect list disconnect reconnect purge token open keygen invite orders sync schedule \
	syncs history agent serve webhooks "webhooks listen"; do
	cli "$E2E_DIR/h" $c --help
	wide=$(awk 'length($0) > 80' "$E2E_DIR/h")
	[ "$CLI_RC" = 0 ] && grep -q -- "--help" "$E2E_DIR/h" && grep -q "Exit codes" "$E2E_DIR/h" && [ -z "$wide" ] &&
		ok "onramp $c --help: exit 0, options and exit codes, 80 columns" ||
		{ not_ok "onramp $c --help: exit 0, options and exit codes, 80 columns (got $CLI_RC)"; note "$wide"; }
done
cli "$E2E_DIR/h" --help
missing=""
for c in systems validate connect list disconnect reconnect purge token open keygen invite orders sync schedule syncs \
	history agent serve webhooks; do
	grep -q "^ *\(usage: \)\?onramp $c" "$E2E_DIR/h" || missing="$missing $c"
done
[ -z "$missing" ] && ! grep -q __store-connect "$E2E_DIR/h" && ok "onramp --help lists every command, not the hidden one" ||
	not_ok "onramp --help lists every command, not the hidden one (missing:$missing)"
for c in "validate tryton" "systems" "list" "keygen" ""; do
	cli "$E2E_DIR/u5" $c --no-such-option=Hunter2-secret
	[ "$CLI_RC" = 2 ] && [ "$(wc -l <"$E2E_DIR/u5.err")" = 2 ] && grep -q "Run onramp ${c%% *}${c:+ }--help" "$E2E_DIR/u5.err" &&
		! grep -q Hunter2 "$E2E_DIR/u5" "$E2E_DIR/u5.err" &&
		ok "onramp $c: an unknown option is one line plus the --help hint, its value not echoed" ||
		{ not_ok "onramp $c: an unknown option is one line plus the --help hint (exit $CLI_RC)"; note "$(cat "$E2E_DIR/u5.err")"; }
done
cli "$E2E_DIR/u6" disconnect --json
[ "$CLI_RC" = 2 ] && [ "$(json "$E2E_DIR/u6" 'j["error"]["code"]')" = usage.invalid ] &&
	ok "a usage error with --json is a JSON error object (usage.invalid)" || not_ok "a usage error with --json is a JSON error object (exit $CLI_RC)"
cli "$E2E_DIR/u7" systems --limit=2 --json erp
[ "$CLI_RC" = 0 ] && [ "$(json "$E2E_DIR/u7" 'len(j)')" = 2 ] && ok "--name=VALUE works like --name VALUE" ||
	not_ok "--name=VALUE works like --name VALUE (exit $CLI_RC)"
cli "$E2E_DIR/u8" validate sap-s4hana-onprem --timeout
[ "$CLI_RC" = 2 ] && grep -q -- "--timeout needs a value" "$E2E_DIR/u8.err" && ok "an option missing its value is named" ||
	not_ok "an option missing its value is named (exit $CLI_RC)"

# nothing was stored by validate
[ ! -s "$XDG_DATA_HOME/onramp/connections.json" ] && ok "validate stores no connection" ||
	not_ok "validate stores no connection"
hits=""
for f in "$SAPPW" "$BAD" "$MXKEY" "$ERPSEC" "$SK" "$AADSEC"; do
	hit=$(files_with "$f" "$HOME")
	[ -z "$hit" ] || hits="$hits ${f##*/}: $hit"
done
[ -z "$hits" ] && ok "no secret in any file under the test HOME" || not_ok "secrets found under HOME:$hits"
stderr_leaks=$(grep -l 'Sanitizer\|runtime error:' "$E2E_DIR"/*.err 2>/dev/null)
[ -z "$stderr_leaks" ] && ok "no sanitizer report from any run" ||
	{ not_ok "sanitizer reports in: $stderr_leaks"; sed -n '1,30s/^/# /p' $stderr_leaks; }
finish
