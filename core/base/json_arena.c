/* json_arena.c: see json_arena.h. A page of 100 purchase orders is some
 * 15,000 JSON values; cJSON_Parse gave each value and each string its own
 * malloc, and freeing the tree cost as much again (the profile of `onramp
 * orders` spent over half its time in malloc, free and cJSON). Here every
 * node and string of one document lives in one arena that is dropped at
 * once, and numbers can be kept as their text while parsing (no marking
 * pass over a copy of the page, as data/json.c did before).
 *
 * The grammar is cJSON's, so the readers see what they saw before: bytes
 * up to 0x20 are white space, a leading UTF-8 BOM is skipped, text after
 * the value is ignored, nesting stops at CJSON_NESTING_LIMIT, and a
 * number is a run of [0-9+-.eE] starting with a digit or '-' (its
 * validity is dec_parse's job). */
#include "json_arena.h"
#include "util.h"
#include <cJSON.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MARK '\x01'
#define BLOCK_MIN (256 * 1024)
#define PAD JSON_ARENA_PAD /* after the text: its NUL, then quotes (quote_or_escape) */
#define SPARE_MAX 4 /* blocks kept for the next page: no page faults each time */
/* a copy kept for the next page up to the size of one (HTTP_BODY_MAX, 1 MiB):
 * a bigger document (the catalog) is read once, and its copy not kept */
#define SPARE_TEXT_MAX (1024 * 1024 + 64)

struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(max_align_t) char data[];
};

struct arena {
	struct arena *next_live; /* json_free tells arena trees by this list */
	cJSON *root;
	struct block *blocks;
	char *text; /* the document's copy, which its strings point into */
	size_t text_cap;
};

struct parser {
	struct arena *a;
	char *free, *limit; /* what is left of the arena's newest block */
	char *p, *end;      /* in the arena's copy of the text */
	int depth;
	bool numbers_as_text;
};

/* per thread: a tree is freed by the thread that parsed it */
static _Thread_local struct arena *live;  /* trees not freed yet: a few pages at most */
static _Thread_local struct block *spare; /* dropped blocks, for the next page */
static _Thread_local int nspare;
static _Thread_local char *spare_text; /* a dropped copy, for the next page */
static _Thread_local size_t spare_text_cap;
static _Thread_local char *offered; /* json_arena_offer's buffer, until the next parse */
static _Thread_local size_t offered_cap;
static _Thread_local bool taken;
_Thread_local const char *json_arena_lo, *json_arena_hi; /* json_arena_holds */

/* A new block at the head of a's list, with room for n bytes. */
static __attribute__((noinline)) struct block *arena_grow(struct arena *a, size_t n)
{
	struct block *b;
	if (spare && spare->cap >= n) {
		b = spare;
		spare = b->next;
		nspare--;
	} else {
		size_t cap = n > BLOCK_MIN ? n : BLOCK_MIN;
		b = xmalloc(sizeof(*b) + cap);
		b->cap = cap;
	}
	b->used = 0;
	b->next = a->blocks;
	a->blocks = b;
	return b;
}


static void arena_drop(struct arena *a)
{
	struct block *b = a->blocks, *next;
	if (a->text == json_arena_lo) /* its text goes: no more hints into it */
		json_arena_lo = json_arena_hi = NULL;
	for (; b; b = next) {
		next = b->next;
		if (nspare < SPARE_MAX && b->cap == BLOCK_MIN) {
			b->next = spare;
			spare = b;
			nspare++;
		} else {
			free(b);
		}
	}
	if (!spare_text && a->text_cap <= SPARE_TEXT_MAX) {
		spare_text = a->text;
		spare_text_cap = a->text_cap;
	} else {
		free(a->text);
	}
	free(a);
}

/* The text copied once into memory the tree owns, NUL-terminated: strings
 * are then read in place (their closing quote becomes their NUL), instead
 * of each being copied on its own (a third of a page's parse). A buffer
 * offered for exactly this text is taken as it is, without the copy. */
