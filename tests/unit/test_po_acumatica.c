/* The Acumatica reader's parsers, offline: a page waits for the names of
 * its vendors, each asked for once. */
#include "po_offline.h"
#include "t.h"

extern const struct reader reader_acumatica;

static const char page[] =
	"[{\"id\":\"5c0d\",\"OrderNbr\":{\"value\":\"PO-1001\"},\"Status\":{\"value\":\"On Hold\"},\"VendorID\":"
	"{\"value\":\"V17\"},\"Date\":{\"value\":\"2026-03-02T00:00:00+00:00\"},\"CurrencyID\":{\"value\":\"EUR\"},"
	"\"OrderTotal\":{\"value\":25.0},\"TaxTotal\":{\"value\":0.0},\"Details\":[{\"id\":\"9e3f\",\"LineNbr\":"
	"{\"value\":1},\"InventoryID\":{\"value\":\"BOLT-M8\"},\"LineDescription\":{\"value\":\"Hex bolt M8\"},"
	"\"OrderQty\":{\"value\":100},\"UOM\":{\"value\":\"EA\"},\"UnitCost\":{\"value\":0.25},\"ExtendedCost\":"
	"{\"value\":25.0},\"QtyOnReceipts\":{\"value\":0}}]},{\"id\":\"5c0e\",\"OrderNbr\":{\"value\":\"PO-1002\"},"
	"\"Status\":{\"value\":\"Canceled\"},\"VendorID\":{\"value\":\"V17\"},\"Details\":[]},{\"id\":\"5c0f\","
	"\"VendorID\":{\"value\":\"../x\"},\"Status\":{\"value\":\"Open\"}}]";

static void vendors_once(void)
{
	struct po_out o;
	po_out_start(&o, &reader_acumatica, false);
	CHECK(po_out_page(&o, page) == 0);
	CHECK(o.n == 0 && rd_offline_fetches(o.rd) == 1); /* V17 once; "../x" never */
	CHECK_STR(rd_offline_fetch(o.rd, 0), "Vendor/V17?$select=VendorID,VendorName");
	CHECK(po_out_item(&o, "{\"VendorID\":{\"value\":\"V17\"},\"VendorName\":{\"value\":\"Globex Supplies\"}}") == 0);
	CHECK(o.n == 3);
	CHECK(po_out_has(&o, "\"supplier\":{\"remote_id\":\"V17\",\"name\":\"Globex Supplies\"},\"status\":\"draft\""));
	CHECK(po_out_has(&o, "\"status\":\"cancelled\",\"remote_status\":\"Canceled\""));
	CHECK(po_out_has(&o, "\"subtotal\":\"25.00\",\"tax\":\"0.00\",\"total\":\"25.00\""));
	CHECK(po_out_has(&o, "\"unit\":\"H87\""));
	po_out_free(&o);
}

static void bad_pages(void)
{
	struct po_out o;
	po_out_start(&o, &reader_acumatica, false);
	CHECK(po_out_page(&o, "{\"message\":\"Authorization has been denied for this request.\"}") < 0);
	CHECK(po_out_page(&o, "[{\"id\":\"1\",\"Status\":{\"value\":\"Weird\"},\"OrderTotal\":{\"value\":\"x\"}}]") == 0);
	CHECK(po_out_warned(&o, "unknown status \"Weird\"") && po_out_warned(&o, "the order total is not a number"));
	po_out_free(&o);
}

T_SUITE(po_acumatica) = {
	{"vendors_once", vendors_once},
	{"bad_pages", bad_pages},
	{0},
};
