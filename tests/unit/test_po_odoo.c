/* The Odoo reader's parser, offline: a page of orders waits for the page of
 * their lines, then both become unified orders. */
#include "po_offline.h"
#include "t.h"

extern const struct reader reader_odoo;

static const char orders[] =
	"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"id\":2,\"name\":\"PO-1002\",\"partner_id\":[7,\"Globex Supplies\"],"
	"\"currency_id\":[1,\"EUR\"],\"state\":\"purchase\",\"receipt_status\":\"partial\",\"date_order\":"
	"\"2026-03-03 00:00:00\",\"date_planned\":false,\"amount_untaxed\":170.00,\"amount_tax\":0.0,\"amount_total\":"
	"170.00,\"write_date\":\"2026-03-05 14:30:00\"},{\"id\":\"2; drop\",\"name\":\"bad\"}]}";
static const char lines[] =
	"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"id\":201,\"order_id\":[2,\"PO-1002\"],\"sequence\":10,\"name\":"
	"\"[BOLT-M8] Hex bolt M8\",\"product_id\":[41,\"[BOLT-M8] Hex bolt M8\"],\"product_qty\":200,\"product_uom\":"
	"[1,\"Units\"],\"price_unit\":0.25,\"price_subtotal\":50.00,\"qty_received\":200},{\"id\":202,\"order_id\":"
	"[2,\"PO-1002\"],\"name\":\"Washers\",\"product_id\":[42,\"Washer 8 mm\"],\"product_qty\":1000,\"price_unit\":"
	"0.12,\"price_subtotal\":120.00,\"qty_received\":0},{\"id\":999,\"order_id\":[99,\"other\"]}]}";

static void orders_then_lines(void)
{
	struct po_out o;
	po_out_start(&o, &reader_odoo, false);
	CHECK(po_out_page(&o, orders) == 0);
	CHECK(o.n == 0 && po_out_warned(&o, "without a numeric id"));
	CHECK(po_out_page(&o, lines) == 0);
	CHECK(o.n == 1);
	CHECK(po_out_has(&o, "\"status\":\"partially_received\",\"remote_status\":\"purchase/partial\""));
	CHECK(po_out_has(&o, "\"order_date\":\"2026-03-03\",\"expected_date\":null"));
	CHECK(po_out_has(&o, "\"item\":{\"code\":\"BOLT-M8\",\"name\":\"Hex bolt M8\"},\"description\":\"Hex bolt M8\""));
	CHECK(po_out_has(&o, "\"number\":\"2\",\"item\":{\"code\":null,\"name\":\"Washer 8 mm\"},\"description\":\"Washers\""));
	CHECK(po_out_has(&o, "\"updated_at\":\"2026-03-05T14:30:00Z\""));
	CHECK(!po_out_has(&o, "\"remote_id\":\"999\""));
	po_out_free(&o);
}

static void rpc_errors(void)
{
	struct po_out o;
	po_out_start(&o, &reader_odoo, false);
	CHECK(po_out_page(&o, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":200,\"message\":\"Odoo Server Error\","
			      "\"data\":{\"name\":\"odoo.exceptions.AccessError\",\"message\":\"You are not allowed\"}}}") < 0);
	CHECK_STR(o.err.code, "data.forbidden");
	CHECK(po_out_page(&o, "{\"error\":{\"data\":{\"name\":\"builtins.KeyError\",\"message\":\"x\\u001b[2J\"}}}") < 0);
	CHECK_STR(o.err.code, "data.rpc_error");
	CHECK(strchr(o.err.message, '\x1b') == NULL);
	CHECK(po_out_page(&o, "{\"result\":{}}") < 0);
	po_out_free(&o);
}

T_SUITE(po_odoo) = {
	{"orders_then_lines", orders_then_lines},
	{"rpc_errors", rpc_errors},
	{0},
};
