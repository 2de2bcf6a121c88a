#include "data/po.h"
#include "data/currency.h"
#include "util.h"
#include <cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define PO_TEXT_MAX 1024

static const char *const status_names[] = {"draft",    "submitted", "open",   "partially_received",
					   "received", "cancelled", "unknown"};

const char *po_status_name(enum po_status s)
{
	return s <= PO_UNKNOWN ? status_names[s] : "unknown";
}

int po_status_parse(const char *name)
{
	for (int i = 0; i <= PO_UNKNOWN; i++)
		if (name && !strcmp(name, status_names[i]))
			return i;
	return -1;
}

/* The text of the orders being built comes from one block per thread, a
 * pointer bump apart, not from a malloc and a free per field: an order
 * has some 70 fields, and their mallocs and frees were a tenth of reading
 * a page. po_init counts an order in and po_free counts it out; when no
 * order is being built, the block is emptied. Text that does not fit, or
 * is set while no order is being built, comes from malloc; po_drop frees
 * only what is not in the block. */
#define POOL_SIZE (64 * 1024)
static _Thread_local struct {
	char *p;
	size_t used;
	long live; /* orders between po_init and po_free */
} pool;

static bool in_pool(const char *s)
{
	/* one unsigned compare: below the block wraps round to a large value;
	 * with no block (0), s itself is never under POOL_SIZE */
	return (uintptr_t)s - (uintptr_t)pool.p < POOL_SIZE;
}

bool po_text_padded(const char *s)
{
	return in_pool(s);
}

const char *po_text_block(size_t *size)
{
	*size = POOL_SIZE;
	return pool.p;
}

static __attribute__((noinline)) char *text_alloc_slow(size_t n)
{
	if (!pool.p && pool.live > 0 && n <= POOL_SIZE) { /* the first text of a thread */
		pool.p = xcalloc(1, POOL_SIZE + PO_TEXT_PAD); /* zeroed and padded: see po_text_padded */
		pool.used = n;
		return pool.p;
	}
	return xmalloc(n);
}

/* Inline: it runs for each of an order's some 70 fields, and the call
 * cost as much as the bump. */
static inline char *text_alloc(size_t n)
{
	if (__builtin_expect(pool.p && pool.live > 0 && n <= POOL_SIZE - pool.used, 1)) {
		char *s = pool.p + pool.used;
		pool.used += n;
		return s;
	}
	return text_alloc_slow(n);
}

static inline void drop(char **field)
{
	if (*field && !in_pool(*field))
		free(*field);
	*field = NULL;
}

void po_drop(char **field)
{
	drop(field);
}

/* n bytes from s to d: up to 48 in two or three overlapping copies of
 * a size known when compiled, without the call (most fields are short:
 * ids, codes, dates, amounts, and GUIDs of 36) */
static inline void copy_short(char *d, const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;
	char u[16], v[16], w[16];
	if (n >= 8 && n <= 16) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		memcpy(d, &x, 4);
		memcpy(d + n - 4, &y, 4);
	} else if (n && n < 4) { /* the first, the middle and the last byte */
		char f = s[0], m = s[n / 2], l = s[n - 1];
		d[0] = f, d[n / 2] = m, d[n - 1] = l;
	} else if (n > 16 && n <= 48) {
		memcpy(u, s, 16);
		memcpy(v, s + (n > 32 ? 16 : n - 16), 16);
		memcpy(w, s + n - 16, 16);
		memcpy(d, u, 16);
		memcpy(d + (n > 32 ? 16 : n - 16), v, 16);
		memcpy(d + n - 16, w, 16);
	} else if (n) {
		memcpy(d, s, n);
	}
}

/* put's other cases: a field to free first, or no room in the block */
static __attribute__((noinline)) void put_other(char **field, const char *text, size_t n)
{
	drop(field);
	*field = text_alloc(n + 1);
	copy_short(*field, text, n);
	(*field)[n] = 0;
}

/* *field = a copy of n bytes of text as they are. The usual case, an
 * empty field and room in the block, calls nothing: its callers need no
 * registers saved for it. */
static inline __attribute__((always_inline)) void put(char **field, const char *text, size_t n)
{
	if (__builtin_expect(!*field && pool.p && pool.live > 0 && n < POOL_SIZE - pool.used, 1)) {
		char *d = pool.p + pool.used;
		pool.used += n + 1;
		copy_short(d, text, n);
		d[n] = 0;
		*field = d;
		return;
	}
	put_other(field, text, n);
}

