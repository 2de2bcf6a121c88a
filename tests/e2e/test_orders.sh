#!/bin/sh
# test_orders.sh: `onramp orders` end to end. The golden orders
# (tests/golden/purchase-orders.json) are read from a real Tryton (seeded by
# tests/servers/tryton_seed.py) and from the SAP S/4HANA and Business Central
# fixtures (tests/servers/po_fixture.py): every output validates against the
# JSON Schema and equals the golden orders apart from the fields that may
# differ (tests/e2e/po_check.py). Then paging, filters, --raw, stable ids,
# hostile servers (loops, another host, endless pages, HTML, cut-off JSON,
# wrong types, huge numbers, 403, 429, redirects), a system without a reader,
# secrets kept out of argv and traces, and flat memory at 1,000 and 10,000 orders.
. "$(dirname "$0")/lib.sh"
e2e_init

CHECK="$PY $ROOT/tests/e2e/po_check.py"
SAPPW=$(secret_file sap 'Fixture-Pa55!')
AADSEC=$(secret_file aad 'Fixture~Secret.1')
credits_pool 100000

po_fixture_needed
FX="http://127.0.0.1:$PO"

# conn NAME SYSTEM ARGS...: connects, keeps the id in $NAME.
conn() {
	c_name=$1
	shift
	cli "$E2E_DIR/conn.json" connect "$@" --json
	c_id=$(json "$E2E_DIR/conn.json" 'j["connection"]["id"]')
	eval "$c_name=\$c_id"
	[ "$CLI_RC" -eq 0 ] || { not_ok "connect $1 (exit $CLI_RC)"; sed 's/^/# /' "$E2E_DIR/conn.json"; }
}
sap_conn() { conn "$1" sap-s4hana-onprem --field url="$FX$2" --field client=100 --field username=ALICE \
	--secret password=@"$SAPPW"; }
bc_conn() { conn "$1" dynamics365-business-central --field tenant=contoso.onmicrosoft.com \
	--field environment=production --field client_id=aaaaaaaa-0000-0000-0000-000000000001 \
	--secret client_secret=@"$AADSEC" --field authority="$FX" --field api_base="$FX$2"; }

# golden NAME ID SOURCE: --json validates and equals the golden orders; --jsonl
# with pages of one order gives the same records, ids included.
golden() {
	cli "$E2E_DIR/$1.json" orders "$2" --json
	check "$1: orders --json exits 0" [ "$CLI_RC" -eq 0 ]
	check "$1: every record validates against the schema" $CHECK schema "$E2E_DIR/$1.json"
	check "$1: the golden orders, identical" $CHECK golden "$3" "$E2E_DIR/$1.json"
	cli "$E2E_DIR/$1.jsonl" orders "$2" --jsonl --page-size 1
	check "$1: pages of one give the same records and ids" $CHECK same "$E2E_DIR/$1.json" "$E2E_DIR/$1.jsonl"
}

# ---- the golden test ----------------------------------------------------------
if [ -n "${ONRAMP_T_TRYTON:-}" ] && [ -n "${ONRAMP_T_TRYTON_PASSWORD:-}" ]; then
	TRPW=$(secret_file tryton "$ONRAMP_T_TRYTON_PASSWORD")
	tryton_seed >"$E2E_DIR/seed.out"
	check "the Tryton seed puts the golden orders in" grep -Eq "seeded 3 orders|already seeded" "$E2E_DIR/seed.out"
	conn TR tryton --field url="http://127.0.0.1:$ONRAMP_T_TRYTON" --field database=onramp_test \
		--field username=admin --secret password=@"$TRPW"
	golden tryton "$TR" tryton
	# write_date (or create_date) >= T, as a datetime object trytond decodes
	cli "$E2E_DIR/tr_since_all.json" orders "$TR" --json --since 2020-01-01
	cli "$E2E_DIR/tr_since_none.json" orders "$TR" --json --since 2999-01-01T00:00:00Z
	check "tryton --since: all changed since 2020, none since 2999" \
		[ "$(json "$E2E_DIR/tr_since_all.json" 'len(j)')/$(json "$E2E_DIR/tr_since_none.json" 'len(j)')" = 3/0 ]
else
	ok "# SKIP Tryton part: no Tryton server (ONRAMP_NO_TRYTON)"
fi
sap_conn SAP ""
golden sap "$SAP" sap
bc_conn BC ""
golden bc "$BC" bc

