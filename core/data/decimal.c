#include "data/decimal.h"
#include "util.h"
#include <stdint.h>
#include <string.h>

/* 10^n for n up to 18, in 64 bits */
static const int64_t pow10_64[19] = {1,
				     10,
				     100,
				     1000,
				     10000,
				     100000,
				     1000000,
				     10000000,
				     100000000,
				     1000000000,
				     10000000000,
				     100000000000,
				     1000000000000,
				     10000000000000,
				     100000000000000,
				     1000000000000000,
				     10000000000000000,
				     100000000000000000,
				     1000000000000000000};

static __int128 pow10_i(int n)
{
	__int128 p = 1;
	if (n >= 0 && n <= 18)
		return pow10_64[n];
	while (n-- > 0)
		p *= 10;
	return p;
}

/* 10^DEC_MAX_DIGITS: every coefficient stays below it. A constant, not
 * a static made on first use: this runs for every amount. */
static bool in_range(__int128 v)
{
	const __int128 lim = (__int128)1000000000000000 * 1000000000000000; /* 10^30 */
	return v < lim && v > -lim;
}

static int finish(__int128 v, int scale, struct dec *out)
{
	if (!in_range(v))
		return DEC_RANGE;
	out->v = v;
	out->scale = scale;
	return DEC_OK;
}

/* Multiplies by 10^n, failing on overflow. The usual value and shift
 * take one 64-bit multiply; a product that would not fit in 64 bits
 * goes the 128-bit way, ten at a time, as before. */
static int shift_up(__int128 v, int n, __int128 *out)
{
	int64_t r;
	if (n <= 18 && v >= INT64_MIN && v <= INT64_MAX && !__builtin_mul_overflow((int64_t)v, pow10_64[n < 0 ? 0 : n], &r)) {
		*out = r;
		return DEC_OK;
	}
	while (n-- > 0)
		if (__builtin_mul_overflow(v, 10, &v))
			return DEC_RANGE;
	*out = v;
	return DEC_OK;
}

static int parse_exponent(const char **p, const char *end, int *exp)
{
	int sign = 1, e = 0, digits = 0;
	if (*p < end && (**p == '+' || **p == '-'))
		sign = *(*p)++ == '-' ? -1 : 1;
	for (; *p < end && **p >= '0' && **p <= '9'; (*p)++, digits++)
		if (e < 1000)
			e = e * 10 + (**p - '0');
	*exp = sign * e;
	return digits ? DEC_OK : DEC_SYNTAX;
}

/* The digits and point of a number: coefficient, scale and whether any
 * digit came; *p ends at the first other character. */
static int parse_digits(const char **p, const char *end, __int128 *v, int *scale, bool *any)
{
	int digits = 0;
	bool point = false;
	for (; *p < end; (*p)++) {
		if (**p == '.' && !point) {
			point = true;
			continue;
		}
		if (**p < '0' || **p > '9')
			break;
		*any = true;
		if (*v || **p != '0')
			digits++;
		if (digits > DEC_MAX_DIGITS)
			return DEC_RANGE;
		*v = *v * 10 + (**p - '0');
		*scale += point;
	}
	return DEC_OK;
}

/* The usual text, [-]digits[.digits] with at most 18 digits and at most
 * DEC_MAX_SCALE places, in one pass in 64 bits; false for anything else
 * (then dec_parse's full rules decide). A read parses some 35 decimals
 * an order, and this case was nearly all of them. The integer digits
 * and the places are two loops, so a digit costs no test of the point. */
static inline bool parse_plain(const char *s, size_t n, struct dec *out)
{
	const char *p = s, *end = s + n, *int_at, *int_end, *frac_at;
	uint64_t v = 0;
	unsigned d;
	bool neg = n && *p == '-';
	for (int_at = p += neg; p < end && (d = (unsigned)(unsigned char)*p - '0') <= 9; p++)
		v = v * 10 + d;
	int_end = frac_at = p;
	if (p < end && *p == '.')
		for (frac_at = ++p; p < end && (d = (unsigned)(unsigned char)*p - '0') <= 9; p++)
			v = v * 10 + d;
	size_t scale = (size_t)(p - frac_at), digits = (size_t)(int_end - int_at) + scale;
	if (p != end || !digits || digits > 18 || scale > DEC_MAX_SCALE)
		return false;
	out->v = neg ? -(__int128)v : (__int128)v;
	out->scale = (int)scale;
	return true;
}

