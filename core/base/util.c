#include "util.h"
#include "utf8.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void oom(void)
{
	fputs("onramp: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	return memcpy(xmalloc(n), s ? s : "", n);
}

char *str_copy(char *dst, size_t size, const char *src)
{
	if (!size)
		return dst;
	if (!src)
		src = "";
	size_t n = strlen(src);
	if (n >= size)
		n = utf8_floor(src, n, size - 1);
	memmove(dst, src, n);
	dst[n] = 0;
	return dst;
}

const char *last_lookup(struct last_lookup *l, const char *s, const char *(*find)(const char *))
{
	if (l->text[0] && !strcmp(s, l->text))
		return l->answer;
	l->answer = find(s);
	if (strlen(s) < sizeof(l->text))
		strcpy(l->text, s);
	else
		l->text[0] = 0;
	return l->answer;
}

char *str_join(char *dst, size_t size, ...)
{
	va_list ap;
	size_t used = 0;
	const char *part;
	if (!size)
		return dst;
	va_start(ap, size);
	while ((part = va_arg(ap, const char *))) {
		size_t n = strlen(part);
		if (n > size - 1 - used)
			n = size - 1 - used;
		memcpy(dst + used, part, n);
		used += n;
	}
	va_end(ap);
	dst[used] = 0;
	return dst;
}

char *str_fmt(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
	return dst;
}

bool str_starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

bool str_has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
			return true;
	return false;
}

/* Length of the escape sequence starting at s[0] == ESC (or a C1 CSI/OSC),
 * so that the whole sequence, not just ESC, is dropped. */
static size_t escape_len(const unsigned char *s, size_t n)
{
	size_t i = 1;
	if (n < 2)
		return n;
	if (s[1] == '[') { /* CSI: parameters, then a final byte 0x40-0x7e */
		for (i = 2; i < n; i++)
			if (s[i] >= 0x40 && s[i] <= 0x7e)
				return i + 1;
		return n;
	}
	if (s[1] == ']' || s[1] == 'P' || s[1] == '_' || s[1] == '^' || s[1] == 'X') {
		/* OSC/DCS/APC/PM/SOS: until BEL or ESC \ */
		for (i = 2; i < n; i++) {
			if (s[i] == 7)
				return i + 1;
			if (s[i] == 27 && i + 1 < n && s[i + 1] == '\\')
				return i + 2;
		}
		return n;
	}
	return 2; /* two-byte escape such as ESC c */
}

/* The marks, embeddings, overrides and isolates that reorder text on
 * screen (Unicode's Bidi_Control): a server could show a reversed name. */
static bool is_bidi(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

char *str_clean(char *dst, size_t size, const char *src, size_t srclen)
{
	const unsigned char *s = (const unsigned char *)(src ? src : "");
	size_t o = 0, i = 0;
	bool space = false;

	if (!size)
		return dst;
	while (i < srclen && s[i] && o + 1 < size) {
		size_t len;
		uint32_t cp;
		if (s[i] == 27) {
			i += escape_len(s + i, srclen - i);
			continue;
		}
		if (s[i] < 0x20 || s[i] == 0x7f) {
			space = o > 0;
			i++;
			continue;
		}
		len = utf8_decode((const char *)s + i, srclen - i, &cp);
		if (!len || (cp >= 0x80 && cp < 0xA0) || is_bidi(cp)) {
			i += len ? len : 1; /* invalid byte, C1 control or bidi control */
			continue;
		}
		if (s[i] == ' ') {
			space = o > 0;
			i++;
			continue;
		}
		if (space) {
			if (o + 2 >= size)
				break;
			dst[o++] = ' ';
			space = false;
		}
		if (o + len >= size)
			break;
		memcpy(dst + o, s + i, len);
		o += len;
		i += len;
	}
	dst[o] = 0;
	if (i < srclen && s[i] && size > 4) { /* cut short: say so */
		o = utf8_floor(dst, o, o > size - 4 ? size - 4 : o);
		memcpy(dst + o, "...", 4);
	}
	return dst;
}

void buf_init(struct buf *b)
{
	b->data = xmalloc(64);
	b->data[0] = 0;
	b->len = 0;
	b->cap = 64;
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	if (!b->data)
		buf_init(b);
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap *= 2;
		b->data = xrealloc(b->data, b->cap);
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		buf_add(b, small, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf_add(b, big, (size_t)n);
	free(big);
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = {0};
	char chunk[8192];
	size_t n;

	if (!f)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return NULL;
	}
	fclose(f);
	if (len)
		*len = b.len;
	return b.data;
}
