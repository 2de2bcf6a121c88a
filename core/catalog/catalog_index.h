/* catalog_index.h: what search and the systems list need of each system
 * (names, aliases, vendor, category, flags), without the rest of the entry.
 *
 * Parsing the embedded JSON catalog costs ~10 ms, far more than searching
 * it, so the build writes these few fields to a compact blob
 * (tools/catalog_index.c, from the same JSON files) that is embedded next to
 * the JSON and read here without parsing. The JSON files stay the one source
 * of truth. The blob also says where each entry's JSON text is, so
 * catalog_load_default makes the built-ins stubs from it and an entry
 * asked for whole (a form, a probe) is parsed alone: `validate ID` and the
 * wizard's first screen never parse the whole catalog. When drop-in
 * catalog files exist, the search view is made from the loaded catalog
 * instead (catalog_brief_from_catalog). */
#ifndef ONRAMP_CATALOG_INDEX_H
#define ONRAMP_CATALOG_INDEX_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "catalog.h"

/* One system as search sees it. Strings belong to the index or catalog. */
struct system_brief {
	const char *id, *name, *vendor, *category;
	const char *const *aliases;
	size_t naliases;
	int tier, popular;
	bool core, usable; /* usable: system_usable() of the whole entry */
};

struct catalog_brief {
	struct system_brief *systems;
	size_t n;
	const char **alias_ptrs; /* storage behind systems[].aliases */
	/* The search index saved by the build over these systems (search_save),
	 * NULL when there is none: search_new_brief then builds it. */
	const void *search_blob;
	size_t search_len;
};

/* ---- the blob's layout (host byte order: it is built where it runs) ---- */
#define CIDX_MAGIC "onrcidx2"
struct cidx_header {
	char magic[8];
	uint32_t n, naliases, strbytes;
	uint32_t search_off, search_len; /* the saved search index, from the blob's start */
	uint32_t pad;
};
struct cidx_entry {
	uint32_t id, name, vendor, category; /* offsets into the string area */
	uint32_t alias0, naliases;           /* a run of the alias offset table */
	int32_t tier, popular;
	uint32_t method;                     /* auth.method, a string offset */
	uint32_t src_off, src_len;           /* the entry's JSON text in its document */
	uint8_t core, usable, available, doc; /* doc: 0 generated.json, 1 curated.json */
};
/* After the header: n cidx_entry, naliases uint32_t alias offsets, then
 * strbytes of NUL-terminated strings; then, 8-aligned, the search index. */

/* The embedded index (catalog_index_blob.S). Returns -1 when the blob is
 * missing or malformed, which a correct build never makes. */
int catalog_brief_builtin(struct catalog_brief *b);
/* A view of a parsed catalog; it must outlive b. */
void catalog_brief_from_catalog(struct catalog_brief *b, const struct catalog *cat);
void catalog_brief_free(struct catalog_brief *b);
/* search_new(cat), but from the build's saved index when cat is the
 * built-ins alone (catalog_load_default without drop-ins): nothing folded
 * or sorted at start. */
struct search *catalog_search_new(const struct catalog *cat);
#endif
