/* match.c: scores one folded text against one query (SEARCH.md).
 *
 * A query word matches a text in one of two ways:
 *  - its letters appear in order (fzy's rule), scored by a small dynamic
 *    program that rewards word starts and runs of adjacent letters and
 *    charges for skipped letters; or
 *  - it is within one or two typing mistakes of the start of a word
 *    (an edit distance with swaps), scored like an exact start minus a fine.
 * Everything here is pure: no allocation on the hot path, no globals written. */
#include "match.h"
#include "utf8.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const int match_bonus[5] = {
	[MC_MID] = 0,
	[MC_CAMEL] = 28,
	[MC_WORD] = 30,
	[MC_FIRST] = 36,
	[MC_SEP] = 0,
};

/* ---- folding ----------------------------------------------------------- */

/* Letters and digits have a bit each; other bytes share 27 bits; bit 63
 * marks bytes that folding drops or merges (control bytes, tabs), so a raw
 * mask tells whether raw places are folded places (match_byte_mask). */
#define OTHER_BIT(c) (1ull << (36 + (c) % 27))
#define BIT(n) (1ull << ((n) & 63)) /* & 63: no warning for branches not taken */
#define BM(c) ((c) >= 'a' && (c) <= 'z'   ? BIT((c) - 'a')             \
	       : (c) >= 'A' && (c) <= 'Z' ? BIT((c) - 'A')             \
	       : (c) >= '0' && (c) <= '9' ? BIT(26 + (c) - '0')        \
	       : (c) > ' ' && (c) < 0x7f  ? OTHER_BIT(c)               \
	       : (c) == ' ' || (c) >= 0x80 ? 0ull                      \
					  : MATCH_ODD_BIT)
#define BM4(c) BM(c), BM(c + 1), BM(c + 2), BM(c + 3)
#define BM16(c) BM4(c), BM4(c + 4), BM4(c + 8), BM4(c + 12)
#define BM64(c) BM16(c), BM16(c + 16), BM16(c + 32), BM16(c + 48)
const uint64_t match_byte_mask[256] = {BM64(0), BM64(64)};

enum kind { K_NONE, K_LOWER, K_UPPER, K_DIGIT, K_SEP, K_SPACE, K_DROP };

/* Latin-1 letters U+00C0..U+00FF; "" marks the two signs (× ÷). */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};
/* Latin Extended-A U+0100..U+017F, one base letter each; I = "ij", O = "oe". */
static const char latin_ext_a[129] =
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiIIjjkkklllllll"
	"lllnnnnnnnnnooooooOOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/* What a non-ASCII character folds to: K_SEP for punctuation and spaces, a
 * letter kind with *to set for accented Latin letters, K_NONE otherwise
 * (kept byte for byte). */
static enum kind fold_wide(uint32_t cp, const char **to, char *tmp)
{
	if ((cp >= 0xa0 && cp <= 0xbf) || (cp >= 0x2000 && cp <= 0x206f) || cp == 0x2122 ||
	    cp == 0x3000 || cp == 0xfeff)
		return K_SEP;
	if (cp >= 0xc0 && cp <= 0xff) {
		*to = latin1[cp - 0xc0];
		if (!**to)
			return K_SEP;
		return cp < 0xdf ? K_UPPER : K_LOWER;
	}
	if (cp >= 0x100 && cp <= 0x17f) {
		char c = latin_ext_a[cp - 0x100];
		bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17e);
		bool upper = odd_upper ? (cp & 1) : !(cp & 1);
		if (cp == 0x130 || cp == 0x178)
			upper = true;
		if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17f)
			upper = false;
		if (c == 'I')
			*to = "ij";
		else if (c == 'O')
			*to = "oe";
		else {
			tmp[0] = c, tmp[1] = 0;
			*to = tmp;
		}
		return upper ? K_UPPER : K_LOWER;
	}
	return K_NONE;
}