/* dec_parse's full rules: blanks, a plus sign, exponents, long numbers */
static __attribute__((noinline)) int parse_full(const char *s, size_t n, struct dec *out)
{
	const char *p = s, *end = s + n;
	__int128 v = 0;
	int scale = 0, exp = 0, sign = 1;
	bool any = false;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (p < end && (*p == '+' || *p == '-'))
		sign = *p++ == '-' ? -1 : 1;
	if (parse_digits(&p, end, &v, &scale, &any) != DEC_OK)
		return DEC_RANGE;
	if (!any)
		return DEC_SYNTAX;
	if (p < end && (*p == 'e' || *p == 'E') && (p++, parse_exponent(&p, end, &exp) != DEC_OK))
		return DEC_SYNTAX;
	if (p != end)
		return DEC_SYNTAX;
	scale -= exp;
	if (scale < 0) {
		if (shift_up(v, -scale, &v) != DEC_OK)
			return DEC_RANGE;
		scale = 0;
	}
	while (scale > DEC_MAX_SCALE && v % 10 == 0) /* "1.000...0" written long */
		v /= 10, scale--;
	if (scale > DEC_MAX_SCALE)
		return DEC_RANGE;
	return finish(sign * v, scale, out);
}

int dec_parse(const char *s, size_t n, struct dec *out)
{
	return parse_plain(s, n, out) ? DEC_OK : parse_full(s, n, out);
}

/* parse_plain up to the NUL, which ends the digits as any other byte
 * does: the text's end found on the way, with no strlen first */
static inline bool parse_plain_z(const char *s, struct dec *out)
{
	const char *p = s, *int_at, *int_end, *frac_at;
	uint64_t v = 0;
	unsigned d;
	bool neg = *p == '-';
	for (int_at = p += neg; (d = (unsigned)(unsigned char)*p - '0') <= 9; p++)
		v = v * 10 + d;
	int_end = frac_at = p;
	if (*p == '.')
		for (frac_at = ++p; (d = (unsigned)(unsigned char)*p - '0') <= 9; p++)
			v = v * 10 + d;
	size_t scale = (size_t)(p - frac_at), digits = (size_t)(int_end - int_at) + scale;
	if (*p || !digits || digits > 18 || scale > DEC_MAX_SCALE)
		return false;
	out->v = neg ? -(__int128)v : (__int128)v;
	out->scale = (int)scale;
	return true;
}

int dec_parse_text(const char *s, struct dec *out)
{
	return parse_plain_z(s, out) ? DEC_OK : parse_full(s, strlen(s), out);
}

/* Both at the larger scale. */
static int align(struct dec *a, struct dec *b)
{
	if (a->scale < b->scale) {
		if (shift_up(a->v, b->scale - a->scale, &a->v) != DEC_OK)
			return DEC_RANGE;
		a->scale = b->scale;
	} else if (b->scale < a->scale) {
		if (shift_up(b->v, a->scale - b->scale, &b->v) != DEC_OK)
			return DEC_RANGE;
		b->scale = a->scale;
	}
	return DEC_OK;
}

int dec_add(struct dec a, struct dec b, struct dec *out)
{
	__int128 v;
	if (align(&a, &b) != DEC_OK || __builtin_add_overflow(a.v, b.v, &v))
		return DEC_RANGE;
	return finish(v, a.scale, out);
}

/* q = num / den rounded half away from zero (den != 0). */
static __int128 div_round(__int128 num, __int128 den)
{
	if (num > INT64_MIN && num <= INT64_MAX && den > INT64_MIN && den <= INT64_MAX) {
		/* the usual size: 64-bit division, not a call to __divmodti4 */
		int64_t n = (int64_t)num, d = (int64_t)den, q = n / d, r = n % d;
		if (r < 0)
			r = -r;
		if (d < 0)
			d = -d;
		if (r >= d - r)
			q += (n < 0) != (den < 0) ? -1 : 1;
		return q;
	}
	__int128 q = num / den, r = num % den;
	if (r < 0)
		r = -r;
	__int128 d = den < 0 ? -den : den;
	if (r >= d - r) /* 2r >= d without overflow */
		q += (num < 0) != (den < 0) ? -1 : 1;
	return q;
}

int dec_round(struct dec a, int scale, struct dec *out)
{
	__int128 v;
	if (scale < 0 || scale > DEC_MAX_SCALE)
		return DEC_RANGE;
	if (scale >= a.scale) {
		if (shift_up(a.v, scale - a.scale, &v) != DEC_OK)
			return DEC_RANGE;
		return finish(v, scale, out);
	}
	return finish(div_round(a.v, pow10_i(a.scale - scale)), scale, out);
}