# ---- the table, filters, --raw, ids -------------------------------------------
cli "$E2E_DIR/table.txt" orders "$SAP"
check "the table has a header and one row an order" [ "$(grep -c '^PO-100[123] ' "$E2E_DIR/table.txt")" -eq 3 ]
check "the table shows number, supplier, status, total, currency, date" \
	grep -Eq '^PO-1002 +Globex Supplies +partially_received +170.00 +EUR +2026-03-03' "$E2E_DIR/table.txt"
LOG_BEFORE=$(wc -l <"$E2E_DIR/po_fixture.log")
cli "$E2E_DIR/st.jsonl" orders "$BC" --jsonl --status partially_received
check "bc: the company comes from the sign-in's companies answer, not a second request" \
	[ "$(tail -n +"$((LOG_BEFORE + 1))" "$E2E_DIR/po_fixture.log" | grep -c '/api/v2.0/companies[?"]')" -eq 1 ]
check "--status keeps only that status" [ "$($PY -c 'import json,sys;print(" ".join(json.loads(l)["number"] + ":" + json.loads(l)["status"] for l in open(sys.argv[1])))' "$E2E_DIR/st.jsonl")" = PO-1002:partially_received ]
LOG_BEFORE=$(wc -l <"$E2E_DIR/po_fixture.log")
cli "$E2E_DIR/lim.jsonl" orders "$SAP" --jsonl --limit 2 --page-size 1
check "--limit 2 gives two orders" [ "$(wc -l <"$E2E_DIR/lim.jsonl")" -eq 2 ]
check "--limit stops reading: no third page asked for" \
	[ "$(tail -n +"$((LOG_BEFORE + 1))" "$E2E_DIR/po_fixture.log" | grep -c 'skip=2')" -eq 0 ]
cli "$E2E_DIR/since.json" orders "$SAP" --json --since 2026-04-01
check "--since after every change: an empty list" [ "$(json "$E2E_DIR/since.json" 'len(j)')" = 0 ]
check "--since is sent as SAP's \$filter on LastChangeDateTime" \
	grep -q "LastChangeDateTime%20ge%20datetimeoffset%272026-04-01T00:00:00Z%27" "$E2E_DIR/po_fixture.log"
cli "$E2E_DIR/bc_since.json" orders "$BC" --json --since 2026-04-01
check "bc --since: \$filter on lastModifiedDateTime, nothing newer" [ "$(json "$E2E_DIR/bc_since.json" 'len(j)')" = 0 ] && \
	grep -q 'lastModifiedDateTime%20ge%202026-04-01T00:00:00Z' "$E2E_DIR/po_fixture.log"
cli "$E2E_DIR/bad_since.out" orders "$SAP" --since yesterday
check "--since yesterday is a usage error (exit 2)" [ "$CLI_RC" -eq 2 ]
cli "$E2E_DIR/raw.json" orders "$BC" --json --raw
check "--raw adds remote_data, numbers digit for digit" \
	grep -q '"directUnitCost":0.25' "$E2E_DIR/raw.json"
check "--raw output still validates" $CHECK schema "$E2E_DIR/raw.json"
check "without --raw there is no remote_data" [ "$(grep -c remote_data "$E2E_DIR/bc.json")" -eq 0 ]
cli "$E2E_DIR/sap2.json" orders "$SAP" --json
check "ids are stable across reads" $CHECK same "$E2E_DIR/sap.json" "$E2E_DIR/sap2.json"

# ---- hostile servers ---------------------------------------------------------
# bad CASE SYSTEM CODE DESC: that case's read fails with CODE (exit 7).
bad() {
	"${2}_conn" BADC "/case/$1"
	cli "$E2E_DIR/bad_$1_$2.out" orders "$BADC" --jsonl
	check "$2 $1: $4 (exit 7, $3)" [ "$CLI_RC" -eq 7 ] && grep -q "code $3)" "$E2E_DIR/bad_$1_$2.out.err"
}
for s in sap bc; do
	bad loop "$s" data.page_loop "a next link back to the same page stops"
	bad otherhost "$s" data.next_other_host "a next link to another host is not followed"
	bad endless "$s" data.no_progress "pages that only repeat orders stop"
	bad html "$s" data.html "an HTML page is reported as one"
	bad malformed "$s" data.bad_page "a cut-off page is reported"
	bad redirect "$s" data.redirect "a redirect is not followed"
	bad forbidden "$s" data.forbidden "403 on the orders"
