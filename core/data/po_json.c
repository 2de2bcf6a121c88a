/* The writer: one compact JSON object per order, fields in the order of
 * docs/models/purchase-order.md, so a line of --jsonl reads the same from
 * every source. Written straight into a buffer: it runs once per order,
 * and a cJSON tree per record cost more than the rest of the output. */
#include "data/po.h"
#include "util.h"
#include <cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Bytes a JSON string escapes: quotes, backslashes and control bytes. */
static const unsigned char escaped[256] = {[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1};

static __attribute__((noinline)) void grow(struct buf *b, size_t n)
{
	b->cap = b->cap ? b->cap : 64;
	while (b->len + n + 1 > b->cap)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

/* Room for n more bytes and the NUL; inline, as it runs for each field */
static inline char *room(struct buf *b, size_t n)
{
	if (__builtin_expect(b->len + n + 1 > b->cap, 0))
		grow(b, n);
	return b->data + b->len;
}

/* A JSON string (or null). The text was cleaned (po_set), so only quotes
 * and backslashes need escaping; control bytes are escaped all the same.
 * Written into room made once, 16 bytes a step or byte by byte: the values are short, and
 * a copy call per run cost more than the bytes (the writer runs for each
 * of an order's some 70 fields). */
static void value_at(struct buf *b, char *o, const char *v, size_t n, bool more);

/* The writer's state, a local the compiler keeps in registers: the
 * buffer, and where the block of padded text is (po_text_block). */
struct w {
	struct buf b;
	uintptr_t block;
	size_t block_size;
};

/* Bytes a step may copy of a text in the padded block before it goes on
 * the usual way. */
#define PADDED_MAX 256
/* What one field may write on the padded way: its key, the quotes and
 * comma, and its steps of 16 bytes. */
#define FIELD_MAX (PADDED_MAX + 64)
/* Room made at once for a group of fields: the order's own (17, and the
 * literals between) or a line's (10). Inside a group, a field on the
 * padded way and a literal need no test for room each: that test was a
 * tenth of the writer. */
#define GROUP_ROOM (24 * FIELD_MAX)

static inline void reserve(struct w *w)
{
	room(&w->b, GROUP_ROOM);
}

/* a literal inside a group, its length known when compiled */
#define lit(w, text) lit_at(w, text, sizeof(text) - 1)
static inline __attribute__((always_inline)) void lit_at(struct w *w, const char *text, size_t n)
{
	memcpy(w->b.data + w->b.len, text, n);
	w->b.len += n;
}

/* "key":"v" the usual way (a text not in the block, one that needs an
 * escape, a long one, or null); then the group's room again */
static __attribute__((noinline)) void slow_at(struct w *w, const char *key, size_t keylen, const char *v, bool more)
{
	struct buf *b = &w->b;
	size_t n = v ? strlen(v) : 0;
	char *o = room(b, keylen + 6 * n + 6);
	memcpy(o, key, keylen);
	value_at(b, o + keylen, v, n, more);
	reserve(w);
}

#if defined(__SSE2__)
/* The rest of a padded text from p, where the fast way stopped at an
 * escape or after PADDED_MAX bytes (o: where p's byte goes, inside the
 * open quotes) */
static __attribute__((noinline)) void rest_at(struct w *w, char *o, const char *p, bool more)
{
	struct buf *b = &w->b;
	size_t n = strlen(p), at = (size_t)(o - b->data);
	b->len = at;
	o = room(b, 6 * n + 6);
	char before = o[-1]; /* value_at's opening quote goes there: put back */
	value_at(b, o - 1, p, n, more);
	b->data[at - 1] = before;
	reserve(w);
}

/* The bytes of w that end a run of plain text: a quote, a backslash or a
 * control byte (the NUL among them). */
static inline unsigned stops(__m128i w)
{
	const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f);
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, slash)),
							 _mm_cmpeq_epi8(_mm_min_epu8(w, ctl), w)));
}
#endif

/* "key":"v" (and the comma when more). A text in the block of the order
 * being built (po_text_padded) is written inside the group's room, its
 * end and its escapes found in one pass, 16 bytes a step, without a
 * strlen first: the usual text (an id, a date, an amount) is done in a
 * step or two. The key's copy is inlined, its length known when compiled
 * (a copy call per field cost more than its bytes). */
static inline __attribute__((always_inline)) void str_at(struct w *w, const char *key, size_t keylen, const char *v,
							 bool more)
{
	if (!v) { /* null: inside the group's room too */
		char *o = w->b.data + w->b.len;
		memcpy(o, key, keylen);
		memcpy(o + keylen, "null,", 5);
		w->b.len += keylen + 4 + more;
		return;
	}
#if defined(__SSE2__)
	if ((uintptr_t)v - w->block < w->block_size) {
		char *o = w->b.data + w->b.len;
		const char *p = v;
		memcpy(o, key, keylen);
		o += keylen;
		*o++ = '"';
		for (;;) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
			unsigned hit = stops(x);
			_mm_storeu_si128((__m128i *)(void *)o, x); /* what is past the stop is written over */
			if (hit) {
				unsigned k = (unsigned)__builtin_ctz(hit);
				p += k, o += k;
				if (!*p) {
					*o++ = '"';
					if (more)
						*o++ = ',';
					w->b.len = (size_t)(o - w->b.data);
					return;
				}
				break;
			}
			p += 16, o += 16;
			if (p - v >= PADDED_MAX)
				break;
		}
		rest_at(w, o, p, more);
		return;
	}
