/* The writer: one compact JSON object per order, fields in the order of
 * docs/models/purchase-order.md, so a line of --jsonl reads the same from
 * every source. Written straight into a buffer: it runs once per order,
 * and a cJSON tree per record cost more than the rest of the output. */
#include "data/po.h"
#include "util.h"
#include <cJSON.h>
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

#if defined(__SSE2__)
/* Bytes a step may copy of a text in the padded block before it goes on
 * the usual way: room for them is made at once. */
#define PADDED_MAX 256

/* The bytes of w that end a run of plain text: a quote, a backslash or a
 * control byte (the NUL among them). */
static inline unsigned stops(__m128i w)
{
	const __m128i quote = _mm_set1_epi8('"'), slash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f);
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(w, quote), _mm_cmpeq_epi8(w, slash)),
							 _mm_cmpeq_epi8(_mm_min_epu8(w, ctl), w)));
}

/* "key":"v" for a text in the block of the order being built
 * (po_text_padded): its end and its escapes are found in one pass, 16
 * bytes a step, without a strlen first. The usual text (an id, a date,
 * an amount) is done in a step or two; one that needs an escape, or is
 * long, goes on through value_at from where this stopped. */
static inline __attribute__((always_inline)) void padded_at(struct buf *b, const char *key, size_t keylen,
							    const char *v, bool more)
{
	char *o = room(b, keylen + PADDED_MAX + 40);
	const char *p = v;
	memcpy(o, key, keylen);
	o += keylen;
	*o++ = '"';
	for (;;) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)p);
		unsigned hit = stops(w);
		_mm_storeu_si128((__m128i *)(void *)o, w); /* what is past the stop is written over */
		if (hit) {
			unsigned k = (unsigned)__builtin_ctz(hit);
			p += k, o += k;
			if (!*p) {
				*o++ = '"';
				if (more)
					*o++ = ',';
				*o = 0;
				b->len = (size_t)(o - b->data);
				return;
			}
			break;
		}
		p += 16, o += 16;
		if (p - v >= PADDED_MAX)
			break;
	}
	/* the rest, the usual way: the text goes on inside its quotes */
	size_t n = strlen(p), at = (size_t)(o - b->data);
	b->len = at;
	o = room(b, 6 * n + 6);
	char before = o[-1]; /* value_at's opening quote goes there: put back */
	value_at(b, o - 1, p, n, more);
	b->data[at - 1] = before;
}
#endif

/* The key's copy inlined, its length known when compiled (a copy call per
 * field cost more than its bytes); the value's writing is not. */
static inline __attribute__((always_inline)) void str_at(struct buf *b, const char *key, size_t keylen, const char *v,
							 bool more)
{
#if defined(__SSE2__)
	if (v && po_text_padded(v)) {
		padded_at(b, key, keylen, v, more);
		return;
	}
#endif
	size_t n = v ? strlen(v) : 0;
	char *o = room(b, keylen + 6 * n + 6);
	memcpy(o, key, keylen);
	value_at(b, o + keylen, v, n, more);
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

/* a literal, its length known when compiled */
#define lit(b, text) buf_put(b, text, sizeof(text) - 1)
/* "key": with its length known when compiled */
#define str(b, key, v, more) str_at(b, "\"" key "\":", sizeof(key) + 2, v, more)

static void line_json(struct buf *b, const struct po_line *l)
{
	lit(b, "{");
	str(b, "remote_id", l->remote_id, true);
	str(b, "number", l->number, true);
	lit(b, "\"item\":{");
	str(b, "code", l->item_code, true);
	str(b, "name", l->item_name, false);
	lit(b, "},");
	str(b, "description", l->description, true);
	str(b, "quantity", l->quantity, true);
	str(b, "unit", l->unit, true);
	str(b, "unit_price", l->unit_price, true);
	str(b, "amount", l->amount, true);
	str(b, "received_quantity", l->received_quantity, false);
	lit(b, "}");
}

char *po_to_json(const struct po *po, int raw)
{
	struct buf b = {.data = xmalloc(2048), .cap = 2048}; /* an order of 5 lines fits */
	b.data[0] = 0;
	po_json_add(&b, po, raw);
	return b.data; /* buf keeps it NUL-terminated; the caller frees it */
}

void po_json_add(struct buf *out, const struct po *po, int raw)
{
	struct buf b = *out; /* a local copy: the compiler keeps it in registers */
	lit(&b, "{");
	str(&b, "id", po->id, true);
	str(&b, "remote_id", po->remote_id, true);
	str(&b, "display", po->display, true);
	str(&b, "created_at", po->created_at, true);
	str(&b, "updated_at", po->updated_at, true);
	str(&b, "deleted_at", po->deleted_at, true);
	str(&b, "number", po->number, true);
	lit(&b, "\"supplier\":{");
	str(&b, "remote_id", po->supplier_id, true);
	str(&b, "name", po->supplier_name, false);
	lit(&b, "},");
	str(&b, "status", po_status_name(po->status), true);
	str(&b, "remote_status", po->remote_status, true);
	str(&b, "currency", po->currency, true);
	str(&b, "order_date", po->order_date, true);
	str(&b, "expected_date", po->expected_date, true);
	str(&b, "subtotal", po->subtotal, true);
	str(&b, "tax", po->tax, true);
	str(&b, "total", po->total, true);
	lit(&b, "\"lines\":[");
	for (size_t i = 0; i < po->nlines; i++) {
		if (i)
			lit(&b, ",");
		line_json(&b, &po->lines[i]);
	}
	lit(&b, "]");
	char *rd = raw && po->remote_data && !po->remote_raw ? cJSON_PrintUnformatted(po->remote_data) : NULL;
	const char *text = raw && po->remote_raw ? po->remote_raw : rd;
	if (text) {
		lit(&b, ",\"remote_data\":");
		buf_adds(&b, text);
	}
	free(rd);
	lit(&b, "}");
	*out = b;
}
