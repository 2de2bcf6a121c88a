#!/bin/sh
# test_wrong_server.sh: an address that answers but is not the system
# chosen (issue 11 item 8, beyond Tryton's and Odoo's own checks). Every
# sign-in method meets two such servers:
#   - a real plain web server (python3's http.server, serving an intranet
#     page): its 404 to a GET and its 501 to a sign-in POST were "the API
#     was not found" and "an internal problem, retry later";
#   - a portal that serves one web page for every path with 200 (the
#     fixture's /hostile/portal): a basic, header or bearer check took that
#     as a sign-in that passed;
# and the real Tryton as another product, for systems that are not Tryton.
# Each is "This server does not look like NAME.", points at the address
# field, names what answered, and never says "wrong password".
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

PW=$(secret_file pw 'Not-the-Pa55')
FX="http://127.0.0.1:$ONRAMP_T_HTTP"
TRYTON="http://127.0.0.1:$ONRAMP_T_TRYTON"

# A real plain web server on a free port, stopped on exit.
mkdir -p "$E2E_DIR/www"
printf '<!DOCTYPE html>\n<html><head><title>Acme Intranet</title></head><body>Hello</body></html>\n' \
	>"$E2E_DIR/www/index.html"
$PY -u -m http.server --bind 127.0.0.1 --directory "$E2E_DIR/www" 0 >"$E2E_DIR/web.out" 2>&1 &
WEB_PID=$!
on_exit 'kill $WEB_PID'
i=0
while ! grep -qs 'port [0-9]' "$E2E_DIR/web.out" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
WEB="http://127.0.0.1:$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$E2E_DIR/web.out" | head -n 1)"
check "a plain web server runs ($WEB)" grep -q 'port [0-9]' "$E2E_DIR/web.out"

# args SYSTEM URL: the fields of a sign-in to SYSTEM at URL (secrets from a file)
args() {
	case $1 in
	jd-edwards) echo "--field url=$2 --field username=u1 --secret password=@$PW" ;;
	erpnext) echo "--field url=$2 --field api_key=k1 --secret api_secret=@$PW" ;;
	acumatica) echo "--field url=$2 --field client_id=c1 --secret client_secret=@$PW --field username=u1 --secret password=@$PW" ;;
	sap-business-one) echo "--field url=$2 --field company_db=SBODEMO --field username=u1 --secret password=@$PW" ;;
	sap-s4hana-onprem) echo "--field url=$2 --field username=u1 --secret password=@$PW" ;;
	dynamics-gp) echo "--field url=$2 --field tenant=t1 --field company=c1 --field username=u1 --secret password=@$PW" ;;
	odoo) echo "--field url=$2 --field database=db --field username=u1 --secret password=@$PW" ;;
	tryton) echo "--field url=$2 --field database=db --secret password=@$PW" ;;
	esac
}

# not_this SYSTEM NAME URL WHAT TEXT: validate SYSTEM at URL is
# server.not_this_system (exit 7) with "does not look like NAME", the
# address field to fix, and TEXT in its hint.
not_this() {
	# shellcheck disable=SC2046 # the field arguments split on purpose
	cli "$E2E_DIR/v.json" validate "$1" $(args "$1" "$3") --json
	got="$CLI_RC $(json "$E2E_DIR/v.json" 'j["error"]["code"]') $(json "$E2E_DIR/v.json" 'j["error"]["field"]')"
	if [ "$got" = "7 server.not_this_system url" ] &&
		[ "$(json "$E2E_DIR/v.json" 'j["error"]["message"]')" = "This server does not look like $2." ] &&
		json "$E2E_DIR/v.json" 'j["error"]["hint"]' | grep -qF "$5"; then
		ok "$1, $4: \"does not look like $2\", the address to fix, and \"$5\""
	else
		not_ok "$1, $4: \"does not look like $2\" (got: $got; $(json "$E2E_DIR/v.json" 'j["error"]["message"]') $(json "$E2E_DIR/v.json" 'j["error"]["hint"]'))"
	fi
}

# ---- a plain web server ----------------------------------------------------------
for s in "jd-edwards JD Edwards EnterpriseOne" "erpnext ERPNext" "sap-s4hana-onprem SAP S/4HANA (on-premise)"; do
	not_this "${s%% *}" "${s#* }" "$WEB" "a plain web server's 404" "A plain web server (SimpleHTTP) answered that it has no such page (HTTP 404)"
done
not_this dynamics-gp "Microsoft Dynamics GP" "$WEB" "a plain web server's 404 to a server-only check" \
	"A plain web server (SimpleHTTP) answered that it has no such page (HTTP 404)"
for s in "acumatica Acumatica" "sap-business-one SAP Business One" "odoo Odoo" "tryton Tryton"; do
	not_this "${s%% *}" "${s#* }" "$WEB" "a plain web server's 501 to the sign-in" "A plain web server (SimpleHTTP) answered that it cannot take a sign-in at all"
done
check "and the hint says what to do" sh -c "grep -q 'Check the server address' '$E2E_DIR/v.json'"

# ---- a portal page for every path ---------------------------------------------------
for s in "jd-edwards JD Edwards EnterpriseOne" "erpnext ERPNext"; do
	not_this "${s%% *}" "${s#* }" "$FX/hostile/portal" "a page served for every path" \
		"answered with a web page (\"Acme Intranet\"), which is not how"
done

# ---- another product: the real Tryton ------------------------------------------------
not_this odoo Odoo "$TRYTON" "the real Tryton's redirect of /jsonrpc to /jsonrpc/" \
	"sent us to the same address with a \"/\" added ($TRYTON/jsonrpc/), which is not how Odoo answers"
cli "$E2E_DIR/t.json" validate erpnext $(args erpnext "$TRYTON") --json
check "ERPNext at Tryton's address: the sign-in is not called wrong ($(json "$E2E_DIR/t.json" 'j["error"]["code"]'))" \
	sh -c "[ $CLI_RC = 7 ] && ! grep -q auth.rejected '$E2E_DIR/t.json'"

# ---- the real systems still pass (no false alarm) -----------------------------------
TPW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")
cli "$E2E_DIR/ok.json" validate tryton --field url="$TRYTON" --field database=onramp_test --secret password=@"$TPW" --json
check "the real Tryton still passes" [ "$CLI_RC" = 0 ]
SAPPW=$(secret_file sap 'Fixture-Pa55!')
cli "$E2E_DIR/ok2.json" validate sap-s4hana-onprem --field url="$FX" --field username=ALICE --secret password=@"$SAPPW" --json
check "the SAP fixture still passes" [ "$CLI_RC" = 0 ]

# ---- the same words on the screen ----------------------------------------------------
app_start --system erpnext --preset "url=$WEB"
wait_for "API key" 10
type_text k1
send_keys Enter
type_secret "API secret" "$PW"
send_keys Enter
expect "This server does not look like ERPNext." "the TUI says the server is not ERPNext" 20
check "it says a plain web server answered" joined_has "A plain web server (SimpleHTTP) answered"
check "it never says the password is wrong" screen_lacks "password is wrong"
send_keys e
expect "Connection details" "e goes back to the form"
check "with the cursor on the address, the field to fix" wait_re "^ > [*!] ERPNext address" 3
end_app "wrong server"
finish