#define AK(c) ((c) >= 'a' && (c) <= 'z'   ? K_LOWER                                  \
	       : (c) >= 'A' && (c) <= 'Z' ? K_UPPER                                  \
	       : (c) >= '0' && (c) <= '9' ? K_DIGIT                                  \
	       : (c) == ' ' || ((c) >= '\t' && (c) <= '\r') ? K_SPACE                \
	       : (c) < 0x20 || (c) == 0x7f ? K_DROP                                  \
					   : K_SEP)
#define AK4(c) AK(c), AK(c + 1), AK(c + 2), AK(c + 3)
#define AK16(c) AK4(c), AK4(c + 4), AK4(c + 8), AK4(c + 12)
static const uint8_t ascii_kind[128] = {AK16(0), AK16(16), AK16(32), AK16(48),
					AK16(64), AK16(80), AK16(96), AK16(112)};

/* The class of a letter of kind k (row: the kind before it). */
static const uint8_t letter_class[5][4] = {
	[K_NONE] = {0, MC_FIRST, MC_FIRST, MC_FIRST},
	[K_LOWER] = {0, MC_MID, MC_CAMEL, MC_CAMEL},
	[K_UPPER] = {0, MC_MID, MC_MID, MC_CAMEL},
	[K_DIGIT] = {0, MC_CAMEL, MC_CAMEL, MC_MID},
	[K_SEP] = {0, MC_WORD, MC_WORD, MC_WORD},
};

size_t match_fold(const char *in, size_t inlen, char *out, uint8_t *cls,
		  uint32_t *off, size_t max)
{
	const unsigned char *p = (const unsigned char *)in;
	enum kind prev = K_NONE; /* K_NONE: nothing but separators yet */
	size_t n = 0, i = 0;
	bool pending_space = false;

#define EMIT(ch, cl, at)                          \
	do {                                      \
		out[n] = (char)(ch), cls[n] = (cl); \
		if (off)                          \
			off[n] = (uint32_t)(at);  \
		n++;                              \
	} while (0)

	while (i < inlen && n < max) {
		unsigned c = p[i];
		if (c < 0x80) { /* the fast path: ASCII by table */
			enum kind k = ascii_kind[c];
			if (k >= K_SPACE) {
				if (k == K_SPACE && prev != K_NONE)
					pending_space = true, prev = K_SEP;
				i++;
				continue;
			}
			if (pending_space) {
				if (n + 1 >= max)
					break;
				EMIT(' ', MC_SEP, i);
				pending_space = false;
			}
			if (k == K_SEP) { /* punctuation is kept: "s/4" matches "S/4HANA" */
				EMIT(c, MC_SEP, i);
				if (prev != K_NONE)
					prev = K_SEP;
			} else {
				uint8_t cl = letter_class[prev][k];
				if (prev == K_UPPER && k == K_UPPER && i + 1 < inlen &&
				    p[i + 1] < 0x80 && ascii_kind[p[i + 1]] == K_LOWER)
					cl = MC_CAMEL; /* the S of "HTTPServer" */
				EMIT(k == K_UPPER ? c + 32 : c, cl, i);
				prev = k;
			}
			i++;
			continue;
		}
		const char *to = NULL;
		char tmp[2];
		uint32_t cp;
		size_t clen = utf8_decode((const char *)p + i, inlen - i, &cp);
		enum kind k;
		if (!clen) { /* not UTF-8: the byte as a letter */
			clen = 1;
			k = K_NONE;
			cp = c;
		} else {
			k = fold_wide(cp, &to, tmp);
		}
		if (k == K_SEP) { /* wide punctuation and spaces count as a space */
			if (prev != K_NONE)
				pending_space = true, prev = K_SEP;
			i += clen;
			continue;
		}
		if (pending_space) {
			if (n + 1 >= max) /* no room for what follows: no trailing space */
				break;
			EMIT(' ', MC_SEP, i);
			pending_space = false;
		}
		if (k == K_NONE) { /* another script: kept byte for byte, a letter */
			if (n + clen > max)
				break;
			for (size_t b = 0; b < clen; b++)
				EMIT(p[i + b], b ? MC_MID : prev == K_NONE ? MC_FIRST : prev == K_SEP ? MC_WORD : MC_MID, i + b);
			prev = K_LOWER;
		} else {
			uint8_t cl = letter_class[prev][k];
			for (size_t b = 0; to[b] && n < max; b++)
				EMIT(to[b], b ? MC_MID : cl, i);
			prev = k;
		}
		i += clen;
	}
#undef EMIT
	return n;
}

