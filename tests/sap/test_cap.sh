#!/bin/sh
# test_cap.sh: onramp's SAP S/4HANA reader against SAP's own framework, CAP,
# serving tests/sap's model of API_PURCHASEORDER_PROCESS_SRV as OData V2
# (through @cap-js-community/odata-v2-adapter) over real HTTP, seeded with
# the golden orders (tests/sap/seed.py). Only `make check-sap` runs it
# (tools/check_sap.sh starts CAP and gives its port in $ONRAMP_SAP_PORT):
# CAP is under the SAP Developer License, so the default suite uses the
# fixture (tests/servers/po_fixture.py) only.
#
# The address is http://localhost:PORT, not 127.0.0.1: CAP's V2 adapter
# writes its next-page links ("__next") with the name CAP listens under
# (localhost), whatever host the request named, and onramp follows a link
# only on the host the user typed (checked below too). SAP Gateway builds
# them from the request's host.
. "$(dirname "$0")/../e2e/lib.sh"
e2e_init noservers

PORT=${ONRAMP_SAP_PORT:?set by tools/check_sap.sh}
URL=http://localhost:$PORT
CHECK="$PY $ROOT/tests/e2e/po_check.py"
PW=$(secret_file sap 'Fixture-Pa55!')
BAD=$(secret_file bad 'not-the-password')
mkdir -p "$XDG_CONFIG_HOME/onramp"
echo "credits = 1000" >"$XDG_CONFIG_HOME/onramp/config"
sap() { # OUT COMMAND SECRETFILE [ARGS...]: validate or connect against CAP
	s_out=$1 s_cmd=$2 s_pw=$3
	shift 3
	cli "$s_out" "$s_cmd" sap-s4hana-onprem --field url="$URL" --field client=100 --field username=ALICE \
		--secret password=@"$s_pw" --json "$@"
}

sap "$E2E_DIR/validate.json" validate "$PW"
check "validate against CAP: signed in (exit 0)" [ "$CLI_RC" -eq 0 ] && \
	[ "$(json "$E2E_DIR/validate.json" 'j["ok"]')" = true ]
check "... the CSRF token fetch was answered (no sap.csrf_missing)" \
	[ "$(json "$E2E_DIR/validate.json" 'j.get("error", {}).get("code", "")')" = "" ]
sap "$E2E_DIR/bad.json" validate "$BAD"
check "a wrong password: auth.rejected (exit 6)" [ "$CLI_RC" -eq 6 ] && \
	[ "$(json "$E2E_DIR/bad.json" 'j["error"]["code"]')" = auth.rejected ]

sap "$E2E_DIR/conn.json" connect "$PW"
ID=$(json "$E2E_DIR/conn.json" 'j["connection"]["id"]')
check "connect against CAP (exit 0)" [ "$CLI_RC" -eq 0 ]

cli "$E2E_DIR/cap.json" orders "$ID" --json --trace "$E2E_DIR/trace.txt"
check "orders --json from CAP: exit 0" [ "$CLI_RC" -eq 0 ]
check "... over CAP's server-side pages: 2 orders, then __next (2 pages)" \
	grep -q "read done: 3 orders, 2 pages" "$E2E_DIR/trace.txt"
[ "$CLI_RC" -eq 0 ] || sed 's/^/# /' "$E2E_DIR/cap.json.err"
check "every record validates against the schema" $CHECK schema "$E2E_DIR/cap.json"
check "the golden orders (tests/golden/purchase-orders.json), identical" $CHECK golden sap "$E2E_DIR/cap.json"
cli "$E2E_DIR/cap1.jsonl" orders "$ID" --jsonl --page-size 1
check "pages of one order (\$top=1, \$skip) give the same records and ids" \
	$CHECK same "$E2E_DIR/cap.json" "$E2E_DIR/cap1.jsonl"
cli "$E2E_DIR/since_all.json" orders "$ID" --json --since 2020-01-01T00:00:00Z
cli "$E2E_DIR/since_none.json" orders "$ID" --json --since 2999-01-01T00:00:00Z
check "--since (\$filter on LastChangeDateTime): all three since 2020, none since 2999" \
	[ "$(json "$E2E_DIR/since_all.json" 'len(j)')/$(json "$E2E_DIR/since_none.json" 'len(j)')" = 3/0 ]
cli "$E2E_DIR/raw.json" orders "$ID" --json --raw --limit 1
check "--raw keeps CAP's record, __metadata and items included" \
	[ "$(json "$E2E_DIR/raw.json" '"__metadata" in j[0]["remote_data"] and len(j[0]["remote_data"]["to_PurchaseOrderItem"]["results"]) > 0')" = true ]
cli "$E2E_DIR/warn.txt" orders "$ID"
check "no warnings: every field CAP sends is read" [ ! -s "$E2E_DIR/warn.txt.err" ]
[ -s "$E2E_DIR/warn.txt.err" ] && sed 's/^/# /' "$E2E_DIR/warn.txt.err"

# The same CAP under 127.0.0.1: its __next names localhost, another host.
URL=http://127.0.0.1:$PORT
sap "$E2E_DIR/conn_ip.json" connect "$PW"
IP_ID=$(json "$E2E_DIR/conn_ip.json" 'j["connection"]["id"]')
cli "$E2E_DIR/ip.jsonl" orders "$IP_ID" --jsonl
check "typed as 127.0.0.1, CAP's __next to localhost is not followed: data.next_other_host (exit 7)" \
	[ "$CLI_RC" -eq 7 ] && grep -q "data.next_other_host" "$E2E_DIR/ip.jsonl.err"
finish
