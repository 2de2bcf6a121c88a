#!/bin/sh
# test_lifecycle.sh: every lifecycle semantic against the real Tryton
# server, through the CLI and through the TUI in a pseudo-terminal:
# connect, token check, list, the credit pool (credits = 3: the fourth
# connect is refused with exit 8 and names what to disconnect; a
# disconnect frees it), disconnect (the token stops working), purge (refused
# while active), reconnect (a new id and token; the old one stays
# disconnected); then "Manage connections": the disconnect confirmation, y,
# re-check, purge and reconnect. Then "no plaintext": no file under any test
# HOME holds the password or any printed token. Last, a kiosk with the
# public key only: it connects, `open` fails there with a clear message,
# and the holder of the secret key opens the credentials.
. "$(dirname "$0")/lib.sh"
e2e_init

PW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")
URL="http://127.0.0.1:$ONRAMP_T_TRYTON"
TOKENS=$E2E_SECRETS/tokens # every token printed, one a line
: >"$TOKENS"
OUTS=$E2E_DIR/out
mkdir -p "$OUTS"
HOMES="" # every HOME of this test, for the plaintext scan
N=0

# keep_token TOKEN: remembers a printed token for the plaintext scan.
keep_token() {
	[ -n "$1" ] && printf '%s\n' "$1" >>"$TOKENS"
}

# connect_json: `onramp connect tryton ... --json` into $OUT; sets ID, TOKEN.
connect_json() {
	N=$((N + 1))
	OUT=$OUTS/connect$N.json
	cli "$OUT" connect tryton --field url="$URL" --field database=onramp_test \
		--field username=admin --secret password=@"$PW" --json
	ID=$(json "$OUT" 'j["connection"]["id"]')
	TOKEN=$(json "$OUT" 'j["token"]')
	case "$TOKEN" in onr_*) keep_token "$TOKEN" ;; *) TOKEN="" ;; esac
}

# token_check TOKEN: `onramp token check -` with TOKEN on stdin (from a
# file, never argv); sets CLI_RC, output in $OUTS/tc.out.
token_check() {
	tcf=$(secret_file tc "$1")
	CLI_STDIN=$tcf cli "$OUTS/tc.out" token check -
	rm -f "$tcf"
}

# status_of ID: the status of ID in `onramp list --json`, or "none".
status_of() {
	cli "$OUTS/st.json" list --json
	json "$OUTS/st.json" "([c['status'] for c in j if c['id'] == '$1'] or ['none'])[0]"
}

# expect_re REGEX DESC: wait_re as a test point.
expect_re() {
	if wait_re "$1" 5; then ok "$2"; else not_ok "$2"; show_last; fi
}

# ============================== CLI ===========================================
mkdir -p "$XDG_CONFIG_HOME/onramp"
echo 'credits = 3' >"$XDG_CONFIG_HOME/onramp/config"
HOMES="$HOMES $HOME"

# --- connect (plain output) ---
cli "$OUTS/c1.out" connect tryton --field url="$URL" --field database=onramp_test \
	--field username=admin --secret password=@"$PW"
A=$(sed -n 's/.*Connection ID:[[:space:]]*\([A-Za-z0-9_-]*\).*/\1/p' "$OUTS/c1.out" | head -n 1)
TA=$(grep -o 'onr_[A-Za-z0-9_-]*' "$OUTS/c1.out" | head -n 1)
keep_token "$TA"
[ "$CLI_RC" = 0 ] && [ -n "$A" ] && [ -n "$TA" ] &&
	ok "connect (CLI) against Tryton prints a connection id ($A) and an onr_ token" ||
	{ not_ok "connect (CLI) prints an id and a token (exit $CLI_RC)"; sed 's/^/# /' "$OUTS/c1.out" "$OUTS/c1.out.err"; }

token_check "$TA"
[ "$CLI_RC" = 0 ] && grep -qx "$A" "$OUTS/tc.out" &&
	ok "token check - (token on stdin) exits 0 and prints the id" ||
	not_ok "token check - exits 0 and prints $A (exit $CLI_RC: $(cat "$OUTS/tc.out"))"