static void po_reset(struct po *po)
{
	memset(po, 0, sizeof(*po));
	po->status = PO_UNKNOWN;
}

void po_init(struct po *po)
{
	po_reset(po);
	po->building = true;
	pool.live++;
}

/* One order's lines array, kept by po_free for the next po_add_line on
 * this thread: a malloc and a free an order saved. */
static _Thread_local struct {
	struct po_line *lines;
	size_t cap;
} spare;

/* Each field by name, not through a table of their addresses made on
 * every call: an order has some 70, and po_reset clears them after. */
static inline void release(char *s)
{
	if (s && !in_pool(s))
		free(s);
}

static void line_free(const struct po_line *l)
{
	release(l->remote_id), release(l->number), release(l->item_code), release(l->item_name);
	release(l->description), release(l->unit), release(l->quantity), release(l->unit_price);
	release(l->amount), release(l->received_quantity);
}

void po_free(struct po *po)
{
	bool counted = po->building;
	release(po->id), release(po->remote_id), release(po->display), release(po->created_at);
	release(po->updated_at), release(po->deleted_at), release(po->number), release(po->supplier_id);
	release(po->supplier_name), release(po->remote_status), release(po->currency), release(po->order_date);
	release(po->expected_date), release(po->subtotal), release(po->tax), release(po->total);
	release(po->remote_raw);
	for (size_t i = 0; i < po->nlines; i++)
		line_free(&po->lines[i]);
	if (!spare.lines && po->cap <= 64) /* kept for the next order */
		spare.lines = po->lines, spare.cap = po->cap;
	else
		free(po->lines);
	if (po->remote_data)
		cJSON_Delete(po->remote_data);
	po_reset(po);
	if (counted && --pool.live == 0)
		pool.used = 0; /* no order's text is left in the block */
}

/* Whether the eight bytes of w are all printable ASCII (0x20-0x7e) with
 * no two spaces side by side. */
static inline bool plain_word(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL, lows = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t sp = w ^ (ones * ' ');
	sp = ~(((sp & lows) + lows) | sp | lows); /* 0x80 exactly where a space is */
	return !((w & highs) | ((w + ones) & highs) | ((w - ones * 0x20) & ~w & highs) | (sp & (sp >> 8)));
}

#if defined(__SSE2__)
/* The bytes of 16 that str_clean would change: below 0x20, at or above
 * 0x7f, and a space followed by a space. */
static inline unsigned unplain16(const char *t)
{
	__m128i w = _mm_loadu_si128((const __m128i *)(const void *)t);
	__m128i sp = _mm_cmpeq_epi8(w, _mm_set1_epi8(' '));
	__m128i bad = _mm_or_si128(_mm_cmplt_epi8(w, _mm_set1_epi8(0x20)), /* signed: 0x80 and above too */
				   _mm_cmpeq_epi8(w, _mm_set1_epi8(0x7f)));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(bad, _mm_and_si128(sp, _mm_srli_si128(sp, 1))));
}
#endif

/* Text str_clean would copy unchanged: printable ASCII, no space at
 * either end or twice in a row, and short enough. Most server text is
 * like that, and checking is cheaper than cleaning. Texts of 4 to 16
 * bytes (ids, codes, names) are checked as one word of two overlapping
 * loads, as copy_short copies them: every pair of neighbours is in the
 * word, and the one pair that is not (the two ends of the overlap) can
 * only add a false "two spaces", which str_clean then decides. Longer
 * ones (GUIDs) go 16 bytes a step, the last step overlapping. */
static bool plain(const char *t, size_t n)
{
	size_t i = 0;
	uint64_t a, b;
	uint32_t x, y;
	if (n >= PO_TEXT_MAX || t[0] == ' ' || t[n - 1] == ' ')
		return false;
	if (n >= 4 && n <= 8) {
		memcpy(&x, t, 4);
		memcpy(&y, t + n - 4, 4);
		return plain_word(x | (uint64_t)y << 32);
	}
	if (n > 8 && n <= 16) {
		memcpy(&a, t, 8);
		memcpy(&b, t + n - 8, 8);
		return plain_word(a) && plain_word(b) && !(t[7] == ' ' && t[8] == ' ');
	}
#if defined(__SSE2__)
	if (n > 16) {
		/* a step's pairs are its own; the pair across two steps is
		 * checked by hand, the last step's by the overlap */
		for (; i + 16 < n; i += 16)
			if (unplain16(t + i) || (t[i + 15] == ' ' && t[i + 16] == ' '))
				return false;
		return !unplain16(t + n - 16);
	}
#endif
	/* eight bytes a step: no two spaces side by side within the word,
	 * or across into the next */
	for (; i + 8 <= n; i += 8) {
		memcpy(&a, t + i, 8);
		if (!plain_word(a) || (t[i + 7] == ' ' && t[i + 8] == ' ')) /* t[n] is never read: t[n - 1] is no space */
			return false;
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0x20 || c >= 0x7f || (c == ' ' && t[i + 1] == ' '))
			return false;
	}
	return true;
}