size_t match_fold_ascii(const char *in, size_t len, char *out, uint8_t *cls, size_t max)
{
	const unsigned char *p = (const unsigned char *)in;
	unsigned prev = K_NONE;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned c = p[i], k = ascii_kind[c & 0x7f];
		if (k <= K_DIGIT) {
			uint8_t cl = letter_class[prev][k];
			if (n >= max)
				break;
			if (k == K_UPPER) {
				c += 32;
				if (prev == K_UPPER && i + 1 < len && ascii_kind[p[i + 1] & 0x7f] == K_LOWER)
					cl = MC_CAMEL;
			}
			out[n] = (char)c, cls[n++] = cl;
			prev = k;
		} else if (k == K_SEP) {
			if (n >= max)
				break;
			out[n] = (char)c, cls[n++] = MC_SEP;
			if (prev != K_NONE)
				prev = K_SEP;
		} else if (k == K_SPACE && prev != K_NONE) {
			if (out[n - 1] != ' ') {
				if (n >= max)
					break;
				out[n] = ' ', cls[n++] = MC_SEP;
			}
			prev = K_SEP;
		}
	}
	while (n && out[n - 1] == ' ')
		n--;
	return n;
}

unsigned match_scan(const char *in, size_t n, uint64_t *mask)
{
	const unsigned char *p = (const unsigned char *)in;
	uint64_t m0 = 0, m1 = 0, high = 0;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) { /* eight bytes a round, in two chains */
		uint64_t w;
		memcpy(&w, p + i, 8);
		high |= w;
		m0 |= match_byte_mask[p[i]] | match_byte_mask[p[i + 1]] | match_byte_mask[p[i + 2]] |
		      match_byte_mask[p[i + 3]];
		m1 |= match_byte_mask[p[i + 4]] | match_byte_mask[p[i + 5]] | match_byte_mask[p[i + 6]] |
		      match_byte_mask[p[i + 7]];
	}
	for (; i < n; i++)
		m0 |= match_byte_mask[p[i]], high |= p[i];
	*mask = m0 | m1;
	return high & 0x8080808080808080ull ? 0x80 : 0;
}

uint64_t match_mask(const char *s, size_t n)
{
	uint64_t m = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		m |= c < 0x80 ? match_byte_mask[c] : OTHER_BIT(c);
	}
	return m;
}

uint64_t match_mask_utf8(const char *in, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	uint64_t m = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		const char *to = NULL;
		char tmp[2];
		size_t clen;
		if (p[i] < 0x80) {
			m |= match_byte_mask[p[i++]] & ~MATCH_ODD_BIT;
			continue;
		}
		clen = utf8_decode((const char *)p + i, len - i, &cp);
		if (!clen) {
			m |= OTHER_BIT(p[i]), i++;
			continue;
		}
		enum kind k = fold_wide(cp, &to, tmp);
		if (k == K_NONE)
			for (size_t b = 0; b < clen; b++)
				m |= OTHER_BIT(p[i + b]);
		else if (k != K_SEP)
			m |= match_mask(to, strlen(to));
		i += clen;
	}
	return m;
}

