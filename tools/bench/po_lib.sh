# po_lib.sh: what tools/bench_orders.sh and tools/bench_sync.sh share, sourced
# from the repository's root: a fresh home for onramp, the purchase-order
# fixture (tests/servers/po_fixture.py), the Business Central connection and
# token, and the curl config that fetches the pages onramp asked for.
# PY is set by the caller.

# po_bench_init DIR: a fresh DIR (home with credits, the two fixture
# secrets), the fixture started and killed on exit. Sets FX (its base URL)
# and exports HOME and XDG_*. Returns 1 when the fixture did not start.
po_bench_init() {
	B=$1
	rm -rf "$B"
	mkdir -p "$B/home/.config/onramp" "$B/secrets"
	chmod 700 "$B/secrets"
	$PY tests/servers/po_fixture.py --port 0 --log "$B/fixture.log" >"$B/port" 2>"$B/fixture.err" &
	FX_PID=$!
	trap 'kill $FX_PID 2>/dev/null' EXIT INT TERM
	i=0
	while [ ! -s "$B/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	FX="http://127.0.0.1:$(head -n 1 "$B/port")"
	[ -s "$B/port" ] || return 1
	export HOME="$B/home" XDG_CONFIG_HOME="$B/home/.config" XDG_DATA_HOME="$B/home/.local/share"
	echo "credits = 100000" >"$XDG_CONFIG_HOME/onramp/config"
	(umask 077 && printf '%s' 'Fixture-Pa55!' >"$B/secrets/sap" && printf '%s' 'Fixture~Secret.1' >"$B/secrets/aad")
}

# conn_id: the connection id from `connect --json` on stdin.
conn_id() {
	$PY -c 'import json,sys; print(json.load(sys.stdin)["connection"]["id"])'
}

# bc_conn N: connects Business Central to the fixture's generated set of N
# orders; prints the id.
bc_conn() {
	./onramp connect dynamics365-business-central --field tenant=contoso.onmicrosoft.com \
		--field environment=production --field client_id=aaaaaaaa-0000-0000-0000-000000000001 \
		--secret client_secret=@"$B/secrets/aad" --field authority="$FX" --field api_base="$FX/case/n$1" --json |
		conn_id
}

# bc_auth_header N: the curl config line with a bearer token for that set.
bc_auth_header() {
	tok=$(curl -s "$FX/contoso.onmicrosoft.com/oauth2/v2.0/token" \
		--data-urlencode grant_type=client_credentials \
		--data-urlencode client_id=aaaaaaaa-0000-0000-0000-000000000001 \
		--data-urlencode client_secret@"$B/secrets/aad" \
		--data-urlencode "scope=$FX/case/n$1/.default" |
		$PY -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
	echo "header = \"Authorization: Bearer $tok\""
}

# page_urls FROM: curl config lines fetching, one after another, the order
# pages (SAP's A_PurchaseOrder, BC's purchaseOrders) that the fixture was
# asked for since line FROM of its log.
page_urls() {
	$PY - "$B/fixture.log" "$FX" "$1" <<'PYEOF'
import json, sys
for l in open(sys.argv[1]).read().splitlines()[int(sys.argv[3]):]:
    p = json.loads(l)["path"]
    if "A_PurchaseOrder" in p or "purchaseOrders" in p:
        print('url = "%s%s"' % (sys.argv[2], p))
        print("output = /dev/null")
PYEOF
}