cli "$OUTS/l1.json" list --json
got=$(json "$OUTS/l1.json" "[(c['status'], c['system'], c['url'], c['database'], c['username'], c['fields']['username']) for c in j if c['id'] == '$A']")
[ "$CLI_RC" = 0 ] && [ "$got" = "[[\"active\", \"tryton\", \"$URL\", \"onramp_test\", \"admin\", \"admin\"]]" ] &&
	ok "list --json shows it active with its public fields (url, database, username)" ||
	not_ok "list --json shows it active with its public fields (exit $CLI_RC, got $got)"
has_created=$(json "$OUTS/l1.json" "all(c.get('created') for c in j)")
[ "$has_created" = true ] && ok "list --json: every connection has 'created'" || not_ok "list --json: every connection has 'created'"
keys=$(json "$OUTS/l1.json" "sorted(k for c in j for k in list(c) + list(c.get('fields', {})) if any(w in k.lower() for w in ('secret', 'token', 'password', 'hash')))")
[ "$keys" = "[]" ] && ok "list --json has no secret, token, password or hash key" ||
	not_ok "list --json has no secret, token, password or hash key (found $keys)"
if grep -qF -f "$PW" "$OUTS/l1.json" || grep -qF -f "$TOKENS" "$OUTS/l1.json"; then
	not_ok "list --json holds neither the password nor the token"
else
	ok "list --json holds neither the password nor the token"
fi

# --- the credit pool: credits = 3, tryton costs 1 ---
connect_json
B=$ID TB=$TOKEN
connect_json
C=$ID TC=$TOKEN
[ -n "$B" ] && [ -n "$TB" ] && [ -n "$C" ] && [ -n "$TC" ] &&
	ok "two more connects (--json) fill the pool of 3 ($B, $C)" ||
	not_ok "two more connects fill the pool (last exit $CLI_RC)"
connect_json
msg=$(json "$OUT" 'j["error"]["message"] + " " + j["error"]["hint"]')
if [ "$CLI_RC" = 8 ] && [ "$(json "$OUT" 'j["error"]["code"]')" = store.credits ] && [ -z "$TOKEN" ]; then
	ok "a fourth connect is refused: exit 8, store.credits, no token"
else
	not_ok "a fourth connect is refused with exit 8 store.credits (exit $CLI_RC)"
	note "$(cat "$OUT")"
fi
case "$msg" in
*"onramp disconnect $A"* | *"onramp disconnect $B"* | *"onramp disconnect $C"*)
	ok "the refusal names a connection to disconnect" ;;
*) not_ok "the refusal names a connection to disconnect (got: $msg)" ;;
esac
cli "$OUTS/c4.out" connect tryton --field url="$URL" --field database=onramp_test \
	--field username=admin --secret password=@"$PW"
[ "$CLI_RC" = 8 ] && grep -qi 'credits' "$OUTS/c4.out" "$OUTS/c4.out.err" && grep -q 'onramp disconnect' "$OUTS/c4.out" "$OUTS/c4.out.err" &&
	ok "the plain refusal says credits and what to disconnect" ||
	{ not_ok "the plain refusal says credits and what to disconnect (exit $CLI_RC)"; sed 's/^/# /' "$OUTS/c4.out" "$OUTS/c4.out.err"; }

# --- disconnect ---
cli "$OUTS/d1.out" disconnect "$A"
[ "$CLI_RC" = 0 ] && ok "disconnect $A exits 0" || not_ok "disconnect $A exits 0 (got $CLI_RC)"
token_check "$TA"
[ "$CLI_RC" != 0 ] && ! grep -q "$A" "$OUTS/tc.out" && ok "after disconnect its token fails (exit $CLI_RC)" ||
	not_ok "after disconnect its token fails (exit $CLI_RC)"
[ "$(status_of "$A")" = disconnected ] && ok "list --json shows $A disconnected" ||
	not_ok "list --json shows $A disconnected (got $(status_of "$A"))"
used=$(json "$OUTS/st.json" "sum(c['credits'] for c in j if c['status'] == 'active')")
cli "$OUTS/l2.out" list
[ "$used" = 2 ] && grep -q 'Credits: 2 of 3 used' "$OUTS/l2.out" &&
	ok "its credit went back: 2 of 3 used (list and list --json)" ||
	not_ok "its credit went back: 2 of 3 used (json sum $used; $(grep Credits "$OUTS/l2.out"))"
