#!/bin/sh
# test_terminals.sh: the full-screen wizard on different terminals.
# - NO_COLOR: no colour at all (checked in the SGR codes of
#   `capture-pane -e`), while focus still shows (marker and reverse video).
# - An ASCII locale (LANG=C, LC_ALL=C) and --ascii: +-| borders, ">" marker,
#   nothing that needs UTF-8.
# - Themes: high-contrast, mono, a user theme in
#   $XDG_CONFIG_HOME/onramp/themes/, `theme =` in the config; a broken theme
#   file or an unknown name: a clear message naming the line, exit 2.
# - Sizes 80x24, 60x16, 20x6 and 1x1, and resize storms (50 quick resizes)
#   on the list and during a validation that never ends: the program still
#   answers keys and quits cleanly.
# - TERM=xterm-256color, screen, tmux-256color, linux, vt100 (ASCII).
# - 8, 16 and 256 colours: a theme with colours 12 and 208 on TERM=xterm,
#   a 16-colour xterm (compiled with tic) and xterm-256color.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

ESC=$(printf '\033')
THEMES=$XDG_CONFIG_HOME/onramp/themes

# colours_used: the colours on the screen now (fg:N / bg:N, one a line).
colours_used() {
	screen_colour | sgr_scan colours
}

# style_of TEXT: the style of the first cell of TEXT on the screen now.
style_of() {
	screen_colour | sgr_scan style "$1"
}

# start_screen WHAT: the start screen is up.
start_screen() {
	# a first run opens on the list; Esc on its empty search shows the start screen
	wait_re 'Search:|What would you like to do' 10 && screen | grep -qF 'Search:' && send_keys Escape
	expect "What would you like to do?" "$1: the start screen shows"
}

# non_ascii: prints the screen's lines that hold a non-ASCII character.
non_ascii() {
	screen | LC_ALL=C grep -n '[^ -~]'
}

# quits WHAT: Esc (at most 6 times, up to 1 s each) ends the program with
# status 0. (quit_app waits 3 s for a change after each key.)
quits() {
	q=0
	while app_alive && [ $q -lt 6 ]; do
		screen >/dev/null
		send_keys Escape
		wait_change 1 >/dev/null
		q=$((q + 1))
	done
	rc=$(wait_exit 5)
	[ "$rc" = 0 ] && ok "$1: Esc quits with status 0" || { not_ok "$1: Esc quits with status 0 (got $rc)"; show_last; }
}

# ================= NO_COLOR =======================================================
app_start_env NO_COLOR=1 --
if start_screen "NO_COLOR"; then
	c=$(colours_used)
	[ -z "$c" ] && ok "NO_COLOR: the start screen uses no colour" || not_ok "NO_COLOR: the start screen uses no colour (got $(echo $c))"
	s=$(style_of "> Connect a system")
	case "$s" in *reverse*) ok "NO_COLOR: the focused item has the > marker in reverse video" ;;
	*) not_ok "NO_COLOR: the focused item has the > marker in reverse video (style: $s)" ;; esac
fi
send_keys Enter
if expect "▸ " "NO_COLOR: the list's selected row has the ▸ marker"; then
	c=$(colours_used)
	[ -z "$c" ] && ok "NO_COLOR: the list uses no colour" || not_ok "NO_COLOR: the list uses no colour (got $(echo $c))"
	case "$(style_of "▸ ")" in *reverse*) ok "NO_COLOR: the selected row is in reverse video" ;;
	*) not_ok "NO_COLOR: the selected row is in reverse video ($(style_of "▸ "))" ;; esac
	if screen_colour | grep -qE "$ESC\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|[34]8;5)[;m]"; then
		not_ok "NO_COLOR: no SGR 30-37, 40-47, 38;5 or 48;5 in the capture"
	else
		ok "NO_COLOR: no SGR 30-37, 40-47, 38;5 or 48;5 in the capture"
	fi
fi
quits "NO_COLOR"
app_start_env NO_COLOR=1 -- --theme high-contrast
start_screen "NO_COLOR with --theme high-contrast" &&
	{ [ -z "$(colours_used)" ] && ok "NO_COLOR wins over a colour theme" || not_ok "NO_COLOR wins over a colour theme ($(colours_used | tr '\n' ' '))"; }
app_stop

# ================= an ASCII locale =================================================
# ascii_list WHAT: on the list, the borders are +-| and the marker is ">".
ascii_list() {
	if wait_for "Search:" 10; then
		scr=$(screen)
		printf '%s\n' "$scr" | grep -qE '^\+-+\+\+-+\+$' && printf '%s\n' "$scr" | grep -qE '^\|> [A-Za-z]' &&
			printf '%s\n' "$scr" | grep -qE '^\|  [A-Za-z].*\|\|' &&
			ok "$1: borders are +-| and the marker is >" || { not_ok "$1: borders are +-| and the marker is >"; show_last; }
		printf '%s\n' "$scr" | grep -qE '[─│┌┐└┘▸•✓✗]' && not_ok "$1: no UTF-8 box, marker or mark characters" ||
			ok "$1: no UTF-8 box, marker or mark characters"
	else
		not_ok "$1: the list shows"
		show_last
	fi
}

