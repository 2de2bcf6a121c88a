#include "data/seen.h"
#include "util.h"
#include <stdlib.h>

uint64_t seen_hash(const void *p, size_t n, uint64_t h)
{
	const unsigned char *c = p;
	if (!h)
		h = 14695981039346656037ULL; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 1099511628211ULL;
	return h ? h : 1;
}

static void put(uint64_t *slots, size_t cap, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	while (slots[i])
		i = (i + 1) & (cap - 1);
	slots[i] = h;
}

static void grow(struct seen *s)
{
	size_t cap = s->cap ? s->cap * 2 : 256;
	uint64_t *slots = xcalloc(cap, sizeof(*slots));
	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i])
			put(slots, cap, s->slots[i]);
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
}

bool seen_add(struct seen *s, uint64_t h)
{
	if (!h)
		h = 1;
	if ((s->n + 1) * 2 > s->cap)
		grow(s);
	for (size_t i = (size_t)h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (s->slots[i] == h)
			return false;
		if (!s->slots[i])
			break;
	}
	put(s->slots, s->cap, h);
	s->n++;
	return true;
}

void seen_free(struct seen *s)
{
	free(s->slots);
	s->slots = NULL;
	s->n = s->cap = 0;
}
