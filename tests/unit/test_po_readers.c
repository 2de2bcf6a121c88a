/* The readers' parsers without the network (rd_new_offline), and the
 * pieces they share: exact JSON numbers, dates, currency and unit tables,
 * the model's derived fields, and opening sealed credentials into a form. */
#include "data/currency.h"
#include "data/json.h"
#include "data/open.h"
#include "data/reader.h"
#include "data/unit.h"
#include "util.h"
#include <cJSON.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "t.h"

extern const struct reader reader_tryton, reader_sap_s4, reader_bc;

#define MAX_GOT 8
static char *got[MAX_GOT];
static int ngot, nwarn;
static char last_warn[512];

static void on_record(void *arg, const struct po *po)
{
	(void)arg;
	if (ngot < MAX_GOT)
		got[ngot++] = po_to_json(po, 0);
}

static void on_warn(void *arg, const char *text)
{
	(void)arg;
	nwarn++;
	str_copy(last_warn, sizeof(last_warn), text);
}

static void reset(void)
{
	for (int i = 0; i < ngot; i++)
		free(got[i]);
	ngot = nwarn = 0;
	last_warn[0] = 0;
}

/* Parses one page; returns parse's result. */
static int feed(struct rd *rd, const char *body, struct onr_error *err)
{
	return rd_offline_page(rd, body, strlen(body), err);
}

static struct rd *offline(const struct reader *r)
{
	struct rd_opts o = {.status = -1, .page_size = 100};
	reset();
	return rd_new_offline(r, &o, on_record, on_warn, NULL);
}

static void exact_numbers(void)
{
	static const char text[] = "{\"a\": 99999999999999.99, \"b\": [-1e3, 0.10], \"s\": \"x\\\"1 2\", \"t\": true}";
	cJSON *j = json_parse_exact(text, strlen(text));
	CHECK(j != NULL);
	CHECK_STR(json_text(json_at(j, "a")), "99999999999999.99");
	CHECK_STR(json_text(cJSON_GetArrayItem(json_at(j, "b"), 0)), "-1e3");
	CHECK_STR(json_text(cJSON_GetArrayItem(json_at(j, "b"), 1)), "0.10");
	CHECK_STR(json_text(json_at(j, "s")), "x\"1 2");
	CHECK_STR(json_text(json_at(j, "t")), "true");
	json_unmark(j);
	char *s = cJSON_PrintUnformatted(j);
	CHECK_STR(s, "{\"a\":99999999999999.99,\"b\":[-1e3,0.10],\"s\":\"x\\\"1 2\",\"t\":true}");
	free(s);
	json_free(j);
	CHECK(json_parse_exact("{\"a\": 1", 7) == NULL);
	/* numbers as members (read in the members' loop) and as items, and
	 * the texts around them: the same digits, the same refusals */
	static const char mixed[] = "{\"a\":1,\"b\":-2.5e3,\"c\":[7,{\"d\":0}],\"e\":12345678901234567890123,\"f\":null}";
	cJSON *m = json_parse_exact(mixed, strlen(mixed));
	CHECK_STR(json_text(json_at(m, "a")), "1");
	CHECK_STR(json_text(json_at(m, "b")), "-2.5e3");
	CHECK_STR(json_text(cJSON_GetArrayItem(json_at(m, "c"), 0)), "7");
	CHECK_STR(json_text(json_at(cJSON_GetArrayItem(json_at(m, "c"), 1), "d")), "0");
	CHECK_STR(json_text(json_at(m, "e")), "12345678901234567890123");
	CHECK(json_at(m, "f") != NULL && json_text(json_at(m, "f")) == NULL);
	json_free(m);
	CHECK(json_parse_exact("{\"a\":1 2}", 10) == NULL && json_parse_exact("{\"a\":", 5) == NULL);
	/* numbers of every length (short ones are copied 16 bytes at once),
	 * in a list and alone (then nothing comes before the first digit) */
	for (int n = 1; n <= 24; n++) {
		char digits[32], doc[40];
		snprintf(digits, sizeof(digits), "%.*s", n, "-123456789012345678901234");
		snprintf(doc, sizeof(doc), "[%s]", digits);
		cJSON *l = json_parse_exact(doc, strlen(doc)), *one = json_parse_exact(digits, strlen(digits));
		CHECK_STR(json_text(cJSON_GetArrayItem(l, 0)), digits);
		CHECK_STR(json_text(one), digits);
		json_free(l);
		json_free(one);
	}
}

