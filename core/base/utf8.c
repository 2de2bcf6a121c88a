/* utf8.c: stepping through UTF-8 text and measuring it in terminal
 * columns. The rules are in utf8.h. */
#include "utf8.h"
#include <locale.h>
#include <stdbool.h>
#include <wchar.h>

size_t utf8_step(const char *s, size_t n, uint32_t *cp)
{
	size_t len = utf8_decode(s, n, cp);
	if (len || !n)
		return len;
	*cp = UTF8_INVALID;
	return 1;
}

size_t utf8_next(const char *s, size_t len, size_t i)
{
	uint32_t cp;
	return i + utf8_step(s + i, len - i, &cp);
}

static bool continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* The nearest offset before i that is not a continuation byte, looking at
 * most 3 bytes back (no character is longer than 4). */
static size_t lead_before(const char *s, size_t i)
{
	size_t j = i - 1;
	while (j > 0 && i - j < 4 && continuation(s[j]))
		j--;
	return j;
}

size_t utf8_prev(const char *s, size_t i)
{
	uint32_t cp;
	size_t j = lead_before(s, i);
	/* j starts a character; if that one ends exactly at i it is the one
	 * before i, otherwise the byte before i is an invalid byte of its own */
	return utf8_decode(s + j, i - j, &cp) == i - j ? j : i - 1;
}

size_t utf8_floor(const char *s, size_t len, size_t i)
{
	uint32_t cp;
	size_t j;
	if (i == 0 || i >= len || !continuation(s[i]))
		return i;
	j = lead_before(s, i + 1);
	return j + utf8_decode(s + j, len - j, &cp) > i ? j : i;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t chars = 0;
	for (size_t i = 0; i < n && s[i]; i = utf8_next(s, n, i))
		chars++;
	return chars;
}

/* The C.UTF-8 locale, made once: wcwidth knows no widths in the C locale,
 * which `onramp systems` runs in. NULL where the system lacks it; then the
 * process's own locale is used. */
static locale_t width_locale(void)
{
	static locale_t loc;
	static bool tried;
	if (!tried) {
		tried = true;
		loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	}
	return loc;
}

int utf8_cp_width(uint32_t cp)
{
	locale_t loc, old = (locale_t)0;
	int w;
	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if (cp < 0xA0) /* C0, DEL and C1 controls: shown as one '?' */
		return 1;
	if ((loc = width_locale()))
		old = uselocale(loc);
	w = wcwidth((wchar_t)cp);
	if (loc)
		uselocale(old);
	return w < 0 ? 1 : w; /* unassigned or invalid: one stand-in cell */
}

size_t utf8_width(const char *s, size_t n)
{
	size_t used;
	utf8_fit(s, n, (size_t)-1, &used);
	return used;
}

size_t utf8_fit(const char *s, size_t n, size_t cols, size_t *used)
{
	size_t i = 0, w = 0;
	while (i < n && s[i]) {
		uint32_t cp;
		size_t len = utf8_step(s + i, n - i, &cp), cw = (size_t)utf8_cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	*used = w;
	return i;
}
