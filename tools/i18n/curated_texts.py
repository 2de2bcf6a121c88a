#!/usr/bin/env python3
"""curated_texts.py OUT.c: the setup texts of the curated catalog entries
named in tools/i18n/curated_translated.txt (needs, where, field labels and
help, per-status hints) as N_("...") lines for xgettext (extract.sh). The
program translates them where it shows them (i18n_text, core/base/i18n.h).
An entry joins the list once all four po files translate its texts, so
`msgfmt --statistics` stays at 0 untranslated."""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def listed():
    ids = []
    for line in open(os.path.join(ROOT, "tools/i18n/curated_translated.txt"), encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            ids.append(line)
    return ids


def texts():
    """(system id, what, text) for every translatable text, in list order."""
    cat = json.load(open(os.path.join(ROOT, "core/catalog/curated.json"), encoding="utf-8"))
    by_id = {s["id"]: s for s in cat["systems"]}
    out = []
    for sid in listed():
        s = by_id[sid]  # a listed id that is gone is a mistake: fail loudly
        for what in ("needs", "where"):
            if s.get(what):
                out.append((sid, what, s[what]))
        for f in s.get("fields", []):
            for what in ("label", "help"):
                if f.get(what):
                    out.append((sid, "%s %s" % (f["key"], what), f[what]))
        for code, hint in sorted(s.get("hints", {}).items()):
            out.append((sid, "hint " + code, hint))
    return out


def c_string(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def main(path):
    seen = set()
    tmp = "%s.%d" % (path, os.getpid())  # whole or not at all: test_i18n may run beside `make po`
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("/* Made by tools/i18n/curated_texts.py for xgettext; not compiled. */\n")
        for sid, what, text in texts():
            if text in seen:
                continue
            seen.add(text)
            f.write("/* TRANSLATORS: catalog entry %s, %s */\nN_(%s);\n" % (sid, what, c_string(text)))
    os.replace(tmp, path)


if __name__ == "__main__":
    main(sys.argv[1])
