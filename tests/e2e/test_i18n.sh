#!/bin/sh
# test_i18n.sh: onramp in the user's language (issue 20, README "Languages").
# - Every catalog (po/LANG.po) is complete (msgfmt --check --statistics: no
#   untranslated, no fuzzy; format directives match), holds every text the
#   sources mark now (tools/i18n/extract.sh), and uses its glossary's terms
#   (po/glossary-LANG.md; tools/i18n/po_check.py).
# - The language comes from LANGUAGE, LC_ALL, LC_MESSAGES and LANG, or
#   --lang; LANG=de_DE.UTF-8 with that locale not installed falls back to
#   English without an error; JSON keeps its field names and codes.
# - The pseudo-locale (tools/i18n/pseudo.py: accented, ~40% longer) over
#   the main flows: the list, the form, a failure, its help, Manage
#   connections, line mode and the CLI; English left on a screen is named
#   (tools/i18n/untranslated.py).
# - Line mode in German connects to the real Tryton server end to end.
# - A kiosk's config fixes the language; F3 switches it with no restart.
. "$(dirname "$0")/lib.sh"
e2e_init
LANGS="de es fr pt_BR"

# ---- the catalogs ---------------------------------------------------------------
if sh "$ROOT/tools/i18n/extract.sh" "$E2E_DIR/fresh.pot" 2>"$E2E_DIR/xgettext.err"; then
	$PY "$ROOT/tools/i18n/po_check.py" --pot "$E2E_DIR/fresh.pot" $LANGS >"$E2E_DIR/po_check.out"
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) not_ok "${line#not ok - }" ;;
		*) echo "$line" ;;
		esac
	done <"$E2E_DIR/po_check.out"
else
	not_ok "xgettext extracts the marked texts"
	sed 's/^/# /' "$E2E_DIR/xgettext.err"
fi
for l in $LANGS; do
	check "$l: its catalog is built (build/locale/$l/LC_MESSAGES/onramp.mo)" \
		test -s "$ROOT/build/locale/$l/LC_MESSAGES/onramp.mo"
done

# ---- where the language comes from -----------------------------------------------------
# run OUT VAR=VALUE... -- ARGS...: the binary with only these variables
# (and HOME, PATH, the sanitizer options); sets RC.
run() {
	run_out=$1
	shift
	run_n=$#
	for a in "$@"; do
		if [ "$a" = -- ]; then set -- "$@" "$ONRAMP_BIN"; else set -- "$@" "$a"; fi
	done
	shift "$run_n"
	env -i PATH=/usr/bin:/bin HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" XDG_DATA_HOME="$XDG_DATA_HOME" \
		ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" "$@" >"$run_out" 2>"$run_out.err" </dev/null
	RC=$?
}
run "$E2E_DIR/h1" LANG=de_DE.UTF-8 -- --help
check "LANG=de_DE.UTF-8, that locale not installed: --help in English, exit 0 (got $RC)" \
	sh -c '[ "$1" = 0 ] && grep -q "^Exit codes:" "$2"' _ "$RC" "$E2E_DIR/h1"
check "... and nothing on stderr" test ! -s "$E2E_DIR/h1.err"
run "$E2E_DIR/h2" LANG=C.UTF-8 LANGUAGE=de -- --help
check "LANGUAGE=de (LANG=C.UTF-8): --help in German" grep -q "^Exit-Codes:" "$E2E_DIR/h2"
run "$E2E_DIR/h3" LANG=C -- --lang de --help
check "--lang de under LANG=C: German all the same (exit $RC)" grep -q "^Exit-Codes:" "$E2E_DIR/h3"
run "$E2E_DIR/h4" LANG=C.UTF-8 LANGUAGE=de -- --lang=en --help
check "--lang=en wins over LANGUAGE=de" grep -q "^Exit codes:" "$E2E_DIR/h4"
run "$E2E_DIR/h5" LANG=C.UTF-8 LC_MESSAGES=C.UTF-8 LANGUAGE=fr -- systems tryton --limit 1
check "LANGUAGE=fr: systems lists as before (the table's data is not translated)" grep -q "^tryton " "$E2E_DIR/h5"
# every command's --help, in every language, within 80 columns (a longer
# language is folded at a space)
wide=""
for l in $LANGS; do
	for c in "" systems validate connect list disconnect reconnect purge token open keygen invite orders sync \
		schedule syncs history agent serve webhooks "webhooks listen"; do
		# shellcheck disable=SC2086
		run "$E2E_DIR/hh" LANG=C.UTF-8 LANGUAGE=$l -- $c --help
		over=$($PY -c 'import sys; print(sum(len(l) > 80 for l in open(sys.argv[1], encoding="utf-8").read().split("\n")))' "$E2E_DIR/hh")
		[ "$RC" = 0 ] && [ "$over" = 0 ] || wide="$wide [$l $c: exit $RC, $over wide]"
	done
