/* Unit tests: skipping unchanged orders by their source bytes. spans.c
 * finds each element of a page's list without a tree; src_page.c leaves
 * the known ones out of the reader's parse and gives the others their
 * hash; sync/src.c keys the hash and keeps the stored ones. */
#include "t.h"
#include "data/reader.h"
#include "data/rd_impl.h"
#include "data/spans.h"
#include "lifecycle.h"
#include "sync/src.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct reader reader_bc, reader_tryton, reader_sap_s4;

/* The elements of body's list, joined by '|'; "-1" when none is found. */
static const char *spans_text(const char *body, const char *key)
{
	static char out[512];
	struct span *sp;
	long n = spans_of(body, strlen(body), key, &sp, NULL, NULL);
	size_t w = 0;
	if (n < 0)
		return "-1";
	out[0] = 0;
	for (long i = 0; i < n && w < sizeof(out) - 64; i++)
		w += (size_t)snprintf(out + w, sizeof(out) - w, "%s%.*s", i ? "|" : "",
				      (int)(sp[i].end - sp[i].start), body + sp[i].start);
	free(sp);
	return out;
}

static void spans(void)
{
	CHECK_STR(spans_text("{\"value\":[{\"a\":1},{\"b\":[2,{}]}]}", "value"), "{\"a\":1}|{\"b\":[2,{}]}");
	/* strings hold brackets, quotes and escaped backslashes */
	CHECK_STR(spans_text("{\"x\":\"]}\",\"value\":[ {\"s\":\"}\\\"]\"} , {\"t\":\"a\\\\\"} ]}", "value"),
		  "{\"s\":\"}\\\"]\"}|{\"t\":\"a\\\\\"}");
	/* elements of any kind; blanks around them are not theirs */
	CHECK_STR(spans_text(" {\n\"value\" : [ null , 12.5e3 , \"s\" , true , [] ] }", "value"),
		  "null|12.5e3|\"s\"|true|[]");
	/* only the top level's member: not one inside another value */
	CHECK_STR(spans_text("{\"o\":{\"value\":[1]},\"l\":[{\"value\":[2]}],\"value\":[3]}", "value"), "3");
	CHECK_STR(spans_text("{\"values\":[1],\"value\":[4]}", "value"), "4");
	CHECK_STR(spans_text("{\"value\":[]}", "value"), "");
	/* not such a page: the reader's own parse says why */
	CHECK_STR(spans_text("{\"value\":{\"a\":1}}", "value"), "-1");
	CHECK_STR(spans_text("{\"other\":[1]}", "value"), "-1");
	CHECK_STR(spans_text("{\"value\":[{\"a\":1},{\"b\":", "value"), "-1");
	CHECK_STR(spans_text("{\"value\":[{\"a\":\"1}]}", "value"), "-1");
	CHECK_STR(spans_text("{\"value\":[1 2]}", "value"), "-1");
	CHECK_STR(spans_text("[{\"value\":[1]}]", "value"), "-1");
	CHECK_STR(spans_text("", "value"), "-1");
	/* a dotted key: SAP's {"d": {"results": [...]}}, only in the first d
	 * (as cJSON finds it), and only when d is an object */
	static const char *const dotted[][2] = {
		{"{\"d\":{\"results\":[{\"a\":\"]}\"},null],\"__next\":\"n\"}}", "{\"a\":\"]}\"}|null"},
		{"{\"e\":{\"results\":[1]},\"d\" : { \"__next\":\"n\",\"results\":[2]}}", "2"},
		{"{\"d\":{\"x\":1},\"d\":{\"results\":[1]}}", "-1"},
		{"{\"d\":[{\"results\":[1]}]}", "-1"},
		{"{\"results\":[1]}", "-1"},
		{"{\"d\":{\"results\":[1,}}", "-1"},
	};
	for (size_t i = 0; i < sizeof(dotted) / sizeof(dotted[0]); i++)
		if (strcmp(spans_text(dotted[i][0], "d.results"), dotted[i][1]))
			T_FAIL("d.results of %s: %s, want %s", dotted[i][0], spans_text(dotted[i][0], "d.results"),
			       dotted[i][1]);
}