done
check "the other host was never asked" [ "$(cat "${ONRAMP_T_OTHER_LOG:-/dev/null}" 2>/dev/null | grep -c 'A_PurchaseOrder\|purchaseOrders')" -eq 0 ]
check "403: signed in, but may not read purchase orders" \
	grep -q "Signed in, but this user may not read purchase orders" "$E2E_DIR/bad_forbidden_sap.out.err"
check "403 on SAP names the service to authorise" grep -q "API_PURCHASEORDER_PROCESS_SRV" "$E2E_DIR/bad_forbidden_sap.out.err"
check "the records before a loop were still written" [ "$(wc -l <"$E2E_DIR/bad_loop_sap.out")" -eq 2 ]

# wrong types, huge numbers, a negative quantity, unknown codes, a repeated order
for s in sap bc; do
	"${s}_conn" BADF /case/badfields
	[ "$s" = sap ] && BADF_SAP=$BADF
	cli "$E2E_DIR/badf_$s.jsonl" orders "$BADF" --jsonl --page-size 2
	E="$E2E_DIR/badf_$s.jsonl.err"
	check "$s badfields: still exit 0" [ "$CLI_RC" -eq 0 ]
	check "$s badfields: every record validates" $CHECK schema "$E2E_DIR/badf_$s.jsonl"
	check "$s badfields: unknown currency -> null + warning" grep -q 'warning: PO-1001: unknown currency "XYZ"' "$E"
	check "$s badfields: unknown unit -> warning" grep -q 'unknown unit "ZZZ"' "$E"
	check "$s badfields: a quantity of the wrong type -> warning" grep -qi 'PO-1001: .*quantity is not a number' "$E"
	check "$s badfields: 31 digits -> left empty, with a warning" grep -Eq 'PO-1002: [A-Za-z]+ is (too large|not a number)' "$E"
	check "$s badfields: negative quantity -> warning, value kept" grep -q 'PO-1002: negative' "$E"
	check "$s badfields: the same order on two pages is written once" \
		[ "$(grep -c '"number":"PO-1002"' "$E2E_DIR/badf_$s.jsonl")" -eq 1 ] && grep -q 'came on two pages' "$E"
	check "$s badfields: unknown status -> unknown, raw kept" \
		[ "$(head -n 1 "$E2E_DIR/badf_$s.jsonl" | $PY -c 'import json,sys;o=json.load(sys.stdin);print(o["status"], o["currency"], o["remote_status"] not in (None, ""))')" = "unknown None True" ]
done
check "sap badfields: 99999999999999.99 comes back exact" grep -q '"amount":"99999999999999.99"' "$E2E_DIR/badf_sap.jsonl"
cli "$E2E_DIR/badf_table.out" orders "$BADF_SAP" --page-size 2
check "the orders table shows a supplier name without the server's escape sequences" \
	sh -c "grep -q 'PO-1003' '$E2E_DIR/badf_table.out' && ! grep -q \"$(printf '\033')\" '$E2E_DIR/badf_table.out' && ! grep -q \"$(printf '\007')\" '$E2E_DIR/badf_table.out'"
check "bc badfields: 99999999999999.99 comes back exact" grep -q '"subtotal":"99999999999999.99"' "$E2E_DIR/badf_bc.jsonl"
check "sap badfields: the negative quantity is kept" grep -q '"quantity":"-5"' "$E2E_DIR/badf_sap.jsonl"

sap_conn RL /case/ratelimit
cli "$E2E_DIR/rl.json" orders "$RL" --json
check "429 with Retry-After: waited, then read all" [ "$CLI_RC" -eq 0 ] && [ "$(json "$E2E_DIR/rl.json" 'len(j)')" = 3 ]

# ---- no reader, disconnected, secrets ---------------------------------------
UKPW=$(secret_file upkeep 'UpKeep-Pa55!')
conn ST upkeep --field email=alice@example.com --field api_base="$FX" --secret password=@"$UKPW"
cli "$E2E_DIR/noreader.json" orders "$ST" --json
check "a system without a reader: exit 3, data.no_reader" [ "$CLI_RC" -eq 3 ] && \
	[ "$(json "$E2E_DIR/noreader.json" 'j["error"]["code"]')" = data.no_reader ]
