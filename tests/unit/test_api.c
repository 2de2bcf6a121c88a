/* test_api.c: the API's cursor, time parameters, record JSON and rate
 * limit. */
#include "t.h"
#include "api/api_json.h"
#include "api/api_auth.h"
#include "api/cursor.h"
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

static void test_cursor_roundtrip(void)
{
	long long vals[] = {0, 1, 42, 999999999999LL, 999999999999999999LL};
	for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		char c[CURSOR_MAX];
		long long back = -1;
		cursor_encode(vals[i], c);
		CHECK(cursor_decode(c, &back) == 0 && back == vals[i]);
	}
}

static void test_cursor_rejects(void)
{
	const char *bad[] = {"", "abc", "YzE6", "YzE6LTE", /* c1:-1 */ "YzI6MQ", /* c2:1 */
			     "YzE6MDE", /* c1:01 */ "YzE6MQ==", "YzE6MWE", /* c1:1a */
			     "YzE6MTIzNDU2Nzg5MDEyMzQ1Njc4OTA", /* 20 digits */
			     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "YzE6M Q"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long long v = 7;
		CHECK(cursor_decode(bad[i], &v) == -1 && v == 7);
	}
}

static void test_times(void)
{
	CHECK(api_parse_time("2026-03-01") == 1772323200);
	CHECK(api_parse_time("2026-03-01T08:00:00Z") == 1772323200 + 8 * 3600);
	CHECK(api_parse_time("2026-03-01T08:00:00") == -1);
	CHECK(api_parse_time("2026-13-01") == -1);
	CHECK(api_parse_time("yesterday") == -1);
	CHECK(api_parse_time("2026-03-01T08:00:00Zjunk") == -1);
}

static void test_record_json(void)
{
	struct rec r = {.model = "purchase_order", .remote_id = "7", .raw_status = "conf\"irmed",
			.json = "{\"id\":\"7\",\"status\":\"open\"}", .seq = 12, .action = REC_UPDATED,
			.first_seen = 1772323200, .last_modified = 1772323260};
	struct buf b;
	cJSON *j;
	buf_init(&b);
	api_json_record(&b, &r, false);
	j = cJSON_Parse(b.data);
	CHECK(j != NULL);
	CHECK_STR(cJSON_GetObjectItem(j, "status")->valuestring, "open");
	cJSON *m = cJSON_GetObjectItem(j, "_onramp");
	CHECK(m && cJSON_GetObjectItem(m, "seq")->valuedouble == 12);
	CHECK_STR(cJSON_GetObjectItem(m, "last_action")->valuestring, "updated");
	CHECK_STR(cJSON_GetObjectItem(m, "raw_status")->valuestring, "conf\"irmed");
	CHECK(cJSON_IsNull(cJSON_GetObjectItem(m, "deleted_at")));
	CHECK_STR(cJSON_GetObjectItem(m, "first_seen_at")->valuestring, "2026-03-01T00:00:00Z");
	cJSON_Delete(j);
	buf_free(&b);
	r.json = "{}";
	buf_init(&b);
	api_json_record(&b, &r, false);
	j = cJSON_Parse(b.data);
	CHECK(j && cJSON_GetObjectItem(j, "_onramp"));
	cJSON_Delete(j);
	buf_free(&b);
}

static void test_record_remote_data(void)
{
	struct rec r = {.model = "purchase_order",
			.remote_id = "7",
			.raw_status = "",
			.json = "{\"id\":\"7\"}",
			.raw = "{\"PurchaseOrder\":\"7\",\"Net\":12.50}"};
	struct buf b;
	cJSON *j;
	buf_init(&b);
	api_json_record(&b, &r, true);
	j = cJSON_Parse(b.data);
	CHECK(j && cJSON_GetObjectItem(j, "_onramp"));
	CHECK_STR(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "remote_data"), "PurchaseOrder")->valuestring, "7");
	CHECK(strstr(b.data, "\"Net\":12.50") != NULL); /* the digits as stored */
	cJSON_Delete(j);
	buf_free(&b);
	r.raw = ""; /* not kept: null, still there */
	buf_init(&b);
	api_json_record(&b, &r, true);
	j = cJSON_Parse(b.data);
	CHECK(j && cJSON_IsNull(cJSON_GetObjectItem(j, "remote_data")));
	cJSON_Delete(j);
	buf_free(&b);
}

static void test_rate(void)
{
	struct rate *r = malloc(sizeof(*r));
	int retry = 0, ok = 0;
	rate_init(r, 10, 5);
	for (int i = 0; i < 8; i++)
		ok += rate_take(r, "aaaa", 1000, &retry);
	CHECK(ok == 5);
	CHECK(retry == 1);
	CHECK(rate_take(r, "bbbb", 1000, &retry)); /* another token has its own bucket */
	CHECK(rate_take(r, "aaaa", 1100, &retry)); /* 100 ms at 10/s: one more */
	CHECK(!rate_take(r, "aaaa", 1100, &retry));
	free(r);
}

T_SUITE(api) = {
	{"cursor: encodes and decodes", test_cursor_roundtrip},
	{"cursor: rejects what it never made", test_cursor_rejects},
	{"modified_after: dates and UTC times only", test_times},
	{"record JSON: the stored object plus _onramp", test_record_json},
	{"record JSON: remote_data as stored, null when not kept", test_record_remote_data},
	{"rate limit: burst, refill, per token", test_rate},
	{0},
};
