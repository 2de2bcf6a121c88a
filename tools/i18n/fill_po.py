#!/usr/bin/env python3
"""fill_po.py PO TRANS: sets translations in a .po (after msgmerge) from TRANS,
lines of "msgid<TAB>msgstr" (or "msgid<TAB>singular<TAB>|||<TAB>plural"), both
written as in the .po (\\n, \\"). A filled entry loses its fuzzy flag."""
import re
import sys


def main(po, trans):
    tr = {}
    for line in open(trans, encoding="utf-8"):
        line = line.rstrip("\n")
        if "\t" in line and not line.startswith("#"):
            k, v = line.split("\t", 1)
            tr[k] = v.split("\t|||\t")
    blocks = open(po, encoding="utf-8").read().split("\n\n")
    out, used = [], set()
    for b in blocks:
        lines = b.split("\n")
        mid, key = None, None
        for l in lines:
            m = re.match(r'^msgid "(.*)"$', l)
            if m:
                mid, key = m.group(1), "id"
            elif l.startswith('"') and key == "id":
                mid += l[1:-1]
            elif l.startswith("msgid_plural") or l.startswith("msgstr"):
                key = None
        if mid and mid in tr:
            used.add(mid)
            forms = tr[mid]
            keep = [l for l in lines if not l.startswith("msgstr") and not (l.startswith('"') and after_str(lines, l))]
            keep = [l.replace(", fuzzy", "") if l.startswith("#,") else l for l in keep if l.strip() != "#, fuzzy"]
            keep = [l for l in keep if not l.startswith("#|")]
            while keep and not keep[-1].strip():
                keep.pop()
            if any(l.startswith("msgid_plural") for l in keep):
                forms = forms * 2 if len(forms) == 1 else forms
                keep += ['msgstr[%d] "%s"' % (i, f) for i, f in enumerate(forms)]
            else:
                keep.append('msgstr "%s"' % forms[0])
            b = "\n".join(keep) + ("\n" if b.endswith("\n") else "")
        out.append(b)
    open(po, "w", encoding="utf-8").write("\n\n".join(out))
    for k in tr:
        if k not in used:
            print("not in %s: %s" % (po, k[:70]), file=sys.stderr)


def after_str(lines, target):
    """True when the continuation line target belongs to a msgstr."""
    inside = False
    for l in lines:
        if l.startswith("msgstr"):
            inside = True
        elif l.startswith("msgid") or l.startswith("#"):
            inside = False
        if l is target:
            return inside
    return False


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