/* po_set's text that needs cleaning, out of line: its buffer is no cost
 * to the usual text */
static __attribute__((noinline)) void set_cleaned(char **field, const char *text, size_t n)
{
	char clean[PO_TEXT_MAX];
	str_clean(clean, sizeof(clean), text, n);
	if (clean[0])
		put(field, clean, strlen(clean));
}

static inline __attribute__((always_inline)) void set(char **field, const char *text, size_t n)
{
	drop(field);
	if (!text || !n)
		return;
	if (plain(text, n))
		put(field, text, n);
	else
		set_cleaned(field, text, n);
}

void po_set(char **field, const char *text, size_t n)
{
	set(field, text, n);
}

void po_sets(char **field, const char *text)
{
	set(field, text, text ? strlen(text) : 0);
}

void po_set_clean(char **field, const char *text)
{
	if (!text || !*text)
		drop(field);
	else
		put(field, text, strlen(text));
}

void po_set_clean_n(char **field, const char *text, size_t n)
{
	if (!n)
		drop(field);
	else
		put(field, text, n);
}

void po_copy(char **field, const char *text)
{
	if (text && in_pool(text)) { /* never freed one by one: both may point at it */
		drop(field);
		*field = (char *)text;
	} else {
		po_set_clean(field, text);
	}
}

void po_set_dec(char **field, struct dec d, int min_scale)
{
	char buf[DEC_TEXT_MAX];
	const char *t;
	size_t n = dec_format_min_at(d, min_scale, buf, &t);
	put(field, t, n);
}

struct po_line *po_add_line(struct po *po)
{
	if (po->nlines == po->cap) {
		if (!po->lines && spare.lines) { /* the last order's array: no malloc */
			po->lines = spare.lines, po->cap = spare.cap;
			spare.lines = NULL;
		} else {
			po->cap = po->cap ? po->cap * 2 : 8; /* most orders have a few lines: one allocation */
			po->lines = xrealloc(po->lines, po->cap * sizeof(*po->lines));
		}
	}
	memset(&po->lines[po->nlines], 0, sizeof(*po->lines));
	return &po->lines[po->nlines++];
}

