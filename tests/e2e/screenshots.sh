#!/bin/sh
# screenshots.sh: drives the real ./onramp (release build; `make screenshots`
# builds it first) against the real Tryton server at 80x24 and writes
# screenshots/{list,form,checking,failure,success,start,success-60x16,trust,
# signin,manage,manage-small,webhooks,failure-{de,es,fr,pt_BR}}.svg, each with a plain
# text .txt capture beside it. The "checking" screen uses a drop-in system
# whose server never answers, so the check is caught while it runs.
# The API token on the success screen is random on every run.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ONRAMP_BIN=${SCREENSHOTS_BIN:-$ROOT/onramp}
E2E_NAME=screenshots
. "$ROOT/tests/e2e/lib.sh"
e2e_init
[ -n "${ONRAMP_T_TRYTON:-}" ] || { not_ok "the screenshots need the Tryton server (ONRAMP_NO_TRYTON is set)"; finish; }

OUT="$ROOT/screenshots"
mkdir -p "$OUT"

# A short data folder, so "Saved in:" fits on the screen.
SHORT=$(mktemp -d /tmp/onramp.XXXXXX) || exit 1
on_exit 'rm -rf "$SHORT"'
use_short_home() {
	HOME="$SHORT/home"
	XDG_CONFIG_HOME="$SHORT/config"
	XDG_DATA_HOME="$SHORT/data"
	mkdir -p "$HOME"
	export HOME XDG_CONFIG_HOME XDG_DATA_HOME
}

# shot NAME CAPTION: NAME.svg (colours) and NAME.txt (plain) of the pane.
shot() {
	cur=$(tm display-message -p -t e2e '#{cursor_flag} #{cursor_x},#{cursor_y}')
	case $cur in "1 "*) cur="--cursor=${cur#1 }" ;; *) cur="" ;; esac
	tm capture-pane -p -e -N -t e2e >"$E2E_DIR/$1.ansi" &&
		tm capture-pane -p -t e2e >"$OUT/$1.txt" &&
		$PY "$ROOT/tests/e2e/ansi2svg.py" --cols "$E2E_W" --rows "$E2E_H" --title "$2" $cur \
			"$E2E_DIR/$1.ansi" "$OUT/$1.svg" &&
		[ -s "$OUT/$1.svg" ] && ok "screenshots/$1.svg: $2" || not_ok "screenshots/$1.svg: $2"
}

RIGHT=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")
WRONG=$(secret_file wrong_pw "Tryton-Adm1n?")
TRYTON="http://127.0.0.1:$ONRAMP_T_TRYTON"

use_short_home
# the success screen reads the first purchase orders: give it the golden ones
seeded=$(tryton_seed)
case $seeded in *seeded*) ok "Tryton has the golden purchase orders ($seeded)" ;; *) not_ok "seeding Tryton: $seeded" ;; esac
app_start
if to_list; then
	type_text sap
	expect "▸ SAP S/4HANA (on-premise)" "searching \"sap\"" && shot list "onramp: search the catalog"
	send_keys Escape
	wait_gone "Search: sap" 5
	type_text tryton
	expect "▸ Tryton" "searching \"tryton\""
	send_keys Enter
	if expect "Connection details" "the Tryton form"; then
		type_text "$TRYTON"
		send_keys Tab
		type_text onramp_test
		send_keys Tab # the user name comes filled in: admin
		send_keys Tab
		type_secret Password "$WRONG"
		expect "•••••••••••••" "the password is masked" && shot form "onramp: the connection form"
		send_keys Enter
		expect "The user name or password is wrong." "the wrong password fails" 30 &&
			shot failure "onramp: a failed check"
		send_keys e
		expect "Connection details" "back to the form"
		send_keys C-u
		type_secret Password "$RIGHT"
		send_keys Enter
		expect "API token:" "the right password connects" 30 &&
			expect "Read 3 purchase orders from Tryton" "the done screen shows the orders it read" 30 &&
			shot success "onramp: connected, with the first purchase orders"
		send_keys Enter
		expect "Have you saved the token?" "leaving asks about the token" && send_keys y
		expect "What would you like to do?" "with a connection stored, the start screen" &&
			shot start "onramp: the start screen (a connection is stored)"
	fi
else
	not_ok "the wizard reaches the system list"
fi
app_stop

fresh_home
add_slow_system zz-slow "Slow test server"
app_start
if to_list; then
	type_text slowpoke
	expect "▸ Slow test server" "the slow drop-in system"
	send_keys Enter
	expect "Connection details" "its form"
	type_text "http://127.0.0.1:$ONRAMP_T_HTTP"
	send_keys Tab
	type_text admin
	send_keys Tab
	type_secret Password "$WRONG"
	send_keys Enter
	if wait_re '✓ +Connect' 10 && wait_for "still waiting" 10; then
		ok "the check is running" && shot checking "onramp: checking, step by step"
	else
		not_ok "the check is running"
		show_last
	fi
	send_keys Escape
fi
app_stop

# the done screen at the smallest supported size, 60x16: the token whole
fresh_home
use_short_home
E2E_W=60 E2E_H=16
app_start --system tryton --preset "url=$TRYTON" --preset database=onramp_test
if expect "Connection details" "the Tryton form at 60x16"; then
	type_secret Password "$RIGHT"
	send_keys Enter
	expect "Read 3 purchase orders from Tryton" "60x16: connected, with the orders" 30 &&
		shot success-60x16 "onramp at 60x16: connected, the token whole"
fi
app_stop
E2E_W=80 E2E_H=24

# the certificate trust screen: SAP's form against the tests' self-signed
# fixture server (tests/servers/certs.sh makes its certificate)
fresh_home
app_start --system sap-s4hana-onprem --preset "url=https://127.0.0.1:$ONRAMP_T_TLS_SELF" --preset username=ALICE
if expect "Connection details" "the SAP form"; then
	focus_field Password && type_secret Password "$WRONG"
	send_keys Enter
	expect "Connection failed" "the self-signed certificate fails the check" 20
	send_keys t
	expect "Trust this certificate?" "the trust screen" && shot trust "onramp: trust exactly this certificate?"
fi
app_stop

# the browser sign-in, with QuickBooks Online's real sign-in address (no
# network: the address is only shown)
fresh_home
app_start --system quickbooks-online --preset realm_id=9130350000000000 --preset client_id=ABexampleClientId0123456789 \
	--preset redirect_uri=https://www.example.com/onramp/callback
if expect "Client secret" "the QuickBooks Online form"; then
	focus_field "Client secret" && type_secret "Client secret" "$WRONG"
	enter_until "Sign in to QuickBooks Online" 6
	expect "Sign in to QuickBooks Online" "the browser sign-in screen" && shot signin "onramp: signing in through a browser"
	send_keys Escape
fi
app_stop

. "$ROOT/tests/e2e/screenshots_manage.sh"
. "$ROOT/tests/e2e/screenshots_i18n.sh"

leaks=""
for f in "$OUT"/*.txt "$OUT"/*.svg; do
	if grep -qF -f "$RIGHT" "$f" || grep -qF -f "$WRONG" "$f"; then
		leaks="$leaks $f"
	fi
done
[ -z "$leaks" ] && ok "no password in any screenshot" || not_ok "a password shows in:$leaks"
finish
