/* The ERPNext reader's parsers, offline: names become safe URLs, documents
 * become unified orders. */
#include "po_offline.h"
#include "t.h"

extern const struct reader reader_erpnext;

static void names_to_urls(void)
{
	struct po_out o;
	po_out_start(&o, &reader_erpnext, false);
	CHECK(po_out_page(&o, "{\"data\":[{\"name\":\"PO-1001\"},{\"name\":\"../../method/x?y=1\"},{\"nope\":1}]}") == 0);
	CHECK(rd_offline_fetches(o.rd) == 2);
	CHECK_STR(rd_offline_fetch(o.rd, 0), "Purchase%20Order/PO-1001");
	CHECK_STR(rd_offline_fetch(o.rd, 1), "Purchase%20Order/..%2F..%2Fmethod%2Fx%3Fy%3D1");
	CHECK(po_out_warned(&o, "without a usable name"));
	CHECK(po_out_page(&o, "{\"message\":\"x\"}") < 0);
	po_out_free(&o);
}

static void document_to_order(void)
{
	struct po_out o;
	po_out_start(&o, &reader_erpnext, false);
	CHECK(po_out_item(&o, "{\"data\":{\"name\":\"PO-1002\",\"docstatus\":1,\"status\":\"To Receive and Bill\","
			      "\"supplier\":\"SUP-1\",\"supplier_name\":\"Globex Supplies\",\"transaction_date\":\"2026-03-03\","
			      "\"currency\":\"EUR\",\"net_total\":170.0,\"total_taxes_and_charges\":0.0,\"grand_total\":170.0,"
			      "\"modified\":\"2026-03-05 14:30:00.674963\",\"items\":[{\"idx\":1,\"item_code\":\"BOLT-M8\","
			      "\"item_name\":\"Hex bolt M8\",\"qty\":200,\"uom\":\"Nos\",\"rate\":0.25,\"amount\":50.0,"
			      "\"received_qty\":200},{\"idx\":2,\"qty\":1000,\"rate\":0.12,\"amount\":120.0,"
			      "\"received_qty\":0}]}}") == 0);
	CHECK(po_out_has(&o, "\"status\":\"partially_received\",\"remote_status\":\"To Receive and Bill\""));
	CHECK(po_out_has(&o, "\"updated_at\":\"2026-03-05T14:30:00Z\""));
	CHECK(po_out_has(&o, "\"unit\":\"H87\""));
	CHECK(po_out_has(&o, "\"subtotal\":\"170.00\",\"tax\":\"0.00\",\"total\":\"170.00\""));
	CHECK(po_out_item(&o, "{\"data\":{\"name\":\"PO-9\",\"docstatus\":2,\"status\":\"Cancelled\"}}") == 0);
	CHECK(po_out_has(&o, "\"status\":\"cancelled\""));
	CHECK(po_out_item(&o, "{\"data\":[]}") < 0);
	po_out_free(&o);
}

T_SUITE(po_erpnext) = {
	{"names_to_urls", names_to_urls},
	{"document_to_order", document_to_order},
	{0},
};
