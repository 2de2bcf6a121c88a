/* The UTF-8 module: stepping, decoding, widths and cutting to columns. */
#include "t.h"
#include "utf8.h"
#include <string.h>

/* Offsets utf8_next visits in s, as a string of digits ("0135"). */
static const char *boundaries(const char *s, char *out)
{
	size_t len = strlen(s), o = 0;
	for (size_t i = 0; i < len; i = utf8_next(s, len, i))
		out[o++] = (char)('0' + i);
	out[o] = 0;
	return out;
}

static void decodes_each_length(void)
{
	uint32_t cp = 0;
	CHECK(utf8_decode("A", 1, &cp) == 1 && cp == 'A');
	CHECK(utf8_decode("\xc3\xa9", 2, &cp) == 2 && cp == 0xE9);         /* é */
	CHECK(utf8_decode("\xe4\xb8\xad", 3, &cp) == 3 && cp == 0x4E2D);   /* 中 */
	CHECK(utf8_decode("\xf0\x9f\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
	CHECK(utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp) == 4 && cp == 0x10FFFF);
	CHECK(utf8_decode("", 0, &cp) == 0);
}

static void rejects_invalid_and_truncated(void)
{
	uint32_t cp;
	CHECK(utf8_decode("\x80", 1, &cp) == 0);             /* a lone continuation byte */
	CHECK(utf8_decode("\xc0\xaf", 2, &cp) == 0);         /* overlong '/' */
	CHECK(utf8_decode("\xe0\x80\xaf", 3, &cp) == 0);     /* overlong, 3 bytes */
	CHECK(utf8_decode("\xf0\x80\x80\xaf", 4, &cp) == 0); /* overlong, 4 bytes */
	CHECK(utf8_decode("\xed\xa0\x80", 3, &cp) == 0);     /* a surrogate */
	CHECK(utf8_decode("\xf4\x90\x80\x80", 4, &cp) == 0); /* above U+10FFFF */
	CHECK(utf8_decode("\xff", 1, &cp) == 0);
	CHECK(utf8_decode("\xe4\xb8", 2, &cp) == 0);         /* truncated by n */
	CHECK(utf8_decode("\xe4\xb8\xad", 2, &cp) == 0);
	CHECK(utf8_decode("\xe4" "A", 5, &cp) == 0);          /* truncated by the next character */
	CHECK(utf8_decode("\xe4\xb8", 9, &cp) == 0);          /* the NUL ends it, n or not */
	CHECK(utf8_step("\xe4" "A", 2, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(utf8_step("", 0, &cp) == 0);
}

static void steps_both_ways(void)
{
	char b[16];
	/* A, é, 中, 😀, a stray continuation byte, a truncated 中, B */
	const char *s = "A\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\x80\xe4\xb8" "B";
	size_t len = strlen(s);
	CHECK_STR(boundaries(s, b), "0136:;<=");
	for (size_t i = 0; i < len; i = utf8_next(s, len, i))
		CHECK(utf8_prev(s, utf8_next(s, len, i)) == i);
	CHECK(utf8_prev("\xc3\xa9", 2) == 0);
	CHECK(utf8_prev("\x80\x80\x80\x80\x80", 5) == 4); /* all invalid: one byte each */
	CHECK(utf8_count(s, len) == 8);
	CHECK(utf8_count("\xc3\xa9t\xc3\xa9", 3) == 2);
}

static void floors_to_a_boundary(void)
{
	const char *s = "a\xe4\xb8\xad" "b\xf0\x9f\x98\x80";
	size_t len = strlen(s);
	CHECK(utf8_floor(s, len, 0) == 0);
	CHECK(utf8_floor(s, len, 1) == 1);
	CHECK(utf8_floor(s, len, 2) == 1); /* inside 中 */
	CHECK(utf8_floor(s, len, 3) == 1);
	CHECK(utf8_floor(s, len, 4) == 4);
	CHECK(utf8_floor(s, len, 8) == 5); /* inside the emoji */
	CHECK(utf8_floor(s, len, len) == len);
	CHECK(utf8_floor("\x80\x80", 2, 1) == 1); /* stray bytes are characters */
}

static void widths(void)
{
	CHECK(utf8_cp_width('a') == 1);
	CHECK(utf8_cp_width(0xE9) == 1);    /* é */
	CHECK(utf8_cp_width(0x301) == 0);   /* combining acute */
	CHECK(utf8_cp_width(0x4E2D) == 2);  /* 中 */
	CHECK(utf8_cp_width(0x1F600) == 2); /* 😀 */
	CHECK(utf8_cp_width(0x07) == 1);    /* BEL: shown as one '?' */
	CHECK(utf8_cp_width(0x85) == 1);    /* a C1 control */
	CHECK(utf8_cp_width(UTF8_INVALID) == 1);
	CHECK(utf8_width("abc", 3) == 3);
	CHECK(utf8_width("e\xcc\x81t\xc3\xa9", 6) == 3); /* é as e + U+0301, t, é */
	CHECK(utf8_width("\xe4\xb8\xad\xe6\x96\x87", 6) == 4);
	CHECK(utf8_width("\xff\xe4\xb8", 3) == 3); /* three invalid bytes */
	CHECK(utf8_width("ab\0cd", 5) == 2);        /* ends at NUL */
}

static void fits_columns(void)
{
	size_t used;
	const char *cjk = "\xe4\xb8\xad\xe6\x96\x87x"; /* 中文x: 5 columns */
	CHECK(utf8_fit(cjk, 7, 5, &used) == 7 && used == 5);
	CHECK(utf8_fit(cjk, 7, 4, &used) == 6 && used == 4);
	CHECK(utf8_fit(cjk, 7, 3, &used) == 3 && used == 2); /* 文 does not half fit */
	CHECK(utf8_fit(cjk, 7, 0, &used) == 0 && used == 0);
	CHECK(utf8_fit("e\xcc\x81x", 4, 1, &used) == 3 && used == 1); /* the mark stays with its e */
	CHECK(utf8_fit("abc", 3, 10, &used) == 3 && used == 3);
}

T_SUITE(utf8) = {
	{"decodes_each_length", decodes_each_length},
	{"rejects_invalid_and_truncated", rejects_invalid_and_truncated},
	{"steps_both_ways", steps_both_ways},
	{"floors_to_a_boundary", floors_to_a_boundary},
	{"widths", widths},
	{"fits_columns", fits_columns},
	{0},
};
