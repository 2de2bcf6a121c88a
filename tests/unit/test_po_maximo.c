/* The Maximo reader's parser, offline: statuses mapped on their internal
 * value, whatever the site calls them. */
#include "po_offline.h"
#include "t.h"

extern const struct reader reader_maximo;

static const char page[] =
	"{\"member\":[{\"ponum\":\"PO-1003\",\"revisionnum\":0,\"siteid\":\"BEDFORD\",\"status\":\"CANCELLED\","
	"\"status_maxvalue\":\"CAN\",\"vendor\":\"GLOBEX\",\"companies\":{\"name\":\"Globex Supplies\"},"
	"\"currencycode\":\"EUR\",\"totalcost\":35.0,\"totaltax1\":0.0,\"totaltax2\":1.5,\"orderdate\":"
	"\"2026-03-04T00:00:00+05:30\",\"changedate\":\"2026-03-04T16:00:00+05:30\",\"poline\":[{\"polinenum\":1,"
	"\"itemnum\":\"GASKET-50\",\"description\":\"Gasket 50 mm\",\"orderqty\":10,\"orderunit\":\"EACH\","
	"\"unitcost\":3.5,\"linecost\":35.0,\"receivedqty\":0}]},{\"ponum\":\"PO-1002\",\"siteid\":\"BEDFORD\","
	"\"status\":\"APPR\",\"status_maxvalue\":\"APPR\",\"receipts\":\"PARTIAL\",\"poline\":[]}],"
	"\"responseInfo\":{\"nextPage\":{\"href\":\"https://x.example/maximo/api/os/mxapipo?pageno=2\"}}}";

static void page_to_orders(void)
{
	struct po_out o;
	po_out_start(&o, &reader_maximo, false);
	CHECK(po_out_page(&o, page) == 0);
	CHECK(o.n == 2);
	CHECK(po_out_has(&o, "\"remote_id\":\"BEDFORD/PO-1003/0\""));
	CHECK(po_out_has(&o, "\"status\":\"cancelled\",\"remote_status\":\"CANCELLED\""));
	CHECK(po_out_has(&o, "\"order_date\":\"2026-03-04\""));
	CHECK(po_out_has(&o, "\"updated_at\":\"2026-03-04T10:30:00Z\""));
	CHECK(po_out_has(&o, "\"subtotal\":\"35.00\",\"tax\":\"1.50\",\"total\":\"36.50\""));
	CHECK(po_out_has(&o, "\"supplier\":{\"remote_id\":\"GLOBEX\",\"name\":\"Globex Supplies\"}"));
	CHECK(po_out_has(&o, "\"status\":\"partially_received\",\"remote_status\":\"APPR\""));
	CHECK(rd_next(o.rd) && strstr(rd_next(o.rd), "pageno=2"));
	po_out_free(&o);
}

static void bad_pages(void)
{
	struct po_out o;
	po_out_start(&o, &reader_maximo, false);
	CHECK(po_out_page(&o, "{\"Error\":{\"reasonCode\":\"BMXAA9051E\"}}") < 0);
	CHECK(po_out_page(&o, "{\"member\":[{\"ponum\":\"X\",\"status\":\"ODD\",\"totaltax1\":\"n/a\"}]}") == 0);
	CHECK(po_out_warned(&o, "unknown status \"ODD\"") && po_out_warned(&o, "totaltax1 is not a number"));
	po_out_free(&o);
}

T_SUITE(po_maximo) = {
	{"page_to_orders", page_to_orders},
	{"bad_pages", bad_pages},
	{0},
};