app_start_env LANG=C LC_ALL=C --
start_screen "LANG=C"
send_keys Enter
ascii_list "LANG=C"
bad=$(non_ascii)
[ -z "$bad" ] && ok "LANG=C: the screen is pure ASCII" || { not_ok "LANG=C: the screen is pure ASCII"; note "$bad"; }
bad=$(screen | grep -n '??')
[ -z "$bad" ] && ok "LANG=C: no \"??\" stand-ins for characters the locale cannot show" ||
	{ not_ok "LANG=C: no \"??\" stand-ins for characters the locale cannot show"; note "$bad"; }
quits "LANG=C"
app_start --ascii
start_screen "--ascii"
send_keys Enter
ascii_list "--ascii"
quits "--ascii"

# ================= themes ======================================================================
app_start --theme high-contrast
if start_screen "--theme high-contrast"; then
	s=$(style_of "onramp")
	[ "$s" = "fg=0 bg=3 bold" ] && ok "high-contrast: the title is black on yellow, bold" ||
		not_ok "high-contrast: the title is black on yellow, bold (got $s)"
fi
quits "--theme high-contrast"
app_start --theme mono
if start_screen "--theme mono"; then
	[ -z "$(colours_used)" ] && ok "mono: no colour" || not_ok "mono: no colour ($(colours_used | tr '\n' ' '))"
	case "$(style_of "> Connect a system")" in *reverse*) ok "mono: the focus is in reverse video" ;;
	*) not_ok "mono: the focus is in reverse video ($(style_of "> Connect a system"))" ;; esac
fi
quits "--theme mono"

mkdir -p "$THEMES"
cat >"$THEMES/mine.theme" <<'EOF'
# a user theme: only the selection changes
selected = black yellow bold
EOF
app_start --theme mine
if start_screen "--theme mine (a user theme file)"; then
	s=$(style_of "> Connect a system")
	[ "$s" = "fg=0 bg=3 bold" ] && ok "mine.theme: the selection is black on yellow, bold" ||
		not_ok "mine.theme: the selection is black on yellow, bold (got $s)"
	s=$(style_of "onramp")
	[ "$s" = "fg=7 bg=4 bold" ] && ok "mine.theme: the roles it does not name keep the default (title white on blue)" ||
		not_ok "mine.theme: the roles it does not name keep the default (title: $s)"
fi
send_keys Enter
if wait_for "▸ " 5; then
	s=$(style_of "▸ ")
	[ "$s" = "fg=0 bg=3 bold" ] && ok "mine.theme: the list's selected row is black on yellow, bold" ||
		not_ok "mine.theme: the list's selected row is black on yellow, bold (got $s)"
fi
quits "--theme mine"
mkdir -p "$XDG_CONFIG_HOME/onramp"
echo 'theme = mine' >"$XDG_CONFIG_HOME/onramp/config"
app_start
start_screen "theme = mine in the config" &&
	{ s=$(style_of "> Connect a system"); [ "$s" = "fg=0 bg=3 bold" ] && ok "theme = mine in the config is used" ||
		not_ok "theme = mine in the config is used (got $s)"; }
app_stop
rm -f "$XDG_CONFIG_HOME/onramp/config"

# broken_theme NAME LINE WHAT: --theme NAME exits 2 at once, naming LINE.
broken_theme() {
	app_start --theme "$1"
	rc=$(wait_exit 5)
	msg=$(cat "$E2E_ERR" 2>/dev/null)
	[ "$rc" = 2 ] && ok "$3: exit 2" || not_ok "$3: exit 2 (got $rc)"
	if printf '%s' "$msg" | grep -q "line $2:" && printf '%s' "$msg" | grep -qF "$1"; then
		ok "$3: the message names the theme and line $2"
	else
		not_ok "$3: the message names the theme and line $2"
		note "$msg"
	fi
	printf '%s' "$msg" | grep -qF "role = foreground background" && ok "$3: the message says what a line looks like" ||
		not_ok "$3: the message says what a line looks like"
	[ -z "$(screen | grep -v '^Pane is dead' | tr -d ' \n')" ] && ok "$3: nothing was drawn" || { not_ok "$3: nothing was drawn"; show_last; }
}
printf 'normal = default default\ntitle = white blue bold\nselected = black yelow bold\n' >"$THEMES/typo.theme"
broken_theme typo 3 "a theme with an unknown colour on line 3"
printf '# my theme\n\nnormal = default default\n\n# the selection\nselected black yellow\n' >"$THEMES/blanks.theme"
broken_theme blanks 6 "a theme with blank lines and a line without '=' on line 6"
app_start --theme no-such-theme
rc=$(wait_exit 5)
[ "$rc" = 2 ] && grep -q 'no theme called "no-such-theme"' "$E2E_ERR" &&
	ok "an unknown theme name: exit 2, saying there is no such theme" ||
	{ not_ok "an unknown theme name: exit 2, saying there is no such theme (got $rc)"; note "$(cat "$E2E_ERR")"; }

