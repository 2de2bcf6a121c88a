#!/usr/bin/python3
"""ansi2svg.py: a terminal screen captured with `tmux capture-pane -p -e -N`
to an SVG of monospace text cells, with the right colours.

    ansi2svg.py [--cols 80] [--rows 24] [--title TEXT] [--cursor X,Y] [IN [OUT]]

Reads IN (default stdin), writes OUT (default stdout). Understands SGR
(ESC [ ... m): reset, bold, dim, italic, underline, reverse, the 8/16
standard colours, 256-colour (38;5;N / 48;5;N) and true colour (38;2;R;G;B),
both with ';' and ':' separators. Other escape sequences are dropped. Wide
characters take two cells; combining marks join the cell before them.
--cursor draws a block cursor at column X, row Y (0-based, as tmux's
#{cursor_x},#{cursor_y} give them). Box-drawing lines (─│┌┐└┘├┤┬┴┼ and their heavy/double kin drawn light) are
drawn as strokes so frames join up whatever font the viewer has.

Standard library only (Debian's /usr/bin/python3).
"""
import argparse
import re
import sys
import unicodedata
from xml.sax.saxutils import escape

# Tango-like palette for 0-15, then the xterm 6x6x6 cube and grey ramp.
BASE16 = [
    "#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
    "#555753", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec",
]
DEFAULT_FG = "#d3d7cf"
DEFAULT_BG = "#1c1f22"
FONT = "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace"
FONT_SIZE = 14
CELL_W = 8.43  # DejaVu Sans Mono advance (0.602 em) at 14 px
CELL_H = 18
PAD = 10
TITLE_H = 28


