/* dropin_cache.h: a drop-in file's stubs and the search index, cached.
 *
 * A million-entry drop-in file takes seconds to scan and to index at every
 * start. After the first start, its stubs (catalog_scan.h) are kept in
 * $XDG_CACHE_HOME/onramp/ (else ~/.cache/onramp/), one file per drop-in
 * file, keyed by a checksum of the file's whole content (not its size or
 * time: an edit that keeps both is still seen); and the search index over
 * the catalog they make is kept beside, keyed by the built-in catalog and
 * every drop-in file's checksum. Both are 0600 files in a 0700 folder,
 * written atomically, and read back with every number checked and a
 * checksum of the cache's own bytes: a damaged, stale, foreign or
 * truncated cache is never used, the file is scanned again (its errors
 * and line numbers are the scan's own) and the cache rewritten. Nothing
 * here is needed: when the cache cannot be written, onramp only starts
 * slower. */
#ifndef ONRAMP_DROPIN_CACHE_H
#define ONRAMP_DROPIN_CACHE_H
#include <stdint.h>
#include "catalog.h"
#include "catalog_scan.h"

struct search;

/* The content checksum the caches are keyed by. */
uint64_t dropin_sum(const char *text, size_t len);

/* The stubs of the drop-in file at path (text, len: its content, mapped;
 * sum: dropin_sum of it), appended to r->stubs as catalog_scan would,
 * their strings in a mapping the catalog adopts. 0 on a hit, -1 when
 * there is no sound cache for this content (r unchanged). */
int dropin_cache_read(struct catalog *cat, const char *path, const char *text, size_t len,
		      uint64_t sum, struct scan_result *r);
/* Saves stubs[0..n) of that file (their src inside text). */
void dropin_cache_write(const char *path, const char *text, size_t len, uint64_t sum,
			const struct system *stubs, size_t n);

/* The search index of cat saved under key, or NULL. */
struct search *dropin_search_read(const struct catalog *cat, uint64_t key);
void dropin_search_write(const struct search *s, const struct catalog *cat, uint64_t key);
#endif
