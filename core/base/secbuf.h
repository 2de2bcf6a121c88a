/* secbuf.h: fixed-size text buffers in sodium_malloc'd memory, for anything
 * that holds or may hold a secret (field values, request bodies, auth
 * headers). Freeing wipes them; guard pages catch overruns. */
#ifndef ONRAMP_SECBUF_H
#define ONRAMP_SECBUF_H
#include <stdbool.h>
#include <stddef.h>

struct secbuf {
	char *p;      /* NUL-terminated */
	size_t len, cap;
	bool overflow; /* an append did not fit */
};

/* cap includes the terminating NUL. Aborts when memory is exhausted. */
void secbuf_init(struct secbuf *b, size_t cap);
void secbuf_add(struct secbuf *b, const char *s, size_t n);
void secbuf_adds(struct secbuf *b, const char *s);
/* Appends s as the inside of a JSON string (quotes not included). */
void secbuf_add_json(struct secbuf *b, const char *s);
void secbuf_clear(struct secbuf *b);
void secbuf_free(struct secbuf *b);
/* A sodium_malloc'd copy of s (or of n bytes), freed with sodium_free. */
char *secure_strdup(const char *s);
#endif
