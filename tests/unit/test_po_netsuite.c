/* The NetSuite reader's parsers, offline: the list names one URL per id
 * (never the server's own links), records become unified orders. */
#include "po_offline.h"
#include "t.h"

extern const struct reader reader_netsuite;

static const char list_page[] =
	"{\"links\":[{\"rel\":\"next\",\"href\":\"https://x.example/services/rest/record/v1/purchaseOrder?limit=2&offset=2\"}],"
	"\"count\":3,\"hasMore\":true,\"items\":[{\"links\":[{\"rel\":\"self\",\"href\":\"https://evil.example/x\"}],"
	"\"id\":\"101\"},{\"id\":\"../etc\"},{\"id\":\"102\"}],\"offset\":0,\"totalResults\":5}";

static void list_names_ids(void)
{
	struct po_out o;
	po_out_start(&o, &reader_netsuite, false);
	CHECK(po_out_page(&o, list_page) == 0);
	CHECK(rd_offline_fetches(o.rd) == 2);
	CHECK_STR(rd_offline_fetch(o.rd, 0), "purchaseOrder/101?expandSubResources=true");
	CHECK_STR(rd_offline_fetch(o.rd, 1), "purchaseOrder/102?expandSubResources=true");
	CHECK(po_out_warned(&o, "without a record id"));
	CHECK(rd_next(o.rd) && strstr(rd_next(o.rd), "offset=2"));
	CHECK(po_out_page(&o, "{\"value\":[]}") < 0); /* not a collection */
	CHECK(po_out_page(&o, "<html>") < 0);
	po_out_free(&o);
}

static const char record[] =
	"{\"id\":\"102\",\"tranId\":\"PO-1002\",\"tranDate\":\"2026-03-03\",\"entity\":{\"id\":\"17\",\"refName\":"
	"\"Globex Supplies\"},\"currency\":{\"id\":\"1\",\"refName\":\"Euro\"},\"orderStatus\":{\"id\":\"D\",\"refName\":"
	"\"Partially Received\"},\"subtotal\":170.0,\"taxTotal\":0.0,\"total\":170.0,\"lastModifiedDate\":"
	"\"2026-03-05T14:30:00Z\",\"item\":{\"items\":[{\"line\":1,\"item\":{\"id\":\"501\",\"refName\":\"BOLT-M8\"},"
	"\"description\":\"Hex bolt M8\",\"quantity\":200.0,\"rate\":0.25,\"amount\":50.0,\"quantityReceived\":200.0,"
	"\"units\":\"Each\"},{\"line\":2,\"item\":{\"refName\":\"WASHER-8\"},\"description\":\"Washer 8 mm\","
	"\"quantity\":1000.0,\"rate\":0.12,\"amount\":120.0,\"quantityReceived\":0.0,\"units\":{\"refName\":\"Unit\"}}]}}";

static void record_to_order(void)
{
	struct po_out o;
	po_out_start(&o, &reader_netsuite, true);
	CHECK(po_out_item(&o, record) == 0);
	CHECK(o.n == 1);
	CHECK(po_out_has(&o, "\"number\":\"PO-1002\""));
	CHECK(po_out_has(&o, "\"status\":\"partially_received\",\"remote_status\":\"Partially Received\""));
	CHECK(po_out_has(&o, "\"currency\":\"EUR\""));
	CHECK(po_out_has(&o, "\"total\":\"170.00\""));
	CHECK(po_out_has(&o, "\"unit_price\":\"0.12\",\"amount\":\"120.00\""));
	CHECK(po_out_has(&o, "\"unit\":\"H87\""));
	CHECK(po_out_has(&o, "\"updated_at\":\"2026-03-05T14:30:00Z\""));
	CHECK(po_out_has(&o, "\"remote_data\":{\"id\":\"102\"")); /* --raw: as received, numbers as sent */
	CHECK(po_out_has(&o, "\"subtotal\":170.0,"));
	CHECK(o.nwarn == 0);
	po_out_free(&o);
}

/* Wrong types, an unknown currency name and letter: warnings, never a crash
 * or a wrong number; the exact digits of a huge total survive. */
static void bad_values(void)
{
	struct po_out o;
	po_out_start(&o, &reader_netsuite, false);
	CHECK(po_out_item(&o, "{\"id\":\"7\",\"tranId\":\"PO-7\",\"currency\":{\"refName\":\"Ducats\"},\"orderStatus\":"
			      "{\"id\":\"Z\"},\"total\":99999999999999.99,\"tranDate\":\"yesterday\",\"item\":{\"items\":"
			      "[{\"line\":1,\"quantity\":\"lots\",\"rate\":-1.5,\"amount\":{\"x\":1}}]}}") == 0);
	CHECK(po_out_has(&o, "\"total\":\"99999999999999.99\""));
	CHECK(po_out_has(&o, "\"status\":\"unknown\""));
	CHECK(po_out_has(&o, "\"currency\":null"));
	CHECK(po_out_has(&o, "\"unit_price\":\"-1.50\""));
	CHECK(po_out_warned(&o, "unknown currency \"Ducats\""));
	CHECK(po_out_warned(&o, "unknown status \"Z\""));
	CHECK(po_out_warned(&o, "a quantity is not a number"));
	CHECK(po_out_warned(&o, "\"yesterday\" is not a date"));
	CHECK(po_out_item(&o, "{\"tranId\":\"no id\"}") < 0);
	CHECK(po_out_item(&o, "[1,") < 0);
	po_out_free(&o);
}

T_SUITE(po_netsuite) = {
	{"list_names_ids", list_names_ids},
	{"record_to_order", record_to_order},
	{"bad_values", bad_values},
	{0},
};
