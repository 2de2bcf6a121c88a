#!/bin/sh
# test_i18n_screens.sh: every main screen in every language (and the
# pseudo-locale, ~40% longer than English) at 80x24 and at 60x16, captured
# through tmux: the list, the form, a failed check and its help (F1). On
# each: nothing runs off the edge (a full row ends in a border or an
# ellipsis, never in a cut word), the focus marker shows, F1 stays in the
# footer, and the form's labels are whole. A refused connection (a closed
# port) makes the failure, so no peer is needed.
. "$(dirname "$0")/lib.sh"
e2e_init noservers
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$E2E_DIR/locale/en@pseudo/LC_MESSAGES"
sh "$ROOT/tools/i18n/extract.sh" "$E2E_DIR/onramp.pot" 2>/dev/null &&
	$PY "$ROOT/tools/i18n/pseudo.py" "$E2E_DIR/onramp.pot" "$E2E_DIR/pseudo.po" &&
	msgfmt -o "$E2E_DIR/locale/en@pseudo/LC_MESSAGES/onramp.mo" "$E2E_DIR/pseudo.po"
for l in de es fr pt_BR; do
	mkdir -p "$E2E_DIR/locale/$l/LC_MESSAGES"
	cp "$ROOT/build/locale/$l/LC_MESSAGES/onramp.mo" "$E2E_DIR/locale/$l/LC_MESSAGES/" 2>/dev/null ||
		not_ok "$l: build/locale/$l/LC_MESSAGES/onramp.mo is built (make locales)"
done

# fits WHAT: the current screen has no row cut at the right edge: a row as
# wide as the window ends in a border, an ellipsis or a blank.
fits() {
	cut=$(screen | $PY -c '
import sys, unicodedata
w = int(sys.argv[1])
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for row in sys.stdin.read().split("\n"):
    r = row.rstrip()
    if r and width(r) >= w and r[-1] not in "│┐┘┤─…>)]":
        print(r)' "$E2E_W")
	[ -z "$cut" ] && ok "$1: nothing cut at the edge" || { not_ok "$1: a row is cut at the edge"; printf '%s\n' "$cut" | sed 's/^/#   /'; }
}
# footer WHAT: F1 is in the footer (the last row with text)
footer() {
	last=$(screen | grep -v '^ *$' | tail -n 1)
	case $last in *F1*) ok "$1: F1 stays in the footer" ;; *) not_ok "$1: F1 stays in the footer (\"$last\")" ;; esac
}

for size in 80x24 60x16; do
	E2E_W=${size%x*} E2E_H=${size#*x}
	for l in de es fr pt_BR en@pseudo; do
		w="$l $size"
		fresh_home
		app_start_env ONRAMP_LOCALEDIR="$E2E_DIR/locale" LANGUAGE="$l" --
		if ! wait_for "F1" 10; then
			not_ok "$w: the list opens"
			show_last
			continue
		fi
		screen_has "▸" && ok "$w: the list shows its focus (▸)" || not_ok "$w: the list shows its focus (▸)"
		fits "$w list"
		footer "$w list"
		type_text tryton
		wait_for "▸ Tryton" 5
		send_keys Enter
		wait_re "^ > \\* " 10 && ok "$w: the form opens with the focus marked (> *)" ||
			{ not_ok "$w: the form opens with the focus marked (> *)"; show_last; }
		fits "$w form"
		footer "$w form"
		# the label column grows to the longest label ("Adresse du serveur")
		# while the input keeps its room: no label ends in an ellipsis
		if screen | grep -E '^ [> ] [*! ] ' | grep -qF '…  '; then
			not_ok "$w: the form's labels are whole"
			show_last
		else
			ok "$w: the form's labels are whole"
		fi
		tryton_refused "http://127.0.0.1:$PORT"
		if wait_re "^ +> .* <" 20 && wait_for "curl 7" 5; then
			ok "$w: a failed check, its first choice marked (> ... <)"
			fits "$w failure"
			footer "$w failure"
			# what happened and what to do are whole: only a stage's
			# detail and the curl text may end in an ellipsis
			cut=$(screen | grep -E '^   [^ ✓✗·>-]' | grep -v 'curl ' | grep '…$')
			[ -z "$cut" ] && ok "$w: the failure's words and hint are whole" ||
				{ not_ok "$w: the failure's words and hint are whole"; printf '%s\n' "$cut" | sed 's/^/#   /'; }
			send_keys F1
			wait_change 3 >/dev/null
			fits "$w help (F1)"
		else
			not_ok "$w: a failed check, its first choice marked (> ... <)"
			show_last
		fi
		app_stop
	done
done
stderr_clean "no sanitizer report"
finish
