/* Unit tests: the record hash (core/sync/rec_hash.c). Its definition is
 * the BLAKE2b of cJSON's compact print of the record without its volatile
 * members; the fast path must give exactly that, or every stored record
 * would look changed on the next sync. */
#include "t.h"
#include "data/po.h"
#include "seal.h"
#include "sync/sync.h"
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

/* The definition, written out again here. */
static void reference(const char *json, char hex[65])
{
	cJSON *o = cJSON_Parse(json);
	cJSON_DeleteItemFromObjectCaseSensitive(o, "updated_at");
	cJSON_DeleteItemFromObjectCaseSensitive(o, "remote_data");
	char *canon = cJSON_PrintUnformatted(o);
	seal_hash_hex(canon, strlen(canon), hex);
	free(canon);
	cJSON_Delete(o);
}

static void same_as_reference(const char *json)
{
	char got[65] = "", want[65] = "";
	reference(json, want);
	if (sync_hash(json, got) != 0 || strcmp(got, want) != 0)
		T_FAIL("hash of %s: %s, want %s", json, got, want);
}

static void po_fill(struct po *po, const char *supplier, const char *updated)
{
	po_init(po);
	po_sets(&po->id, "po_1");
	po_sets(&po->remote_id, "PO \"7\" \\ x");
	po_sets(&po->supplier_name, supplier);
	po_sets(&po->updated_at, updated);
	po_sets(&po->total, "12.50");
	struct po_line *l = po_add_line(po);
	po_sets(&l->description, "a\tb \xe2\x82\xac");
	po_sets(&l->quantity, "3");
	po_finish(po);
}

/* What the sync hashes: po_to_json's output, with and without raw data. */
static void written_records(void)
{
	const char *suppliers[] = {"Globex", "Glo\"bex\\", "Caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", "",
				   "{\"updated_at\":1}"};
	for (size_t i = 0; i < sizeof(suppliers) / sizeof(*suppliers); i++) {
		struct po po;
		po_fill(&po, suppliers[i], i % 2 ? "2026-01-02T03:04:05Z" : NULL);
		char *j = po_to_json(&po, 0);
		same_as_reference(j);
		free(j);
		po.remote_data =
			cJSON_Parse("{\"No\":\"1\",\"Amount\":12.5,\"ok\":true,\"updated_at\":[1,{\"a\":null}]}");
		j = po_to_json(&po, 1);
		CHECK(strstr(j, "\"remote_data\":") != NULL);
		same_as_reference(j);
		free(j);
		po_free(&po);
	}
}

/* Only the volatile fields count for nothing. */
static void volatile_only(void)
{
	char a[65], b[65], c[65];
	CHECK(sync_hash("{\"id\":\"1\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"n\":\"x\"}", a) == 0);
	CHECK(sync_hash("{\"id\":\"1\",\"updated_at\":\"2027-05-05T00:00:00Z\",\"n\":\"x\"}", b) == 0);
	CHECK(sync_hash("{\"id\":\"1\",\"updated_at\":null,\"n\":\"y\"}", c) == 0);
	CHECK_STR(a, b);
	CHECK(strcmp(a, c) != 0);
}

/* Text the fast path does not take (spaces, numbers, \u escapes, nested
 * volatile names, a key twice) still hashes by the definition. */
static void other_shapes(void)
{
	static const char *const cases[] = {
		"{}",
		"{\"updated_at\":\"x\"}",
		"{\"a\":\"x\",\"updated_at\":\"y\",\"remote_data\":{\"b\":[1,2,{\"c\":\"}\"}]}}",
		"{ \"a\" : \"x\" , \"updated_at\" : \"y\" }",
		"{\"a\":1.50,\"b\":true,\"c\":false,\"updated_at\":2}",
		"{\"a\":\"\\u0041\\n\\/\",\"updated_at\":\"y\"}",
		"{\"lines\":[{\"updated_at\":\"kept\"}],\"updated_at\":\"cut\"}",
		"{\"updated_at\":\"1\",\"a\":\"x\",\"updated_at\":\"2\"}",
		"{\"a\":[],\"b\":{},\"c\":[null,\"\\\"\"],\"updated_at\":null}",
		"{\"a\":\"x\"} trailing",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		same_as_reference(cases[i]);
}

static void not_objects(void)
{
	char h[65];
	static const char *const bad[] = {"", "[]", "\"x\"", "{", "{\"a\":}", "{\"a\":\"x\",}", "{\"a\"}", "nul"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (sync_hash(bad[i], h) == 0)
			T_FAIL("%s hashed", bad[i]);
	CHECK(sync_hash(NULL, h) != 0);
}

T_SUITE(rec_hash) = {
	{"written_records", written_records},
	{"volatile_only", volatile_only},
	{"other_shapes", other_shapes},
	{"not_objects", not_objects},
	{0},
};
