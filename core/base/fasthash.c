/* fasthash.c: see fasthash.h. Four independent lanes of multiply-rotate
 * over 32-byte blocks (so the CPU runs them side by side), the tail and
 * the length folded in, then a final avalanche. */
#include "fasthash.h"
#include <string.h>

#define K1 0x9e3779b97f4a7c15ull
#define K2 0xc2b2ae3d27d4eb4full
#define K3 0x165667b19e3779f9ull

static uint64_t rotl(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

static uint64_t lane(uint64_t acc, uint64_t w)
{
	return rotl(acc + w * K2, 31) * K1;
}

static uint64_t load(const unsigned char *p)
{
	uint64_t w;
	memcpy(&w, p, 8);
	return w;
}

uint64_t fast_hash(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t a = seed + K1 + K2, b = seed + K2, c = seed, d = seed - K1, h;

	for (; end - p >= 32; p += 32) {
		a = lane(a, load(p));
		b = lane(b, load(p + 8));
		c = lane(c, load(p + 16));
		d = lane(d, load(p + 24));
	}
	h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18) + (uint64_t)len;
	for (; end - p >= 8; p += 8)
		h = rotl(h ^ lane(0, load(p)), 27) * K1 + K3;
	for (; p < end; p++)
		h = rotl(h ^ (*p * K3), 11) * K1;
	h ^= h >> 33;
	h *= K2;
	h ^= h >> 29;
	h *= K3;
	return h ^ h >> 32;
}
