# po_fixture.sh: sourced by the store tests that sync. start_po_fixture
# starts the purchase-order fixture (tests/servers/po_fixture.py) on a free
# port, sets PO_PID (for the caller's trap) and FX (its address), and writes
# the SAP fixture's password to $T/pw.
start_po_fixture() {
	$PY "$ROOT/tests/servers/po_fixture.py" --port 0 --log /dev/null >"$T/po.port" 2>"$T/po.err" &
	PO_PID=$!
	for _ in $(seq 1 100); do [ -s "$T/po.port" ] && break; sleep 0.1; done
	FX="http://127.0.0.1:$(head -n1 "$T/po.port")"
	(umask 077 && printf '%s' 'Fixture-Pa55!' >"$T/pw")
}