# ================= sizes and resize storms ============================================================
E2E_W=60 E2E_H=16
app_start
to_list && screen | grep -qE '^┌─+┐┌─+┐$' && screen | grep -q "▸ " &&
	ok "60x16: the list is drawn (borders, marker)" || { not_ok "60x16: the list is drawn"; show_last; }
screen_line 16 | grep -q "Type to search" && ok "60x16: the help line is on the last line" ||
	{ not_ok "60x16: the help line is on the last line"; show_last; }
resize 59 16
expect "Make the window larger" "59x16: \"Make the window larger\"" 5
resize 60 15
expect "Make the window larger" "60x15: \"Make the window larger\"" 5
resize 60 16
expect "Search:" "back at 60x16 the list returns" 5
quits "60x16"

for size in "20 6" "1 1"; do
	set -- $size
	E2E_W=$1 E2E_H=$2
	app_start
	if [ "$1" -gt 1 ]; then
		expect "Make the window" "${1}x$2: started this small, it says \"Make the window larger\"" 10
	else
		wait_until '[ -s "$E2E_DIR/cap.txt" ] && grep -q M "$E2E_DIR/cap.txt"' 10 &&
			ok "1x1: started this small, it draws (\"M\" of its message)" || { not_ok "1x1: it draws"; show_last; }
	fi
	send_keys Down Enter # keys while too small: acted on, or not, but no hang
	resize 80 24
	if wait_re '^ onramp · (Start|Manage connections|Connect a system)' 5; then
		ok "${1}x$2 -> 80x24: the full screen comes back"
	else
		not_ok "${1}x$2 -> 80x24: the full screen comes back"
		show_last
	fi
	quits "${1}x$2"
done
E2E_W=80 E2E_H=24

# storm: 50 resizes without waiting, through every size
storm() {
	i=0
	for s in 80x24 60x16 20x6 1x1 120x40 61x17 59x15 100x30 30x10 1x1; do
		[ $i -ge 50 ] && break
		for k in 1 2 3 4 5; do
			i=$((i + 1))
			resize "${s%x*}" "${s#*x}" 2>/dev/null
		done
	done
}

app_start
to_list
storm
resize 80 24
if wait_until "sed -n 24p \"\$E2E_DIR/cap.txt\" | grep -q 'Type to search' && grep -qE '^└─+┘└─+┘\$' \"\$E2E_DIR/cap.txt\"" 5; then
	ok "storm on the list: at 80x24 again the list is drawn to fit (box and help line)"
else
	not_ok "storm on the list: at 80x24 again the list is drawn to fit"
	show_last
fi
type_text tryton
expect "▸ Tryton" "storm on the list: the program still answers keys"
app_busy && not_ok "storm on the list: the program is idle afterwards" || ok "storm on the list: the program is idle afterwards"
send_keys Escape
expect_gone "▸ Tryton" "storm on the list: Esc clears the search" 5
send_keys Escape
expect "What would you like to do?" "storm on the list: Esc on the empty search shows the start screen" 3
rc=$(quit_app)
[ "$rc" = 0 ] && ok "storm on the list: Esc quits with status 0" || { not_ok "storm on the list: Esc quits with status 0 (got $rc)"; show_last; }
stderr_clean "storm on the list: no sanitizer report"

add_slow_system
app_start
to_list
type_text slowpoke
wait_for "▸ Slowpoke Test Server" 10
send_keys Enter
wait_for "Connection details" 10
type_text "http://127.0.0.1:$ONRAMP_T_HTTP"
send_keys Tab
type_text bob
send_keys Tab
DUMMY=$(secret_file dummy 'storm-Secret-1')
type_secret Password "$DUMMY"
send_keys Enter
if wait_re '✓ +Connect' 10 && screen | grep -q "Checking"; then
	ok "the slow validation runs (connected, waiting for the API)"
	storm
	resize 80 24
	if wait_until "grep -q 'Reach the API' \"\$E2E_DIR/cap.txt\" && sed -n 24p \"\$E2E_DIR/cap.txt\" | grep -q 'Esc cancel'" 5; then
		ok "storm during validation: at 80x24 again the checklist is drawn"
	else
		not_ok "storm during validation: at 80x24 again the checklist is drawn"
		show_last
	fi
	send_keys Escape
	expect "Connection details" "storm during validation: Esc still cancels, back to the form" 5
	screen | grep -qE 'User name +bob' && ok "storm during validation: the form kept its values" ||
		not_ok "storm during validation: the form kept its values"
