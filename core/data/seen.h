/* seen.h: a set of 64-bit hashes: which records and page requests a read
 * has met. 8 bytes an entry, so 100,000 orders cost under 2 MiB. */
#ifndef ONRAMP_SEEN_H
#define ONRAMP_SEEN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct seen {
	uint64_t *slots; /* 0 = empty */
	size_t n, cap;
};

uint64_t seen_hash(const void *p, size_t n, uint64_t h); /* h = 0 to start */
/* Adds h; false when it was there already. */
bool seen_add(struct seen *s, uint64_t h);
void seen_free(struct seen *s);
#endif