int match_query_parse(struct match_query *q, const char *query)
{
	uint8_t cls[MATCH_MAX_TEXT];
	size_t i = 0;

	memset(q, 0, sizeof(*q));
	if (!query)
		return 0;
	q->len = match_fold(query, strlen(query), q->norm, cls, NULL, MATCH_MAX_TEXT);
	q->norm[q->len] = 0;
	while (i < q->len && q->ntok < MATCH_MAX_TOKENS) {
		struct match_token *t = &q->tok[q->ntok];
		size_t start = i;
		bool digit = false;
		while (i < q->len && q->norm[i] != ' ')
			i++;
		t->len = (uint8_t)(i - start > MATCH_MAX_TOKEN ? MATCH_MAX_TOKEN : i - start);
		memcpy(t->s, q->norm + start, t->len);
		t->s[t->len] = 0;
		for (size_t k = 0; k < t->len; k++)
			digit |= t->s[k] >= '0' && t->s[k] <= '9';
		/* Numbers are typed on purpose ("365"): no mistakes forgiven. */
		t->typos = digit || t->len < 4 ? 0 : t->len <= 8 ? 1 : 2;
		t->mask = match_mask(t->s, t->len);
		t->starts = match_mask(t->s, t->len < 2 ? t->len : 2);
		t->first = match_mask(t->s, t->len ? 1 : 0);
		q->mask |= t->mask;
		if (t->len)
			q->ntok++;
		while (i < q->len && q->norm[i] == ' ')
			i++;
	}
	return q->ntok;
}

/* ---- letters in order: the dynamic program ----------------------------- */

#define NEG (MATCH_NONE)
#define VALID(x) ((x) > MATCH_NONE / 2)

/* Best score of t's letters in order in s, or NEG; when pos is not NULL it
 * receives the m positions of that best alignment.
 *
 * A sparse form of the usual dynamic program: row j holds only the places
 * where letter j occurs (within its feasible window, from a greedy pass
 * forward and one backward), each with the best score of the letters up to
 * j ending there. A place's score comes from the previous row: the best
 * earlier place minus MS_GAP per letter skipped (a running maximum of
 * D + MS_GAP * place, since the fine is linear), or the place just before
 * (MS_CONSECUTIVE) or two before (MS_NEAR). Names are short and letters
 * rare, so this touches a few cells where the full table has hundreds.
 * *whole is set when the token is also a whole word of s: such a word
 * starts at one of the first row's places. */
static int token_dp(const struct match_token *t, const char *s, const uint8_t *cls, size_t n,
		    size_t *pos, bool *whole)
{
	enum { CELLS = MATCH_MAX_TOKEN * MATCH_MAX_TEXT };
	size_t m = t->len, i, j, lo[MATCH_MAX_TOKEN], hi[MATCH_MAX_TOKEN];
	uint8_t P[CELLS];
	int D[CELLS];
	int16_t pred[CELLS];
	size_t rs[MATCH_MAX_TOKEN + 1], k = 0;
	int best = NEG, words = 0;

	*whole = false;
	if (m == 0 || m > n)
		return NEG;
	if (m == 1 && !pos) { /* one letter: its best place */
		for (i = 0; i < n; i++) {
			words += cls[i] == MC_WORD || cls[i] == MC_FIRST;
			if (s[i] == t->s[0]) {
				int sc = match_bonus[cls[i]] - MS_SKIPPED_WORD * (words ? words - 1 : 0);
				if (sc > best)
					best = sc;
				if (cls[i] != MC_MID && cls[i] != MC_SEP && (i + 1 == n || cls[i + 1] != MC_MID))
					*whole = true;
			}
		}
		return best;
	}
	for (i = 0, j = 0; j < m; j++) {
		const char *p = memchr(s + i, t->s[j], n - i);
		if (!p)
			return NEG;
		lo[j] = (size_t)(p - s);
		i = lo[j] + 1;
	}
	for (i = n, j = m; j-- > 0;) {
		while (s[--i] != t->s[j])
			;
		hi[j] = i;
	}
	/* row 0: the first letter, fined per whole word before it */
	rs[0] = 0;
	for (i = 0; i <= hi[0]; i++) {
		words += cls[i] == MC_WORD || cls[i] == MC_FIRST;
		if (i >= lo[0] && s[i] == t->s[0]) {
			P[k] = (uint8_t)i;
			D[k] = match_bonus[cls[i]] - MS_SKIPPED_WORD * (words ? words - 1 : 0);
			pred[k++] = -1;
			if (!*whole && cls[i] != MC_MID && cls[i] != MC_SEP && i + m <= n &&
			    (i + m == n || cls[i + m] != MC_MID)) {
				size_t e = 1;
				while (e < m && s[i + e] == t->s[e])
					e++;
				*whole = e == m;
			}
		}
	}
	for (j = 1; j < m; j++) {
		size_t a = rs[j - 1], pc = k - a, q = 0;
		int run = NEG, runarg = -1;
		char c = t->s[j];
		rs[j] = k;
		for (i = lo[j]; i <= hi[j]; i++) {
			if (s[i] != c)
				continue;
			while (q < pc && P[a + q] < i) {
				int v = D[a + q] + MS_GAP * P[a + q];
				if (VALID(D[a + q]) && v > run)
					run = v, runarg = (int)q;
				q++;
			}
			if (runarg < 0)
				continue;
			int bon = match_bonus[cls[i]];
			int d = run - MS_GAP * (int)(i - 1) + bon, arg = runarg;
			if (q >= 1 && P[a + q - 1] == i - 1) {
				int v = D[a + q - 1] + (bon > MS_CONSECUTIVE ? bon : MS_CONSECUTIVE);
				if (v >= d)
					d = v, arg = (int)q - 1;
			}
			size_t q2 = q >= 1 && P[a + q - 1] == i - 2 ? q - 1
				    : q >= 2 && P[a + q - 2] == i - 2 ? q - 2 : (size_t)-1;
			if (q2 != (size_t)-1) {
				int v = D[a + q2] + (bon > MS_NEAR ? bon : MS_NEAR) - MS_GAP;
				if (v > d)
					d = v, arg = (int)q2;
			}
			P[k] = (uint8_t)i, D[k] = d, pred[k++] = (int16_t)arg;
		}
		if (k == rs[j])
			return NEG;
	}
	rs[m] = k;
	size_t at = rs[m - 1];
	for (size_t e = rs[m - 1]; e < k; e++)
		if (D[e] > D[at])
			at = e;
	best = D[at];
	if (pos) {
		for (j = m; j-- > 0;) {
			pos[j] = P[at];
			if (j)
				at = rs[j - 1] + (size_t)pred[at];
		}
	}
	return VALID(best) ? best : NEG;
}

