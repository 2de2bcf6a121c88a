/* curl_mem.h: the allocator libcurl is given (curl_global_init_mem). The
 * same as malloc and friends, except that memory is zeroed before it goes
 * back: libcurl keeps user:password, request heads and POST bodies in
 * ordinary heap memory, which would otherwise keep the secrets after
 * onramp has wiped its own buffers. OpenSSL's and the resolver's memory
 * is not covered (README, "Secrets"). */
#ifndef ONRAMP_CURL_MEM_H
#define ONRAMP_CURL_MEM_H
#include <stddef.h>

void *curl_mem_malloc(size_t size);
void curl_mem_free(void *p);
void *curl_mem_realloc(void *p, size_t size);
char *curl_mem_strdup(const char *s);
void *curl_mem_calloc(size_t n, size_t size);
#endif
