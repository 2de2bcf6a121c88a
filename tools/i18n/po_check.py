#!/usr/bin/env python3
"""po_check.py [--pot FRESH.pot] LANG...: the translation checks of `make check`.

For each po/LANG.po, prints TAP-style lines "ok - ..." / "not ok - ..." for:
  - complete: every msgid translated, none fuzzy (msgfmt --check --statistics
    also checks that format directives match, c-format, with reordering %1$s);
  - current: its msgids are exactly those of FRESH.pot (extracted from the
    sources now), so no marked text is missing from a catalog;
  - glossary: every message whose English has a glossary term (outside
    commands, options, quoted and code words) uses that term's translation
    (po/glossary-LANG.md, the "check" column: a part every form contains).
The names of failing messages are printed after a "# ".
"""
import re
import subprocess
import sys

ROOT = __file__.rsplit("/tools/", 1)[0]


def unquote(s):
    return s.encode("latin-1", "backslashreplace").decode("unicode_escape") if False else \
        re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def parse(path):
    """[(msgid, msgid_plural or None, [msgstr...], fuzzy)] of a po file."""
    out, cur, key = [], None, None
    for line in open(path, encoding="utf-8").read().split("\n") + [""]:
        if not line.strip():
            if cur and cur["msgid"] is not None:
                out.append(cur)
            cur = None
            continue
        if cur is None:
            cur = {"msgid": None, "plural": None, "str": {}, "fuzzy": False}
        if line.startswith("#,") and "fuzzy" in line:
            cur["fuzzy"] = True
        if line.startswith("#"):
            continue
        m = re.match(r'^(msgid_plural|msgid|msgstr(?:\[(\d)\])?)\s+"(.*)"$', line)
        if m:
            key = m.group(1)
            if key.startswith("msgstr"):
                key = ("str", int(m.group(2) or 0))
                cur["str"][key[1]] = unquote(m.group(3))
            else:
                cur["plural" if key == "msgid_plural" else "msgid"] = unquote(m.group(3))
        elif line.startswith('"'):
            text = unquote(line[1:-1])
            if isinstance(key, tuple):
                cur["str"][key[1]] += text
            else:
                cur["plural" if key == "msgid_plural" else "msgid"] += text
    return [e for e in out if e["msgid"]]


def glossary(lang):
    """[(english, translation, check)] from po/glossary-LANG.md's table."""
    rows = []
    try:
        text = open("%s/po/glossary-%s.md" % (ROOT, lang), encoding="utf-8").read().splitlines()
    except OSError:
        return None
    for line in text:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and not set(cells[0]) <= set("-: ") \
                and cells[0].lower() != "english":
            rows.append(tuple(cells))
    return rows


def prose(text):
    """The English text without what is typed or shown as code."""
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r'"[^"]*"', " ", text)
    text = re.sub(r"\S+\s*\|\s*\S+", " ", text)           # alternatives: a | b
    text = re.sub(r"\bonramp \w[\w-]*", " ", text)         # commands
    text = re.sub(r"\S*[./=@$_{}:]\S*|--?\S+", " ", text)   # options, paths, code words
    text = re.sub(r"\b[A-Z][A-Z0-9_]+\b", " ", text)       # placeholders: FINGERPRINT
    return text


def check(lang, fresh):
    bad = []
    entries = parse("%s/po/%s.po" % (ROOT, lang))
    stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", "%s/po/%s.po" % (ROOT, lang)],
                           capture_output=True, text=True)
    said = (stats.stderr + stats.stdout).strip()
    complete = stats.returncode == 0 and re.fullmatch(r"\d+ translated messages?\.", said)
    print("%s - %s: msgfmt --check --statistics: %s" % ("ok" if complete else "not ok", lang, said.splitlines()[-1] if said else "?"))
    if not complete:
        bad += [l for l in said.splitlines()[:10]]
    if fresh:
        want = {(e["msgid"], e["plural"]) for e in parse(fresh)}
        have = {(e["msgid"], e["plural"]) for e in entries}
        missing, extra = want - have, have - want
        print("%s - %s: the catalog has every marked text of the sources (%d missing, %d no longer used)" % (
            "ok" if not missing and not extra else "not ok", lang, len(missing), len(extra)))
        for m in sorted(missing)[:10]:
            print("#   missing: %r" % m[0][:90])
        for m in sorted(extra)[:10]:
            print("#   unused: %r" % m[0][:90])
    misses = []
    terms = glossary(lang)
    if terms is None:
        print("not ok - %s: it has a glossary (po/glossary-%s.md)" % (lang, lang))
        return False
    for english, translation, stem in terms:
        pat = re.compile(r"\b%s(?:s|es|ed|ing)?\b" % re.escape(english), re.I)
        for e in entries:
            for src, dst in [(e["msgid"], e["str"].get(0, ""))] + ([(e["plural"], e["str"].get(1, ""))] if e["plural"] else []):
                if pat.search(prose(src)) and stem.lower() not in dst.lower():
                    misses.append("%s -> %s: %r" % (english, translation, src[:80]))
    print("%s - %s: the glossary's terms are used (%d messages without them)" % ("ok" if not misses else "not ok", lang, len(misses)))
    for m in misses[:15]:
        print("#   " + m)
    return complete and not misses


if __name__ == "__main__":
    args = sys.argv[1:]
    fresh = None
    if args[:1] == ["--pot"]:
        fresh, args = args[1], args[2:]
    good = all([check(lang, fresh) for lang in args])
    sys.exit(0 if good else 1)