connect_json
D=$ID TD=$TOKEN
[ "$CLI_RC" = 0 ] && [ -n "$TD" ] && ok "with the credit back, connect works again ($D)" ||
	not_ok "with the credit back, connect works again (exit $CLI_RC)"

# --- purge ---
cli "$OUTS/p1.json" purge "$D" --json
[ "$CLI_RC" = 3 ] && [ "$(json "$OUTS/p1.json" 'j["error"]["code"]')" = store.active ] &&
	ok "purge of an active connection is refused (exit 3, store.active)" ||
	not_ok "purge of an active connection is refused (exit $CLI_RC)"
[ "$(status_of "$D")" = active ] && ok "the refused purge left $D active" || not_ok "the refused purge left $D active"

# --- reconnect (needs a free credit: disconnect B) ---
cli "$OUTS/d2.out" disconnect "$B"
cli "$OUTS/r1.json" reconnect "$A" --secret password=@"$PW" --json
E=$(json "$OUTS/r1.json" 'j["connection"]["id"]')
TE=$(json "$OUTS/r1.json" 'j["token"]')
case "$TE" in onr_*) keep_token "$TE" ;; esac
[ "$CLI_RC" = 0 ] && [ -n "$E" ] && [ "$E" != "$A" ] && [ "$TE" != "$TA" ] && case "$TE" in onr_*) true ;; *) false ;; esac &&
	ok "reconnect $A --secret password=@FILE --json makes a new id ($E) and a new token" ||
	{ not_ok "reconnect makes a new id and token (exit $CLI_RC)"; note "$(cat "$OUTS/r1.json" "$OUTS/r1.json.err")"; }
[ "$(json "$OUTS/r1.json" 'j["connection"]["system"]')" = tryton ] && ok "the new connection is the same system" ||
	not_ok "the new connection is the same system"
[ "$(status_of "$A")" = disconnected ] && [ "$(status_of "$E")" = active ] &&
	ok "the old connection stays disconnected, the new one is active" ||
	not_ok "the old connection stays disconnected, the new one is active ($(status_of "$A"), $(status_of "$E"))"
token_check "$TE"
[ "$CLI_RC" = 0 ] && grep -qx "$E" "$OUTS/tc.out" && ok "the new token checks out as $E" || not_ok "the new token checks out as $E"
token_check "$TA"
[ "$CLI_RC" != 0 ] && ok "the old token still fails" || not_ok "the old token still fails"

cli "$OUTS/p2.out" purge "$A"
[ "$CLI_RC" = 0 ] && [ "$(status_of "$A")" = none ] && ok "purge of the disconnected $A works and removes it from the list" ||
	not_ok "purge of the disconnected $A works (exit $CLI_RC, status $(status_of "$A"))"
cli "$OUTS/p3.out" purge "$A"
[ "$CLI_RC" = 3 ] && ok "purge of an unknown id: exit 3" || not_ok "purge of an unknown id: exit 3 (got $CLI_RC)"

# ============================== TUI ===========================================
# now: B disconnected; C, D, E active; 3 of 3 credits used.
app_start
wait_for "Manage connections" 10 || { not_ok "the start screen shows"; show_last; }
send_keys Down
wait_for "> Manage connections" 5
send_keys Enter
if expect "onramp · Manage connections" "Manage connections opens from the start screen"; then
	scr=$(screen)
	miss=""
	for id in "$B" "$C" "$D" "$E"; do printf '%s\n' "$scr" | grep -qE "$id +(active|disconnected) +tryton " || miss="$miss $id"; done
	[ -z "$miss" ] && ok "it lists every connection with status and system" || { not_ok "it lists every connection (missing:$miss)"; show_last; }
	printf '%s\n' "$scr" | grep -qE "$B +disconnected +tryton \(onramp_test, admin\) +http://127.0.0.1:$ONRAMP_T_TRYTON" &&
		ok "a row shows id, status, system with its database and user, and URL" ||
		{ not_ok "a row shows id, status, system with its database and user, and URL"; show_last; }
	printf '%s\n' "$scr" | grep -qE -- "─ [a-z0-9]+ · tryton · connected [0-9]+[smhd] ago" &&
		ok "the details' rule says how old the highlighted connection is" ||
		{ not_ok "the details' rule says how old the highlighted connection is"; show_last; }
	printf '%s\n' "$scr" | grep -q "credits in use: 3 of 3" && ok "the title shows the credits in use (3 of 3)" ||
		not_ok "the title shows the credits in use (3 of 3)"
