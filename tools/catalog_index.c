/* catalog_index: writes the search index the binary embeds
 * (core/catalog/catalog_index.h) from the embedded JSON catalog.
 *
 *   catalog_index OUT
 *
 * It loads the catalog with the program's own loader (core/catalog/catalog.c), so
 * overrides, defaults and validation are exactly what the program would
 * see at run time; a broken catalog fails the build here instead. The
 * search index is made by the program's own search.c (search_save). */
#include "catalog.h"
#include "catalog_index.h"
#include "search.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The string area: offset 0 is "", every other string is appended. */
static uint32_t str_put(struct buf *st, const char *s)
{
	uint32_t off = (uint32_t)st->len;
	if (!s || !*s)
		return 0;
	buf_add(st, s, strlen(s) + 1);
	return off;
}

extern const char catalog_curated_json[], catalog_curated_json_end[], catalog_generated_json[];

static void entry_put(struct cidx_entry *e, const struct system *s, struct buf *st,
		      uint32_t *aliases, uint32_t *nalias)
{
	/* which embedded document the entry's text is in */
	bool curated = s->src >= catalog_curated_json && s->src < catalog_curated_json_end;
	const char *doc = curated ? catalog_curated_json : catalog_generated_json;
	*e = (struct cidx_entry){
		.id = str_put(st, s->id), .name = str_put(st, s->name),
		.vendor = str_put(st, s->vendor), .category = str_put(st, s->category),
		.alias0 = *nalias, .naliases = (uint32_t)s->naliases,
		.tier = s->tier, .popular = s->popular, .core = s->core, .usable = system_usable(s),
		.method = str_put(st, s->auth.method), .available = s->available, .doc = curated,
		.src_off = (uint32_t)(s->src - doc), .src_len = (uint32_t)s->srclen};
	for (size_t a = 0; a < s->naliases; a++)
		aliases[(*nalias)++] = str_put(st, s->aliases[a]);
}

/* The search index over exactly these systems, in this order. */
static void search_index(const struct catalog *cat, struct buf *out)
{
	struct catalog_brief b;
	catalog_brief_from_catalog(&b, cat);
	struct search *s = search_new_brief(&b);
	search_save(s, out);
	search_free(s);
	catalog_brief_free(&b);
}

static int write_all(const char *path, const void *parts[], const size_t sizes[], int n)
{
	FILE *f = fopen(path, "wb");
	int ok = f != NULL;
	for (int i = 0; ok && i < n; i++)
		ok = !sizes[i] || fwrite(parts[i], sizes[i], 1, f) == 1;
	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct catalog cat;
	struct onr_error err;
	struct buf st;
	size_t total = 0;

	if (argc != 2) {
		fputs("usage: catalog_index OUT\n", stderr);
		return 2;
	}
	if (catalog_load_builtin(&cat, &err) < 0) {
		fprintf(stderr, "catalog_index: %s\n", err.message);
		return 1;
	}
	for (size_t i = 0; i < cat.n; i++)
		total += cat.systems[i].naliases;
	struct cidx_entry *ents = xcalloc(cat.n + 1, sizeof(*ents));
	uint32_t *aliases = xcalloc(total + 1, sizeof(*aliases)), nalias = 0;
	buf_init(&st);
	buf_add(&st, "", 1);
	for (size_t i = 0; i < cat.n; i++)
		entry_put(&ents[i], &cat.systems[i], &st, aliases, &nalias);
	struct buf idx;
	size_t head = sizeof(struct cidx_header) + cat.n * sizeof(*ents) + nalias * sizeof(*aliases) + st.len;
	buf_init(&idx);
	search_index(&cat, &idx);
	struct cidx_header h = {.n = (uint32_t)cat.n, .naliases = nalias, .strbytes = (uint32_t)st.len,
				.search_off = (uint32_t)((head + 7) & ~(size_t)7), .search_len = (uint32_t)idx.len};
	memcpy(h.magic, CIDX_MAGIC, 8);
	static const char zero[8];
	const void *parts[] = {&h, ents, aliases, st.data, zero, idx.data};
	const size_t sizes[] = {sizeof(h), cat.n * sizeof(*ents), nalias * sizeof(*aliases), st.len,
				h.search_off - head, idx.len};
	int rc = write_all(argv[1], parts, sizes, 6);
	buf_free(&idx);
	if (rc < 0)
		perror(argv[1]);
	free(ents), free(aliases), buf_free(&st);
	catalog_free(&cat);
	return rc < 0 ? 1 : 0;
}
