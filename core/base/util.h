/* util.h: checked allocation, bounded strings, growable buffers, and
 * cleaning of text that came from a server before anyone shows it. */
#ifndef ONRAMP_UTIL_H
#define ONRAMP_UTIL_H
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Copies src (NULL counts as "") into dst, always NUL-terminated, truncated
 * at a UTF-8 boundary. Returns dst. */
char *str_copy(char *dst, size_t size, const char *src);
/* snprintf that never overflows and always terminates. */
/* A table lookup by text that remembers its last question and answer:
 * for lookups asked the same text again and again (an order's lines'
 * unit, a page's currency), where one compare is cheaper than the table.
 * One per lookup, per thread (_Thread_local). */
struct last_lookup {
	char text[32];
	const char *answer;
};
const char *last_lookup(struct last_lookup *l, const char *s, const char *(*find)(const char *));
/* The strings up to a NULL joined into dst, cut at size - 1 bytes as
 * str_fmt("%s%s...") cuts them, without a printf: for text made once per
 * record. */
char *str_join(char *dst, size_t size, ...) __attribute__((sentinel));
char *str_fmt(char *dst, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);
/* Is word one of the space-separated words of list? */
bool str_has_word(const char *list, const char *word);
/* Makes untrusted text safe to show: drops control characters and whole
 * escape sequences (CSI, OSC, DCS...), keeps valid UTF-8, folds white space
 * runs, and cuts to at most max bytes (adding "..."). Writes into dst. */
char *str_clean(char *dst, size_t size, const char *src, size_t srclen);

/* A growable byte buffer, always NUL-terminated. */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_init(struct buf *b);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);
/* buf_add inlined when it fits: for writers that add a record a few bytes
 * at a time (the sync's JSON of every order and its source record). */
static inline void buf_put(struct buf *b, const char *p, size_t n)
{
	if (b->data && b->len + n + 1 <= b->cap) {
		__builtin_memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = 0;
	} else {
		buf_add(b, p, n);
	}
}

/* Milliseconds on the monotonic clock. */
long long now_ms(void);

/* Reads a whole file into a NUL-terminated malloc'd string, NULL on error. */
char *file_read(const char *path, size_t *len);
#endif