fi

# d: the confirmation says what happens; y disconnects
conn_select "$C" || { not_ok "the highlight reaches $C"; show_last; }
send_keys d
if expect "Disconnect?" "d on an active connection asks for confirmation"; then
	scr=$(screen)
	for t in "token stops working" "credits go back" "kept" "$C"; do
		printf '%s\n' "$scr" | grep -qF "$t" && ok "the confirmation says \"$t\"" || not_ok "the confirmation says \"$t\""
	done
fi
send_keys y
expect_re "$C +disconnected +tryton" "y disconnects: the row says disconnected"
expect "credit returned" "a banner says the credit was returned"
expect "credits in use: 2 of 3" "the title shows 2 of 3 credits in use"
[ "$(status_of "$C")" = disconnected ] && ok "the store agrees: $C is disconnected" || not_ok "the store agrees: $C is disconnected"
token_check "$TC"
[ "$CLI_RC" != 0 ] && ok "$C's token stops working" || not_ok "$C's token stops working"

# n on the confirmation changes nothing
conn_select "$D"
send_keys d
wait_for "Disconnect?" 5
send_keys n
expect_re "$D +active +tryton" "n on the confirmation goes back and keeps $D active"
[ "$(status_of "$D")" = active ] && ok "the store agrees: $D is still active" || not_ok "the store agrees: $D is still active"

# c: re-check an active one with its stored credentials
send_keys c
expect "passed" "c re-checks $D with its stored credentials: \"passed\"" 20
screen | grep -q "Re-check of $D passed" && ok "the banner names $D" || { not_ok "the banner names $D"; show_last; }

# p on an active one is refused; on a disconnected one it asks, then purges
send_keys p
expect "cannot be purged" "p on an active connection says it cannot be purged"
conn_select "$B"
send_keys p
if expect "Delete history?" "p on a disconnected connection asks for confirmation"; then
	screen | grep -q "cannot be undone" && ok "the purge confirmation says it cannot be undone" ||
		not_ok "the purge confirmation says it cannot be undone"
fi
send_keys y
expect "history of $B is deleted" "y purges: a banner says so"
wait_until "! grep -qE '$B +disconnected' \"\$E2E_DIR/cap.txt\"" 5 && ok "the purged row is gone" ||
	{ not_ok "the purged row is gone"; show_last; }
[ "$(status_of "$B")" = none ] && ok "the store agrees: $B is purged" || not_ok "the store agrees: $B is purged"

# n: reconnect opens the form prefilled; a password makes a new connection
conn_select "$C"
send_keys n
if expect "Connection details" "n opens the form"; then
	scr=$(screen)
	printf '%s\n' "$scr" | grep -qF "$URL" && printf '%s\n' "$scr" | grep -qE 'Database +onramp_test' &&
		printf '%s\n' "$scr" | grep -qE 'User name +admin' &&
		ok "the form is prefilled from the old public fields" || { not_ok "the form is prefilled from the old public fields"; show_last; }
	printf '%s\n' "$scr" | grep -q '•' && not_ok "the password is not prefilled" || ok "the password is not prefilled"
fi
focus_field Password || { not_ok "Tab reaches the password field"; show_last; }
type_secret Password "$PW"
wait_for '••••' 5
send_keys Enter
if expect "Connected" "the reconnect form connects" 30; then
	scr=$(screen)
	F=$(printf '%s\n' "$scr" | sed -n 's/.*Connection ID:[[:space:]]*\([A-Za-z0-9_-]*\).*/\1/p' | head -n 1)
	TF=$(printf '%s\n' "$scr" | sed -n 's/.*API token:[[:space:]]*\(onr_[A-Za-z0-9_-]*\).*/\1/p' | head -n 1)
	keep_token "$TF"
	[ -n "$F" ] && [ "$F" != "$C" ] && [ -n "$TF" ] && ok "TUI reconnect: a new id ($F) and a token" ||
		not_ok "TUI reconnect: a new id and a token"
	[ "$(status_of "$C")" = disconnected ] && [ "$(status_of "$F")" = active ] &&
		ok "TUI reconnect: the old one stays disconnected, the new one is active" ||
		not_ok "TUI reconnect: the old one stays disconnected, the new one is active"