int dec_mul(struct dec a, struct dec b, struct dec *out)
{
	struct dec p;
	if (__builtin_mul_overflow(a.v, b.v, &p.v))
		return DEC_RANGE;
	p.scale = a.scale + b.scale;
	if (p.scale > DEC_MAX_SCALE) {
		p.v = div_round(p.v, pow10_i(p.scale - DEC_MAX_SCALE));
		p.scale = DEC_MAX_SCALE;
	}
	return finish(p.v, p.scale, out);
}

int dec_div(struct dec a, struct dec b, int scale, struct dec *out)
{
	__int128 num = a.v, den = b.v;
	int exp = scale + b.scale - a.scale;
	if (!b.v)
		return DEC_DIV0;
	if (scale < 0 || scale > DEC_MAX_SCALE)
		return DEC_RANGE;
	if (b.v == 1 && exp >= 0) { /* a price per 1 unit, the usual: a shift, no division */
		if (shift_up(num, exp, &num) != DEC_OK)
			return DEC_RANGE;
		return finish(num, scale, out);
	}
	if (exp >= 0 && shift_up(num, exp, &num) != DEC_OK)
		return DEC_RANGE;
	if (exp < 0 && shift_up(den, -exp, &den) != DEC_OK)
		return DEC_RANGE;
	return finish(div_round(num, den), scale, out);
}

int dec_sign(struct dec a)
{
	return a.v < 0 ? -1 : a.v > 0;
}

int dec_cmp(struct dec a, struct dec b)
{
	struct dec d;
	if (a.scale == b.scale) /* the usual case (quantities): no subtraction */
		return (a.v > b.v) - (a.v < b.v);
	b.v = -b.v;
	if (dec_add(a, b, &d) != DEC_OK) /* far apart: the signs tell */
		return a.v < 0 ? -1 : 1;
	return dec_sign(d);
}

/* n bytes of text (ASCII digits, so cut anywhere) at out, NUL-terminated
 * and cut to fit size; the length written. */
static size_t put_cut(char *out, size_t size, const char *text, size_t n)
{
	if (!size)
		return 0;
	if (n >= size)
		n = size - 1;
	memcpy(out, text, n);
	out[n] = 0;
	return n;
}

size_t dec_format(struct dec a, char *out, size_t size)
{
	char tmp[DEC_TEXT_MAX], *p = tmp + sizeof(tmp);
	unsigned __int128 u = a.v < 0 ? -(unsigned __int128)a.v : (unsigned __int128)a.v;
	int i = 0;
	*--p = 0;
	do {
		unsigned d;
		if (i == a.scale && a.scale)
			*--p = '.';
		if (u >> 64) {
			d = (unsigned)(u % 10);
			u /= 10;
		} else { /* the usual size: 64-bit division, not a call to __umodti3 */
			uint64_t x = (uint64_t)u;
			d = (unsigned)(x % 10);
			u = x / 10;
		}
		*--p = (char)('0' + d);
		i++;
	} while (u || i <= a.scale);
	if (a.v < 0)
		*--p = '-';
	size_t n = (size_t)(tmp + sizeof(tmp) - 1 - p); /* ASCII: cut anywhere */
	return put_cut(out, size, p, n);
}

/* dec_format_min for a value of at most 18 digits whose result fits in
 * 64 bits (nearly every amount): digits two at a time, no 128-bit
 * arithmetic, written to end at buf's end; *text is where they start.
 * 0 when it does not apply (then the general way decides). */
static size_t format_min_64(struct dec a, int min_scale, char buf[DEC_TEXT_MAX], const char **text)
{
	static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				    "8081828384858687888990919293949596979899";
	char *end = buf + DEC_TEXT_MAX - 1, *p = end;
	const __int128 lim = 1000000000000000000; /* 10^18 */
	int scale = a.scale, k;
	if (a.v <= -lim || a.v >= lim || scale < 0 || scale > DEC_MAX_SCALE || min_scale < 0 ||
	    min_scale > DEC_MAX_SCALE)
		return 0;
	uint64_t u = (uint64_t)(a.v < 0 ? -a.v : a.v);
	while (scale - min_scale >= 4 && u % 10000 == 0) /* four zeros a step (a price to 6 places) */
		u /= 10000, scale -= 4;
	while (scale > min_scale && u % 10 == 0)
		u /= 10, scale--;
	for (; scale < min_scale; scale++)
		if (__builtin_mul_overflow(u, 10, &u))
			return 0;
	for (k = scale; k >= 2; k -= 2) { /* exactly scale places */
		p -= 2;
		memcpy(p, pairs + 2 * (u % 100), 2);
		u /= 100;
	}
	if (k) {
		*--p = (char)('0' + u % 10);
		u /= 10;
	}
	if (scale)
		*--p = '.';
	while (u >= 100) { /* then the integer, at least one digit */
		p -= 2;
		memcpy(p, pairs + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * u, 2);
	} else {
		*--p = (char)('0' + u);
	}
	if (a.v < 0)
		*--p = '-';
	*end = 0;
	*text = p;
	return (size_t)(end - p);
}