else
	not_ok "the slow validation runs"
	show_last
fi
rc=$(quit_app)
[ "$rc" = 0 ] && ok "storm during validation: Esc quits with status 0" || { not_ok "storm during validation: Esc quits with status 0 (got $rc)"; show_last; }
stderr_clean "storm during validation: no sanitizer report"
rm -rf "$XDG_DATA_HOME/onramp/systems.d"

# ================= TERM values ========================================================================
for t in xterm-256color screen tmux-256color linux vt100; do
	app_start_env TERM="$t" --
	start_screen "TERM=$t"
	send_keys Enter
	if wait_for "Search:" 5; then
		if [ "$t" = vt100 ]; then
			ascii_list "TERM=vt100"
			bad=$(non_ascii)
			[ -z "$bad" ] && ok "TERM=vt100: the screen is pure ASCII" || { not_ok "TERM=vt100: the screen is pure ASCII"; note "$bad"; }
		else
			screen | grep -qE '^┌─+┐┌─+┐$' && screen | grep -q "▸ " && ok "TERM=$t: the list is drawn with box lines and ▸" ||
				{ not_ok "TERM=$t: the list is drawn with box lines and ▸"; show_last; }
		fi
	else
		not_ok "TERM=$t: Enter opens the list"
		show_last
	fi
	quits "TERM=$t"
done

# ================= 8, 16 and 256 colours ==============================================================
cat >"$THEMES/wide.theme" <<'EOF'
# colours beyond the first 8: 12 is bright blue, 208 orange
title    = 15 12 bold
selected = black 208
EOF
TI=$E2E_DIR/terminfo
mkdir -p "$TI"
cat >"$E2E_DIR/xterm-16color.ti" <<'EOF'
xterm-16color|xterm with 16 colors,
	colors#16, pairs#256,
	setab=\E[%?%p1%{8}%<%t%p1%{40}%+%e%p1%{92}%+%;%dm,
	setaf=\E[%?%p1%{8}%<%t%p1%{30}%+%e%p1%{82}%+%;%dm,
	use=xterm,
EOF
tic -o "$TI" "$E2E_DIR/xterm-16color.ti" 2>"$E2E_DIR/tic.err" || note "tic failed: $(cat "$E2E_DIR/tic.err")"

# depth TERM MAX WHAT [ENV...]: with the wide theme, every colour used is
# below MAX; prints the colours in $COLOURS.
depth() {
	d_term=$1 d_max=$2 d_what=$3
	shift 3
	app_start_env TERM="$d_term" "$@" -- --theme wide
	if start_screen "$d_what"; then
		COLOURS=$(colours_used | tr '\n' ' ')
		high=$(colours_used | awk -F: -v m="$d_max" '$2 >= m')
		[ -z "$high" ] && ok "$d_what: only colours below $d_max are used ($COLOURS)" ||
			not_ok "$d_what: only colours below $d_max are used (got $COLOURS)"
		screen | grep -q "> Connect a system" && ok "$d_what: the focus still shows (> marker)" ||
			not_ok "$d_what: the focus still shows (> marker)"
	fi
	quits "$d_what"
}
depth xterm 8 "8 colours (TERM=xterm)"
app_start_env TERM=xterm --
start_screen "8 colours, default theme" &&
	{ s=$(style_of "onramp"); [ "$s" = "fg=7 bg=4 bold" ] && ok "8 colours: the default theme is in colour (title white on blue)" ||
		not_ok "8 colours: the default theme is in colour (title: $s)"; }
app_stop
if [ -s "$TI/x/xterm-16color" ]; then
	depth xterm-16color 16 "16 colours (a tic-made xterm-16color)" TERMINFO="$TI"
	case " $COLOURS " in *" bg:12 "*) ok "16 colours: the bright blue (12) title shows" ;;
	*) not_ok "16 colours: the bright blue (12) title shows (got $COLOURS)" ;; esac
else
	not_ok "tic made a 16-colour terminfo entry"
fi
depth xterm-256color 256 "256 colours (TERM=xterm-256color)"
case " $COLOURS " in *" bg:208 "*) case " $COLOURS " in *" bg:12 "*) c256=1 ;; esac ;; esac
[ -n "${c256:-}" ] && ok "256 colours: the theme's colours 208 and 12 both show" ||
	not_ok "256 colours: the theme's colours 208 and 12 both show (got $COLOURS)"
finish