/* ---- typing mistakes: edit distance to a word start --------------------- */

/* Fewest edits (insert, delete, change, swap two neighbours) that turn t into
 * some prefix of s[w..]; > t->typos when there is none. *plen receives that
 * prefix's length. Only a band of width 2*typos+1 is computed. */
static int prefix_distance(const struct match_token *t, const char *s, size_t n, size_t w,
			   size_t *plen)
{
	enum { BIG = 100, W = MATCH_MAX_TOKEN + 3 };
	int d[MATCH_MAX_TOKEN + 1][W];
	int k = t->typos, best = BIG;
	size_t m = t->len, L = n - w < m + (size_t)k ? n - w : m + (size_t)k;
	const char *x = s + w;

	for (size_t b = 0; b <= L; b++)
		d[0][b] = (int)b <= k ? (int)b : BIG;
	for (size_t a = 1; a <= m; a++) {
		int rowmin = BIG;
		size_t from = a > (size_t)k ? a - (size_t)k : 0, to = a + (size_t)k < L ? a + (size_t)k : L;
		for (size_t b = 0; b <= L; b++) {
			if (b < from || b > to) {
				d[a][b] = BIG;
				continue;
			}
			int v;
			if (b == 0) {
				v = (int)a;
			} else {
				v = d[a - 1][b - 1] + (t->s[a - 1] != x[b - 1]);
				if (d[a - 1][b] + 1 < v)
					v = d[a - 1][b] + 1;
				if (d[a][b - 1] + 1 < v)
					v = d[a][b - 1] + 1;
				if (a > 1 && b > 1 && t->s[a - 1] == x[b - 2] && t->s[a - 2] == x[b - 1] &&
				    d[a - 2][b - 2] + 1 < v)
					v = d[a - 2][b - 2] + 1;
			}
			d[a][b] = v > BIG ? BIG : v;
			if (d[a][b] < rowmin)
				rowmin = d[a][b];
		}
		if (rowmin > k)
			return BIG;
	}
	for (size_t b = 0; b <= L; b++) {
		if (d[m][b] < best || (d[m][b] == best && b == m)) {
			best = d[m][b];
			*plen = b;
		}
	}
	return best;
}

