/* secmem.c, linked into every fuzz target: libsodium's guarded allocator
 * replaced by ASan's heap for the fuzz build only. sodium_malloc maps each
 * buffer between guard pages and locks it (mmap, mprotect, mlock, munmap:
 * 3/4 of the auth target's time went to the kernel). Under ASan a malloc'd
 * buffer is checked more tightly than the guard pages check it: every
 * byte past either end and every use after free is caught, where a guard
 * page only stops an overrun that reaches the next page. The buffers are
 * still filled with sodium's garbage byte when given out and zeroed when
 * given back, so code that relies on either behaves the same. core/ is
 * not changed: the program and the unit tests keep libsodium's own. */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

void *sodium_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (p)
		memset(p, 0xdb, size); /* libsodium's GARBAGE_VALUE */
	return p;
}

void *sodium_allocarray(size_t count, size_t size)
{
	if (count > 0 && size >= SIZE_MAX / count)
		return NULL;
	return sodium_malloc(count * size);
}

void sodium_free(void *p)
{
	if (!p)
		return;
	sodium_memzero(p, malloc_usable_size(p)); /* ASan: the size asked for */
	free(p);
}

/* Nothing to lock on the fuzzer's heap; munlock also wipes, as sodium's. */
int sodium_mlock(void *const addr, const size_t len)
{
	(void)addr;
	(void)len;
	return 0;
}

int sodium_munlock(void *const addr, const size_t len)
{
	sodium_memzero(addr, len);
	return 0;
}
