/* catalog_index.c: the search view of the catalog, read from the blob the
 * build embeds (catalog_index.h) or taken from a parsed catalog. Reading
 * the blob is pointer arithmetic: no parsing, no copies of strings. */
#include "catalog_index.h"
#include "auth/registry.h"
#include "dropin_cache.h"
#include "fasthash.h"
#include "search.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

extern const char catalog_index_blob[], catalog_index_blob_end[];
extern const char catalog_curated_json[], catalog_curated_json_end[];
extern const char catalog_generated_json[], catalog_generated_json_end[];

/* The blob is made by our own build, but a bounds check per offset is
 * cheap and turns a stale or truncated file into an error, not a crash. */
struct blob {
	const struct cidx_header *h;
	const struct cidx_entry *e;
	const uint32_t *aliases;
	const char *str;
};

static bool blob_open(struct blob *b, const char *p, size_t len)
{
	size_t need;
	b->h = (const struct cidx_header *)p;
	if (len < sizeof(*b->h) || memcmp(b->h->magic, CIDX_MAGIC, 8))
		return false;
	need = sizeof(*b->h) + (size_t)b->h->n * sizeof(*b->e) +
	       (size_t)b->h->naliases * sizeof(uint32_t) + b->h->strbytes;
	if (len < need || !b->h->strbytes)
		return false;
	b->e = (const struct cidx_entry *)(b->h + 1);
	b->aliases = (const uint32_t *)(b->e + b->h->n);
	b->str = (const char *)(b->aliases + b->h->naliases);
	return b->str[b->h->strbytes - 1] == '\0';
}

static const char *blob_str(const struct blob *b, uint32_t off, bool *ok)
{
	if (off >= b->h->strbytes) {
		*ok = false;
		return "";
	}
	return b->str + off;
}

static bool entry_read(const struct blob *b, const struct cidx_entry *e,
		       struct system_brief *out, const char **aliases)
{
	bool ok = e->alias0 <= b->h->naliases && e->naliases <= b->h->naliases - e->alias0;
	*out = (struct system_brief){
		.id = blob_str(b, e->id, &ok), .name = blob_str(b, e->name, &ok),
		.vendor = blob_str(b, e->vendor, &ok), .category = blob_str(b, e->category, &ok),
		.aliases = aliases + (ok ? e->alias0 : 0), .naliases = ok ? e->naliases : 0,
		.tier = e->tier, .popular = e->popular, .core = e->core, .usable = e->usable};
	return ok;
}

int catalog_brief_builtin(struct catalog_brief *b)
{
	struct blob x;
	bool ok = true;
	size_t len = (size_t)(catalog_index_blob_end - catalog_index_blob);
	memset(b, 0, sizeof(*b));
	if (!blob_open(&x, catalog_index_blob, len))
		return -1;
	b->n = x.h->n;
	b->systems = xcalloc(b->n + 1, sizeof(*b->systems));
	b->alias_ptrs = xcalloc((size_t)x.h->naliases + 1, sizeof(*b->alias_ptrs));
	for (size_t a = 0; a < x.h->naliases; a++)
		b->alias_ptrs[a] = blob_str(&x, x.aliases[a], &ok);
	for (size_t i = 0; i < b->n; i++)
		ok &= entry_read(&x, &x.e[i], &b->systems[i], b->alias_ptrs);
	if (x.h->search_len && x.h->search_off <= len && x.h->search_len <= len - x.h->search_off) {
		b->search_blob = catalog_index_blob + x.h->search_off;
		b->search_len = x.h->search_len;
	}
	if (!ok) {
		catalog_brief_free(b);
		return -1;
	}
	return 0;
}

/* The built-ins as stubs straight from the blob: strings point into it,
 * each entry's text into the embedded JSON. only: the one id to make a
 * stub of (NULL: all). */