done
check "every command's --help in every language: exit 0, within 80 columns${wide:+:$wide}" [ -z "$wide" ]
run "$E2E_DIR/h6" LANG=C.UTF-8 -- --lang '../x' --help
check "--lang with a value that is not a language: exit 2 (got $RC)" [ "$RC" = 2 ]
# a refused connection, in German, with --json: the same keys and codes
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PWF=$(secret_file pw "x")
run "$E2E_DIR/v1.json" LANG=C.UTF-8 LANGUAGE=de -- validate tryton --field "url=http://127.0.0.1:$PORT" \
	--field database=x --field username=admin --secret "password=@$PWF" --json
code=$(json "$E2E_DIR/v1.json" 'j["error"]["code"]')
msg=$(json "$E2E_DIR/v1.json" 'j["error"]["message"]')
check "German --json: exit 4, error.code connect.refused (got $RC, $code)" [ "$RC" = 4 -a "$code" = connect.refused ]
check "... error.message in German ($msg)" sh -c 'echo "$1" | grep -q "hat die Verbindung nicht angenommen"' _ "$msg"
names=$(json "$E2E_DIR/v1.json" '" ".join(s["name"] for s in j["stages"])')
check "... stage names stay as they are ($names)" [ "${names#address dns connect tls http auth}" != "$names" ]
run "$E2E_DIR/v2" LANG=C.UTF-8 LANGUAGE=de -- validate tryton --field "url=http://127.0.0.1:$PORT" \
	--field database=x --field username=admin --secret "password=@$PWF"
cat "$E2E_DIR/v2" "$E2E_DIR/v2.err" >"$E2E_DIR/v2.all"
check "German human output: the stages and the message" \
	sh -c 'grep -q "Server finden" "$1" && grep -q "hat die Verbindung nicht angenommen" "$1"' _ "$E2E_DIR/v2.all"

# ---- the pseudo-locale over the main flows ---------------------------------------------
PS=$E2E_DIR/pseudo
mkdir -p "$PS" "$E2E_DIR/locale/en@pseudo/LC_MESSAGES"
$PY "$ROOT/tools/i18n/pseudo.py" "$E2E_DIR/fresh.pot" "$E2E_DIR/pseudo.po" &&
	msgfmt --check -o "$E2E_DIR/locale/en@pseudo/LC_MESSAGES/onramp.mo" "$E2E_DIR/pseudo.po" 2>"$E2E_DIR/msgfmt.err"
check "the pseudo-locale builds (msgfmt --check)" test -s "$E2E_DIR/locale/en@pseudo/LC_MESSAGES/onramp.mo"
PSENV="ONRAMP_LOCALEDIR=$E2E_DIR/locale LANGUAGE=en@pseudo"
# keep NAME: the current screen, for untranslated.py
keep() { screen >"$PS/$1.txt"; }

# shellcheck disable=SC2086
app_start_env $PSENV --
wait_for "F1" 10 && keep list || not_ok "pseudo: the list opens"
type_text tryton
send_keys Enter
wait_re "Tryton · " 10 && keep form || { not_ok "pseudo: Enter on Tryton opens its form"; show_last; }
tryton_refused "http://127.0.0.1:$PORT"
if wait_for "curl 7" 20; then
	keep failed
	ok "pseudo: a refused connection ends on the failure screen"
	screen_has "F1" && ok "pseudo: F1 stays in the failure screen's footer" || { not_ok "pseudo: F1 stays in the footer"; show_last; }
	send_keys F1
	sleep 0.3
	wait_for "ööñráámp" 5 && keep help
	send_keys Space
else
	not_ok "pseudo: a refused connection ends on the failure screen"
	show_last
fi
app_stop
# shellcheck disable=SC2086
app_start_env $PSENV -- --plain
if wait_for "ööñráámp" 10; then
	type_text tryton
	send_keys Enter
	wait_for "1)" 10
	keep plain
fi
app_stop
# shellcheck disable=SC2086
run "$PS/cli-help.txt" LANG=C.UTF-8 $PSENV -- --help
# shellcheck disable=SC2086
run "$PS/cli-validate.txt" LANG=C.UTF-8 $PSENV -- validate tryton --field "url=http://127.0.0.1:$PORT" \
	--field database=x --field username=admin --secret "password=@$PWF"