static char *arena_text(struct arena *a, const char *text, size_t len)
{
	if (offered && text == offered && offered_cap >= len + PAD) {
		a->text = offered;
		a->text_cap = offered_cap;
		taken = true;
	} else if (spare_text && spare_text_cap >= len + PAD) {
		a->text = spare_text;
		a->text_cap = spare_text_cap;
		spare_text = NULL;
	} else {
		a->text_cap = len + PAD;
		a->text = xmalloc(a->text_cap);
	}
	offered = NULL;
	if (a->text != text)
		memcpy(a->text, text, len);
	a->text[len] = 0;
	memset(a->text + len + 1, '"', PAD - 1); /* quote_or_escape stops there: see it */
	return a->text;
}

void json_arena_offer(char *buf, size_t cap)
{
	offered = buf;
	offered_cap = cap;
	taken = false;
}

bool json_arena_taken(void)
{
	bool t = taken;
	offered = NULL;
	taken = false;
	return t;
}

/* A new block for n more bytes; see alloc. */
static __attribute__((noinline)) void *alloc_grow(struct parser *ps, size_t n)
{
	if (ps->a->blocks) /* what the old block gave, for the record */
		ps->a->blocks->used = (size_t)(ps->free - ps->a->blocks->data);
	struct block *b = arena_grow(ps->a, n);
	ps->free = b->data + n;
	ps->limit = b->data + b->cap;
	b->used = n;
	return b->data;
}

/* n bytes (rounded to 16) of the arena; inline, it runs for every value
 * of a page. The newest block's free room is kept in the parser: two
 * fields, where the block's own took four loads and a store. */
static inline void *alloc(struct parser *ps, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (__builtin_expect((size_t)(ps->limit - ps->free) < n, 0))
		return alloc_grow(ps, n);
	void *p = ps->free;
	ps->free += n;
	return p;
}

static inline cJSON *node(struct parser *ps, int type)
{
	cJSON *n = alloc(ps, sizeof(*n));
	*n = (cJSON){.type = type}; /* stores, not a memset call per node */
	return n;
}

static inline void skip_ws(struct parser *ps)
{
	/* the usual case, compact JSON, in one test: *p is readable even at
	 * end (the text's padding) */
	if ((unsigned char)*ps->p > 32)
		return;
	while (ps->p < ps->end && (unsigned char)*ps->p <= 32)
		ps->p++;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* \uXXXX (and its low surrogate) at s -> UTF-8 at *out; the escape's
 * length, or 0 when it is not one cJSON accepts. */
static size_t utf16_escape(const char *s, const char *end, char **out)
{
	unsigned cp, lo;
	size_t used = 6;
	if (end - s < 6 || hex4(s + 2, &cp) < 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
		return 0;
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (end - s < 12 || s[6] != '\\' || s[7] != 'u' || hex4(s + 8, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return 0;
		cp = 0x10000 + (((cp & 0x3FF) << 10) | (lo & 0x3FF));
		used = 12;
	}
	char *o = *out;
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xF0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	*out = o;
	return used;
}

const char *json_string_end(const char *s, const char *end)
{
	const char *q = memchr(s, '"', (size_t)(end - s));
	/* memchr first: most strings have no escape, and it scans fast */
	if (q && memchr(s, '\\', (size_t)(q - s)))
		for (q = s; q < end && *q != '"'; q++)
			q += *q == '\\';
	return q && q < end ? q : NULL;
}

char *json_unescape(const char *s, const char *q, char *out)
{
	char *o = out;
	for (const char *r = s; r < q;) {
		const char *bs = memchr(r, '\\', (size_t)(q - r));
		size_t run = (size_t)((bs ? bs : q) - r);
		memmove(o, r, run); /* out may be s itself: the text shrinks in place */
		o += run;
		r += run;
		if (!bs)
			break;
		static const char from[] = "bfnrt\"\\/", to[] = "\b\f\n\r\t\"\\/";
		const char *k = r[1] ? strchr(from, r[1]) : NULL;
		if (k) {
			*o++ = to[k - from];
			r += 2;
		} else if (r[1] == 'u') {
			size_t n = utf16_escape(r, q, &o);
			if (!n)
				return NULL;
			r += n;
		} else {
			return NULL;
		}
	}
	*o = 0;
	return o;
}

/* The first '"' or '\\' at or after s, sixteen bytes a step (SSE2, which
 * every x86-64 has) or eight (in a 64-bit word elsewhere): a page has
 * thousands of strings, and two memchr calls each (quote, then a
 * backslash before it) cost more than their bytes. s is at most end;
 * reads up to 16 bytes past end, into the copy's padding (arena_text);
 * NULL when none before end. */
static inline char *quote_or_escape(char *s, const char *end)
{
#if defined(__SSE2__)
	/* No end test in the loop: s is at most end, and the quotes put
	 * after the text's NUL (arena_text) stop it within the padding. */
	const __m128i quotes = _mm_set1_epi8('"'), slashes = _mm_set1_epi8('\\');
	for (;; s += 16) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)s);
		unsigned hit = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(w, quotes), _mm_cmpeq_epi8(w, slashes)));
		if (hit) {
			char *at = s + __builtin_ctz(hit);
			return at < end ? at : NULL;
		}
	}
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	const uint64_t quotes = ones * '"', slashes = ones * '\\';
	for (; s < end; s += 8) {
		uint64_t w, a, b, hit;
		memcpy(&w, s, 8);
		a = w ^ quotes, b = w ^ slashes; /* a zero byte where w has one */
		hit = ((a - ones) & ~a & highs) | ((b - ones) & ~b & highs);
		if (hit) {
			/* the lowest flagged byte is exact (borrows run upward) */
			char *at = s + (__builtin_ctzll(hit) >> 3);
			return at < end ? at : NULL;
		}
	}
	return NULL;
