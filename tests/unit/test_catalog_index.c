/* The embedded search index (core/catalog/catalog_index.h, core/catalog/search_blob.c)
 * against the parsed JSON it was made from: the same systems, the same
 * ranking. */
#include "catalog.h"
#include "catalog_index.h"
#include "search.h"
#include "iso.h"
#include "t.h"
#include "util.h"
#include <stdlib.h>
#include <sys/stat.h>

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


/* Every string and flag of a whole entry, in one line, to compare two. */
static void digest(const struct system *s, struct buf *o)
{
	const struct auth_spec *a = &s->auth;
	const char *strs[] = {s->id, s->name, s->vendor, s->category, s->needs, s->where, s->base_url,
			      a->method, a->user, a->password, a->name, a->value, a->token, a->token_url,
			      a->client_id, a->client_secret, a->scope, a->authorize_url, a->authorize_params,
			      a->device_url, a->client_auth, a->service, a->region, s->probe.url,
			      s->probe.method, s->probe.identity};
	buf_init(o);
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		buf_addf(o, "%s|", strs[i] ? strs[i] : "(null)");
	for (size_t i = 0; i < s->naliases; i++)
		buf_addf(o, "a:%s|", s->aliases[i]);
	for (size_t i = 0; i < s->nguide; i++)
		buf_addf(o, "g:%s|", s->guide[i]);
	for (size_t i = 0; i < s->probe.nheaders; i++)
		buf_addf(o, "h:%s=%s|", s->probe.headers[i].name, s->probe.headers[i].value);
	for (size_t i = 0; i < s->nhints; i++)
		buf_addf(o, "t:%s=%s|", s->hints[i].name, s->hints[i].value);
	for (size_t i = 0; i < s->nerror_fields; i++)
		buf_addf(o, "e:%s=%s|", s->error_fields[i].name, s->error_fields[i].value);
	for (size_t i = 0; i < s->nfields; i++) {
		const struct field *f = &s->fields[i];
		buf_addf(o, "f:%s,%s,%s,%s,%s,%d%d%d|", f->key, f->label, f->placeholder, f->help, f->def,
			   (int)f->kind, f->required, f->secret);
	}
	buf_addf(o, "%d %d %d %d %d %d", s->tier, s->popular, s->core, s->available,
		   s->probe.verifies_credentials, s->replaces);
	buf_add(o, "", 1);
}

static bool same_entry(const struct system *x, const struct system *y)
{
	struct buf a, b;
	digest(x, &a);
	digest(y, &b);
	bool same = !strcmp(a.data, b.data);
	if (!same)
		T_FAIL("%s: lazily read entry differs:\n# %s\n# %s", x->id, a.data, b.data);
	buf_free(&a), buf_free(&b);
	return same;
}

/* catalog_load_default reads no JSON at start; each entry parsed alone
 * later is exactly what parsing the whole catalog gives. */
static void stubs_become_the_parsed_entries(void)
{
	struct catalog lazy, whole;
	struct onr_error err;
	size_t differ = 0;
	iso_begin("cidx_lazy");
	CHECK(catalog_load_default(&lazy, &err) == 0 && lazy.indexed);
	CHECK(catalog_load_builtin(&whole, &err) == 0);
	CHECK(lazy.n == whole.n);
	for (size_t i = 0; i < lazy.n && lazy.n == whole.n; i++) {
		CHECK(!lazy.systems[i].parsed);
		CHECK(system_usable(&lazy.systems[i]) == system_usable(&whole.systems[i]));
		differ += !same_entry(catalog_at(&lazy, i), &whole.systems[i]);
		CHECK(lazy.systems[i].parsed);
	}
	CHECK(differ == 0);
	catalog_free(&lazy), catalog_free(&whole);
	iso_end();
}

/* validate's and connect's load: one built-in stub, the very entry once
 * parsed; an unknown id gives none. */
static void one_entry_alone(void)
{
	struct catalog one, whole;
	struct onr_error err;
	iso_begin("cidx_one");
	CHECK(catalog_load_one(&one, "tryton", &err) == 0 && !one.indexed && one.n == 1);
	CHECK(catalog_load_builtin(&whole, &err) == 0);
	const struct system *a = catalog_find(&one, "tryton"), *b = catalog_find(&whole, "tryton");
	CHECK(a && b && same_entry(a, b));
	catalog_free(&one);
	CHECK(catalog_load_one(&one, "no-such-system", &err) == 0 && one.n == 0);
	CHECK(catalog_find(&one, "no-such-system") == NULL);
	catalog_free(&one), catalog_free(&whole);
	iso_end();
}