cat "$PS/cli-validate.txt.err" >>"$PS/cli-validate.txt"
# the store's, keys', credits' and Manage's texts (issue 20's last round):
# a folder that cannot be made, a passphrase file that cannot be read, a
# connect over the credit pool (the list of what to disconnect, with plural
# forms), syncs and the Manage screen's details
# shellcheck disable=SC2086
run "$PS/cli-paths.txt" LANG=C.UTF-8 XDG_DATA_HOME=/proc/onramp-none $PSENV -- list
# the address checks: no scheme (the typo notice), a user name in the
# address, plain http to another host (nothing is sent)
for c in "typo 127.0.0.1:$PORT" "userinfo http://admin@127.0.0.1:$PORT" "plain http://erp.example.invalid:8000"; do
	# shellcheck disable=SC2086
	run "$PS/cli-${c%% *}.txt" LANG=C.UTF-8 $PSENV -- validate tryton --field "url=${c#* }" --field database=x \
		--field username=admin --secret "password=@$PWF"
done
fresh_home
mkdir -p "$XDG_CONFIG_HOME/onramp"
echo "credits = 4" >"$XDG_CONFIG_HOME/onramp/config" # SAP takes 4: a second is refused
SAPPW=$(secret_file sap 'Fixture-Pa55!')
FX="http://127.0.0.1:$ONRAMP_T_HTTP"
cli "$E2E_DIR/sap1.json" connect sap-s4hana-onprem --field url="$FX" --field client=100 --field username=ALICE \
	--secret password=@"$SAPPW" --json
SAPID=$(json "$E2E_DIR/sap1.json" 'j["connection"]["id"]')
check "a connection to the SAP fixture for the pseudo-locale's Manage screen ($SAPID)" [ -n "$SAPID" ]
# shellcheck disable=SC2086
run "$PS/cli-credits.txt" LANG=C.UTF-8 $PSENV -- connect sap-s4hana-onprem --field url="$FX" --field client=100 \
	--field username=ALICE --secret password=@"$SAPPW"
check "pseudo: over the credit pool, the list of what to disconnect is translated, plural included" \
	sh -c 'grep -q "$1" "$2.err" && ! grep -q " credits*)" "$2.err"' _ "$SAPID" "$PS/cli-credits.txt"
# shellcheck disable=SC2086
run "$PS/cli-keys.txt" LANG=C.UTF-8 $PSENV -- keygen --wrap --passphrase-file "$E2E_DIR/no-such-file"
# shellcheck disable=SC2086
run "$PS/cli-syncs.txt" LANG=C.UTF-8 $PSENV -- syncs "$SAPID"
check "pseudo: the syncs line is translated whole (no English \": syncs \")" \
	sh -c 'grep -q "$1" "$2" && ! grep -q ": syncs " "$2"' _ "$SAPID" "$PS/cli-syncs.txt"
# shellcheck disable=SC2086
run "$PS/cli-list.txt" LANG=C.UTF-8 $PSENV -- list
# (a technical line that is errno's text from the C library is not onramp's own)
for f in "$PS"/cli-*.txt; do
	[ -f "$f.err" ] && grep -v '^(No such file or directory; ' "$f.err" >>"$f"
