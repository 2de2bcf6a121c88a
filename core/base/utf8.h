/* utf8.h: the one place that knows how UTF-8 text is stepped through and
 * how wide it is on a terminal. Everything else (form editing, the search
 * field, text cleaning, the TUI, the systems table) calls these.
 *
 * The rules, so that every caller agrees:
 * - A character is a valid UTF-8 sequence (RFC 3629: no overlong forms,
 *   no surrogates, nothing above U+10FFFF). Any other byte is a character
 *   of its own: an invalid byte, decoded as UTF8_INVALID.
 * - Widths are the terminal's (wcwidth) under a UTF-8 locale, whatever the
 *   user's locale, since what onramp prints is always UTF-8. A combining
 *   mark is 0, a wide (CJK, emoji) character 2. A control character or an
 *   invalid byte is 1: the screen shows it as one stand-in cell ('?').
 * - Text is n bytes, and also ends at a NUL byte. */
#ifndef ONRAMP_UTF8_H
#define ONRAMP_UTF8_H
#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID 0xFFFDu /* the code point an invalid byte stands for */

/* Decodes the character at s (n bytes left) into *cp. Returns its length
 * (1-4), or 0 when s does not start a valid character (or n is 0).
 * Inline: the search ranks a million names through it. */
static inline size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	size_t len;
	if (!n)
		return 0;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, c &= 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, c &= 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	/* byte by byte, so a NUL (never a continuation byte) stops the read */
	for (size_t i = 1; i < len; i++) {
		if (i >= n || (p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Like utf8_decode, but an invalid byte is a one-byte character
 * UTF8_INVALID. Returns 0 only when n is 0. */
size_t utf8_step(const char *s, size_t n, uint32_t *cp);
/* The offset of the character after the one at offset i (i < len). */
size_t utf8_next(const char *s, size_t len, size_t i);
/* The offset of the character before offset i (i > 0), which is a
 * character boundary. utf8_prev(s, utf8_next(s, len, i)) == i. */
size_t utf8_prev(const char *s, size_t i);
/* The last character boundary at or before offset i: where to cut a text
 * of len bytes so that no character is split. */
size_t utf8_floor(const char *s, size_t len, size_t i);
/* How many characters the first n bytes hold. */
size_t utf8_count(const char *s, size_t n);

/* Terminal columns of code point cp (0, 1 or 2; see the rules above).
 * The first call makes a locale object: call it from one thread. */
int utf8_cp_width(uint32_t cp);
/* Terminal columns of the first n bytes of s. */
size_t utf8_width(const char *s, size_t n);
/* How many bytes of s (n bytes) fit in cols columns, never splitting a
 * character; combining marks stay with the character they follow. Sets
 * *used to the columns those bytes take (less than cols when a wide
 * character did not fit). */
size_t utf8_fit(const char *s, size_t n, size_t cols, size_t *used);
#endif
