#!/bin/sh
# test_systems_table.sh: `onramp systems` lines its table up by display
# width (core/utf8.c), so names with wide (CJK), accented and combining
# characters keep the columns straight, in a UTF-8 locale and in LANG=C.
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
# of the header's columns (ID, NAME, VENDOR, CATEGORY) starts.
columns() {
	$PY - "$1" <<'EOF'
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head = lines[0]
starts = [head.index(h) for h in ("ID", "NAME", "VENDOR", "CATEGORY")]
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
	env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		XDG_DATA_HOME="$XDG_DATA_HOME" LANG="$2" ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
		"$ONRAMP_BIN" systems widetest --limit 10 >"$1" 2>"$1.err"
}

for loc in C.UTF-8 C; do
	out="$E2E_DIR/table.$loc.txt"
	table "$out" "$loc"
	rc=$?
	check "LANG=$loc: systems QUERY prints the table (exit 0)" [ "$rc" = 0 ]
	check "LANG=$loc: all five drop-ins are listed" [ "$(grep -c "^zzw-" "$out")" = 5 ]
	head=$(head -n 1 "$out" | $PY -c 'import sys; h = sys.stdin.read(); print(" ".join(str(h.index(x)) for x in ("ID", "NAME", "VENDOR", "CATEGORY")))')
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
finish