#else /* the lowest address is not the lowest bit: memchr */
	char *q = memchr(s, '"', (size_t)(end - s)), *e = q ? memchr(s, '\\', (size_t)(q - s)) : NULL;
	return e ? e : q;
#endif
}

/* One escape at r (on its backslash) written at *w; what follows it, or
 * NULL for an escape cJSON refuses. */
static char *unescape_one(char *r, const char *end, char **w)
{
	/* what each one-letter escape stands for (0: none), a table, not a
	 * strchr call: SAP escapes every "/" of its dates ("\/Date(...)\/") */
	static const char to[256] = {['b'] = '\b', ['f'] = '\f', ['n'] = '\n', ['r'] = '\r',
				     ['t'] = '\t', ['"'] = '"',   ['\\'] = '\\', ['/'] = '/'};
	size_t n;
	if (r + 1 < end && to[(unsigned char)r[1]]) {
		*(*w)++ = to[(unsigned char)r[1]];
		return r + 2;
	}
	if (r + 1 < end && r[1] == 'u' && (n = utf16_escape(r, end, w)))
		return r + n;
	return NULL;
}

/* The rest of a string from its first escape at q, w where its text
 * goes on: see parse_string. Apart, so that the usual string's code
 * stays small enough to inline. */
static __attribute__((noinline)) char *parse_escaped(struct parser *ps, char *s, char *q)
{
	char *w = q;
	while (q && *q == '\\') {
		char *r = unescape_one(q, ps->end, &w);
		if (!r || !(q = quote_or_escape(r, ps->end)))
			return NULL;
		if (q - r < 16) { /* the usual short run between escapes: no call (w < r: forward is safe) */
			for (; r < q; r++)
				*w++ = *r;
		} else {
			memmove(w, r, (size_t)(q - r));
			w += q - r;
		}
	}
	if (!q)
		return NULL;
	*w = 0;
	ps->p = q + 1;
	return s;
}

/* A string at ps->p (on its opening quote), in place in the arena's copy
 * of the text: unescaped over itself (never longer), NUL at its quote.
 * An escape (SAP writes every date as "\/Date(...)\/") is undone where
 * it is found, and the search goes on after it. Inline: a page has
 * thousands of keys and strings, and the call cost a quarter of each. */
static inline __attribute__((always_inline)) char *parse_string(struct parser *ps)
{
	char *s = ps->p + 1, *q = quote_or_escape(s, ps->end);
	if (__builtin_expect(q && *q == '"', 1)) {
		*q = 0;
		ps->p = q + 1;
		return s;
	}
	return q ? parse_escaped(ps, s, q) : NULL;
}

