#!/bin/sh
# test_po_fixtures.sh: the purchase-order fixtures (tests/servers/po/) read
# back by a plain client, tests/servers/test_po_fixtures.py: every system's
# golden orders, paging, and the hostile answers, as each system's catalog
# entry signs in. Its checks become this suite's.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

$PY "$ROOT/tests/servers/test_po_fixtures.py" >"$E2E_DIR/fixtures.tap" 2>&1
while IFS= read -r line; do
	case $line in
	"ok "*) ok "${line#ok * - }" ;;
	"not ok "*) not_ok "${line#not ok * - }" ;;
	esac
done <"$E2E_DIR/fixtures.tap"
check "the fixture test ran to its end" grep -q "passed, 0 failed$" "$E2E_DIR/fixtures.tap"
finish
