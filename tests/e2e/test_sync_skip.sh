#!/bin/sh
# test_sync_skip.sh: a sync skips the Business Central orders it already
# stored from the same bytes (core/data/src_page.c, core/sync/src.c),
# through the PO fixture's generated set of 250 orders (3 pages): the
# re-read builds none of them, a full run of them deletes none, each page
# is asked for once although the next one is asked for before the orders
# are hashed, and another connection to the same orders skips nothing
# (its hashes have its own key). Changes are test_sync.sh's (real Tryton).
. "$(dirname "$0")/lib.sh"
e2e_init

AADSEC=$(secret_file aad 'Fixture~Secret.1')
credits_pool 100
po_fixture_needed
FX="http://127.0.0.1:$PO"
LOG="$E2E_DIR/po_fixture.log"
DB="$XDG_DATA_HOME/onramp/onramp.db"

bc_conn() {
	cli "$E2E_DIR/conn.json" connect dynamics365-business-central --field tenant=contoso.onmicrosoft.com \
		--field environment=production --field client_id=aaaaaaaa-0000-0000-0000-000000000001 \
		--secret client_secret=@"$AADSEC" --field authority="$FX" --field api_base="$FX/case/n250" --json
	json "$E2E_DIR/conn.json" 'j["connection"]["id"]'
}
# counts RUN.json: (added, updated, deleted, skipped, pages)
counts() { json "$E2E_DIR/$1.json" '(j["added"], j["updated"], j["deleted"], j["skipped"], j["pages"])'; }
# order_pages FROM: the order pages asked for since log line FROM
order_pages() { tail -n +"$(($1 + 1))" "$LOG" | grep -c purchaseOrders; }

ID=$(bc_conn)
check "connect Business Central (the fixture)" [ -n "$ID" ]
cli "$E2E_DIR/s1.json" sync "$ID" --json
check "the first sync adds the 250 orders, skips none" [ "$(counts s1)" = "[250, 0, 0, 0, 3]" ]
from=$(wc -l <"$LOG")
cli "$E2E_DIR/s2.json" sync "$ID" --json
check "re-reading them: all 250 skipped by their bytes, nothing written" [ "$(counts s2)" = "[0, 0, 0, 250, 3]" ]
check "... each of the 3 pages asked for once" [ "$(order_pages "$from")" = 3 ]
cli "$E2E_DIR/s3.json" sync "$ID" --full --json
check "a full run of them: all skipped, none marked deleted" [ "$(counts s3)" = "[0, 0, 0, 250, 3]" ]
cli "$E2E_DIR/h.json" history "$ID" --changes --json
check "the history has the 250 additions only" [ "$(json "$E2E_DIR/h.json" 'len(j)')" = 250 ]
ID2=$(bc_conn)
cli "$E2E_DIR/t1.json" sync "$ID2" --json
check "another connection to the same orders skips nothing: its own key" [ "$(counts t1)" = "[250, 0, 0, 0, 3]" ]
check "... so its hashes differ from the first one's" [ "$(store_sql "SELECT count(*) FROM records a JOIN records b \
ON a.src_hash = b.src_hash WHERE a.conn_id = '$ID' AND b.conn_id = '$ID2'")" = 0 ]
finish