/* The next page's link, found in the same pass, before or after the list. */
static void spans_also(void)
{
	static const char *const pages[] = {
		"{\"value\":[{\"a\":\"]\"}],\"@odata.nextLink\":\"https://h/p?$skiptoken=2\"}",
		"{\"@odata.nextLink\" : \"https://h/p?$skiptoken=2\" ,\"value\":[{\"a\":\"]\"}]}",
		"{\"value\":[{\"a\":\"]\"}],\"x\":{\"@odata.nextLink\":1}}",
		"{\"value\":[{\"a\":\"]\"}],\"@odata.nextLink\":\"https://h/p?$skiptoken=2\"",
	};
	/* the last page breaks off after the link: its parse fails later */
	const char *want[] = {"\"https://h/p?$skiptoken=2\"", "\"https://h/p?$skiptoken=2\"", "",
			      "\"https://h/p?$skiptoken=2\""};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		struct span *sp, at;
		long n = spans_of(pages[i], strlen(pages[i]), "value", &sp, "@odata.nextLink", &at);
		char got[64];
		snprintf(got, sizeof(got), "%.*s", (int)(at.end - at.start), pages[i] + at.start);
		if (n != 1 || strcmp(got, want[i]))
			T_FAIL("page %zu: %ld elements, link %s, want 1 and %s", i, n, got, want[i]);
		free(sp);
	}
	/* with a dotted key: the link after the nested list's object */
	static const char nested[] = "{\"d\":{\"results\":[{\"a\":1}],\"x\":{\"n\":1}},\"n\":\"L\"}";
	struct span *sp, at;
	CHECK(spans_of(nested, strlen(nested), "d.results", &sp, "n", &at) == 1);
	CHECK(at.end - at.start == 3 && !memcmp(nested + at.start, "\"L\"", 3));
	free(sp);
}

/* A read whose caller knows the records with a given text in them. */
struct skipper {
	struct sync_src *src;
	const char *known;  /* an element holding this is known */
	int asked, emitted, warned;
	char hashes[8][PO_SRC_HEX], emitted_hash[8][PO_SRC_HEX], emitted_id[8][16];
};

static int on_src(void *arg, const char *bytes, size_t len, char hex[PO_SRC_HEX])
{
	struct skipper *k = arg;
	char *copy = strndup(bytes, len);
	bool known = strstr(copy, k->known) != NULL;
	free(copy);
	sync_src_hash(k->src, bytes, len, hex);
	if (k->asked < 8)
		memcpy(k->hashes[k->asked], hex, PO_SRC_HEX);
	k->asked++;
	return known;
}

static void on_record(void *arg, const struct po *po)
{
	struct skipper *k = arg;
	if (k->emitted < 8) {
		memcpy(k->emitted_hash[k->emitted], po->src_hash, PO_SRC_HEX);
		snprintf(k->emitted_id[k->emitted], 16, "%s", po->remote_id);
	}
	k->emitted++;
}

static struct sync_src *test_src(const char *version)
{
	unsigned char key[LIFECYCLE_KEY_BYTES];
	memset(key, 7, sizeof(key));
	return sync_src_new(key, version, "test", "{}");
}

#define COMPANIES "{\"value\":[{\"id\":\"5b2d3c3e\"}]}"

/* The known order is not built; each other one carries its own hash. */
static void page_skips_known(void)
{
	struct skipper k = {.known = "\"number\":\"1002\""};
	struct rd_opts o = {.scope = "t", .status = -1, .raw = true, .page_size = 100};
	struct onr_error err;
	struct rd *rd;
	k.src = test_src("1");
	rd = rd_new_offline(&reader_bc, &o, on_record, NULL, &k);
	rd_set_src(rd, on_src);
	CHECK(rd_offline_page(rd, COMPANIES, strlen(COMPANIES), &err) == 0);
	CHECK(k.asked == 1 && k.emitted == 0); /* the companies: asked, none known */
	k.asked = 0;
	static const char page[] = "{\"value\":[{\"id\":\"a\",\"number\":\"1001\",\"status\":\"Draft\"},"
				   "{\"id\":\"b\",\"number\":\"1002\",\"status\":\"Draft\"},"
				   "{\"id\":\"c\",\"number\":\"1003\",\"status\":\"Draft\"}],\"@odata.nextLink\":\"n?p=2\"}";
	CHECK(rd_offline_page(rd, page, strlen(page), &err) == 0);
	CHECK(k.asked == 3 && k.emitted == 2);
	CHECK_STR(k.emitted_id[0], "a");
	CHECK_STR(k.emitted_id[1], "c");
	CHECK_STR(k.emitted_hash[0], k.hashes[0]);
	CHECK_STR(k.emitted_hash[1], k.hashes[2]);
	CHECK_STR(rd_next(rd), "n?p=2"); /* the rest of the page is read as before */
	/* a page of known orders only: progress, not an empty page */
	k.asked = k.emitted = 0;
	k.known = "Draft";
	CHECK(rd_offline_page(rd, page, strlen(page), &err) == 0);
	CHECK(k.asked == 3 && k.emitted == 0);
	rd_free(rd);
	/* without a caller's src_fn nothing changes: every order, no hash */
	k.asked = k.emitted = 0;
	rd = rd_new_offline(&reader_bc, &o, on_record, NULL, &k);
	CHECK(rd_offline_page(rd, COMPANIES, strlen(COMPANIES), &err) == 0);
	CHECK(rd_offline_page(rd, page, strlen(page), &err) == 0);
	CHECK(k.asked == 0 && k.emitted == 3 && k.emitted_hash[0][0] == 0);
	rd_free(rd);
	sync_src_free(k.src);
}

