#!/bin/sh
# extract.sh OUT.pot: every marked text of the sources (i18n.h: _, N_, NG_)
# into a template; `make po` and tests/e2e/test_i18n.sh both use it.
set -eu
cd "$(dirname "$0")/../.."
# The curated catalog's translated setup texts (tools/i18n/curated_texts.py)
mkdir -p build/i18n
python3 tools/i18n/curated_texts.py build/i18n/curated_texts.c
# shellcheck disable=SC2046
xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=NG_:1,2 \
	--add-comments=TRANSLATORS: --package-name=onramp --msgid-bugs-address=onramp \
	--sort-by-file -o "$1" $(ls core/*/*.c core/*/*.h tui/*.c cli/*.c | LC_ALL=C sort) build/i18n/curated_texts.c
