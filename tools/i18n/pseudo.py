#!/usr/bin/env python3
"""pseudo.py POT OUT.po: the pseudo-locale (en@pseudo) of a template.

Every translation is the English text with its lowercase letters accented
(a -> á, e -> é, ...) and its vowels doubled, about 40% longer. Anything a
program or a person types stays as it is: format directives (%s, %1$s,
%-9s, %.*s), {placeholders} of the error table, escapes (\\n, \\"), words
in capitals (SAP, URL), with a digit (F1) and key names (Esc, Tab). So on a screen run in this
locale, plain English words mean text that never went through gettext, and
cut or overflowing lines show where a longer language will not fit.
"""
import re
import sys

ACCENT = dict(zip("aeioucnsyzAEIOUCNSYZ", "áéíöüçñšýžÁÉÍÖÜÇÑŠÝŽ"))
VOWELS = set("aeiouAEIOU")
# what stays: directives, placeholders, escapes, words that hold a capital
# or a digit (keys, names, F1), and things typed (--options, paths, URLs)
KEEP = re.compile(r'%(?:\d+\$)?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?[a-zA-Z%]'
                  r'|\{[a-z]+\}|\\.|\b(?:Esc|Enter|Tab|Shift|Ctrl|Up|Down|PgUp|PgDn|Home|End|Backspace)\b'
                  r'|\b\w*\d\w*\b|\b[A-Z][A-Z]*\b|--[\w-]+|\S*[/@=_]\S*')


def pseudo_word(text):
    out = []
    for c in text:
        if c in ACCENT:
            out.append(ACCENT[c] * (2 if c in VOWELS else 1))
        else:
            out.append(c)
    return "".join(out)


def pseudo(msg):
    out, last = [], 0
    for m in KEEP.finditer(msg):
        out.append(pseudo_word(msg[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(pseudo_word(msg[last:]))
    return "".join(out)


def main(pot, dest):
    text = open(pot, encoding="utf-8").read()
    out = []
    for block in text.split("\n\n"):
        lines = block.strip("\n").split("\n")
        ids = {}
        key = None
        for line in lines:
            m = re.match(r'^(msgid_plural|msgid|msgstr)\s+"(.*)"$', line)
            if m:
                key = m.group(1)
                ids[key] = m.group(2)
            elif line.startswith('"') and key:
                ids[key] += line[1:-1]
        if "msgid" not in ids:
            continue
        if ids["msgid"] == "":  # the header
            out.append('msgid ""\nmsgstr ""\n"Project-Id-Version: onramp\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n'
                       '"Last-Translator: tools/i18n/pseudo.py\\n"\n"Language-Team: none\\n"\n"MIME-Version: 1.0\\n"\n'
                       '"Content-Transfer-Encoding: 8bit\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                       '"Language: en@pseudo\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')
            continue
        flags = [l for l in lines if l.startswith("#,")]
        head = "\n".join(flags) + ("\n" if flags else "")
        if "msgid_plural" in ids:
            out.append('%smsgid "%s"\nmsgid_plural "%s"\nmsgstr[0] "%s"\nmsgstr[1] "%s"\n' % (
                head, ids["msgid"], ids["msgid_plural"], pseudo(ids["msgid"]), pseudo(ids["msgid_plural"])))
        else:
            out.append('%smsgid "%s"\nmsgstr "%s"\n' % (head, ids["msgid"], pseudo(ids["msgid"])))
    open(dest, "w", encoding="utf-8").write("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
