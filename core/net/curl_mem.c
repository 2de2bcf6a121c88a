/* curl_mem.c: wiping allocation functions for libcurl (curl_mem.h). The
 * size of a block is malloc_usable_size's, so the whole block is zeroed. */
#include "curl_mem.h"
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

void *curl_mem_malloc(size_t size)
{
	return malloc(size);
}

void curl_mem_free(void *p)
{
	if (!p)
		return;
	sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

/* Never realloc: a block it moves would be freed unwiped. */
void *curl_mem_realloc(void *p, size_t size)
{
	size_t have = p ? malloc_usable_size(p) : 0;
	void *q;
	if (p && size <= have)
		return p;
	if (!(q = malloc(size ? size : 1)))
		return NULL;
	if (p)
		memcpy(q, p, have);
	curl_mem_free(p);
	return q;
}

char *curl_mem_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	return d ? memcpy(d, s, n) : NULL;
}

void *curl_mem_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}
