/* search_blob.c: the catalog's search index, saved at build time and used in
 * place at run time.
 *
 * Folding ~5,000 texts and sorting the names costs about a millisecond per
 * start, most of `systems --filter`'s time next to fzy. The build
 * (tools/catalog_index.c) runs search_new_brief once and saves its arrays
 * with search_save; search_load points a new index at them in the binary's
 * read-only data, so only the per-query scratch is allocated. The saved
 * arrays are this build's own structs: the blob never leaves the binary it
 * was made for. */
#include "search.h"
#include "search_impl.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

#define SBLOB_MAGIC "onrsrch1"

struct sblob_header {
	char magic[8];
	uint32_t n, nfields, textlen, npop, ncats, fieldsize;
};

/* Every array starts 8-aligned, as the blob itself does. */
static void put(search_put_fn out, void *ctx, const void *p, size_t n)
{
	static const char zero[8];
	if (n)
		out(ctx, p, n);
	if (n % 8)
		out(ctx, zero, 8 - n % 8);
}

static uint32_t cat_first(const struct search *s, size_t c)
{
	size_t e = 0;
	while (e < s->n && strcmp(s->category[e], s->cats[c]))
		e++;
	return (uint32_t)e;
}

void search_save_to(const struct search *s, search_put_fn out, void *ctx)
{
	struct sblob_header h = {.n = (uint32_t)s->n, .nfields = (uint32_t)s->nfields,
				 .textlen = (uint32_t)s->textlen, .npop = (uint32_t)s->npop,
				 .ncats = (uint32_t)s->ncats, .fieldsize = sizeof(struct sfield)};
	uint32_t *first = xcalloc(s->ncats + 1, sizeof(*first));
	memcpy(h.magic, SBLOB_MAGIC, 8);
	for (size_t c = 0; c < s->ncats; c++)
		first[c] = cat_first(s, c);
	put(out, ctx, &h, sizeof(h));
	put(out, ctx, s->fields, s->nfields * sizeof(*s->fields));
	put(out, ctx, s->emask, s->n * sizeof(*s->emask));
	put(out, ctx, s->fstart, (s->n + 1) * sizeof(*s->fstart));
	put(out, ctx, s->rank, s->n * sizeof(*s->rank));
	put(out, ctx, s->by_name, s->n * sizeof(*s->by_name));
	put(out, ctx, s->by_pop, s->npop * sizeof(*s->by_pop));
	put(out, ctx, first, s->ncats * sizeof(*first));
	put(out, ctx, s->popular, s->n * sizeof(*s->popular));
	put(out, ctx, s->flags, s->n);
	put(out, ctx, s->text, s->textlen);
	put(out, ctx, s->cls, s->textlen);
	free(first);
}

static void put_buf(void *ctx, const void *p, size_t n)
{
	buf_add(ctx, p, n);
}

void search_save(const struct search *s, struct buf *out)
{
	search_save_to(s, put_buf, out);
}

/* A cursor over the saved arrays; NULL once something does not fit. */
struct reader {
	const char *p, *end;
};

static void *take(struct reader *r, size_t n)
{
	const char *at = r->p;
	size_t padded = (n + 7) & ~(size_t)7;
	if (!at || (size_t)(r->end - at) < padded) {
		r->p = NULL;
		return NULL;
	}
	r->p += padded;
	return (void *)at; /* read-only data: the index never writes to it */
}

static bool map_arrays(struct search *s, const struct sblob_header *h, struct reader *r,
		       const uint32_t **first)
{
	s->nfields = h->nfields, s->textlen = h->textlen, s->npop = h->npop, s->ncats = h->ncats;
	s->fields = take(r, s->nfields * sizeof(*s->fields));
	s->emask = take(r, s->n * sizeof(*s->emask));
	s->fstart = take(r, (s->n + 1) * sizeof(*s->fstart));
	s->rank = take(r, s->n * sizeof(*s->rank));
	s->by_name = take(r, s->n * sizeof(*s->by_name));
	s->by_pop = take(r, s->npop * sizeof(*s->by_pop));
	*first = take(r, s->ncats * sizeof(**first));
	s->popular = take(r, s->n * sizeof(*s->popular));
	s->flags = take(r, s->n);
	s->text = take(r, s->textlen);
	s->cls = take(r, s->textlen);
	return r->p != NULL;
}

/* The saved numbers must describe b, and stay inside the arrays they
 * index: a cache file read back (dropin_cache.c) may be damaged, so
 * every number that indexes memory is checked, once. */
static bool consistent(const struct search *s, const uint32_t *first)
{
	if (s->fstart[0] != 0 || s->fstart[s->n] != s->nfields)
		return false;
	for (size_t e = 0; e < s->n; e++)
		if (s->fstart[e] > s->fstart[e + 1] || s->rank[e] >= s->n || s->by_name[e] >= s->n ||
		    s->fstart[e + 1] == s->fstart[e])
			return false;
	for (size_t i = 0; i < s->npop; i++)
		if (s->by_pop[i] >= s->n)
			return false;
	for (size_t c = 0; c < s->ncats; c++)
		if (first[c] >= s->n)
			return false;
	for (size_t f = 0; f < s->nfields; f++)
		if ((size_t)s->fields[f].off + s->fields[f].len > s->textlen || s->fields[f].kind > F_TOPIC ||
		    s->fields[f].len == 0)
			return false;
	for (size_t i = 0; i < s->textlen; i++)
		if (s->cls[i] > MC_SEP)
			return false;
	return true;
}

/* The index over n entries whose categories category_of gives. */
static struct search *load(size_t n, const char *(*category_of)(const void *ctx, size_t e), const void *ctx,
			   const void *data, size_t len)
{
	const struct sblob_header *h = data;
	struct reader r = {data, (const char *)data + len};
	const uint32_t *first = NULL;
	struct search *s;

	if (len < sizeof(*h) || ((uintptr_t)data & 7) || memcmp(h->magic, SBLOB_MAGIC, 8) || h->n != n ||
	    h->fieldsize != sizeof(struct sfield) || h->ncats > h->n || h->npop > h->n)
		return NULL;
	take(&r, sizeof(*h));
	s = xcalloc(1, sizeof(*s));
	s->n = n;
	s->borrowed = true;
	if (!map_arrays(s, h, &r, &first) || !consistent(s, first)) {
		free(s);
		return NULL;
	}
	search_alloc_scratch(s);
	for (size_t e = 0; e < s->n; e++) {
		const char *c = category_of(ctx, e);
		s->category[e] = c ? c : "";
	}
	for (size_t c = 0; c < s->ncats; c++)
		s->cats[c] = s->category[first[c]];
	return s;
}

static const char *brief_category(const void *b, size_t e)
{
	return ((const struct catalog_brief *)b)->systems[e].category;
}

static const char *catalog_category(const void *cat, size_t e)
{
	return ((const struct catalog *)cat)->systems[e].category;
}

struct search *search_load(const struct catalog_brief *b, const void *data, size_t len)
{
	return load(b->n, brief_category, b, data, len);
}

struct search *search_load_catalog(const struct catalog *cat, const void *data, size_t len)
{
	struct search *s = load(cat->n, catalog_category, cat, data, len);
	if (s) {
		s->cat = cat;
		s->shorter_first = true;
	}
	return s;
}
