#!/bin/sh
# test_first_run.sh: the first five minutes (issue 11, "Fewer steps"). A
# first-time user (no stored connection) connects the real Tryton at 80x24;
# the test counts every key besides the typed values and every screen that
# waits for one: at most 4 keys and 3 screens (list, form, done). Then the
# done screen: when the first sync runs, the token kept until the user says
# it was saved, c copies it to the clipboard (OSC 52: tmux with
# set-clipboard on keeps it as a buffer), and the copy passes `token
# check`; `token rotate` replaces a lost token. Back on the start screen,
# typing starts a search. At 60x16 the
# token read off the screen passes `token check` too (item 2).
. "$(dirname "$0")/lib.sh"
e2e_init
need_tryton

URL="http://127.0.0.1:$ONRAMP_T_TRYTON"
PW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")
KEYS=0
SCREENS=""

# key NAME...: a key press that is not part of a typed value, counted.
key() {
	KEYS=$((KEYS + $#))
	send_keys "$@"
}

# seen TITLE: the screen titled TITLE waits for the user: counted once.
seen() {
	case " $SCREENS " in *"|$1|"*) ;; *) SCREENS="$SCREENS |$1|" ;; esac
}

# token_on_screen: the token read off the screen (onr_ and 43 characters).
token_on_screen() {
	screen | grep -oE 'onr_[A-Za-z0-9_-]{43}' | head -n 1
}

# token_checks TOKEN: `onramp token check -` accepts it.
token_checks() {
	tc_f=$(secret_file token "$1")
	CLI_STDIN=$tc_f cli "$E2E_DIR/tc.out" token check -
	[ "$CLI_RC" = 0 ] && [ -s "$E2E_DIR/tc.out" ]
}

app_start
expect "onramp · Connect a system" "first run: the wizard opens straight on the system list" &&
	seen list
type_text tryton
expect "▸ Tryton" "typing filters the list to Tryton"
key Enter
expect "Connection details" "Enter opens the form" && seen form
check "the user name comes filled in (admin, every new Tryton database has it)" \
	sh -c 'tmux -L "$1" capture-pane -p -t e2e | grep -qE "User name +admin"' _ "$E2E_SOCK"
type_text "$URL"
key Enter
type_text onramp_test
key Enter
# Enter skipped the filled-in user name: the cursor is on the password
type_secret Password "$PW" && ok "Enter goes from the database straight to the password"
key Enter
if expect "onramp · Connected" "the fourth key connects" 30; then
	seen done
fi
n=$(echo "$SCREENS" | wc -w)
check "a first connect takes $KEYS keys besides the values (at most 4)" [ "$KEYS" -le 4 ]
check "a first connect waits on $n screens:$SCREENS (at most 3: list, form, done)" [ "$n" -le 3 ]

# ---- the done screen ---------------------------------------------------------
check "the done screen says when the first sync runs (core's sentence)" \
	sh -c 'tmux -L "$1" capture-pane -p -J -t e2e | tr -s " \n" "  " | grep -qF "Its purchase orders sync hourly; the first sync runs as soon as \"onramp agent\" (or \"onramp sync --due\") runs."' _ "$E2E_SOCK"
TOKEN=$(token_on_screen)
send_keys Enter
expect "Have you saved the token?" "Enter asks before the token goes"
check "the token is still on the screen while it asks" [ "$(token_on_screen)" = "$TOKEN" ]
send_keys n
expect_gone "Have you saved the token?" "n keeps the token on the screen"
check "the token is still there after n" [ "$(token_on_screen)" = "$TOKEN" ]
tm set-option -g set-clipboard on
send_keys c
expect "Sent to the terminal's clipboard" "c copies the token, saying not every terminal supports it"
CLIP=$(tm show-buffer 2>/dev/null)
check "the clipboard holds the shown token" [ -n "$CLIP" -a "$CLIP" = "$TOKEN" ]
check "the copied token passes token check" token_checks "$CLIP"
tm delete-buffer 2>/dev/null
send_keys Escape
expect "Have you saved the token?" "Esc asks too"
send_keys y
expect "What would you like to do?" "y clears the token: back on the start screen (a connection exists now)"
check "the token left the screen" [ -z "$(token_on_screen)" ]
check "the start screen's descriptions are whole at 80x24 (no \"...and watch\" cut)" \
	sh -c 'tmux -L "$1" capture-pane -p -J -t e2e | tr -s " \n" "  " | grep -qF "and watch them checked live. Or just start typing its name."' _ "$E2E_SOCK"

