/* The embedded search index (core/catalog/catalog_index.h, core/catalog/search_blob.c)
 * against the parsed JSON it was made from: the same systems, the same
 * ranking. */
#include "catalog.h"
#include "catalog_index.h"
#include "search.h"
#include "t.h"
#include "util.h"
#include <stdlib.h>

static bool strs_equal(const char *const *a, char *const *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

/* Every field the index keeps, as the full loader reads it. */
static void index_matches_parsed_catalog(void)
{
	struct catalog cat;
	struct catalog_brief b;
	struct onr_error err;
	CHECK(catalog_load_builtin(&cat, &err) == 0);
	CHECK(catalog_brief_builtin(&b) == 0);
	CHECK(b.n == cat.n && b.search_blob != NULL);
	for (size_t i = 0; i < b.n && b.n == cat.n; i++) {
		const struct system_brief *x = &b.systems[i];
		const struct system *y = &cat.systems[i];
		CHECK_STR(x->id, y->id);
		CHECK_STR(x->name, y->name);
		CHECK_STR(x->vendor, y->vendor);
		CHECK_STR(x->category, y->category);
		CHECK(x->naliases == y->naliases && strs_equal(x->aliases, y->aliases, x->naliases));
		CHECK(x->tier == y->tier && x->popular == y->popular);
		CHECK(x->core == y->core && x->usable == system_usable(y));
	}
	catalog_brief_free(&b);
	catalog_free(&cat);
}

/* The saved index ranks exactly like one built from the parsed JSON. */
static void saved_index_ranks_like_a_fresh_one(void)
{
	static const char *const queries[] = {
		"", "s", "sap", "sap s4", "dyn bus", "quickbooks onl", "maximmo", "jde", "bc", "qbo",
		"d365", "oracle netsuite", "netsute", "microsoft", "korber", "erp", "cmms", "s/4", "x"};
	static const char *const cats[] = {NULL, "ERP", "accounting"};
	struct catalog cat;
	struct catalog_brief b;
	struct onr_error err;
	CHECK(catalog_load_builtin(&cat, &err) == 0);
	CHECK(catalog_brief_builtin(&b) == 0);
	struct search *saved = search_new_brief(&b), *fresh = search_new(&cat);
	size_t *x = xmalloc((cat.n + 1) * sizeof(*x)), *y = xmalloc((cat.n + 1) * sizeof(*y));
	for (size_t c = 0; c < sizeof(cats) / sizeof(cats[0]); c++) {
		for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
			size_t nx = search_run(saved, queries[q], cats[c], NULL, 0, x, cat.n);
			size_t ny = search_run(fresh, queries[q], cats[c], NULL, 0, y, cat.n);
			size_t shown = nx < cat.n ? nx : cat.n;
			CHECK(nx == ny);
			if (nx == ny && memcmp(x, y, shown * sizeof(*x))) {
				T_FAIL("the saved index ranks \"%s\" differently", queries[q]);
			}
		}
	}
	const char *sx[64], *sy[64];
	size_t ncx = search_categories(saved, sx, 64), ncy = search_categories(fresh, sy, 64);
	CHECK(ncx == ncy);
	for (size_t i = 0; i < ncx && i < 64 && ncx == ncy; i++)
		CHECK_STR(sx[i], sy[i]);
	free(x), free(y);
	search_free(saved), search_free(fresh);
	catalog_brief_free(&b);
	catalog_free(&cat);
}

/* Saved data that does not describe the systems is refused, not misread. */
static void saved_index_must_fit(void)
{
	struct catalog_brief b;
	CHECK(catalog_brief_builtin(&b) == 0);
	struct catalog_brief fewer = b;
	fewer.n = b.n - 1;
	CHECK(search_load(&fewer, b.search_blob, b.search_len) == NULL);
	CHECK(search_load(&b, b.search_blob, b.search_len / 2) == NULL);
	CHECK(search_load(&b, "not an index", 12) == NULL);
	struct search *s = search_load(&b, b.search_blob, b.search_len);
	CHECK(s != NULL);
	search_free(s);
	catalog_brief_free(&b);
}

T_SUITE(catalog_index) = {
	{"index_matches_parsed_catalog", index_matches_parsed_catalog},
	{"saved_index_ranks_like_a_fresh_one", saved_index_ranks_like_a_fresh_one},
	{"saved_index_must_fit", saved_index_must_fit},
	{0},
};
