/* The one list of auth methods (core/auth/methods.h): each implemented row
 * has its module, the catalog names only listed methods, and CATALOG.md
 * documents each implemented one. */
#include "t.h"
#include "srcfile.h"
#include "auth/auth.h"
#include "auth/registry.h"
#include "catalog.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static void rows_have_modules(void)
{
	size_t n, implemented = 0;
	const struct auth_method_info *m = auth_methods(&n);
	CHECK(n > 0);
	for (size_t i = 0; i < n; i++) {
		const struct auth_method *ops = auth_find(m[i].name);
		if (m[i].implemented) {
			implemented++;
			CHECK(ops && !strcmp(ops->name, m[i].name) && ops->build && ops->judge);
		} else {
			CHECK(ops == NULL);
		}
		CHECK(m[i].description && m[i].description[0]);
		CHECK(auth_method_info(m[i].name) == &m[i]); /* listed once */
	}
	CHECK(implemented >= 14);
	CHECK(auth_method_implemented("oauth2_code"));
	CHECK(!auth_method_implemented("fiix_hmac"));
	CHECK(!auth_method_implemented("no_such_method") && !auth_method_info("no_such_method"));
	CHECK(!auth_find("no_such_method"));
}

/* A typo in a catalog entry's method would list it as "not available"
 * without a word; every method the built-in catalog names is listed. */
static void catalog_names_listed_methods(void)
{
	struct catalog cat = {0};
	struct onr_error err;
	CHECK(catalog_load_builtin(&cat, &err) == 0);
	CHECK(cat.n > 1000); /* the whole built-in catalog, not a sample (issue 16: 1,464 once the clouds folded) */
	for (size_t i = 0; i < cat.n; i++) {
		const struct system *s = &cat.systems[i];
		if (!auth_method_info(s->auth.method)) {
			fprintf(stderr, "  %s: auth method \"%s\" is not in core/auth/methods.h\n", s->id, s->auth.method);
			t_failed_checks++;
		}
		if (system_usable(s))
			CHECK(auth_method_implemented(s->auth.method));
	}
	catalog_free(&cat);
}

static void catalog_md_documents_each(void)
{
	size_t n, len;
	const struct auth_method_info *m = auth_methods(&n);
	char *doc = src_read("core/catalog/CATALOG.md", &len), row[64];
	CHECK(doc != NULL);
	for (size_t i = 0; doc && i < n; i++) {
		if (m[i].implemented && !strstr(doc, str_fmt(row, sizeof(row), "\n| `%s` |", m[i].name))) {
			fprintf(stderr, "  core/catalog/CATALOG.md has no AUTH row for %s\n", m[i].name);
			t_failed_checks++;
		}
	}
	free(doc);
}

T_SUITE(auth_registry) = {
	{"rows_have_modules", rows_have_modules},
	{"catalog_names_listed_methods", catalog_names_listed_methods},
	{"catalog_md_documents_each", catalog_md_documents_each},
	{0},
};