fi
send_keys Enter
# Enter asks "Have you saved the token?" before the token goes
wait_for "Have you saved the token?" 5
end_app "lifecycle TUI"

# ============================== kiosk, public key only =====================
fresh_home
HOMES="$HOMES $HOME"
SVC_HOME=$HOME SVC_CONFIG=$XDG_CONFIG_HOME
PUB=$E2E_DIR/kiosk.pub
cli "$OUTS/keygen.out" keygen --public-only-out "$PUB"
[ "$CLI_RC" = 0 ] && [ -s "$PUB" ] && ok "keygen --public-only-out writes the public key for kiosks" ||
	{ not_ok "keygen --public-only-out writes the public key (exit $CLI_RC)"; sed 's/^/# /' "$OUTS/keygen.out.err"; }
fresh_home
HOMES="$HOMES $HOME"
mkdir -p "$XDG_CONFIG_HOME/onramp"
printf 'kiosk = true\npublic_key = %s\nsecret_key =\n' "$PUB" >"$XDG_CONFIG_HOME/onramp/config"
KIOSK_DATA=$XDG_DATA_HOME
connect_json
K=$ID
[ "$CLI_RC" = 0 ] && [ -n "$K" ] && [ -n "$TOKEN" ] && ok "a kiosk (public key only) connects ($K)" ||
	{ not_ok "a kiosk (public key only) connects (exit $CLI_RC)"; note "$(cat "$OUT" "$OUT.err")"; }
kfiles=$(cd "$XDG_CONFIG_HOME/onramp" && ls)
[ "$kfiles" = config ] && ok "the kiosk made no key of its own" || not_ok "the kiosk made no key of its own (has: $kfiles)"
cli "$OUTS/kopen.out" open "$K"
kmsg=$(cat "$OUTS/kopen.out" "$OUTS/kopen.out.err")
if [ "$CLI_RC" != 0 ] && printf '%s' "$kmsg" | grep -qi 'secret key' && printf '%s' "$kmsg" | grep -qi 'kiosk'; then
	ok "open on the kiosk fails (exit $CLI_RC) with a clear message (kiosk, secret key)"
else
	not_ok "open on the kiosk fails with a clear message (exit $CLI_RC)"
	note "$kmsg"
fi
grep -qF -f "$PW" "$OUTS/kopen.out" "$OUTS/kopen.out.err" && not_ok "the kiosk's failed open shows no password" ||
	ok "the kiosk's failed open shows no password"
KIOSK_HOME=$HOME KIOSK_CONFIG=$XDG_CONFIG_HOME
HOME=$SVC_HOME XDG_CONFIG_HOME=$SVC_CONFIG XDG_DATA_HOME=$KIOSK_DATA
cli "$OUTS/sopen.json" open "$K"
HOME=$KIOSK_HOME XDG_CONFIG_HOME=$KIOSK_CONFIG
got=$($PY - "$OUTS/sopen.json" "$PW" <<'EOF'
import json, sys
try:
    j = json.load(open(sys.argv[1]))
    pw = open(sys.argv[2]).read()
    print(j["id"], j["system"], j["credentials"].get("password") == pw)
except Exception as e:
    print("bad:", type(e).__name__)
EOF
)
[ "$CLI_RC" = 0 ] && [ "$got" = "$K tryton True" ] &&
	ok "open $K with the secret key (data dir of the kiosk) prints the credentials JSON" ||
	{ not_ok "open with the secret key prints the credentials JSON (exit $CLI_RC, got $got)"; sed 's/^/# /' "$OUTS/sopen.json.err"; }

# ============================== no plaintext ====================================
nt=$(grep -c . "$TOKENS")
bad=""
for h in $HOMES; do
	bad="$bad$(files_with "$PW" "$h")$(files_with "$TOKENS" "$h")"
done
[ -z "$bad" ] && ok "no file under the test HOMEs holds the password or any of the $nt printed tokens" ||
	not_ok "no file under the test HOMEs holds the password or a token: $bad"
files=$(files_with "$PW" "$E2E_SCREENS")
[ -z "$files" ] && ok "the password is on no captured screen" || not_ok "the password is on a captured screen: $files"
finish