#endif
	slow_at(w, key, keylen, v, more);
}

/* v (n bytes) as a JSON string, or null, at o; then the comma when more. */
static void value_at(struct buf *b, char *o, const char *v, size_t n, bool more)
{
	static const char hex[] = "0123456789abcdef";
	if (!v) {
		memcpy(o, "null", 4);
		o += 4;
	} else {
		*o++ = '"';
		const unsigned char *p = (const unsigned char *)v, *end = p + n;
#if defined(__SSE2__)
		/* sixteen bytes a step while none needs escaping (ids, dates,
		 * names): the byte loop below then only sees the rest */
		const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f);
		for (; end - p >= 16; p += 16, o += 16) {
			__m128i w = _mm_loadu_si128((const __m128i *)(const void *)p);
			__m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, slash)),
						   _mm_cmpeq_epi8(_mm_min_epu8(w, ctl), w)); /* bytes up to 0x1f */
			if (_mm_movemask_epi8(bad))
				break;
			_mm_storeu_si128((__m128i *)(void *)o, w);
		}
#endif
		for (; p < end; p++) {
			unsigned char c = *p;
			if (!escaped[c]) {
				*o++ = (char)c;
			} else if (c < 0x20) {
				memcpy(o, "\\u00", 4);
				o[4] = hex[c >> 4], o[5] = hex[c & 15];
				o += 6;
			} else {
				*o++ = '\\', *o++ = (char)c;
			}
		}
		*o++ = '"';
	}
	if (more)
		*o++ = ',';
	*o = 0;
	b->len = (size_t)(o - b->data);
}

/* onramp's own short text that needs no escape (a status name), inside
 * the group's room: keyq is "key":" */
static inline __attribute__((always_inline)) void plain_at(struct w *w, const char *keyq, const char *v)
{
	size_t k = strlen(keyq), n = strlen(v);
	char *o = w->b.data + w->b.len;
	memcpy(o, keyq, k);
	memcpy(o + k, v, n);
	memcpy(o + k + n, "\",", 2);
	w->b.len += k + n + 2;
}

/* "key": with its length known when compiled */
#define str(w, key, v, more) str_at(w, "\"" key "\":", sizeof(key) + 2, v, more)

/* Inline in its one caller, so the writer's state stays in registers. */
static inline __attribute__((always_inline)) void line_json(struct w *w, const struct po_line *l)
{
	reserve(w);
	lit(w, "{");
	str(w, "remote_id", l->remote_id, true);
	str(w, "number", l->number, true);
	lit(w, "\"item\":{");
	str(w, "code", l->item_code, true);
	str(w, "name", l->item_name, false);
	lit(w, "},");
	str(w, "description", l->description, true);
	str(w, "quantity", l->quantity, true);
	str(w, "unit", l->unit, true);
	str(w, "unit_price", l->unit_price, true);
	str(w, "amount", l->amount, true);
	str(w, "received_quantity", l->received_quantity, false);
	lit(w, "}");
}

char *po_to_json(const struct po *po, int raw)
{
	struct buf b = {.data = xmalloc(2048), .cap = 2048}; /* an order of 5 lines fits */
	b.data[0] = 0;
	po_json_add(&b, po, raw);
	/* cut to its length: the writer makes room for a group of fields at
	 * a time (GROUP_ROOM, 7.5 KiB), and a sync holds a page's records
	 * and more until it stores them (75 MiB of peak RSS instead of 47) */
	return xrealloc(b.data, b.len + 1); /* buf keeps it NUL-terminated; the caller frees it */
}

void po_json_add(struct buf *out, const struct po *po, int raw)
{
	struct w w = {.b = *out}; /* a local copy: the compiler keeps it in registers */
	w.block = (uintptr_t)po_text_block(&w.block_size);
	reserve(&w);
	lit(&w, "{");
	str(&w, "id", po->id, true);
	str(&w, "remote_id", po->remote_id, true);
	str(&w, "display", po->display, true);
	str(&w, "created_at", po->created_at, true);
	str(&w, "updated_at", po->updated_at, true);
	str(&w, "deleted_at", po->deleted_at, true);
	str(&w, "number", po->number, true);
	lit(&w, "\"supplier\":{");
	str(&w, "remote_id", po->supplier_id, true);
	str(&w, "name", po->supplier_name, false);
	lit(&w, "},");
	plain_at(&w, "\"status\":\"", po_status_name(po->status));
	str(&w, "remote_status", po->remote_status, true);
	str(&w, "currency", po->currency, true);
	str(&w, "order_date", po->order_date, true);
	str(&w, "expected_date", po->expected_date, true);
	str(&w, "subtotal", po->subtotal, true);
	str(&w, "tax", po->tax, true);
	str(&w, "total", po->total, true);
	lit(&w, "\"lines\":[");
	for (size_t i = 0; i < po->nlines; i++) {
		if (i)
			lit(&w, ",");
		line_json(&w, &po->lines[i]);
	}
	lit(&w, "]");
	w.b.data[w.b.len] = 0; /* inside the room made for the group: buf keeps its NUL */
	char *rd = raw && po->remote_data && !po->remote_raw ? cJSON_PrintUnformatted(po->remote_data) : NULL;
	const char *text = raw && po->remote_raw ? po->remote_raw : rd;
	if (text) {
		buf_put(&w.b, ",\"remote_data\":", sizeof(",\"remote_data\":") - 1);
		buf_adds(&w.b, text);
	}
	free(rd);
	buf_put(&w.b, "}", 1);
	*out = w.b;
}