/* len bytes of doc: the arena parser's tree prints as cJSON's, or both refuse it. */
static void same_parse(const char *doc, size_t len)
{
	cJSON *want = cJSON_ParseWithLength(doc, len);
	cJSON *parsed = json_arena_parse(doc, len, false, NULL);
	char *w = want ? cJSON_PrintUnformatted(want) : NULL, *g = parsed ? cJSON_PrintUnformatted(parsed) : NULL;
	CHECK((w == NULL) == (g == NULL));
	if (w && g)
		CHECK_STR(g, w);
	free(w);
	free(g);
	cJSON_Delete(want);
	json_free(parsed);
}

/* The arena parser (with numbers as values, as the catalog reads them)
 * reads what cJSON reads, and refuses what cJSON refuses. */
static void same_as_cjson(void)
{
	static const char *const docs[] = {
		"{\"a\":\"\\u00e9\\u20ac\\ud83d\\ude00\\n\\t\\/\\\\\"}",
		"\xEF\xBB\xBF [true, false, null, {}, [], \"\"] trailing",
		"{\"k\" : { \"x\" : [ [ \"y\" ] ] } }",
		"{\"a\":\"\\ud83d\"}", /* a lone high surrogate */
		"{\"a\":\"\\udc00\"}", /* a lone low surrogate */
		"{\"a\":\"\\x\"}", "{\"a\" \"b\"}", "[\"a\",]", "[\"a\" \"b\"]", "{\"a\":tru}", "{1:\"a\"}",
		"\"open", "", "   ", "[", "{\"a\":\"b\\\"}",
		"[1, -2.5, 1e3, 0, 12345678901234]", "[1.2.3]", "[-]", "{\"n\":-0.10e-2}",
		"[nul]", "[nulL]", "[tru]", "[truE]", "[fals]", "[falsE]", "[false", "fals", "nul", "null", "true ",
		"false", "[null,true,false]",
	};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		same_parse(docs[i], strlen(docs[i]));
	/* a quote or an escape at every offset of a string (the parser looks
	 * for them eight bytes a step), and a string that ends the text */
	for (int n = 0; n < 40; n++) {
		char doc[64];
		int len = snprintf(doc, sizeof(doc), "[\"%.*s%s\"]", n, "0123456789abcdefghijklmnopqrstuvwxyzABCD",
				   n % 3 ? "" : "\\n");
		for (int cut = len - 2; cut <= len; cut++)
			same_parse(doc, (size_t)cut);
	}
	/* where it failed, in the caller's text (the copy it parsed is gone) */
	const char *bad = "[1,,2]", *at = NULL;
	CHECK(json_arena_parse(bad, strlen(bad), false, &at) == NULL);
	CHECK(at == bad + 3);
	/* nesting: cJSON's limit, not the stack's */
	struct buf deep;
	buf_init(&deep);
	for (int i = 0; i < 5000; i++)
		buf_adds(&deep, "[");
	CHECK(json_parse_exact(deep.data, deep.len) == NULL);
	buf_free(&deep);
	/* several trees at once, freed in any order; a heap tree too */
	cJSON *a = json_parse_exact("[\"a\"]", 5), *b = json_parse_exact("[\"b\"]", 5);
	CHECK_STR(json_text(cJSON_GetArrayItem(b, 0)), "b");
	json_free(a);
	CHECK_STR(json_text(cJSON_GetArrayItem(b, 0)), "b");
	json_free(b);
	json_free(cJSON_CreateArray());
}