def palette(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        r, g, b = steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
        return "#%02x%02x%02x" % (r, g, b)
    v = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (v, v, v)


class Style:
    __slots__ = ("fg", "bg", "bold", "dim", "italic", "underline", "reverse")

    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None  # None = default, int = palette index, str = "#rrggbb"
        self.bg = None
        self.bold = self.dim = self.italic = self.underline = self.reverse = False

    def copy(self):
        s = Style()
        for k in self.__slots__:
            setattr(s, k, getattr(self, k))
        return s

    def colours(self):
        fg = DEFAULT_FG if self.fg is None else (palette(self.fg) if isinstance(self.fg, int) else self.fg)
        bg = DEFAULT_BG if self.bg is None else (palette(self.bg) if isinstance(self.bg, int) else self.bg)
        if self.reverse:
            fg, bg = bg, fg
        return fg, bg

    def key(self):
        fg, _ = self.colours()
        return (fg, self.bold, self.dim, self.italic, self.underline)


def extended_colour(params, i):
    """38/48 ;5;N or ;2;R;G;B starting at params[i] (the 5 or 2).
    Returns (colour, next index)."""
    if i < len(params) and params[i] == 5 and i + 1 < len(params):
        return max(0, min(255, params[i + 1])), i + 2
    if i < len(params) and params[i] == 2 and i + 3 < len(params):
        r, g, b = (max(0, min(255, x)) for x in params[i + 1:i + 4])
        return "#%02x%02x%02x" % (r, g, b), i + 4
    return None, len(params)


def apply_sgr(style, text):
    # ':' sub-parameters (38:5:N, 38:2::R:G:B) are read like ';' ones
    parts = re.split(r"[;:]", text) if text else ["0"]
    params = [int(p) if p.isdigit() else 0 for p in parts]
    if text and ":" in text and len(params) >= 6 and params[:2] in ([38, 2], [48, 2]) and params[2] == 0:
        del params[2]  # 38:2::R:G:B has an empty colour-space id
    i = 0
    while i < len(params):
        p = params[i]
        i += 1
        if p == 0:
            style.reset()
        elif p == 1:
            style.bold = True
        elif p == 2:
            style.dim = True
        elif p == 3:
            style.italic = True
        elif p == 4:
            style.underline = True
        elif p == 7:
            style.reverse = True
        elif p == 22:
            style.bold = style.dim = False
        elif p == 23:
            style.italic = False
        elif p == 24:
            style.underline = False
        elif p == 27:
            style.reverse = False
        elif 30 <= p <= 37:
            style.fg = p - 30
        elif 90 <= p <= 97:
            style.fg = p - 90 + 8
        elif p == 39:
            style.fg = None
        elif 40 <= p <= 47:
            style.bg = p - 40
        elif 100 <= p <= 107:
            style.bg = p - 100 + 8
        elif p == 49:
            style.bg = None
        elif p in (38, 48):
            colour, i = extended_colour(params, i)
            if colour is not None:
                if p == 38:
                    style.fg = colour
                else:
                    style.bg = colour


ESCAPE = re.compile(r"\x1b\[([0-9;:?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


def char_width(ch):
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def parse(text, cols, rows):
    """Returns rows x cols cells: (char, Style) with char "" for the right
    half of a wide character."""
    blank = Style()
    grid = [[(" ", blank) for _ in range(cols)] for _ in range(rows)]
    style = Style()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for y, line in enumerate(lines[:rows]):
        x = 0
        pos = 0
        while pos < len(line):
            m = ESCAPE.match(line, pos)
            if m:
                if m.group(2) == "m" and m.group(1) is not None and "?" not in m.group(1):
                    apply_sgr(style, m.group(1))
                pos = m.end()
                continue
            ch = line[pos]
            pos += 1
            if ch == "\r" or ch == "\x1b" or (ord(ch) < 0x20 and ch != "\t"):
                continue
            if ch == "\t":
                nxt = min(cols, (x // 8 + 1) * 8)
                while x < nxt:
                    grid[y][x] = (" ", style.copy())
                    x += 1
                continue
            w = char_width(ch)
            if w == 0:
                if x > 0:
                    c, s = grid[y][x - 1]
                    grid[y][x - 1] = (c + ch, s)
                continue
            if x + w > cols:
                break
            st = style.copy()
            grid[y][x] = (ch, st)
            if w == 2:
                grid[y][x + 1] = ("", st)
            x += w
    return grid


# box drawing: which arms a character has (up, right, down, left)
BOX = {}
for chars, arms in (
    ("─━═", "rl"), ("│┃║", "ud"), ("┌┏╔╭", "rd"), ("┐┓╗╮", "dl"), ("└┗╚╰", "ur"), ("┘┛╝╯", "ul"),
    ("├┣╠", "urd"), ("┤┫╣", "udl"), ("┬┳╦", "rdl"), ("┴┻╩", "url"), ("┼╋╬", "urdl"),
    ("╴", "l"), ("╵", "u"), ("╶", "r"), ("╷", "d"),
):
    for c in chars:
        BOX[c] = arms


def fmt(v):
    return ("%.2f" % v).rstrip("0").rstrip(".")


def render(grid, cols, rows, title=None, cursor=None):
    top = PAD + (TITLE_H if title else 0)
    width = cols * CELL_W + 2 * PAD
    height = rows * CELL_H + top + PAD
    out = []
    out.append('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s">'
               % (fmt(width), fmt(height), fmt(width), fmt(height)))
    out.append("<title>%s</title>" % escape(title or "terminal screen"))
    out.append('<rect width="100%%" height="100%%" rx="6" fill="%s"/>' % DEFAULT_BG)
    if title:
        out.append('<text x="%s" y="%s" fill="#8f9497" font-family="%s" font-size="12" text-anchor="middle">%s</text>'
                   % (fmt(width / 2), fmt(PAD + 12), escape(FONT, {"'": "&apos;"}), escape(title)))
    # backgrounds, one rect per run of equal colour
    out.append('<g shape-rendering="crispEdges">')
    for y in range(rows):
        x = 0
        while x < cols:
            _, bg = grid[y][x][1].colours()
            x0 = x
            while x < cols and grid[y][x][1].colours()[1] == bg:
                x += 1
            if bg != DEFAULT_BG:
                out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>'
                           % (fmt(PAD + x0 * CELL_W), fmt(top + y * CELL_H), fmt((x - x0) * CELL_W + 0.5),
                              fmt(CELL_H + 0.5), bg))
    if cursor and 0 <= cursor[0] < cols and 0 <= cursor[1] < rows:
        fg, _ = grid[cursor[1]][cursor[0]][1].colours()
        out.append('<rect x="%s" y="%s" width="%s" height="%s" fill="%s" fill-opacity="0.55"/>'
                   % (fmt(PAD + cursor[0] * CELL_W), fmt(top + cursor[1] * CELL_H), fmt(CELL_W), fmt(CELL_H), fg))
    out.append("</g>")
    # box-drawing strokes
    strokes = {}
    for y in range(rows):
        for x in range(cols):
            ch, st = grid[y][x]
            if ch in BOX:
                fg = st.colours()[0]
                cx, cy = PAD + (x + 0.5) * CELL_W, top + (y + 0.5) * CELL_H
                segs = strokes.setdefault(fg, [])
                for arm in BOX[ch]:
                    ex, ey = {"u": (cx, top + y * CELL_H), "d": (cx, top + (y + 1) * CELL_H),
                              "l": (PAD + x * CELL_W, cy), "r": (PAD + (x + 1) * CELL_W, cy)}[arm]
                    segs.append("M%s %sL%s %s" % (fmt(cx), fmt(cy), fmt(ex), fmt(ey)))
    for fg, segs in strokes.items():
        out.append('<path d="%s" stroke="%s" stroke-width="1.2" stroke-linecap="square" fill="none"/>'
                   % ("".join(segs), fg))
    # text, one element per run of equal style; every glyph gets its own x
    out.append('<g font-family="%s" font-size="%d" xml:space="preserve">' % (escape(FONT, {"'": "&apos;"}), FONT_SIZE))
    for y in range(rows):
        baseline = top + y * CELL_H + CELL_H * 0.75
        x = 0
        while x < cols:
            ch, st = grid[y][x]
            if ch in ("", " ") or ch in BOX:
                x += 1
                continue
            key = st.key()
            xs, text = [], []
            while x < cols:
                c, s = grid[y][x]
                if c == "":
                    x += 1
                    continue
                if c == " " or c in BOX or s.key() != key:
                    break
                xs.append(fmt(PAD + x * CELL_W))
                text.append(c)
                x += 1
            fg, bold, dim, italic, underline = key
            attrs = ['x="%s"' % " ".join(xs), 'y="%s"' % fmt(baseline), 'fill="%s"' % fg]
            if bold:
                attrs.append('font-weight="bold"')
            if dim:
                attrs.append('fill-opacity="0.6"')
            if italic:
                attrs.append('font-style="italic"')
            if underline:
                attrs.append('text-decoration="underline"')
            out.append("<text %s>%s</text>" % (" ".join(attrs), escape("".join(text))))
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--title")
    ap.add_argument("--cursor", help="X,Y: draw the cursor there")
    ap.add_argument("input", nargs="?")
    ap.add_argument("output", nargs="?")
    a = ap.parse_args()
    if a.input and a.input != "-":
        with open(a.input, encoding="utf-8", errors="replace") as f:
            text = f.read()
    else:
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    cursor = tuple(int(v) for v in a.cursor.split(",")) if a.cursor else None
    svg = render(parse(text, a.cols, a.rows), a.cols, a.rows, a.title, cursor)
    if a.output and a.output != "-":
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(svg)
    else:
        sys.stdout.write(svg)


if __name__ == "__main__":
    main()
