/* decimal.h: exact decimal numbers for amounts and quantities. Sources send
 * them as text ("12.500", "99999999999999.99") or JSON numbers, and a float
 * would change them; here they stay exact: a 128-bit coefficient and a
 * scale (the number of digits after the point), at most DEC_MAX_DIGITS
 * digits in all. Rounding is always half away from zero ("commercial"),
 * which is what ERPs use for prices and line amounts. */
#ifndef ONRAMP_DECIMAL_H
#define ONRAMP_DECIMAL_H
#include <stdbool.h>
#include <stddef.h>

#define DEC_MAX_DIGITS 30 /* more is refused as out of range, never cut */
#define DEC_MAX_SCALE 12  /* a product is rounded back to this many places */
#define DEC_TEXT_MAX 48   /* enough for any formatted decimal, with sign and point */

struct dec {
	__int128 v; /* value = v / 10^scale */
	int scale;
};

enum dec_status { DEC_OK = 0, DEC_SYNTAX = -1, DEC_RANGE = -2, DEC_DIV0 = -3 };

/* Parses [+-]digits[.digits][(e|E)[+-]digits] (JSON numbers and decimal
 * strings, surrounding blanks allowed) of n bytes. */
int dec_parse(const char *s, size_t n, struct dec *out);
/* The same for NUL-terminated text: dec_parse(s, strlen(s), out), the
 * usual text read without the strlen. */
int dec_parse_text(const char *s, struct dec *out);
int dec_add(struct dec a, struct dec b, struct dec *out);
int dec_mul(struct dec a, struct dec b, struct dec *out);
/* a / b with exactly scale places, rounded half away from zero. */
int dec_div(struct dec a, struct dec b, int scale, struct dec *out);
/* a with exactly scale places (rounded when shorter, padded when longer). */
int dec_round(struct dec a, int scale, struct dec *out);
int dec_sign(struct dec a);
int dec_cmp(struct dec a, struct dec b);
/* Text with exactly a.scale places ("25.00", "-0.125"); its length. */
size_t dec_format(struct dec a, char *out, size_t size);
/* Text with trailing zeros dropped, but at least min_scale places:
 * ("12.500", 0) -> "12.5", ("100.0", 0) -> "100", ("3.5", 2) -> "3.50";
 * its length. */
size_t dec_format_min(struct dec a, int min_scale, char *out, size_t size);
/* The same text, written somewhere in buf (*text: where), for a caller
 * that copies it on anyway: one copy, not two. */
size_t dec_format_min_at(struct dec a, int min_scale, char buf[DEC_TEXT_MAX], const char **text);
/* What dec_format_min(dec_parse(s, n), min_scale) writes, made from the
 * text itself when it is the usual [-]digits[.digits] (at most 18 digits,
 * DEC_MAX_SCALE places): its length, or 0 for any other text (then parse
 * and format it). A read stores some 25 amounts an order this way. */
size_t dec_tidy(const char *s, size_t n, int min_scale, char *out, size_t size);
/* The length of s (NUL-terminated) when dec_tidy would write s itself,
 * else 0: then it need not be written, and the text is stored as it
 * came. Most amounts a source sends ("15.00", 10) are already what
 * onramp writes. */
size_t dec_tidy_len(const char *s, int min_scale);
#endif