int match_in_order_ascii(const struct match_token *t, const char *in, size_t n)
{
	const char *p = in, *end = in + n;
	for (size_t j = 0; j < t->len; j++) {
		char c = t->s[j], up = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
		const char *lo = memchr(p, c, (size_t)(end - p));
		const char *hi = up != c ? memchr(p, up, (size_t)((lo ? lo : end) - p)) : NULL;
		if (!lo && !hi)
			return 0;
		p = (hi ? hi : lo) + 1;
	}
	return 1;
}

int match_typo_possible_ascii(const struct match_token *t, const char *in, size_t n,
			      uint64_t mask)
{
	const unsigned char *p = (const unsigned char *)in;
	int k = t->typos;
	unsigned a = (unsigned char)t->s[0], b = (unsigned char)t->s[1];
	/* Places in the raw text are places in the folded one unless folding
	 * drops or merges something: control bytes, tabs, runs of spaces. */
	if (!n || (mask & MATCH_ODD_BIT) || p[0] == ' ' || p[n - 1] == ' ')
		return 1;
	/* Letters are compared with their 0x20 bit set (lower case); that can
	 * only find more, never less, which is all a quick test needs. */
	unsigned spaces = 0, before = 0;
	for (size_t w = 0; w < n; w++) {
		unsigned c = p[w] | 0x20;
		spaces |= (p[w] == ' ') & before; /* two in a row */
		before = p[w] == ' ';
		if (c != a && c != b)
			continue;
		unsigned kind = ascii_kind[p[w] & 0x7f], prev = w ? ascii_kind[p[w - 1] & 0x7f] : K_SEP;
		if (kind > K_DIGIT || (kind == prev && kind != K_UPPER))
			continue; /* not a word start */
		int misses = 0;
		for (size_t j = 0; j < t->len && misses <= k; j++) {
			size_t from = j >= (size_t)k ? w + j - (size_t)k : w, to = w + j + (size_t)k;
			unsigned want = (unsigned char)t->s[j];
			bool seen = false;
			for (size_t i = from; i <= to && i < n && !seen; i++)
				seen = (p[i] | 0x20) == want;
			misses += !seen;
		}
		if (misses <= k)
			return 1;
	}
	return spaces != 0;
}

/* A quick necessary test for prefix_distance <= k at w: with k edits, all
 * but k of the token's letters t[j] still sit within k places of w + j. */
static bool typo_possible(const struct match_token *t, const char *s, size_t n, size_t w)
{
	int k = t->typos, misses = 0;
	for (size_t j = 0; j < t->len; j++) {
		size_t from = w + j >= (size_t)k ? w + j - (size_t)k : 0, to = w + j + (size_t)k;
		bool seen = false;
		if (from < w)
			from = w;
		for (size_t i = from; i <= to && i < n && !seen; i++)
			seen = s[i] == t->s[j];
		if (!seen && ++misses > k)
			return false;
	}
	return true;
}

/* Best score of t as a mistyped word start; win and wlen receive the window. */
static int token_typo(const struct match_token *t, const char *s, const uint8_t *cls, size_t n,
		      size_t *win, size_t *wlen)
{
	int best = NEG, words = 0;
	size_t counted = 0; /* word starts are counted up to here */
	char a = t->s[0], b = t->s[1];
	for (size_t w = 0; w < n; w++) {
		size_t plen = 0;
		if (s[w] != a && s[w] != b)
			continue; /* the first letter is rarely the wrong one */
		if (cls[w] == MC_MID || cls[w] == MC_SEP || !typo_possible(t, s, n, w))
			continue;
		int dist = prefix_distance(t, s, n, w, &plen);
		if (dist > t->typos || plen == 0)
			continue;
		for (; counted <= w; counted++)
			words += cls[counted] == MC_WORD || cls[counted] == MC_FIRST;
		int sc = match_bonus[cls[w]] + MS_CONSECUTIVE * (t->len - 1) - MS_TYPO * dist -
			 MS_SKIPPED_WORD * (words ? words - 1 : 0);
		if (sc > best) {
			best = sc;
			if (win)
				*win = w, *wlen = plen;
		}
	}
	return best;
}

