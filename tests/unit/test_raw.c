/* test_raw.c: the source's record kept with an order (core/data/raw.c):
 * secrets scrubbed by member name and by value, the size cap. */
#include "t.h"
#include "data/json.h"
#include "data/raw.h"
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

static char *scrubbed(const char *text, const char *const *secrets)
{
	cJSON *j = cJSON_Parse(text);
	char *s;
	CHECK(j != NULL);
	raw_scrub(j, secrets);
	s = raw_json(j, RAW_MAX);
	cJSON_Delete(j);
	return s;
}

static void test_names(void)
{
	char *s = scrubbed("{\"PurchaseOrder\":\"4500000001\",\"Password\":\"hunter22\",\"api_key\":7,"
			   "\"X-Session-Id\":{\"v\":\"abc\"},\"AccessToken\":\"\",\"lines\":[{\"client_secret\":"
			   "\"s\",\"Material\":\"M-1\"}],\"sessionToken\":null}",
			   NULL);
	CHECK_STR(s, "{\"PurchaseOrder\":\"4500000001\",\"Password\":\"[redacted]\",\"api_key\":\"[redacted]\","
		     "\"X-Session-Id\":\"[redacted]\",\"AccessToken\":\"\",\"lines\":[{\"client_secret\":"
		     "\"[redacted]\",\"Material\":\"M-1\"}],\"sessionToken\":null}");
	free(s);
}

static void test_values(void)
{
	const char *const secrets[] = {"Fixture-Pa55!", "ab", "sess-1234", NULL};
	char *s = scrubbed("{\"Note\":\"login Fixture-Pa55! worked\",\"Code\":\"ab\",\"Other\":\"abc\","
			   "\"deep\":[[\"x sess-1234 y\"]],\"sess-1234\":1,\"Plain\":\"kept\"}",
			   secrets);
	/* inside a longer string for a long secret, exact only for a short
	 * one; a member named by a secret loses its name too */
	CHECK_STR(s, "{\"Note\":\"[redacted]\",\"Code\":\"[redacted]\",\"Other\":\"abc\","
		     "\"deep\":[[\"[redacted]\"]],\"[redacted]\":\"[redacted]\",\"Plain\":\"kept\"}");
	CHECK(strstr(s, "Pa55") == NULL && strstr(s, "sess-") == NULL);
	free(s);
}

static void test_cap(void)
{
	size_t n = RAW_MAX + 10;
	char *big = malloc(n + 16);
	cJSON *j;
	memcpy(big, "{\"t\":\"", 6);
	memset(big + 6, 'x', n);
	memcpy(big + 6 + n, "\"}", 3);
	j = cJSON_Parse(big);
	CHECK(j != NULL);
	CHECK(raw_json(j, RAW_MAX) == NULL);
	char *s = raw_json(j, RAW_MAX * 2);
	CHECK(s != NULL && strlen(s) == n + 8);
	free(s);
	CHECK(raw_json(NULL, RAW_MAX) == NULL);
	cJSON_Delete(j);
	free(big);
}

/* raw_write (one pass) against the copy, unmark, scrub and print it
 * replaces: the same bytes for every record. */
static void same_both_ways(const char *text, const char *const *secrets)
{
	cJSON *j = json_parse_exact(text, strlen(text)), *copy;
	struct raw_ctx *c = raw_ctx_new();
	char *fast, *slow;
	CHECK(j != NULL);
	for (int round = 0; round < 2; round++) { /* the second from the name cache */
		copy = cJSON_Duplicate(j, true);
		json_unmark(copy);
		raw_scrub(copy, secrets);
		slow = raw_json(copy, RAW_MAX);
		fast = raw_write(c, j, secrets);
		CHECK(fast != NULL);
		CHECK_STR(fast, slow);
		free(fast);
		free(slow);
		cJSON_Delete(copy);
	}
	raw_ctx_free(c);
	json_free(j);
}

static void test_one_pass(void)
{
	const char *const secrets[] = {"Fixture-Pa55!", "ab", "sess-1234", NULL};
	same_both_ways("{\"PurchaseOrder\":\"4500000001\",\"Password\":\"hunter22\",\"api_key\":7,"
		       "\"X-Session-Id\":{\"v\":\"abc\"},\"AccessToken\":\"\",\"lines\":[{\"client_secret\":"
		       "\"s\",\"Material\":\"M-1\"}],\"sessionToken\":null,\"n\":-12.500e3,\"t\":true,\"f\":false}",
		       secrets);
	same_both_ways("{\"Note\":\"login Fixture-Pa55! worked\",\"Code\":\"ab\",\"Other\":\"abc\","
		       "\"deep\":[[\"x sess-1234 y\"]],\"sess-1234\":1,\"Plain\":\"kept\",\"num\":1234,"
		       "\"esc\":\"q\\\" b\\\\ \\n\\t\\r\\b\\f \\u0001 \\u001f \\u007f \\u00e9 \\ud83d\\ude00 \\/\","
		       "\"\\u00e9t\\u00e9\":[],\"o\":{},\"a\":[1,\"ab\",null,[{\"token\":0}]]}",
		       secrets);
	same_both_ways("[1,{\"a\":\"Fixture-Pa55!\"}]", NULL);
	same_both_ways("{}", secrets);
}

T_SUITE(raw) = {
	{"one pass gives what copy, scrub and print give", test_one_pass},
	{"members named like credentials are redacted", test_names},
	{"the connection's secret values are redacted", test_values},
	{"a record above the cap is not kept", test_cap},
	{0},
};
