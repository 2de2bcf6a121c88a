/* The Oracle Fusion reader's parser, offline: receipts and dates from the
 * schedules, paging by hasMore. */
#include "po_offline.h"
#include "t.h"

extern const struct reader reader_oracle;

static const char page[] =
	"{\"items\":[{\"POHeaderId\":300000001002,\"OrderNumber\":\"PO-1002\",\"StatusCode\":\"OPEN\",\"SupplierId\":"
	"300000047507499,\"Supplier\":\"Globex Supplies\",\"CurrencyCode\":\"EUR\",\"OrderDate\":\"2026-03-03\","
	"\"Ordered\":170.00,\"TotalTax\":0,\"Total\":170.00,\"CreationDate\":\"2026-03-03T09:00:00+00:00\","
	"\"lines\":[{\"POLineId\":1,\"LineNumber\":1,\"Item\":\"BOLT-M8\",\"Description\":\"Hex bolt M8\",\"Quantity\":"
	"200,\"UOM\":\"Each\",\"Price\":0.25,\"Ordered\":50.00,\"schedules\":[{\"Quantity\":150,\"QuantityReceived\":150,"
	"\"RequestedDeliveryDate\":\"2026-03-20\"},{\"Quantity\":50,\"QuantityReceived\":50,\"RequestedDeliveryDate\":"
	"\"2026-03-17\"}]},{\"POLineId\":2,\"LineNumber\":2,\"Quantity\":1000,\"Price\":0.12,\"Ordered\":120.00,"
	"\"schedules\":[{\"QuantityReceived\":0}]}]}],\"count\":1,\"hasMore\":true,\"limit\":2,\"offset\":0}";

static void page_to_orders(void)
{
	struct po_out o;
	po_out_start(&o, &reader_oracle, false);
	CHECK(po_out_page(&o, page) == 0);
	CHECK(o.n == 1);
	CHECK(po_out_has(&o, "\"status\":\"partially_received\",\"remote_status\":\"OPEN\""));
	CHECK(po_out_has(&o, "\"order_date\":\"2026-03-03\",\"expected_date\":\"2026-03-17\""));
	CHECK(po_out_has(&o, "\"unit\":\"H87\",\"unit_price\":\"0.25\",\"amount\":\"50.00\",\"received_quantity\":\"200\""));
	CHECK(po_out_has(&o, "\"created_at\":\"2026-03-03T09:00:00Z\""));
	CHECK(po_out_page(&o, "{\"items\":[],\"hasMore\":false}") == 0);
	po_out_free(&o);
}

static void bad_pages(void)
{
	struct po_out o;
	po_out_start(&o, &reader_oracle, false);
	CHECK(po_out_page(&o, "{\"title\":\"Forbidden\"}") < 0);
	CHECK(po_out_page(&o, "{\"items\":[{\"POHeaderId\":1,\"StatusCode\":\"LOST\",\"lines\":[{\"schedules\":"
			      "[{\"QuantityReceived\":\"many\"}]}]}]}") == 0);
	CHECK(po_out_warned(&o, "unknown status \"LOST\"") && po_out_warned(&o, "a received quantity is not a number"));
	po_out_free(&o);
}

T_SUITE(po_oracle) = {
	{"page_to_orders", page_to_orders},
	{"bad_pages", bad_pages},
	{0},
};
