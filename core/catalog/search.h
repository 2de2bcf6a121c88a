/* search.h: ranked search over the catalog, for the TUI, line mode and
 * `onramp systems`. The ranking is described in core/catalog/SEARCH.md. */
#ifndef ONRAMP_SEARCH_H
#define ONRAMP_SEARCH_H
#include <stdbool.h>
#include <stddef.h>
#include "catalog.h"
#include "catalog_index.h"

struct search; /* index over a catalog */

/* The catalog must outlive the index and not change while it lives. */
struct search *search_new(const struct catalog *cat);
/* The same over the search view alone (no `recent` lookups); b's strings
 * must outlive the index. search_new(cat) ranks exactly like
 * search_new_brief of catalog_brief_from_catalog(cat). Uses b's saved
 * index when it has one. */
struct search *search_new_brief(const struct catalog_brief *b);
/* The catalog of the entries an index from search_new_brief ranks, for
 * the `recent` lookups. */
void search_set_catalog(struct search *s, const struct catalog *cat);
/* The build saves the embedded catalog's index (search_save, into a buf
 * from util.h); search_new_brief maps it back through search_load, which
 * returns NULL when the data does not describe b. The data must outlive
 * the index. */
struct buf;
void search_save(const struct search *s, struct buf *out);
/* The same, written piece by piece (a million entries' index to a file
 * without a second copy in memory). */
typedef void (*search_put_fn)(void *ctx, const void *p, size_t n);
void search_save_to(const struct search *s, search_put_fn out, void *ctx);
/* The index keeps data mapped (munmap'ed by search_free). */
void search_own_map(struct search *s, void *map, size_t len);
struct search *search_load(const struct catalog_brief *b, const void *data, size_t len);
/* The same for the entries of cat (no brief made of a million stubs). */
struct search *search_load_catalog(const struct catalog *cat, const void *data, size_t len);
/* An index over plain names, no catalog (benchmarks, tests): every name is
 * its own entry; ties keep the given order. The names must outlive it. */
struct search *search_new_names(const char *const *names, size_t n);
void search_free(struct search *s);

/* Ranks systems for query (may be ""), optionally only in category (NULL = all).
 * Writes up to max catalog indices best-first into out; returns the total
 * number of matches. Empty query: popular systems first (by rank), then the
 * `recent` ids (most recent first), then the rest by name.
 * When the query extends the previous call's query (one more letter), only
 * the previous matches are scored again. */
size_t search_run(struct search *s, const char *query, const char *category,
		  const char *const *recent, size_t nrecent, size_t *out, size_t max);

/* True when entry e (a search_run result) matches query only with typing
 * mistakes forgiven: not a confident hit, so lists say "no exact match;
 * did you mean ...?" rather than show it as the answer. */
bool search_needs_typo(const struct search *s, size_t e, const char *query);

/* Byte offsets in `text` of the letters the query matched (for
 * highlighting), ascending; returns the count. */
size_t search_highlight(const char *query, const char *text, size_t *pos, size_t max);

/* Distinct categories in catalog order of first appearance, for the category
 * cycle key. Returns how many there are (may exceed max; writes at most max). */
size_t search_categories(const struct search *s, const char **out, size_t max);

/* One line of a search_lines result: where it is in the buffer. */
struct search_line {
	size_t off, len;
};
/* Ranks the lines of buf (one name per line, "\n" or "\r\n") against query,
 * the `systems --filter QUERY --input FILE` path: uses several threads on
 * big inputs. *out receives a malloc'd array of the matching lines,
 * best-first (ties keep input order); returns its length. An empty query
 * keeps every non-empty line in input order. */
size_t search_lines(const char *buf, size_t len, const char *query, struct search_line **out);
#endif