/* Tryton pages by offset and takes a short page for the last: a known
 * order stays in the page as null, so the page keeps its length. */
static void tryton_page_length(void)
{
	struct skipper k = {.known = "\"number\":\"P1\""};
	struct rd_opts o = {.scope = "t", .status = -1, .raw = true, .page_size = 2};
	struct onr_error err;
	struct rd *rd;
	size_t len;
	k.src = test_src("1");
	rd = rd_new_offline(&reader_tryton, &o, on_record, NULL, &k);
	rd_set_src(rd, on_src);
	static const char page[] = "{\"id\":1,\"result\":[{\"id\":1,\"number\":\"P1\",\"state\":\"draft\"} ,"
				   "{\"id\":2,\"number\":\"P2\",\"state\":\"draft\"}]}";
	CHECK_STR(rd_src_page(rd, page, strlen(page), &len),
		  "{\"id\":1,\"result\":[null ,{\"id\":2,\"number\":\"P2\",\"state\":\"draft\"}]}");
	k.asked = 0;
	CHECK(rd_offline_page(rd, page, strlen(page), &err) == 0);
	CHECK(k.emitted == 1 && strcmp(k.emitted_id[0], "2") == 0);
	CHECK_STR(k.emitted_hash[0], k.hashes[1]);
	rd_free(rd);
	sync_src_free(k.src);
}

/* SAP's orders are in d.results: a known one is not built, the page
 * keeps its length (a short page is the last), the others their hashes. */
static void sap_page(void)
{
	struct skipper k = {.known = "\"PurchaseOrder\":\"4500000002\""};
	struct rd_opts o = {.scope = "t", .status = -1, .raw = true, .page_size = 3};
	struct onr_error err;
	struct rd *rd;
	size_t len;
#define SAP_PO(n) "{\"PurchaseOrder\":\"450000000" #n "\",\"PurchasingProcessingStatus\":\"02\"," \
	"\"to_PurchaseOrderItem\":{\"results\":[]}}"
	static const char page[] = "{\"d\":{\"results\":[" SAP_PO(1) "," SAP_PO(2) "," SAP_PO(3) "]}}";
	static const char skipped[] = "{\"d\":{\"results\":[" SAP_PO(1) ",null," SAP_PO(3) "]}}";
#undef SAP_PO
	k.src = test_src("1");
	rd = rd_new_offline(&reader_sap_s4, &o, on_record, NULL, &k);
	rd_set_src(rd, on_src);
	CHECK_STR(rd_src_page(rd, page, strlen(page), &len), skipped);
	k.asked = 0;
	CHECK(rd_offline_page(rd, page, strlen(page), &err) == 0);
	CHECK(k.asked == 3 && k.emitted == 2);
	CHECK_STR(k.emitted_id[0], "4500000001");
	CHECK_STR(k.emitted_id[1], "4500000003");
	CHECK_STR(k.emitted_hash[0], k.hashes[0]);
	CHECK_STR(k.emitted_hash[1], k.hashes[2]);
	rd_free(rd);
	sync_src_free(k.src);
}

static void count_warn(void *arg, const char *text)
{
	struct skipper *k = arg;
	k->warned += strstr(text, "came on two pages") != NULL;
}

/* An order a sync knows (left out of the parse) is in the "same order on
 * two pages" check: the first copy is kept, skipped or built. */