static int typo_ceiling(const struct match_token *t)
{
	return match_bonus[MC_FIRST] + MS_CONSECUTIVE * (t->len - 1) - MS_TYPO;
}

void match_text_init(struct match_text *x, const char *s, const uint8_t *cls, size_t n)
{
	uint64_t starts = 0;
	x->s = s, x->cls = cls, x->n = n;
	x->mask = match_mask(s, n);
	for (size_t i = 0; i < n; i++)
		if (cls[i] != MC_MID && cls[i] != MC_SEP)
			starts |= match_mask(s + i, 1);
	x->starts = starts;
}

/* The typo path can find something: few enough letters missing, and a word
 * starting with the token's first or second letter. */
static bool typo_worth(const struct match_token *t, const struct match_text *x, uint64_t missing)
{
	return t->typos && match_missing_ok(missing, t->typos) && (x->starts & t->starts);
}

int match_token_score(const struct match_token *t, const struct match_text *x)
{
	uint64_t missing = t->mask & ~x->mask;
	int sc = NEG;

	if (!missing) {
		bool whole;
		sc = token_dp(t, x->s, x->cls, x->n, NULL, &whole);
		if (sc != NEG && whole)
			sc += MS_WHOLE_WORD;
	}
	if (sc < typo_ceiling(t) && typo_worth(t, x, missing)) {
		int ty = token_typo(t, x->s, x->cls, x->n, NULL, NULL);
		if (ty > sc)
			sc = ty;
	}
	return sc;
}

/* The token is a run of word prefixes of consecutive words of x: `dynamo`
 * or `db` in DynamoDB (a capital inside a word starts one: people type
 * "dynamo db"), `qbo` in QuickBooks Online, `dbc` in Dynamics BC, `s/4h`
 * in S/4 HANA. Forward over the text: at a word start, the chains
 * that reached it (pend, bit k: the token's first k letters typed) and a
 * new one go on with the letters typed from there. t->len < 64. */
static bool typed_from_word_starts(const struct match_token *t, const struct match_text *x)
{
	uint64_t pend[MATCH_MAX_TEXT + 1], carry = 0;
	size_t m = t->len, used = 0;
	memset(pend, 0, (x->n + 1) * sizeof(*pend));
	for (size_t i = 0; i < x->n; i++) {
		if (x->cls[i] == MC_MID || x->cls[i] == MC_SEP)
			continue;
		while (used <= i)
			carry |= pend[used++];
		uint64_t now = carry | 1;
		carry = 0; /* a chain goes on at the next word start only */
		for (size_t k = 0; k < m; k++) {
			if (!(now >> k & 1))
				continue;
			for (size_t l = 0; k + l < m && i + l < x->n && x->s[i + l] == t->s[k + l];) {
				l++;
				if (k + l == m)
					return true;
				pend[i + l] |= 1ull << (k + l);
			}
		}
	}
	return false;
}

int match_token_prefix_score(const struct match_token *t, const struct match_text *x)
{
	bool whole;
	if (!t->len || t->len >= 64 || (t->mask & ~x->mask) || !(x->starts & t->first) ||
	    !typed_from_word_starts(t, x))
		return NEG;
	int sc = token_dp(t, x->s, x->cls, x->n, NULL, &whole);
	return sc != NEG && whole ? sc + MS_WHOLE_WORD : sc;
}

int match_token_matches(const struct match_token *t, const struct match_text *x)
{
	uint64_t missing = t->mask & ~x->mask;
	if (!missing && t->len <= x->n) {
		size_t i = 0, j = 0;
		for (; j < t->len; j++) {
			const char *p = memchr(x->s + i, t->s[j], x->n - i);
			if (!p)
				break;
			i = (size_t)(p - x->s) + 1;
		}
		if (j == t->len)
			return 1;
	}
	return typo_worth(t, x, missing) && token_typo(t, x->s, x->cls, x->n, NULL, NULL) != NEG;
}

