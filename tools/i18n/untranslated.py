#!/usr/bin/env python3
"""untranslated.py SCREEN...: English left on screens run in the pseudo-locale.

In en@pseudo (tools/i18n/pseudo.py) every translated word carries accents,
so three plain lowercase English words in a row are text that did not go
through gettext. Excluded, because they are data rather than onramp's own
text: the catalog's texts (system names, field labels and help, setup
guides: core/catalog/*.json) except those of the curated entries listed in
tools/i18n/curated_translated.txt, which go through gettext and so are
checked like onramp's own, and technical lines as the peer sent them
(after "curl N:" or "HTTP N"). Prints each find as "FILE: words  | line"
and exits 1 when there is one.
"""
import glob
import json
import os
import re
import sys

import curated_texts

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RUN = re.compile(r"(?<![\w/.-])[a-z][a-z']+(?:[ ,;:()]+[a-z][a-z']*){2,}(?![\w/.-])")
TECH = re.compile(r"(curl \d+:|HTTP \d{3}|https?://).*")


def catalog_texts():
    texts = []
    translated = set(t for _, _, t in curated_texts.texts())

    def walk(v):
        if isinstance(v, str):
            if v not in translated:
                texts.append(v.lower())
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    for path in glob.glob(os.path.join(ROOT, "core/catalog/*.json")):
        walk(json.load(open(path, encoding="utf-8")))
    return "\n".join(texts)


def main(paths):
    data = catalog_texts()
    finds = []
    for path in paths:
        for line in open(path, encoding="utf-8", errors="replace"):
            text = TECH.sub("", line.rstrip("\n"))
            for m in RUN.finditer(text):
                words = m.group(0).strip(" ,;:()")
                # a run the screen cut or wrapped is still data when a
                # part of three words of it is
                if " ".join(words.split()[:3]).lower() in data or words.lower() in data:
                    continue
                finds.append("%s: %s  | %s" % (os.path.basename(path), words, line.strip()))
    for f in sorted(set(finds)):
        print(f)
    return 1 if finds else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