static void skipped_in_two_pages_check(void)
{
	struct skipper k = {.known = "none"};
	struct rd_opts o = {.scope = "t", .status = -1, .raw = true, .page_size = 100};
	struct onr_error err;
	struct rd *rd = rd_new_offline(&reader_bc, &o, on_record, count_warn, &k);
	static const char page[] = "{\"value\":[{\"id\":\"a\",\"number\":\"1001\",\"status\":\"Draft\"},"
				   "{\"id\":\"b\",\"number\":\"1002\",\"status\":\"Draft\"}]}";
	CHECK(rd_offline_page(rd, COMPANIES, strlen(COMPANIES), &err) == 0);
	CHECK(rd_skipped_once(rd, "b"));  /* known, on page 1 */
	CHECK(!rd_skipped_once(rd, "b")); /* again on page 2: left out */
	CHECK(k.warned == 1);
	CHECK(rd_offline_page(rd, page, strlen(page), &err) == 0); /* b changed on page 3: not built */
	CHECK(k.emitted == 1 && !strcmp(k.emitted_id[0], "a") && k.warned == 2);
	CHECK(!rd_skipped_once(rd, "a")); /* a known copy of a built one */
	CHECK(k.warned == 3);
	CHECK(rd_skipped_once(rd, "") && k.warned == 3); /* no id: nothing to check */
	rd_free(rd);
}

/* The hash is keyed, and every part counts. */
static void src_hash_parts(void)
{
	unsigned char key[LIFECYCLE_KEY_BYTES], plain[16];
	char a[SYNC_SRC_HEX], b[SYNC_SRC_HEX], hex[SYNC_SRC_HEX];
	struct sync_src *s;
	memset(key, 7, sizeof(key));
	s = sync_src_new(key, "1", "tryton", "{\"url\":\"u\"}");
	sync_src_hash(s, "{}", 2, a);
	CHECK(strlen(a) == 32);
	sync_src_hash(s, "{}", 2, b);
	CHECK_STR(a, b);
	sync_src_hash(s, "{ }", 3, b);
	CHECK(strcmp(a, b) != 0); /* any byte of the record */
	sync_src_free(s);
	/* the same parts unkeyed: someone with the database cannot test guesses */
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 16);
	static const char parts[] = "1\0tryton\0{\"url\":\"u\"}\0{}";
	crypto_generichash_update(&st, (const unsigned char *)parts, sizeof(parts) - 1);
	crypto_generichash_final(&st, plain, 16);
	sodium_bin2hex(hex, sizeof(hex), plain, 16);
	CHECK(strcmp(a, hex) != 0);
	struct {
		const char *version, *reader, *settings;
		unsigned char key;
	} other[] = {
		{"2", "tryton", "{\"url\":\"u\"}", 7},          /* a mapping's new version: each order built once */
		{"1", "business-central", "{\"url\":\"u\"}", 7}, /* another reader */
		{"1", "tryton", "{\"url\":\"v\"}", 7},          /* other settings */
		{"1", "tryton", "{\"url\":\"u\"}", 8},          /* another connection's key */
		{"1", "tryton{", "\"url\":\"u\"}", 7},          /* parts kept apart */
	};
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		memset(key, other[i].key, sizeof(key));
		s = sync_src_new(key, other[i].version, other[i].reader, other[i].settings);
		sync_src_hash(s, "{}", 2, b);
		if (!strcmp(a, b))
			T_FAIL("case %zu hashes the same", i);
		sync_src_free(s);
	}
	CHECK(sync_src_new(NULL, "1", "tryton", "") == NULL); /* no key: nothing is skipped */
}

static void known_set(void)
{
	struct src_known *k = src_known_new(true), *n = src_known_new(false);
	struct sync_src *s = test_src("1");
	char hex[SYNC_SRC_HEX], id[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "order-%d", i);
		sync_src_hash(s, id, strlen(id), hex);
		src_known_add(k, hex, id);
		src_known_add(n, hex, id);
	}
	src_known_add(k, "not hex", "x");
	CHECK(src_known_count(k) == 5000 && src_known_count(n) == 5000);
	for (int i = 0; i < 6000; i++) {
		snprintf(id, sizeof(id), "order-%d", i);
		sync_src_hash(s, id, strlen(id), hex);
		const char *got = src_known_find(k, hex), *got_n = src_known_find(n, hex);
		if (i < 5000 && (!got || strcmp(got, id) || !got_n || *got_n))
			T_FAIL("order %d not found as stored", i);
		if (i >= 5000 && (got || got_n))
			T_FAIL("order %d found but never stored", i);
	}
	CHECK(src_known_find(NULL, hex) == NULL);
	src_known_free(k);
	src_known_free(n);
	sync_src_free(s);
}

T_SUITE(src_skip) = {
	{"spans: each element's bytes, without a tree", spans},
	{"spans: the next page's link in the same pass", spans_also},
	{"page: known orders not built, the others hashed", page_skips_known},
	{"page: Tryton's page length kept", tryton_page_length},
	{"page: SAP's d.results, its length kept", sap_page},
	{"page: a known order is in the two-pages check", skipped_in_two_pages_check},
	{"hash: keyed, every part counts", src_hash_parts},
	{"known: the stored hashes, with ids", known_set},
	{0},
};
