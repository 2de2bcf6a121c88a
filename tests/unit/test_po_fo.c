/* The Dynamics 365 F&O reader's parser, offline: a page of headers waits
 * for its lines; prices per N units; 1900-01-01 is no date. */
#include "po_offline.h"
#include "t.h"

extern const struct reader reader_fo;

static const char headers[] =
	"{\"@odata.context\":\"x\",\"value\":[{\"dataAreaId\":\"usmf\",\"PurchaseOrderNumber\":\"PO-1002\","
	"\"OrderVendorAccountNumber\":\"US-104\",\"PurchaseOrderName\":\"Globex Supplies\",\"PurchaseOrderStatus\":"
	"\"Backorder\",\"DocumentApprovalStatus\":\"Confirmed\",\"CurrencyCode\":\"EUR\",\"AccountingDate\":"
	"\"2026-03-03T12:00:00Z\",\"RequestedDeliveryDate\":\"1900-01-01T12:00:00Z\"},{\"dataAreaId\":\"usmf\","
	"\"PurchaseOrderNumber\":\"PO-1003\",\"PurchaseOrderStatus\":\"Canceled\",\"DocumentApprovalStatus\":"
	"\"Confirmed\"}],\"@odata.nextLink\":\"https://x.example/data/PurchaseOrderHeadersV2?$skip=2\"}";
static const char lines[] =
	"{\"value\":[{\"dataAreaId\":\"USMF\",\"PurchaseOrderNumber\":\"PO-1002\",\"LineNumber\":2,\"ItemNumber\":"
	"\"WASHER-8\",\"LineDescription\":\"Washer 8 mm\",\"OrderedPurchaseQuantity\":1000,\"PurchaseUnitSymbol\":"
	"\"ea\",\"PurchasePrice\":1.20,\"PurchasePriceQuantity\":10,\"LineAmount\":120.00,\"PurchaseOrderLineStatus\":"
	"\"Backorder\"},{\"dataAreaId\":\"usmf\",\"PurchaseOrderNumber\":\"PO-1002\",\"LineNumber\":1,\"ItemNumber\":"
	"\"BOLT-M8\",\"OrderedPurchaseQuantity\":200,\"PurchasePrice\":0.25,\"LineAmount\":50.00,"
	"\"PurchaseOrderLineStatus\":\"Received\"}]}";

static void headers_then_lines(void)
{
	struct po_out o;
	po_out_start(&o, &reader_fo, false);
	CHECK(po_out_page(&o, headers) == 0);
	CHECK(o.n == 0 && rd_next(o.rd) == NULL); /* the headers' next link waits for the lines */
	CHECK(po_out_page(&o, lines) == 0);
	CHECK(o.n == 2);
	CHECK(po_out_has(&o, "\"remote_id\":\"usmf/PO-1002\""));
	CHECK(po_out_has(&o, "\"status\":\"partially_received\",\"remote_status\":\"Backorder/Confirmed\""));
	CHECK(po_out_has(&o, "\"order_date\":\"2026-03-03\",\"expected_date\":null"));
	CHECK(po_out_has(&o, "\"unit_price\":\"0.12\",\"amount\":\"120.00\",\"received_quantity\":null"));
	CHECK(po_out_has(&o, "\"quantity\":\"200\",\"unit\":null,\"unit_price\":\"0.25\",\"amount\":\"50.00\","
			     "\"received_quantity\":\"200\""));
	CHECK(po_out_has(&o, "\"subtotal\":\"170.00\",\"tax\":null,\"total\":\"170.00\""));
	CHECK(po_out_has(&o, "\"number\":\"PO-1003\"") && po_out_has(&o, "\"status\":\"cancelled\""));
	po_out_free(&o);
}

static void bad_pages(void)
{
	struct po_out o;
	po_out_start(&o, &reader_fo, false);
	CHECK(po_out_page(&o, "{\"error\":{\"code\":\"\",\"message\":\"x\"}}") < 0);
	CHECK(po_out_page(&o, "{\"value\":[{\"dataAreaId\":\"x\",\"PurchaseOrderNumber\":\"A\",\"DocumentApprovalStatus\":\"Odd\"}]}") == 0);
	CHECK(po_out_page(&o, "{\"value\":[{\"dataAreaId\":\"x\",\"PurchaseOrderNumber\":\"A\",\"PurchasePrice\":\"abc\","
			      "\"PurchasePriceQuantity\":0}]}") == 0);
	CHECK(po_out_warned(&o, "unknown status \"Odd\""));
	CHECK(po_out_warned(&o, "a price is not a number"));
	po_out_free(&o);
}

T_SUITE(po_fo) = {
	{"headers_then_lines", headers_then_lines},
	{"bad_pages", bad_pages},
	{0},
};