static int builtin_stubs(struct catalog *cat, const char *only)
{
	struct blob x;
	bool ok = true;
	size_t len = (size_t)(catalog_index_blob_end - catalog_index_blob);
	const char *docs[2] = {catalog_generated_json, catalog_curated_json};
	const size_t doclen[2] = {(size_t)(catalog_generated_json_end - catalog_generated_json),
				  (size_t)(catalog_curated_json_end - catalog_curated_json)};
	if (!blob_open(&x, catalog_index_blob, len))
		return -1;
	const char **aliases = catalog_alloc(cat, ((size_t)x.h->naliases + 1) * sizeof(*aliases));
	for (size_t a = 0; a < x.h->naliases; a++)
		aliases[a] = blob_str(&x, x.aliases[a], &ok);
	catalog_reserve(cat, only ? 1 : x.h->n);
	for (size_t i = 0; i < x.h->n && ok; i++) {
		const struct cidx_entry *e = &x.e[i];
		struct system_brief b;
		ok = entry_read(&x, e, &b, aliases) && e->doc < 2 && e->src_off <= doclen[e->doc] &&
		     e->src_len <= doclen[e->doc] - e->src_off;
		if (ok && only && strcmp(b.id, only))
			continue;
		struct system st = {
			/* stubs own nothing and their strings are never written */
			.id = (char *)b.id, .name = (char *)b.name, .vendor = (char *)b.vendor,
			.category = (char *)b.category, .aliases = (char **)b.aliases, .naliases = b.naliases,
			.tier = b.tier, .popular = b.popular, .core = b.core, .available = e->available,
			.auth.method = (char *)blob_str(&x, e->method, &ok),
			.src = ok ? docs[e->doc] + e->src_off : NULL, .srclen = e->src_len};
		if (ok)
			catalog_put_stub(cat, &st, NULL);
	}
	return ok && (only || cat->n == x.h->n) ? 0 : -1;
}

static int load(struct catalog *cat, const char *only, struct onr_error *err)
{
	memset(cat, 0, sizeof(*cat));
	error_clear(err);
	if (builtin_stubs(cat, only) < 0) { /* a build that made no index: parse it all */
		catalog_free(cat);
		if (catalog_load_builtin(cat, err) < 0)
			return -1;
	} else {
		cat->indexed = !only; /* the saved search index is of all of them */
	}
	catalog_add_dropins(cat, err);
	return 0;
}

int catalog_load_default(struct catalog *cat, struct onr_error *err)
{
	return load(cat, NULL, err);
}

int catalog_load_one(struct catalog *cat, const char *id, struct onr_error *err)
{
	return load(cat, id, err);
}

/* With drop-in files: the index cached for these files and this build's
 * catalog, else one built and cached (dropin_cache.h). The build's own
 * index stands for this build's search code; the sign-in methods it
 * implements decide which entries get their category's words. */
static struct search *dropin_search(const struct catalog *cat)
{
	size_t len = (size_t)(catalog_index_blob_end - catalog_index_blob), nm;
	uint64_t key = fast_hash(catalog_index_blob, len, cat->dropin_key);
	const struct auth_method_info *m = auth_methods(&nm);
	for (size_t i = 0; i < nm; i++)
		key = fast_hash(m[i].name, strlen(m[i].name), key + m[i].implemented);
	struct search *s = dropin_search_read(cat, key);
	if (!s) {
		s = search_new(cat);
		dropin_search_write(s, cat, key);
	}
	return s;
}

struct search *catalog_search_new(const struct catalog *cat)
{
	struct catalog_brief b;
	struct search *s;
	if (!cat->indexed && cat->dropin_key)
		return dropin_search(cat);
	if (!cat->indexed || catalog_brief_builtin(&b) < 0)
		return search_new(cat);
	s = b.n == cat->n ? search_new_brief(&b) : NULL;
	catalog_brief_free(&b);
	if (!s)
		return search_new(cat);
	search_set_catalog(s, cat);
	return s;
}