static void dates(void)
{
	/* the usual shapes are read without sscanf, the others with it: both
	 * give what sscanf alone gave (want NULL: refused) */
	static const struct {
		const char *in;
		bool date_only;
		const char *want;
	} cases[] = {
		{"/Date(1772409600000)/", true, "2026-03-02"},
		{"/Date(1772703000000+0060)/", false, "2026-03-05T09:30:00Z"},
		{"2026-03-02T10:00:00.123+02:00", false, "2026-03-02T08:00:00Z"},
		{"2026-03-02 16:15:09.674963", false, "2026-03-02T16:15:09Z"},
		{"2026-03-02T00:00:00Z", true, "2026-03-02"},
		{"/Date(-1)/", false, "1969-12-31T23:59:59Z"},
		{"/Date( 1772409600000)/", true, "2026-03-02"},
		{"/Date(+1772409600000-0060)/", true, "2026-03-02"},
		{"2026-03-02T23:30:00-05:00", false, "2026-03-03T04:30:00Z"},
		{"0001-01-01T00:00:00Z", false, "0001-01-01T00:00:00Z"},
		{"9999-12-31T23:59:59Z", false, "9999-12-31T23:59:59Z"},
		{"2026-02-30", true, NULL},
		{"/Date(abc)/", true, NULL},
		{"/Date(99999999999999999)/", true, NULL},
		{"/Date(12345678901234567890)/", true, NULL},
		{"/Date(1772409600000)/x", true, NULL},
		{"2026-3-02", true, NULL},
		{"2026-03-02T10:00:00+0530", false, NULL},
		{"yesterday", true, NULL},
		{"", true, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[40] = "";
		bool ok = json_date(cases[i].in, cases[i].date_only, out, sizeof(out));
		CHECK(ok == (cases[i].want != NULL));
		if (ok && cases[i].want)
			CHECK_STR(out, cases[i].want);
	}
}

static void tables(void)
{
	CHECK_STR(currency_iso("US Dollar"), "USD");
	CHECK_STR(currency_iso("eur"), "EUR");
	CHECK(currency_iso("Zorkmid") == NULL);
	CHECK(currency_iso("") == NULL);
	CHECK(currency_places("JPY") == 0);
	CHECK(currency_places("KWD") == 3);
	CHECK(currency_places("XYZ") == 2);
	CHECK_STR(unit_code("u"), "H87");
	CHECK_STR(unit_code("PCS"), "H87");
	CHECK_STR(unit_code("kg"), "KGM");
	CHECK(unit_code("ZZZ") == NULL);
}

static const char sap_page[] =
	"{\"d\":{\"results\":[{\"__metadata\":{\"etag\":\"W/\\\"x\\\"\"},\"PurchaseOrder\":\"4500000012\","
	"\"Supplier\":\"17300001\",\"AddressName\":\"Globex \\u001b[31mSupplies\",\"DocumentCurrency\":\"EUR\","
	"\"PurchaseOrderDate\":\"\\/Date(1772496000000)\\/\",\"CreationDate\":\"/Date(1772496000000)/\","
	"\"LastChangeDateTime\":null,\"PurchasingProcessingStatus\":\"05\",\"PurchasingDocumentDeletionCode\":\"\","
	"\"to_PurchaseOrderItem\":{\"results\":[{\"PurchaseOrderItem\":\"10\",\"Material\":\"WASHER-8\","
	"\"OrderQuantity\":\"1000.000\",\"PurchaseOrderQuantityUnit\":\"PC\",\"NetPriceAmount\":\"1.2\","
	"\"NetPriceQuantity\":\"10\",\"IsCompletelyDelivered\":false},{\"PurchaseOrderItem\":\"20\","
	"\"OrderQuantity\":\"3\",\"NetPriceAmount\":\"10.00\",\"NetPriceQuantity\":\"3\",\"IsCompletelyDelivered\":true}]}}],"
	"\"__next\":\"A_PurchaseOrder?$skiptoken=1\"}}";

static void sap(void)
{
	struct onr_error err;
	struct rd *rd = offline(&reader_sap_s4);
	CHECK(feed(rd, sap_page, &err) == 0);
	CHECK(ngot == 1);
	if (ngot == 1) {
		CHECK(strstr(got[0], "\"order_date\":\"2026-03-03\"") != NULL);
		CHECK(strstr(got[0], "\"unit_price\":\"0.12\",\"amount\":\"120.00\"") != NULL);
		/* 10.00 per 3 units, 3 units: exactly 10.00, never 9.99 */
		CHECK(strstr(got[0], "\"unit_price\":\"3.333333\",\"amount\":\"10.00\"") != NULL);
		CHECK(strstr(got[0], "\"total\":\"130.00\"") != NULL);
		CHECK(strstr(got[0], "\"tax\":null") != NULL);
		CHECK(strstr(got[0], "\"status\":\"partially_received\"") != NULL);
		CHECK(strstr(got[0], "\"name\":\"Globex Supplies\"") != NULL); /* the escape sequence is gone */
		CHECK(strstr(got[0], "\"updated_at\":null") != NULL);
	}
	CHECK_STR(rd_next(rd), "A_PurchaseOrder?$skiptoken=1");
	CHECK(feed(rd, sap_page, &err) == 0);
	CHECK(ngot == 1 && nwarn == 1 && strstr(last_warn, "two pages")); /* the same order again */
	CHECK(feed(rd, "<html>", &err) < 0);
	CHECK_STR(err.code, "data.bad_page");
	CHECK(feed(rd, "{\"d\":{\"results\":{}}}", &err) < 0);
	rd_free(rd);
	reset();
}

static void tryton(void)
{
	struct onr_error err;
	struct rd *rd = offline(&reader_tryton);
	CHECK(feed(rd,
		   "{\"id\":1,\"result\":[{\"id\":7,\"number\":null,\"state\":\"weird\",\"party.\":{\"id\":2,\"name\":\"G\"},"
		   "\"currency.\":{\"code\":\"XBT\"},\"purchase_date\":{\"__class__\":\"date\",\"year\":2026,\"month\":2,"
		   "\"day\":30},\"lines.\":[{\"id\":1,\"type\":\"title\"},{\"id\":2,\"type\":\"line\",\"quantity\":2.5,"
		   "\"unit_price\":{\"__class__\":\"Decimal\",\"decimal\":\"abc\"},\"amount\":{\"__class__\":\"Decimal\","
		   "\"decimal\":\"1.255\"},\"moves.\":[{\"state\":\"done\",\"quantity\":1.0}]}]}]}",
		   &err) == 0);
	CHECK(ngot == 1);
	if (ngot == 1) {
		CHECK(strstr(got[0], "\"status\":\"unknown\",\"remote_status\":\"weird\"") != NULL);
		CHECK(strstr(got[0], "\"currency\":null") != NULL);
		CHECK(strstr(got[0], "\"order_date\":null") != NULL); /* 30 February */
		CHECK(strstr(got[0], "\"quantity\":\"2.5\"") != NULL);
		CHECK(strstr(got[0], "\"unit_price\":null,\"amount\":\"1.26\",\"received_quantity\":\"1\"") != NULL);
		CHECK(strstr(got[0], "\"display\":\"PO 7 \xc2\xb7 G\"") != NULL);
	}
	CHECK(nwarn == 3);
	CHECK(feed(rd, "{\"id\":2,\"error\":[\"AccessError\",[\"You may not read\"]]}", &err) < 0);
	CHECK_STR(err.code, "data.forbidden");
	CHECK(feed(rd, "{\"id\":2,\"error\":[\"UserError\",[]]}", &err) < 0);
	CHECK_STR(err.code, "data.rpc_error");
	rd_free(rd);
	reset();
}

static void bc(void)
{
	struct onr_error err;
	struct rd *rd = offline(&reader_bc);
	CHECK(feed(rd, "{\"value\":[{\"id\":\"../etc\"}]}", &err) < 0); /* not a GUID: not in a URL */
	CHECK(feed(rd, "{\"value\":[{\"id\":\"5b2d3c3e-7a61-ee11-8df1-6045bdc8c1a5\"}]}", &err) == 0);
	CHECK(feed(rd,
		   "{\"value\":[{\"id\":\"g1\",\"number\":\"1001\",\"status\":\"Open\",\"fullyReceived\":true,"
		   "\"currencyCode\":\"USD\",\"orderDate\":\"2026-03-02\",\"requestedReceiptDate\":\"0001-01-01\","
		   "\"totalAmountExcludingTax\":99999999999999.99,\"totalTaxAmount\":0,\"totalAmountIncludingTax\":99999999999999.99,"
		   "\"purchaseOrderLines\":[{\"id\":\"l1\",\"lineType\":\"Comment\"},{\"id\":\"l2\",\"lineType\":\"Item\","
		   "\"quantity\":-2,\"directUnitCost\":1e2,\"amountExcludingTax\":\"x\"}]}],"
		   "\"@odata.nextLink\":\"https://other.example/next\"}",
		   &err) == 0);
	CHECK(ngot == 1);
	if (ngot == 1) {
		CHECK(strstr(got[0], "\"subtotal\":\"99999999999999.99\",\"tax\":\"0.00\",\"total\":\"99999999999999.99\"") != NULL);
		CHECK(strstr(got[0], "\"expected_date\":null") != NULL);
		CHECK(strstr(got[0], "\"status\":\"received\"") != NULL);
		CHECK(strstr(got[0], "\"quantity\":\"-2\"") != NULL);
		CHECK(strstr(got[0], "\"unit_price\":\"100.00\",\"amount\":null") != NULL);
		CHECK(strstr(got[0], "\"number\":\"1\"") != NULL); /* the comment line is no line */
	}
	CHECK_STR(rd_next(rd), "https://other.example/next"); /* offline: kept; online the host is checked */
	rd_free(rd);
	reset();
}

static void filters(void)
{
	struct onr_error err;
	struct rd_opts o = {.status = PO_RECEIVED, .page_size = 100, .limit = 1};
	static const char page[] = "{\"value\":[{\"id\":\"a\",\"status\":\"Draft\"},{\"id\":\"b\",\"status\":\"Open\","
				   "\"fullyReceived\":true},{\"id\":\"c\",\"status\":\"Open\",\"fullyReceived\":true}]}";
	struct rd *rd;
	reset();
	rd = rd_new_offline(&reader_bc, &o, on_record, on_warn, NULL);
	feed(rd, "{\"value\":[{\"id\":\"5b2d3c3e\"}]}", &err);
	CHECK(feed(rd, page, &err) == 0);
	CHECK(ngot == 1 && rd_count(rd) == 1);
	CHECK(ngot == 1 && strstr(got[0], "\"remote_id\":\"b\""));
	rd_free(rd);
	reset();
}

static void secrets_into_form(void)
{
	static const char json[] = "{\"password\":\"p\\\"w\\u00e9\\ud83d\\ude00\\n\", \"other\":\"x\"}";
	struct catalog cat = {0};
	struct onr_error err;
	CHECK(catalog_load_builtin(&cat, &err) == 0);
	const struct system *sys = catalog_find(&cat, "tryton");
	CHECK(sys != NULL);
	if (!sys)
		return;
	struct form *f = form_new(sys);
	CHECK(data_form_secrets(f, json, strlen(json)) == 0);
	CHECK_STR(form_value(f, "password"), "p\"w\xc3\xa9\xf0\x9f\x98\x80\n");
	CHECK(data_form_secrets(f, "{\"password\":1}", 14) < 0);
	CHECK(data_form_secrets(f, "{\"password\":\"x", 14) < 0);
	CHECK(data_form_secrets(f, "[]", 2) < 0);
	CHECK(data_form_secrets(f, "{}", 2) == 0);
	form_free(f);
	catalog_free(&cat);
}

/* The writer: valid JSON whatever the text holds, nulls where nothing is. */
static void writer(void)
{
	struct po po;
	po_init(&po);
	po_sets(&po.remote_id, "7");
	po_sets(&po.supplier_name, "Globex \"Best\" \\ Co \xc3\xa9");
	struct po_line *l = po_add_line(&po);
	po_sets(&l->description, "a\tb");
	po_finish(&po);
	char *s = po_to_json(&po, 0);
	cJSON *j = cJSON_Parse(s);
	CHECK(j != NULL);
	/* cut to its length: a sync holds many records' JSON at once, and the
	 * writer makes room 7.5 KiB at a time (a sync's peak RSS went from 47
	 * to 75 MiB when the room stayed) */
	CHECK(malloc_usable_size(s) < strlen(s) + 64);
	CHECK_STR(json_text(json_at(j, "supplier.name")), "Globex \"Best\" \\ Co \xc3\xa9");
	CHECK_STR(json_text(json_at(j, "display")), "PO 7 \xc2\xb7 Globex \"Best\" \\ Co \xc3\xa9");
	CHECK_STR(json_text(json_at(cJSON_GetArrayItem(json_at(j, "lines"), 0), "description")), "a b");
	CHECK(cJSON_IsNull(json_at(j, "currency")) && cJSON_IsNull(json_at(j, "supplier.remote_id")));
	CHECK(strstr(s, "\"status\":\"unknown\"") != NULL && !strstr(s, "remote_data"));
	cJSON_Delete(j);
	free(s);
	po_free(&po);
	/* texts of every length up to past the writer's one-pass bound, with
	 * a quote or a backslash anywhere or nowhere: the same text back */
	for (int n = 1; n < 300; n += 7) {
		for (int at = -1; at < n; at += 13) {
			char text[320];
			memset(text, 'x', (size_t)n);
			text[n] = 0;
			if (at >= 0)
				text[at] = at % 2 ? '"' : '\\';
			po_init(&po);
			po_sets(&po.supplier_name, text);
			s = po_to_json(&po, 0);
			j = cJSON_Parse(s);
			CHECK_STR(json_text(json_at(j, "supplier.name")), text);
			cJSON_Delete(j);
			free(s);
			po_free(&po);
		}
	}
}

/* The cursor: members found in the order of the search from the one
 * found last (inline for ten, then out of line, then round to the
 * start), a duplicate name found in turn, a name and a longer name that
 * begins with it told apart, in a page's tree and in a heap tree. */
static void cursor_in(const cJSON *o)
{
	struct json_cur c = {o, NULL};
	CHECK_STR(json_text(json_cur_get(&c, "k0")), "0");
	CHECK_STR(json_text(json_cur_get(&c, "k13")), "13"); /* past the ten tried inline */
	CHECK_STR(json_text(json_cur_get(&c, "k2")), "2");   /* round to the start */
	CHECK_STR(json_text(json_cur_get(&c, "k3")), "3");
	CHECK_STR(json_text(json_cur_get(&c, "k3")), "dup"); /* the next one of that name */
	CHECK_STR(json_text(json_cur_get(&c, "k3")), "3");   /* and round again */
	CHECK(json_cur_get(&c, "k") == NULL && json_cur_get(&c, "k33") == NULL && json_cur_get(&c, "missing") == NULL);
	CHECK_STR(json_text(json_cur_get(&c, "k4")), "4"); /* a miss leaves the place as it was */
	CHECK_STR(json_text(json_cur_get(&c, "id")), "id");
	CHECK_STR(json_text(json_cur_get(&c, "idx")), "idx");
	CHECK_STR(json_text(json_cur_get(&c, "a_name_longer_than_the_parser_padding_of_32")), "long");
	CHECK_STR(json_text(json_cur_get(&c, "a_name_longer_than_the_parser_padding_of_3")), "shorter");
	struct json_cur last = {o, NULL};
	CHECK_STR(json_text(json_cur_get(&last, "a_name_longer_than_the_parser_padding_of_3")), "shorter");
	CHECK_STR(json_text(json_cur_get(&last, "k0")), "0"); /* from the last member: round to the start */
	struct json_cur none = {NULL, NULL}, arr = {cJSON_GetArrayItem(o, 0), NULL};
	CHECK(json_cur_get(&none, "k0") == NULL && json_cur_get(&arr, "k0") == NULL);
}

static void cursor(void)
{
	static const char doc[] = "{\"k0\":\"0\",\"k1\":\"1\",\"k2\":\"2\",\"k3\":\"3\",\"k4\":\"4\",\"k5\":\"5\","
				  "\"k6\":\"6\",\"k7\":\"7\",\"k8\":\"8\",\"k9\":\"9\",\"k10\":\"10\",\"k11\":\"11\","
				  "\"k12\":\"12\",\"k13\":\"13\",\"k14\":\"14\",\"k3\":\"dup\",\"idx\":\"idx\",\"id\":\"id\","
				  "\"a_name_longer_than_the_parser_padding_of_32\":\"long\","
				  "\"a_name_longer_than_the_parser_padding_of_3\":\"shorter\"}";
	cJSON *page = json_parse_exact(doc, strlen(doc)), *heap = cJSON_Parse(doc);
	CHECK(page && heap);
	cursor_in(page);
	cursor_in(heap);
	json_free(page);
	cJSON_Delete(heap);
}

T_SUITE(po_readers) = {
	{"cursor", cursor},
	{"writer", writer},
	{"exact_numbers", exact_numbers},
	{"same_as_cjson", same_as_cjson},
	{"dates", dates},
	{"tables", tables},
	{"sap", sap},
	{"tryton", tryton},
	{"bc", bc},
	{"filters", filters},
	{"secrets_into_form", secrets_into_form},
	{0},
};
