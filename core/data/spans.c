/* A scanner for spans.h: strings (with their escapes) and brackets are
 * all it needs to know; anything else up to a delimiter is one token. */
#include "data/spans.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

struct scan {
	const char *b;
	size_t len, at;
};

static void ws(struct scan *s)
{
	while (s->at < s->len && strchr(" \t\r\n", s->b[s->at]) && s->b[s->at])
		s->at++;
}

/* Past a string whose quote is at s->at; -1 when it never ends. */
static int string_end(struct scan *s)
{
	const char *p = s->b + s->at + 1, *end = s->b + s->len;
	while (p < end) {
		const char *q = memchr(p, '"', (size_t)(end - p));
		const char *r;
		size_t bs = 0;
		if (!q)
			return -1;
		for (r = q; r > p && r[-1] == '\\'; r--) /* an odd run of \ escapes it */
			bs++;
		p = q + 1;
		if (!(bs & 1)) {
			s->at = (size_t)(p - s->b);
			return 0;
		}
	}
	return -1;
}

/* What value_end stops at: a string, an opening or a closing bracket. */
enum { PLAIN, QUOTE, OPEN, CLOSE };
static const unsigned char kind[256] = {['"'] = QUOTE, ['{'] = OPEN, ['['] = OPEN, ['}'] = CLOSE, [']'] = CLOSE};

/* Past one value at s->at (after blanks); -1 when the bytes end first. */
static int value_end(struct scan *s)
{
	const unsigned char *b = (const unsigned char *)s->b;
	int depth = 0;
	ws(s);
	if (s->at >= s->len)
		return -1;
	if (kind[b[s->at]] == PLAIN) { /* a number or a literal: up to its delimiter */
		while (s->at < s->len && !strchr(",}] \t\r\n", b[s->at]))
			s->at++;
		return 0;
	}
	do {
		switch (kind[b[s->at]]) {
		case QUOTE:
			if (string_end(s) < 0)
				return -1;
			continue;
		case OPEN:
			depth++;
			break;
		case CLOSE:
			if (--depth < 0)
				return -1;
			break;
		default: /* inside brackets: on to the next byte that matters */
			while (s->at + 1 < s->len && kind[b[s->at + 1]] == PLAIN)
				s->at++;
		}
		s->at++;
	} while (depth > 0 && s->at < s->len);
	return depth == 0 ? 0 : -1;
}

/* At '[': each element's span into *out. */
static long elements(struct scan *s, struct span **out)
{
	size_t n = 0, cap = 0;
	s->at++;
	ws(s);
	if (s->at < s->len && s->b[s->at] == ']')
		return 0;
	for (;;) {
		struct span sp;
		ws(s);
		sp.start = s->at;
		if (value_end(s) < 0)
			break;
		sp.end = s->at;
		if (n == cap)
			*out = xrealloc(*out, (cap = cap ? cap * 2 : 128) * sizeof(**out));
		(*out)[n++] = sp;
		ws(s);
		if (s->at < s->len && s->b[s->at] == ']')
			return (long)n;
		if (s->at >= s->len || s->b[s->at++] != ',')
			break;
	}
	free(*out);
	*out = NULL;
	return -1;
}

/* At an object: the list at key in it ("d.results": in its member d). */
static long in_object(struct scan *s, const char *key, struct span **out, const char *also,
		      struct span *also_at)
{
	const char *b = s->b, *dot = strchr(key, '.');
	size_t len = s->len, klen = dot ? (size_t)(dot - key) : strlen(key), alen = also ? strlen(also) : 0;
	long n = -1;
	ws(s);
	if (s->at >= len || b[s->at++] != '{')
		return -1;
	for (;;) {
		size_t name, nlen, start;
		ws(s);
		if (s->at >= len || b[s->at] != '"')
			break;
		name = s->at + 1;
		if (string_end(s) < 0)
			break;
		nlen = s->at - 1 - name;
		ws(s);
		if (s->at >= len || b[s->at++] != ':')
			break;
		ws(s);
		start = s->at;
		if (n < 0 && nlen == klen && memcmp(b + name, key, klen) == 0) {
			if (dot) { /* the first member of that name holds it, or nothing does */
				if ((n = in_object(s, dot + 1, out, NULL, NULL)) < 0)
					return -1;
				s->at = start; /* it stopped inside: past the whole member */
				if (also_at && value_end(s) < 0)
					break;
			} else {
				if (s->at >= len || b[s->at] != '[' || (n = elements(s, out)) < 0)
					return -1;
				s->at++; /* past ']' */
			}
		} else if (value_end(s) < 0) {
			break;
		} else if (also_at && !also_at->end && nlen == alen && memcmp(b + name, also, alen) == 0) {
			also_at->start = start;
			also_at->end = s->at;
		}
		if (n >= 0 && (!also_at || also_at->end))
			return n; /* all that was asked for */
		ws(s);
		if (s->at >= len || b[s->at++] != ',')
			break;
	}
	return n; /* the object ended (or broke off) after what was found */
}

long spans_of(const char *body, size_t len, const char *key, struct span **out, const char *also,
	      struct span *also_at)
{
	struct scan s = {body, len, 0};
	*out = NULL;
	if (also_at)
		also_at->start = also_at->end = 0;
	if (!also) /* nothing to look for beside the list (a reader with no next key) */
		also_at = NULL;
	return in_object(&s, key, out, also, also_at);
}