done
rm -f "$PS"/*.err
# shellcheck disable=SC2086
app_start_env $PSENV --
if wait_for "F1" 10; then
	send_keys Down Enter
	if wait_for "$SAPID" 10 && wait_for "sap-s4hana-onprem (100, ALICE)" 5; then
		sleep 0.5
		keep manage
		check "pseudo: Manage's details are translated (no English \"connected ... ago\")" screen_lacks "connected"
	else
		not_ok "pseudo: Manage connections lists the SAP connection"
		show_last
	fi
fi
app_stop
if $PY "$ROOT/tools/i18n/untranslated.py" "$PS"/*.txt >"$E2E_DIR/untranslated.out"; then
	ok "pseudo-locale: no English left on the list, form, failure, help, line mode and CLI ($(ls "$PS" | wc -l) captures)"
else
	not_ok "pseudo-locale: English left on a screen (text that never went through gettext)"
	sed 's/^/# /' "$E2E_DIR/untranslated.out" | head -30
fi

# ---- columns of translated text: the CLI's stage column, Manage's labels ---------------
# In German and French the stage titles hold accented letters (two bytes,
# one column) and "Connexion sécurisée" is 19 columns: every stage line's
# " ms" and detail start at the same column all the same.
for l in de fr es pt_BR; do
	run "$E2E_DIR/st.txt" LANG=C.UTF-8 LANGUAGE=$l -- validate tryton --field "url=http://127.0.0.1:$PORT" \
		--field database=x --field username=admin --secret "password=@$PWF"
	cols=$($PY -c '
import re, sys
ms, det = set(), set()
for line in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if not re.match(r"  (ok|FAILED|skipped) ", line):
        continue
    i = line.find(" ms  ")
    if i >= 0:
        ms.add(i)
        det.add(i + 5)
    elif line.strip():
        det.add(len(line) - len(re.split(r" {2,}", line)[-1]))
print("%d %d" % (len(ms), len(det)))' "$E2E_DIR/st.txt.err")
	check "$l: the stage lines line up (one \" ms\" column, one detail column; got $cols)" [ "$cols" = "1 1" ]
done
# Manage's label column fits the longest label of the screen, so
# "Dernière synchronisation" (24 columns) is never cut; at 60x16 too.
for l in fr es pt_BR de; do
	label=$(grep -A1 '^msgid "Last sync"$' "$ROOT/po/$l.po" | sed -n 's/^msgstr "\(.*\)"$/\1/p')
	manage=$(grep -A1 '^msgid "Manage connections"$' "$ROOT/po/$l.po" | sed -n 's/^msgstr "\(.*\)"$/\1/p')
	for size in 80x24 60x16; do
		E2E_W=${size%x*}
		E2E_H=${size#*x}
		app_start_env LANGUAGE=$l --
		if wait_for "$manage" 10; then
			send_keys Down Enter
			if wait_for "$SAPID" 10 && wait_for "$label" 5; then
				screen_has "$label" && ! screen | grep -qF "${label%?}…" &&
					ok "$l $size: Manage's label \"$label\" is whole" ||
					{ not_ok "$l $size: Manage's label \"$label\" is whole"; show_last; }
			else
				not_ok "$l $size: Manage shows \"$label\" whole beside the connection"
				show_last
			fi
		else
			not_ok "$l $size: the wizard opens"
		fi
		app_stop
	done
done
E2E_W=80
E2E_H=24

# ---- the kiosk's config fixes the language; F3 switches it -------------------------------------
fresh_home
mkdir -p "$XDG_CONFIG_HOME/onramp"
echo "language = de" >"$XDG_CONFIG_HOME/onramp/config"
app_start
expect "System verbinden" "language = de in the config: the wizard speaks German (LANG=C.UTF-8)"
send_keys F3
expect "Conectar un sistema" "F3: Spanish, with no restart"
send_keys F3 F3 F3
expect "Connect a system" "F3 three more times: French, Portuguese, then English"
app_stop
echo "language = ../de" >"$XDG_CONFIG_HOME/onramp/config"
cli "$E2E_DIR/bad.out" list
check "a config language that is not a language name is refused: exit 3, naming the setting (got $CLI_RC)" \
	sh -c '[ "$1" = 3 ] && grep -q "language" "$2.err"' _ "$CLI_RC" "$E2E_DIR/bad.out"
# ---- line mode in German, against the real Tryton ---------------------------------------
need_tryton
fresh_home
URL="http://127.0.0.1:$ONRAMP_T_TRYTON"
PW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")
app_start_env LANGUAGE=de -- --plain
expect "Zeilenmodus" "German line mode starts" 10
expect "Nach einem System suchen" "it asks for a search in German"
type_text tryton
send_keys Enter
expect "1) Tryton" "\"tryton\" lists Tryton as 1)"
type_text 1
send_keys Enter
expect "(Pflicht):" "the server address is asked, marked (Pflicht)"
type_text "$URL"
send_keys Enter
wait_for "Datenbank (Pflicht):" 5
type_text onramp_test
send_keys Enter
expect "Benutzername (Pflicht)" "the catalog's field label is in German (tools/i18n/curated_translated.txt)"
type_text admin
send_keys Enter
expect "(beim Tippen verborgen):" "the password prompt says, in German, that it is hidden"
type_secret_line "$PW"
send_keys Enter
if expect "Verbunden. Verbindungs-ID:" "German line mode connects to Tryton" 40; then
	stage_lines "a line per stage, with German titles" "Adresse prüfen" "Server finden" "Verbinden" \
		"Sichere Verbindung" "API erreichen" "Anmelden"
	tok=$(tm capture-pane -p -J -t e2e | grep -o 'onr_[A-Za-z0-9_-]*' | head -n 1)
	tf=$(secret_file tok "$tok")
	CLI_STDIN=$tf cli "$E2E_DIR/tc.out" token check -
	check "the token printed in German checks out (exit $CLI_RC)" [ "$CLI_RC" = 0 ]
	rc=$(wait_exit 10)
	check "German line mode exits 0 after connecting (got $rc)" [ "$rc" = 0 ]
fi
files=$(files_with "$ONRAMP_T_TRYTON_PASSWORD" "$E2E_SCREENS")
check "the password is on no captured screen" [ -z "$files" ]
stderr_clean "German line mode: no sanitizer report"

stderr_clean "no sanitizer report"
finish
