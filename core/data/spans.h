/* spans.h: where each element of a page's record list lies in the page's
 * bytes, found without building a tree. A sync hashes each record's bytes
 * to skip an order it already stored from those very bytes (src.c). */
#ifndef ONRAMP_DATA_SPANS_H
#define ONRAMP_DATA_SPANS_H
#include <stddef.h>

struct span {
	size_t start, end; /* body[start, end): one element, as sent */
};

/* The elements of the array that is member key of the top-level object
 * in body (the first member of that name, as cJSON finds it); a dotted
 * key ("d.results") goes through nested objects the same way. Returns
 * the element count, with *out malloc'd (free it; NULL when 0), or -1
 * when body is not such an object (then the reader's own parse says
 * why). Numbers, strings and nesting are skipped, not checked. With
 * also (may be NULL), *also_at is the value of that top-level member,
 * before or after the list ({0, 0} when there is none). */
long spans_of(const char *body, size_t len, const char *key, struct span **out, const char *also,
	      struct span *also_at);
#endif