size_t dec_format_min_at(struct dec a, int min_scale, char buf[DEC_TEXT_MAX], const char **text)
{
	size_t n = format_min_64(a, min_scale, buf, text);
	if (n)
		return n;
	*text = buf;
	/* trailing zeros dropped in 64 bits when the value fits (the usual
	 * case): a 128-bit division is a call */
	if (a.v >= INT64_MIN && a.v <= INT64_MAX) {
		int64_t v = (int64_t)a.v;
		while (a.scale > min_scale && v % 10 == 0)
			v /= 10, a.scale--;
		a.v = v;
	} else {
		while (a.scale > min_scale && a.v % 10 == 0)
			a.v /= 10, a.scale--;
	}
	if (a.scale < min_scale)
		dec_round(a, min_scale, &a);
	return dec_format(a, buf, DEC_TEXT_MAX);
}

size_t dec_format_min(struct dec a, int min_scale, char *out, size_t size)
{
	char buf[DEC_TEXT_MAX];
	const char *text;
	size_t n = dec_format_min_at(a, min_scale, buf, &text);
	return put_cut(out, size, text, n);
}

size_t dec_tidy_len(const char *s, int min_scale)
{
	size_t i = s[0] == '-', at = i, ni, nf;
	unsigned any = 0; /* not 0 once a digit is not 0: "-0.00" is not tidy */
	for (; (unsigned)(s[i] - '0') <= 9; i++) /* the NUL ends it: no strlen first */
		any |= (unsigned)(s[i] - '0');
	ni = i - at;
	if (!ni || (ni > 1 && s[at] == '0') || min_scale < 0 || min_scale > DEC_MAX_SCALE)
		return 0;
	if (!s[i])
		return !min_scale && ni <= 18 && (any || !at) ? i : 0;
	if (s[i++] != '.')
		return 0;
	for (at = i; (unsigned)(s[i] - '0') <= 9; i++)
		any |= (unsigned)(s[i] - '0');
	nf = i - at;
	return !s[i] && nf >= (size_t)min_scale && nf >= 1 && nf <= DEC_MAX_SCALE && ni + nf <= 18 &&
			       (nf == (size_t)min_scale || s[i - 1] != '0') && (any || s[0] != '-')
		       ? i
		       : 0;
}

size_t dec_tidy(const char *s, size_t n, int min_scale, char *out, size_t size)
{
	const char *p = s, *end = s + n, *int_at, *int_end, *frac_at = NULL, *frac_end = NULL;
	bool neg = p < end && *p == '-', nonzero = false;
	if (min_scale < 0 || min_scale > DEC_MAX_SCALE)
		return 0;
	p += neg;
	for (int_at = p; p < end && *p >= '0' && *p <= '9'; p++)
		nonzero |= *p != '0';
	int_end = p;
	if (p < end && *p == '.') {
		for (frac_at = ++p; p < end && *p >= '0' && *p <= '9'; p++)
			nonzero |= *p != '0';
		frac_end = p;
	}
	if (p != end || int_end == int_at || (frac_at && frac_end == frac_at) ||
	    (int_end - int_at) + (frac_at ? frac_end - frac_at : 0) > 18 || (frac_at && frac_end - frac_at > DEC_MAX_SCALE))
		return 0; /* not [-]digits[.digits] of at most 18 digits: dec_parse decides */
	while (int_end - int_at > 1 && *int_at == '0')
		int_at++;
	if (!frac_at)
		frac_at = frac_end = int_end;
	while (frac_end - frac_at > min_scale && frac_end[-1] == '0') /* trailing zeros, down to min_scale */
		frac_end--;
	size_t ni = (size_t)(int_end - int_at), nf = (size_t)(frac_end - frac_at);
	size_t places = nf > (size_t)min_scale ? nf : (size_t)min_scale;
	size_t len = (neg && nonzero) + ni + (places ? 1 + places : 0);
	if (len + 1 > size)
		return 0;
	char *o = out; /* byte by byte: a few digits, where a copy call cost more */
	if (neg && nonzero)
		*o++ = '-';
	while (int_at < int_end)
		*o++ = *int_at++;
	if (places) {
		*o++ = '.';
		for (size_t i = 0; i < places; i++)
			*o++ = i < nf ? frac_at[i] : '0';
	}
	*o = 0;
	return len;
}
