/* fasthash.h: a fast 64-bit checksum of bytes, to tell whether a file's
 * content is the one a cache was made from (core/catalog/dropin_cache.c).
 * Not cryptographic: it finds changes and damage, not forgeries (a cache
 * lives in the user's own 0600 files). About a byte per ~0.2 cycles: a
 * 236 MB drop-in file in a few tens of milliseconds. */
#ifndef ONRAMP_FASTHASH_H
#define ONRAMP_FASTHASH_H
#include <stddef.h>
#include <stdint.h>

uint64_t fast_hash(const void *data, size_t len, uint64_t seed);
#endif