# ---- a lost token: a new one for the same connection ------------------------------
cli "$E2E_DIR/l.json" list --json
ID=$(json "$E2E_DIR/l.json" 'j[0]["id"]')
cli "$E2E_DIR/rot.json" token rotate "$ID" --json
NEW=$(json "$E2E_DIR/rot.json" 'j["token"]')
check "token rotate gives a new token for the same connection (exit $CLI_RC)" [ "$CLI_RC" = 0 -a -n "$NEW" -a "$NEW" != "$TOKEN" ]
check "the new token passes token check" token_checks "$NEW"
token_checks "$TOKEN"
check "the old token stopped working at once (token check exit $CLI_RC)" [ "$CLI_RC" = 6 ]
cli "$E2E_DIR/l2.json" list --json
check "still one connection: no reconnect, no second credit" [ "$(json "$E2E_DIR/l2.json" 'len(j)')" = 1 ]
cli "$E2E_DIR/rot2.json" token rotate nosuchid
check "token rotate of an unknown id fails (exit $CLI_RC)" [ "$CLI_RC" = 3 ]

# ---- typing on the start screen starts a search ---------------------------------
type_text tryt
expect "Search: tryt" "typing on the start screen opens the list with the search typed"
expect "▸ Tryton" "the list is filtered by what was typed"
end_app "first run"

# ---- 60x16: the token on the screen copies back whole ---------------------------
fresh_home
E2E_W=60 E2E_H=16
app_start --system tryton --preset "url=$URL" --preset database=onramp_test
E2E_W=80 E2E_H=24
type_secret Password "$PW"
send_keys Enter
expect "onramp · Connected" "60x16: connected" 30
T60=$(token_on_screen)
check "60x16: the whole token is on the screen" [ ${#T60} = 47 ]
check "60x16: the token read off the screen passes token check" token_checks "$T60"
send_keys Enter y
check "60x16: an embedded run ends after y (status 0)" [ "$(wait_exit 10)" = 0 ]
stderr_clean "60x16: no sanitizer report"

# ---- the README's catalog counts are the program's -------------------------------------
cli "$E2E_DIR/sys.json" systems --json --limit 100000
got=$($PY - "$E2E_DIR/sys.json" "$ROOT/README.md" <<'PYEOF'
import collections, json, re, sys
systems = json.load(open(sys.argv[1]))
have = collections.Counter(s["category"] for s in systems if s["available"])
lines = open(sys.argv[2]).read().split("\n")
text = " ".join(" ".join(lines).split())
# the catalog table: "| by category (available) | | ..." then "| Developer | 823 | ..."
said, inside = {}, False
for line in lines:
    if line.startswith("| by category (available)"):
        inside = True
    elif inside and not line.startswith("|"):
        break
    elif inside:
        m = re.match(r"\| ([A-Za-z/&-]+(?: [A-Za-z/&-]+)*) \| ([\d,]+) \|", line)
        if m:
            said[m.group(1)] = int(m.group(2).replace(",", ""))
total = re.search(r"([\d,]+) systems, ([\d,]+) available", text)
ok = said == dict(have) and total and int(total.group(1).replace(",", "")) == len(systems) \
    and int(total.group(2).replace(",", "")) == sum(have.values())
print("same" if ok else "README %s vs program %s" % (said, dict(have)))
PYEOF
)
check "the README's counts by category are the program's ($got)" [ "$got" = same ]
finish