/* the length of the run of ASCII digits at s */
static size_t digits(const char *s)
{
	size_t i = 0;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

/* Already what po_set_dec(places) writes: [1-9]digits or 0, then exactly
 * places decimals (not negative, where "-0.00" would become "0.00"). */
static bool has_places(const char *s, int places)
{
	size_t i = digits(s);
	if (!i || (s[0] == '0' && i > 1))
		return false;
	if (!places)
		return !s[i];
	return s[i] == '.' && digits(s + i + 1) == (size_t)places && !s[i + 1 + places];
}

/* The value dec_parse reads from a text has_places took, in one pass
 * over its digits; false past 18 (then dec_parse reads it). */
static bool places_value(const char *s, int places, struct dec *d)
{
	uint64_t v = 0;
	int n = 0;
	for (; *s; s++)
		if (*s != '.')
			v = v * 10 + (unsigned)(*s - '0'), n++;
	if (n > 18 || places > DEC_MAX_SCALE)
		return false;
	d->v = v;
	d->scale = places;
	return true;
}

/* *field rounded to the currency's places (it already parsed once).
 * With out, the sums below need its value: true with *out the value of
 * the text as dec_parse reads it (no second parse), false when it has
 * none. Without, only whether there is a text. */
static inline __attribute__((always_inline)) bool money(char **field, int places, struct dec *out)
{
	struct dec d, r;
	const char *s = *field;
	if (!s)
		return false;
	if (has_places(s, places))
		return !out || places_value(s, places, out) || dec_parse_text(s, out) == DEC_OK;
	if (dec_parse_text(s, &d) != DEC_OK)
		return false;
	if (dec_round(d, places, &r) != DEC_OK) {
		if (out)
			*out = d; /* left as it is */
		return true;
	}
	/* exactly places places: the text written is r's digits, and reads
	 * back as r */
	po_set_dec(field, r, places);
	if (out)
		*out = r;
	return true;
}

/* "PO 4500000012 · Globex Supplies", but not "PO PO-1001": written in
 * place, the parts' lengths known (str_join and a copy cost more), cut
 * to PO_TEXT_MAX - 1 bytes as before */
static void display(struct po *po)
{
	const char *num = po->number ? po->number : po->remote_id ? po->remote_id : "?";
	const char *sup = po->supplier_name, *dot = " \xc2\xb7 ";
	/* strncasecmp(num, "PO", 2), for the two ASCII letters */
	bool prefixed = (num[0] | 0x20) == 'p' && (num[1] | 0x20) == 'o';
	size_t nn = strlen(num), ns = sup ? strlen(sup) : 0, n = (prefixed ? 0 : 3) + nn + (sup ? 4 + ns : 0);
	char *d;
	if (n >= PO_TEXT_MAX) { /* str_join's cut: at a character's start */
		char t[PO_TEXT_MAX];
		str_join(t, sizeof(t), prefixed ? "" : "PO ", num, sup ? dot : "", sup ? sup : "", (char *)NULL);
		put(&po->display, t, strlen(t));
		return;
	}
	drop(&po->display);
	po->display = d = text_alloc(n + 1);
	if (!prefixed)
		memcpy(d, "PO ", 3), d += 3;
	memcpy(d, num, nn);
	d += nn;
	if (sup) {
		memcpy(d, dot, 4);
		memcpy(d + 4, sup, ns);
		d += 4 + ns;
	}
	*d = 0;
}

void po_finish(struct po *po)
{
	int places = currency_places(po->currency);
	struct dec s, t, a = {0, 0}, sum = {0, 0};
	bool lines_sum = !po->subtotal; /* the subtotal from the lines, when every line has an amount */
	for (size_t i = 0; i < po->nlines; i++) {
		bool have = money(&po->lines[i].amount, places, lines_sum ? &a : NULL);
		lines_sum = lines_sum && have && dec_add(sum, a, &sum) == DEC_OK;
		/* the position, the same from every source; the source's own
		 * line number or key is the line's remote_id */
		char n[24], *d = n + sizeof(n) - 1; /* "%zu" without printf */
		*d = 0;
		for (size_t v = i + 1; v || d == n + sizeof(n) - 1; v /= 10)
			*--d = (char)('0' + v % 10);
		put(&po->lines[i].number, d, (size_t)(n + sizeof(n) - 1 - d));
	}
	if (lines_sum)
		po_set_dec(&po->subtotal, sum, places);
	bool sums = !po->total; /* the total from subtotal and tax */
	bool have_s = money(&po->subtotal, places, sums ? &s : NULL), have_t = money(&po->tax, places, sums ? &t : NULL);
	if (sums && have_s && have_t && dec_add(s, t, &s) == DEC_OK)
		po_set_dec(&po->total, s, places);
	if (!po->total && po->subtotal && !po->tax)
		po_copy(&po->total, po->subtotal);
	money(&po->total, places, NULL);
	if (!po->display)
		display(po);
}

static bool dec_of(const char *s, struct dec *d)
{
	return s && dec_parse_text(s, d) == DEC_OK;
}

enum po_status po_receipt_status(const struct po *po)
{
	bool all = po->nlines > 0, some = false;
	/* each number parsed only while it can still change the answer:
	 * once a line falls short, the quantities no longer matter, and once
	 * some was received as well, nothing does */
	for (size_t i = 0; i < po->nlines && (all || !some); i++) {
		struct dec q, r;
		bool have_r = dec_of(po->lines[i].received_quantity, &r);
		some |= have_r && dec_sign(r) > 0;
		all = all && have_r && dec_of(po->lines[i].quantity, &q) && dec_cmp(r, q) >= 0;
	}
	return all ? PO_RECEIVED : some ? PO_PARTIALLY_RECEIVED : PO_OPEN;
}

bool po_negative(const char *s)
{
	struct dec d;
	if (s && *s >= '0' && *s <= '9') /* no parse for the usual case: no sign, no blank */
		return false;
	return dec_of(s, &d) && dec_sign(d) < 0;
}