int match_token_bound(const struct match_token *t, uint64_t wlens)
{
	return match_bonus[MC_FIRST] + MS_CONSECUTIVE * (t->len - 1) +
	       ((wlens >> (t->len & 63)) & 1 ? MS_WHOLE_WORD : 0);
}

int match_token_bound_in(const struct match_token *t, uint64_t mask, uint64_t starts, uint64_t wlens,
			 char c0)
{
	int best = NEG;
	if (!(t->mask & ~mask)) {
		/* the first letter earns a start's bonus only where a word starts
		 * with it, the text's first only there, each later letter at most
		 * MS_CONSECUTIVE */
		int first = c0 == t->s[0] ? match_bonus[MC_FIRST] : starts & t->first ? match_bonus[MC_WORD] : 0;
		best = first + MS_CONSECUTIVE * (t->len - 1) + (first && (wlens >> (t->len & 63)) & 1 ? MS_WHOLE_WORD : 0);
	}
	if (t->typos && match_missing_ok(t->mask & ~mask, t->typos) && (starts & t->starts) &&
	    typo_ceiling(t) > best)
		best = typo_ceiling(t);
	return best;
}

uint64_t match_word_lengths(const uint8_t *cls, size_t n)
{
	uint8_t starts[MATCH_MAX_TEXT], ends[MATCH_MAX_TEXT + 1];
	size_t ns = 0, ne = 0;
	uint64_t bits = 0;
	for (size_t i = 0; i < n; i++) {
		if (cls[i] != MC_MID && cls[i] != MC_SEP && ns < MATCH_MAX_TEXT)
			starts[ns++] = (uint8_t)i;
		if (i && cls[i] != MC_MID && ne < MATCH_MAX_TEXT)
			ends[ne++] = (uint8_t)i; /* a word may end before i */
	}
	for (size_t a = 0; a < ns; a++) {
		for (size_t e = 0; e < ne; e++)
			if (ends[e] > starts[a] && ends[e] - starts[a] < 64)
				bits |= 1ull << (ends[e] - starts[a]);
		if (n - starts[a] < 64)
			bits |= 1ull << (n - starts[a]); /* or at the end */
	}
	return bits;
}

int match_text_score(const struct match_query *q, const struct match_text *x)
{
	int total = 0;
	if (q->ntok == 0)
		return 0;
	if (!match_query_possible(q, x->mask))
		return NEG; /* decided without a call */
	for (int k = 0; k < q->ntok; k++) {
		int sc = match_token_score(&q->tok[k], x);
		if (sc == NEG)
			return NEG;
		total += sc;
	}
	if (x->n == q->len && memcmp(x->s, q->norm, x->n) == 0)
		total += MS_EXACT;
	return total;
}

/* ---- positions, for highlighting ---------------------------------------- */

size_t match_token_positions(const struct match_token *t, const char *s, const uint8_t *cls,
			     size_t n, size_t *pos, size_t max)
{
	size_t m = t->len, count = 0, at[MATCH_MAX_TOKEN], win = 0, wlen = 0;
	uint64_t missing = t->mask & ~match_mask(s, n);
	int exact = NEG, typo = NEG;

	bool whole = false;
	if (!missing)
		exact = token_dp(t, s, cls, n, at, &whole);
	if (exact != NEG && whole)
		exact += MS_WHOLE_WORD;
	if (t->typos && exact < typo_ceiling(t) && match_missing_ok(missing, t->typos))
		typo = token_typo(t, s, cls, n, &win, &wlen);
	if (typo > exact) {
		for (size_t i = 0; i < wlen && count < max; i++)
			pos[count++] = win + i;
	} else if (exact != NEG) {
		for (size_t j = 0; j < m && count < max; j++)
			pos[count++] = at[j];
	}
	return count;
}
