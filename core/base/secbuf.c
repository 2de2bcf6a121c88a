#include "secbuf.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* sodium_malloc locks the pages it returns (mlock, and no core dump), and
 * sodium_free wipes and unlocks them: locking again here cost two more
 * system calls per buffer, each way. */
void secbuf_init(struct secbuf *b, size_t cap)
{
	b->p = sodium_malloc(cap);
	if (!b->p) {
		fputs("onramp: out of secure memory\n", stderr);
		abort();
	}
	b->p[0] = 0;
	b->len = 0;
	b->cap = cap;
	b->overflow = false;
}

void secbuf_add(struct secbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->overflow = true;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

void secbuf_adds(struct secbuf *b, const char *s)
{
	secbuf_add(b, s, strlen(s));
}

void secbuf_add_json(struct secbuf *b, const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		char esc[8];
		if (*c == '"' || *c == '\\') {
			esc[0] = '\\', esc[1] = (char)*c;
			secbuf_add(b, esc, 2);
		} else if (*c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", *c);
			secbuf_add(b, esc, 6);
		} else {
			secbuf_add(b, (const char *)c, 1);
		}
	}
}

void secbuf_clear(struct secbuf *b)
{
	sodium_memzero(b->p, b->cap);
	b->len = 0;
	b->overflow = false;
}

void secbuf_free(struct secbuf *b)
{
	if (b->p)
		sodium_free(b->p); /* wipes, unlocks, frees */
	b->p = NULL;
	b->len = b->cap = 0;
}

char *secure_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = sodium_malloc(n);
	if (!p) {
		fputs("onramp: out of secure memory\n", stderr);
		abort();
	}
	memcpy(p, s, n);
	return p;
}