/* A drop-in file is scanned into stubs (escapes decoded, overrides
 * marked) and parsed per entry on use; a broken one is refused whole with
 * its line, and the others still load. */
static void dropins_scanned_then_parsed(void)
{
	static const char file[] =
		"{\"version\": 1, \"systems\": [\n"
		"  {\"id\": \"tryton\", \"name\": \"Tryton (ours)\", \"auth\": \"tryton\", \"tier\": 2,\n"
		"   \"fields\": [{\"key\": \"url\", \"label\": \"URL\", \"kind\": \"url\", \"required\": true}],\n"
		"   \"probe\": {\"url\": \"{url}/\"}},\n"
		"  {\"name\": \"K\\u00f6rber \\\"WMS\\\"\", \"id\": \"korber-x\", \"aliases\": [\"kx\", 7, \"k\\/x\"],\n"
		"   \"vendor\": \"K\\u00f6rber\", \"category\": \"WMS\", \"popular\": 3, \"core\": true,\n"
		"   \"available\": false, \"auth\": {\"user\": \"{u}\", \"method\": \"basic\"}, \"hints\": {\"403\": \"x\"},\n"
		"   \"fields\": [{\"key\": \"u\", \"label\": \"User\", \"kind\": \"text\", \"secret\": false}]}\n"
		"]}\n";
	static const char broken[] = "{\"systems\": [\n{\"id\": \"a\", \"name\": \"A\", \"auth\": \"basic\"},\n"
				     "{\"id\": \"b\", \"name\": \"B\", \"fields\": {}, \"auth\": \"basic\"}]}";
	char dir[512], path[600];
	struct catalog cat, eager = {0};
	struct onr_error err;
	iso_begin("cidx_dropin");
	iso_data_dir(dir, sizeof(dir), "systems.d");
	snprintf(path, sizeof(path), "%s/a.json", dir);
	iso_spit(path, file, strlen(file));
	snprintf(path, sizeof(path), "%s/b.json", dir);
	iso_spit(path, broken, strlen(broken));
	CHECK(catalog_load_default(&cat, &err) == 0 && !cat.indexed);
	CHECK(strstr(err.message, "b.json") && strstr(err.message, "line 3") && strstr(err.message, "not a list"));
	const struct system *k = catalog_find(&cat, "korber-x");
	const struct system *t = catalog_find(&cat, "tryton");
	CHECK(catalog_find(&cat, "a") == NULL); /* nothing of the broken file */
	CHECK(catalog_add_json(&eager, file, strlen(file), "a", &err) == 0);
	if (k && t && eager.n == 2) {
		CHECK_STR(k->name, "K\xc3\xb6rber \"WMS\"");
		CHECK(k->naliases == 2 && !strcmp(k->aliases[1], "k/x"));
		CHECK(t->replaces && !k->replaces && strstr(t->dropin, "a.json"));
		CHECK(k->hints && k->nhints == 1);
		struct system kx = eager.systems[1], tx = eager.systems[0];
		kx.dropin = k->dropin, tx.dropin = t->dropin, tx.replaces = true;
		same_entry(k, &kx);
		same_entry(t, &tx);
	}
	/* loading one entry, the drop-in's still takes the built-in's place */
	struct catalog one;
	CHECK(catalog_load_one(&one, "tryton", &err) == 0);
	const struct system *o = catalog_find(&one, "tryton");
	CHECK(o && !strcmp(o->name, "Tryton (ours)") && o->replaces);
	catalog_free(&one);
	catalog_free(&eager), catalog_free(&cat);
	iso_end();
}

T_SUITE(catalog_index) = {
	{"index_matches_parsed_catalog", index_matches_parsed_catalog},
	{"saved_index_ranks_like_a_fresh_one", saved_index_ranks_like_a_fresh_one},
	{"saved_index_must_fit", saved_index_must_fit},
	{"stubs_become_the_parsed_entries", stubs_become_the_parsed_entries},
	{"one_entry_alone", one_entry_alone},
	{"dropins_scanned_then_parsed", dropins_scanned_then_parsed},
	{0},
};