/* the bytes of a number: [0-9+-.eE] */
static const unsigned char num_chars[256] = {['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
					     ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['-'] = 1, ['+'] = 1,
					     ['.'] = 1, ['e'] = 1, ['E'] = 1};

/* A number at p as text: a string "\x01" + the digits as sent; *next
 * just after it. Inline: a Business Central page has thousands. */
static inline __attribute__((always_inline)) cJSON *number_text(struct parser *ps, char *p, const char *end,
								  char **next)
{
	const char *s = p;
	while (p < end && num_chars[(unsigned char)*p])
		p++;
	*next = p;
	size_t n = (size_t)(p - s);
	cJSON *j = node(ps, cJSON_String);
	char *v = j->valuestring = alloc(ps, n + 2);
	if (n + 2 <= 16 && s > ps->a->text) {
		/* the usual short number: 16 bytes at once from the byte
		 * before it (readable, as is the text's padding after), into
		 * the 16 the arena gave, then the mark over that byte; no
		 * copy call */
		memcpy(v, s - 1, 16);
	} else {
		memcpy(v + 1, s, n);
	}
	v[0] = MARK;
	v[n + 1] = 0;
	return j;
}

/* As text (number_text), or as a value: what cJSON makes of it (strtod;
 * valueint saturated). */
static cJSON *parse_number(struct parser *ps)
{
	if (ps->numbers_as_text)
		return number_text(ps, ps->p, ps->end, &ps->p);
	const char *s = ps->p, *end = ps->end;
	char tmp[64], *stop, *p = ps->p;
	while (p < end && num_chars[(unsigned char)*p])
		p++;
	ps->p = p;
	size_t n = (size_t)(p - s);
	cJSON *j = node(ps, cJSON_Number);
	if (n >= sizeof(tmp))
		return NULL;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	j->valuedouble = strtod(tmp, &stop);
	if (stop != tmp + n)
		return NULL;
	j->valueint = j->valuedouble >= INT_MAX ? INT_MAX : j->valuedouble <= (double)INT_MIN ? INT_MIN : (int)j->valuedouble;
	return j;
}

static cJSON *parse_value(struct parser *ps);

/* null, true or false: n (4 or 5) bytes of word; inline, the first four
 * compared as one word (a page has thousands, and a strlen and a memcmp
 * call each cost more than the rest of the literal) */
static inline __attribute__((always_inline)) cJSON *parse_literal(struct parser *ps, const char *word, size_t n,
								   int type)
{
	uint32_t have, want;
	if ((size_t)(ps->end - ps->p) < n)
		return NULL;
	memcpy(&have, ps->p, 4);
	memcpy(&want, word, 4);
	if (have != want || (n == 5 && ps->p[4] != word[4]))
		return NULL;
	ps->p += n;
	return node(ps, type);
}

/* skip_ws on a pointer of the caller's own (see parse_children) */
static inline char *ws(char *p, const char *end)
{
	if ((unsigned char)*p > 32)
		return p;
	while (p < end && (unsigned char)*p <= 32)
		p++;
	return p;
}

/* parse_string on a pointer of the caller's own: the text, and *next
 * just after its closing quote; NULL (*next untouched) when it is bad. */
static inline __attribute__((always_inline)) char *string_at(struct parser *ps, char *p, const char *end, char **next)
{
	char *s = p + 1, *q = quote_or_escape(s, end);
	if (__builtin_expect(q && *q == '"', 1)) {
		*q = 0;
		*next = q + 1;
		return s;
	}
	if (!q || !parse_escaped(ps, s, q))
		return NULL;
	*next = ps->p;
	return s;
}

/* The members of an object or the items of an array, after its bracket.
 * The text's position is kept in a local, not in ps: every string's NUL
 * is a char store, which the compiler must assume may change ps->p, so
 * it read ps->p back from memory after each one. ps->p is set again
 * around the calls that use it, and where the parse fails. */
static cJSON *parse_children(struct parser *ps, cJSON *parent, char close)
{
	char *p = ws(ps->p, ps->end);
	const char *end = ps->end;
	const bool nums = ps->numbers_as_text;
	cJSON *last = NULL;
	if (*p == close) { /* at end, *p is the NUL: no test of p against end needed below */
		ps->p = p + 1;
		return parent;
	}
	for (;;) {
		char *key = NULL;
		p = ws(p, end);
		if (close == '}') {
			if (*p != '"' || !(key = string_at(ps, p, end, &p)))
				goto fail;
			p = ws(p, end);
			if (*p++ != ':')
				goto fail;
			p = ws(p, end);
		}
		cJSON *c;
		if (*p == '"') { /* the usual value, without the call */
			char *v = string_at(ps, p, end, &p);
			if (!v)
				goto fail;
			c = node(ps, cJSON_String);
			c->valuestring = v;
		} else if (nums && ((unsigned char)(*p - '0') <= 9 || *p == '-')) {
			c = number_text(ps, p, end, &p); /* the next usual value, without the call */
		} else {
			ps->p = p;
			if (!(c = parse_value(ps)))
				return NULL; /* ps->p is where it failed */
			p = ps->p;
		}
		c->string = key;
		if (last) {
			last->next = c;
			c->prev = last;
		} else {
			parent->child = c;
		}
		last = c;
		p = ws(p, end);
		char d = *p++;
		if (d == close) {
			parent->child->prev = last; /* cJSON keeps the tail there */
			ps->p = p;
			return parent;
		}
		if (d != ',')
			goto fail;
	}
fail: /* one past end at most: json_arena_parse's error_at stops at end */
	ps->p = p;
	return NULL;
}

static cJSON *parse_value(struct parser *ps)
{
	if (ps->p >= ps->end)
		return NULL;
	char c = *ps->p;
	if (c == '"') {
		char *s = parse_string(ps);
		cJSON *n = s ? node(ps, cJSON_String) : NULL;
		if (n)
			n->valuestring = s;
		return n;
	}
	if (c == '-' || (c >= '0' && c <= '9'))
		return parse_number(ps);
	if (c == '{' || c == '[') {
		if (++ps->depth > CJSON_NESTING_LIMIT)
			return NULL;
		ps->p++;
		cJSON *n = parse_children(ps, node(ps, c == '{' ? cJSON_Object : cJSON_Array), c == '{' ? '}' : ']');
		ps->depth--;
		return n;
	}
	if (c == 'n')
		return parse_literal(ps, "null", 4, cJSON_NULL);
	if (c == 't') {
		cJSON *n = parse_literal(ps, "true", 4, cJSON_True);
		if (n)
			n->valueint = 1;
		return n;
	}
	if (c == 'f')
		return parse_literal(ps, "false", 5, cJSON_False);
	return NULL;
}

cJSON *json_arena_parse(const char *text, size_t len, bool numbers_as_text, const char **error_at)
{
	struct parser ps = {.numbers_as_text = numbers_as_text};
	if (!text)
		return NULL;
	ps.a = xcalloc(1, sizeof(*ps.a));
	ps.p = arena_text(ps.a, text, len);
	ps.end = ps.p + len;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		ps.p += 3;
	skip_ws(&ps);
	ps.a->root = parse_value(&ps);
	if (!ps.a->root) {
		if (error_at) /* in the caller's text, not the copy dropped below */
			*error_at = text + ((ps.p < ps.end ? ps.p : ps.end) - ps.a->text);
		arena_drop(ps.a);
		return NULL;
	}
	ps.a->next_live = live;
	live = ps.a;
	json_arena_lo = ps.a->text;
	json_arena_hi = ps.a->text + len;
	return ps.a->root;
}

void json_free(cJSON *j)
{
	for (struct arena **a = &live; *a; a = &(*a)->next_live)
		if ((*a)->root == j) {
			struct arena *dead = *a;
			*a = dead->next_live;
			arena_drop(dead);
			return;
		}
	cJSON_Delete(j); /* a heap tree (cJSON_Duplicate, cJSON_Create...) */
}
