#!/bin/sh
# test_widths.sh: text is measured in display columns (core/base/utf8.c), not
# bytes: `onramp systems` keeps its table's columns straight for names with
# wide (CJK), accented and combining characters, in a UTF-8 locale and in
# LANG=C; and the wizard wraps accented text where it wraps the same text
# without accents.
. "$(dirname "$0")/lib.sh"
e2e_init noservers

# Drop-in systems whose names and vendors are 2 columns a character (CJK),
# precomposed accents, a combining accent, and a CJK name long enough to be
# cut with "..." (the NAME column is at most 44 columns).
mkdir -p "$XDG_DATA_HOME/onramp/systems.d"
$PY - "$XDG_DATA_HOME/onramp/systems.d/wide.json" <<'EOF'
import json, sys
names = [("zzw-cjk", "\u7528\u53cb\u5546\u5e97 Widetest", "\u7528\u53cb\u7f51\u7edc"),
         ("zzw-accent", "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale Widetest", "\u00c9diteur"),
         ("zzw-combining", "Cafe\u0301 Widetest", "Ve\u0301ndor"),
         ("zzw-ascii", "Plain Widetest", "Plain"),
         ("zzw-long", "\u9577" * 30 + " Widetest", "\u9577\u9577")]
systems = [{
    "id": i, "name": n, "vendor": v, "category": "Other", "tier": 1, "core": False,
    "needs": "test", "where": "test", "base_url": "{url}",
    "auth": {"method": "basic", "user": "{username}", "password": "{password}"},
    "fields": [{"key": "url", "label": "Server address", "kind": "url", "required": True, "secret": False, "help": "x"}],
    "probe": {"url": "{url}", "verifies": "server"}} for i, n, v in names]
json.dump({"version": 1, "systems": systems}, open(sys.argv[1], "w"))
EOF

# columns FILE: for each row, the display columns (East Asian wide
# characters 2, combining marks 0) at which a word starts exactly where one
# of the header's columns (ID, NAME, VENDOR, CATEGORY, MODELS) starts.
columns() {
	$PY - "$1" <<'EOF'
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head = lines[0]
starts = [head.index(h) for h in ("ID", "NAME", "VENDOR", "CATEGORY", "MODELS")]
for line in lines[1:]:
    cols, col, prev = [], 0, " "
    for c in line:
        if c != " " and prev == " " and col in starts:
            cols.append(col)
        col += width(c)
        prev = c
    print(" ".join(map(str, cols)))
EOF
}

table() { # OUT LANG: the table for the drop-ins, in that locale
	env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME" ${ONRAMP_DATABASE:+"ONRAMP_DATABASE=$ONRAMP_DATABASE"} XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		XDG_DATA_HOME="$XDG_DATA_HOME" LANG="$2" ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
		"$ONRAMP_BIN" systems widetest --limit 10 >"$1" 2>"$1.err"
}

for loc in C.UTF-8 C; do
	out="$E2E_DIR/table.$loc.txt"
	table "$out" "$loc"
	rc=$?
	check "LANG=$loc: systems QUERY prints the table (exit 0)" [ "$rc" = 0 ]
	check "LANG=$loc: all five drop-ins are listed" [ "$(grep -c "^zzw-" "$out")" = 5 ]
	head=$(head -n 1 "$out" | $PY -c 'import sys; h = sys.stdin.read(); print(" ".join(str(h.index(x)) for x in ("ID", "NAME", "VENDOR", "CATEGORY", "MODELS")))')
	bad=$(columns "$out" | grep -vx "$head")
	if [ -z "$bad" ]; then
		ok "LANG=$loc: every row's columns start where the header's do"
	else
		not_ok "LANG=$loc: every row's columns start where the header's do (header: $head)"
		note "$bad"
		sed 's/^/#  |/' "$out"
	fi
	check "LANG=$loc: the long CJK name is cut with ... inside its column" grep -q '^zzw-long .*\.\.\.' "$out"
done
check "the table is the same in both locales" cmp -s "$E2E_DIR/table.C.UTF-8.txt" "$E2E_DIR/table.C.txt"

# Two systems whose "You need" texts differ only in accents (each accented
# letter is two bytes, one column): the details pane must break both at
# the same words.
$PY - "$XDG_DATA_HOME/onramp/systems.d/wrap.json" <<'EOF'
import json, sys
text = ("Un caf\u00e9 cr\u00e8me, une cr\u00eape flamb\u00e9e et un th\u00e9 glac\u00e9 pour d\u00e9jeuner "
        "pr\u00e8s de la for\u00eat avant l'\u00e9t\u00e9 prochain \u00e0 Gen\u00e8ve, "
        "\u00e0 c\u00f4t\u00e9 du ch\u00e2teau o\u00f9 l'on a d\u00e9j\u00e0 d\u00een\u00e9 tr\u00e8s t\u00f4t")
plain = text.translate(str.maketrans("\u00e9\u00e8\u00ea\u00e0\u00f4\u00e2\u00f9\u00ee", "eeeaoaui"))
systems = [{
    "id": i, "name": n, "vendor": "Wraptest", "category": "Other", "tier": 1, "core": False,
    "needs": t, "where": "test", "base_url": "{url}",
    "auth": {"method": "basic", "user": "{username}", "password": "{password}"},
    "fields": [{"key": "url", "label": "Server address", "kind": "url", "required": True, "secret": False, "help": "x"}],
    "probe": {"url": "{url}", "verifies": "server"}} for i, n, t in
    [("zzwrap-a", "Wrapcheck Plain", plain), ("zzwrap-b", "Wrapcheck Marks", text)]]
json.dump({"version": 1, "systems": systems}, open(sys.argv[1], "w"))
EOF

# needs_lines NAME: the details pane's "You need" lines for that system,
# accents folded away, one per line.
needs_lines() {
	type_text "$1"
	# the search field, the list row and the details pane's title (the
	# last two on one line: occurrences, not lines)
	wait_until "[ \$(grep -oF '$1' \"\$E2E_DIR/cap.txt\" | wc -l) -ge 3 ]" 10
	screen | $PY -c '
import sys, unicodedata
rows = sys.stdin.read().splitlines()
fold = lambda s: unicodedata.normalize("NFD", s).encode("ascii", "ignore").decode()
start = next((i for i, r in enumerate(rows) if "You need:" in r), None)
if start is not None:
    col = rows[start].index("You need:")
    for r in rows[start + 1:start + 5]:
        print(fold(r[col:]).rstrip())'
	send_keys C-u
}

app_start
to_list
plain=$(needs_lines "Wrapcheck Plain")
marks=$(needs_lines "Wrapcheck Marks")
if [ -n "$plain" ] && [ "$plain" = "$marks" ]; then
	ok "accented text wraps at the same words as the same text without accents"
else
	not_ok "accented text wraps at the same words as the same text without accents"
	note "without accents:" "$plain" "with accents (folded):" "$marks"
fi

# The details pane says, before connecting, what onramp reads from the
# highlighted system (the reader registry): purchase orders from Tryton,
# nothing yet from a drop-in.
type_text "Tryton"
expect "Reads: purchase orders" "the list's details pane: Tryton reads purchase orders"
send_keys C-u
type_text "Wrapcheck Plain"
expect "Reads: no data yet" "... a system without a reader (a drop-in): no data yet"
send_keys C-u
end_app "wrap check"
finish
