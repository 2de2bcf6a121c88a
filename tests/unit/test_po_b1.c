/* The SAP Business One reader's parser, offline. */
#include "po_offline.h"
#include "t.h"

extern const struct reader reader_b1;

static const char page[] =
	"{\"odata.metadata\":\"x\",\"value\":[{\"DocEntry\":18,\"DocNum\":1002,\"DocDate\":\"2026-03-03\","
	"\"DocDueDate\":\"2026-03-03\",\"CardCode\":\"V10000\",\"CardName\":\"Globex Supplies\",\"DocTotal\":170.00,"
	"\"VatSum\":0.0,\"DocCurrency\":\"EUR\",\"DocumentStatus\":\"bost_Open\",\"Cancelled\":\"tNO\","
	"\"UpdateDate\":\"2026-03-05\",\"UpdateTime\":\"14:30:00\",\"DocumentLines\":[{\"LineNum\":0,\"ItemCode\":"
	"\"BOLT-M8\",\"ItemDescription\":\"Hex bolt M8\",\"Quantity\":200,\"Price\":0.25,\"LineTotal\":50.00,"
	"\"RemainingOpenQuantity\":0,\"MeasureUnit\":\"Unit\"},{\"LineNum\":1,\"ItemCode\":\"WASHER-8\",\"Quantity\":"
	"1000,\"Price\":0.12,\"LineTotal\":120.00,\"RemainingOpenQuantity\":1000}]},{\"DocEntry\":19,\"DocNum\":1003,"
	"\"DocumentStatus\":\"bost_Close\",\"Cancelled\":\"tYES\",\"DocumentLines\":[]}],"
	"\"odata.nextLink\":\"PurchaseOrders?$skip=20\"}";

static void page_to_orders(void)
{
	struct po_out o;
	po_out_start(&o, &reader_b1, false);
	CHECK(po_out_page(&o, page) == 0);
	CHECK(o.n == 2);
	CHECK(po_out_has(&o, "\"remote_id\":\"PurchaseOrders(18)\""));
	CHECK(po_out_has(&o, "\"number\":\"1002\""));
	CHECK(po_out_has(&o, "\"status\":\"partially_received\""));
	CHECK(po_out_has(&o, "\"updated_at\":\"2026-03-05T14:30:00Z\""));
	CHECK(po_out_has(&o, "\"number\":\"2\",\"item\":{\"code\":\"WASHER-8\""));
	CHECK(po_out_has(&o, "\"received_quantity\":\"200\""));
	CHECK(po_out_has(&o, "\"subtotal\":\"170.00\",\"tax\":\"0.00\",\"total\":\"170.00\""));
	CHECK(po_out_has(&o, "\"status\":\"cancelled\",\"remote_status\":\"bost_Close Cancelled=tYES\""));
	CHECK_STR(rd_next(o.rd), "PurchaseOrders?$skip=20");
	po_out_free(&o);
}

static void bad_pages(void)
{
	struct po_out o;
	po_out_start(&o, &reader_b1, false);
	CHECK(po_out_page(&o, "{\"value\":{}}") < 0);
	CHECK(po_out_page(&o, "{\"error\":{\"code\":301}}") < 0);
	CHECK(po_out_page(&o, "{\"value\":[{\"DocNum\":5,\"DocumentStatus\":\"bost_Weird\",\"DocTotal\":\"1e999\","
			      "\"DocumentLines\":[{\"LineNum\":\"x\",\"Quantity\":-3}]}]}") == 0);
	CHECK(o.n == 0 && po_out_warned(&o, "without a key"));
	CHECK(po_out_page(&o, "{\"value\":[{\"DocEntry\":1,\"DocumentStatus\":\"bost_Weird\",\"DocTotal\":\"1e999\","
			      "\"DocumentLines\":[{\"LineNum\":\"x\",\"Quantity\":-3}]}]}") == 0);
	CHECK(po_out_has(&o, "\"status\":\"unknown\"") && po_out_warned(&o, "unknown status \"bost_Weird\""));
	CHECK(po_out_warned(&o, "the total is not a number"));
	CHECK(po_out_has(&o, "\"quantity\":\"-3\""));
	po_out_free(&o);
}

T_SUITE(po_b1) = {
	{"page_to_orders", page_to_orders},
	{"bad_pages", bad_pages},
	{0},
};
