#!/bin/sh
# test_ansi2svg.sh: the screenshot converter reads SGR colours (16, 256,
# true colour), bold, dim, reverse, wide characters, and writes valid SVG.
. "$(dirname "$0")/lib.sh"
e2e_init noservers

IN="$E2E_DIR/in.ansi"
SVG="$E2E_DIR/out.svg"
printf '\033[1m\033[37m\033[44m Title \033[0m\033[39m\033[49m\n' >"$IN"
printf '\033[38;5;196mred256\033[0m \033[48;2;1;2;3mtrue\033[0m \033[7mrev\033[27m \033[2mdim\033[22m\n' >>"$IN"
printf '\033[31mA\033[91mB\033[38:5:46mC\033[38:2::9:8:7mD\033[0m 日本 ✓ \033]0;title\007x\n' >>"$IN"
printf '┌──┐\n' >>"$IN"
if $PY "$ROOT/tests/e2e/ansi2svg.py" --cols 20 --rows 5 --title 'a & b' --cursor 3,1 "$IN" "$SVG"; then
	ok "the converter runs"
else
	not_ok "the converter runs"
fi
$PY - "$SVG" <<'PYEOF' && ok "the SVG parses as XML" || not_ok "the SVG parses as XML"
import sys, xml.etree.ElementTree as ET
ET.parse(sys.argv[1])
PYEOF
# has DESC PYCONDITION over `texts` [(text, attrs)] and `rects` [attrs] of the SVG
has() {
	r=$($PY - "$SVG" "$2" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
ns = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
texts = [(t.text or "", t.attrib) for t in root.iter(ns + "text")]
rects = [r.attrib for r in root.iter(ns + "rect")]
paths = [p.attrib for p in root.iter(ns + "path")]
def text(s):
    return [a for t, a in texts if t == s]
print(bool(eval(sys.argv[2])))
PYEOF
)
	[ "$r" = True ] && ok "$1" || not_ok "$1"
}
has "bold white on blue title" 'text("Title")[0]["fill"] == "#eeeeec" or text("Title")[0]["fill"] == "#d3d7cf"'
has "the title is bold" 'text("Title")[0].get("font-weight") == "bold"'
has "the title's blue background" 'any(r.get("fill") == "#3465a4" for r in rects)'
has "256-colour 196 is #ff0000" 'text("red256")[0]["fill"] == "#ff0000"'
has "true-colour background 1;2;3" 'any(r.get("fill") == "#010203" for r in rects)'
has "reverse swaps the colours" 'text("rev")[0]["fill"] == "#1c1f22"'
has "dim text is faded" 'text("dim")[0].get("fill-opacity") == "0.6"'
has "standard and bright red" 'text("A")[0]["fill"] == "#cc0000" and text("B")[0]["fill"] == "#ef2929"'
has "colon-separated 256 and true colour" 'text("C")[0]["fill"] == "#00ff00" and text("D")[0]["fill"] == "#090807"'
has "a wide character takes two cells" '[round(float(v) - 10, 2) for v in text("日本")[0]["x"].split()] == [round(5 * 8.43, 2), round(7 * 8.43, 2)]'
has "an OSC title sequence is dropped" 'not any("title" in t for t, a in texts[1:])'
has "box-drawing characters become strokes" 'len(paths) >= 1 and not text("┌")'
has "the cursor is drawn" 'any(r.get("fill-opacity") == "0.55" for r in rects)'
has "the caption is escaped" 'any(t == "a & b" for t, a in texts)'
finish