check "... in plain words" grep -q "can't read purchase orders from UpKeep yet" "$E2E_DIR/noreader.json"

# Before connecting, the catalog says what each system can be read as: the
# models list of systems --json and the table's MODELS column come from
# the reader registry (core/data/registry.c), the systems above included.
cli "$E2E_DIR/models.json" systems --json
check "systems --json: models [\"purchase_order\"] for exactly the twelve systems the readers serve" \
	[ "$(json "$E2E_DIR/models.json" '" ".join(sorted(e["id"] for e in j if e["models"] == ["purchase_order"]))')" = \
	"acumatica dynamics365-business-central dynamics365-finance-operations erpnext ibm-maximo netsuite odoo oracle-fusion-erp sap-business-one sap-s4hana-cloud sap-s4hana-onprem tryton" ]
check "... and [] for every other entry (upkeep among them)" \
	[ "$(json "$E2E_DIR/models.json" 'all(e["models"] in ([], ["purchase_order"]) for e in j) and [e["models"] for e in j if e["id"] == "upkeep"] == [[]]')" = true ]
cli "$E2E_DIR/models.txt" systems tryton --limit 1
check "the systems table has a MODELS column: purchase_order for Tryton" \
	sh -c 'head -n 1 "$1" | grep -q "CATEGORY  *MODELS\$" && sed -n 2p "$1" | grep -q "^tryton .* purchase_order\$"' _ "$E2E_DIR/models.txt"
cli "$E2E_DIR/models2.txt" systems upkeep --limit 1
check "... and - for a system onramp reads nothing from (UpKeep)" sh -c 'sed -n 2p "$1" | grep -q "^upkeep .* -\$"' _ "$E2E_DIR/models2.txt"
cli "$E2E_DIR/trace.jsonl" orders "$SAP" --jsonl --trace "$E2E_DIR/orders.trace"
check "a trace was written" [ -s "$E2E_DIR/orders.trace" ]
check "the password is not in the trace" [ "$(grep -c 'Fixture-Pa55' "$E2E_DIR/orders.trace")" -eq 0 ]
check "the password was sent (basic auth, in the fixture's log)" grep -q 'Basic QUxJQ0U6Rml4dHVyZS1QYTU1IQ==' "$E2E_DIR/po_fixture.log"
cli "$E2E_DIR/disc.out" disconnect "$BADF"
cli "$E2E_DIR/disc.json" orders "$BADF" --json
check "a disconnected connection is not read (exit 8, store.disconnected)" [ "$CLI_RC" -eq 8 ] && \
	[ "$(json "$E2E_DIR/disc.json" 'j["error"]["code"]')" = store.disconnected ]
cli "$E2E_DIR/usage.out" orders
check "no id: usage (exit 2)" [ "$CLI_RC" -eq 2 ]

# ---- memory: streaming, the same peak at 1,000 and 10,000 orders -------------
# (ASan keeps freed memory in quarantine: shrink it so RSS shows what is live)
peak() {
	sap_conn BIG "/case/n$1"
	ASAN_OPTIONS="detect_leaks=0:quarantine_size_mb=1:malloc_context_size=2" $PY -c '
import resource, subprocess, sys
with open("/dev/null", "w") as null:
    rc = subprocess.call(sys.argv[1:], stdout=null)
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
		env -i PATH=/usr/bin:/bin HOME="$HOME" ${ONRAMP_DATABASE:+"ONRAMP_DATABASE=$ONRAMP_DATABASE"} XDG_CONFIG_HOME="$XDG_CONFIG_HOME" XDG_DATA_HOME="$XDG_DATA_HOME" \
		ASAN_OPTIONS="detect_leaks=0:quarantine_size_mb=1:malloc_context_size=2" \
		"$ONRAMP_BIN" orders "$BIG" --jsonl
}
set -- $(peak 1000)
RC1=$1 KB1=$2
set -- $(peak 10000)
RC10=$1 KB10=$2
note "peak RSS: 1,000 orders $KB1 KiB, 10,000 orders $KB10 KiB (sanitizer build)"
check "1,000 and 10,000 orders read" [ "$RC1" -eq 0 ] && [ "$RC10" -eq 0 ]
check "peak RSS at 10,000 orders within 15% (+2 MiB) of 1,000" [ "$KB10" -le $((KB1 * 115 / 100 + 2048)) ]

finish
