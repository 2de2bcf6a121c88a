/* The decimal module: amounts must come back exactly as sent. */
#include "data/decimal.h"
#include "t.h"

static const char *fmt(struct dec d)
{
	static char out[DEC_TEXT_MAX];
	dec_format(d, out, sizeof(out));
	return out;
}

static struct dec P(const char *s)
{
	struct dec d = {0, 0};
	CHECK(dec_parse(s, strlen(s), &d) == DEC_OK);
	return d;
}

static void round_trip(void)
{
	static const char *const keep[] = {"99999999999999.99", "-99999999999999.99", "0.25", "12.500", "0",
					   "-0.001", "123456789012345678901234567890", NULL};
	for (int i = 0; keep[i]; i++)
		CHECK_STR(fmt(P(keep[i])), keep[i]);
	CHECK_STR(fmt(P("  7.10 ")), "7.10");
	CHECK_STR(fmt(P("+3")), "3");
	CHECK_STR(fmt(P("1.5E2")), "150");
	CHECK_STR(fmt(P("25e-2")), "0.25");
	CHECK_STR(fmt(P("1.000000000000000000")), "1.000000000000");
}

static void refused(void)
{
	struct dec d;
	CHECK(dec_parse("", 0, &d) == DEC_SYNTAX);
	CHECK(dec_parse("abc", 3, &d) == DEC_SYNTAX);
	CHECK(dec_parse("1.2.3", 5, &d) == DEC_SYNTAX);
	CHECK(dec_parse("12,50", 5, &d) == DEC_SYNTAX);
	CHECK(dec_parse("1e", 2, &d) == DEC_SYNTAX);
	CHECK(dec_parse("-", 1, &d) == DEC_SYNTAX);
	CHECK(dec_parse("1234567890123456789012345678901", 31, &d) == DEC_RANGE);
	CHECK(dec_parse("1e400", 5, &d) == DEC_RANGE);
	CHECK(dec_parse("0.0000000000001", 15, &d) == DEC_RANGE);
	CHECK(dec_parse("NaN", 3, &d) == DEC_SYNTAX);
}

static void arithmetic(void)
{
	struct dec r;
	CHECK(dec_add(P("99999999999999.99"), P("0.01"), &r) == DEC_OK);
	CHECK_STR(fmt(r), "100000000000000.00");
	CHECK(dec_add(P("25.00"), P("-0.5"), &r) == DEC_OK);
	CHECK_STR(fmt(r), "24.50");
	CHECK(dec_mul(P("0.25"), P("200"), &r) == DEC_OK);
	CHECK_STR(fmt(r), "50.00");
	CHECK(dec_mul(P("999999999999999"), P("999999999999999"), &r) == DEC_OK);
	CHECK(dec_mul(P("999999999999999999999"), P("99999999999"), &r) == DEC_RANGE);
	CHECK(dec_add(P("999999999999999999999999999999"), P("1"), &r) == DEC_RANGE);
}

/* SAP: line amount = NetPriceAmount x OrderQuantity / NetPriceQuantity. */
static void sap_price_unit(void)
{
	struct dec r;
	CHECK(dec_mul(P("1.20"), P("1000.000"), &r) == DEC_OK);
	CHECK(dec_div(r, P("10"), 2, &r) == DEC_OK);
	CHECK_STR(fmt(r), "120.00");
	CHECK(dec_div(P("1.20"), P("10"), 4, &r) == DEC_OK);
	CHECK_STR(fmt(r), "0.1200");
	/* 10.00 per 3 units, 1 unit: 3.333.. -> 3.33; 2 units: 6.666.. -> 6.67 */
	CHECK(dec_div(P("10.00"), P("3"), 2, &r) == DEC_OK);
	CHECK_STR(fmt(r), "3.33");
	CHECK(dec_mul(P("10.00"), P("2"), &r) == DEC_OK && dec_div(r, P("3"), 2, &r) == DEC_OK);
	CHECK_STR(fmt(r), "6.67");
	CHECK(dec_div(P("1"), P("0"), 2, &r) == DEC_DIV0);
	CHECK(dec_div(P("1"), P("0.000"), 2, &r) == DEC_DIV0);
}

static void rounding(void)
{
	struct dec r;
	/* half away from zero, both signs */
	CHECK(dec_round(P("0.125"), 2, &r) == DEC_OK);
	CHECK_STR(fmt(r), "0.13");
	CHECK(dec_round(P("-0.125"), 2, &r) == DEC_OK);
	CHECK_STR(fmt(r), "-0.13");
	CHECK(dec_round(P("0.124"), 2, &r) == DEC_OK);
	CHECK_STR(fmt(r), "0.12");
	CHECK(dec_round(P("2.5"), 0, &r) == DEC_OK);
	CHECK_STR(fmt(r), "3");
	CHECK(dec_round(P("7"), 2, &r) == DEC_OK);
	CHECK_STR(fmt(r), "7.00");
	CHECK(dec_div(P("-10.00"), P("3"), 2, &r) == DEC_OK);
	CHECK_STR(fmt(r), "-3.33");
	CHECK(dec_div(P("-20.00"), P("3"), 2, &r) == DEC_OK);
	CHECK_STR(fmt(r), "-6.67");
}

static void trimmed(void)
{
	char out[DEC_TEXT_MAX];
	dec_format_min(P("12.500"), 0, out, sizeof(out));
	CHECK_STR(out, "12.5");
	dec_format_min(P("100.0"), 0, out, sizeof(out));
	CHECK_STR(out, "100");
	dec_format_min(P("3.5"), 2, out, sizeof(out));
	CHECK_STR(out, "3.50");
	dec_format_min(P("0.2500"), 2, out, sizeof(out));
	CHECK_STR(out, "0.25");
	dec_format_min(P("0.125"), 2, out, sizeof(out));
	CHECK_STR(out, "0.125");
	/* at the edges of the 64-bit way (18 digits, 12 places, a padding
	 * that overflows 64 bits) and past them: the same texts */
	static const struct {
		const char *in;
		int min;
		const char *want;
	} edge[] = {
		{"999999999999999999", 2, "999999999999999999.00"},
		{"-999999999999999999", 0, "-999999999999999999"},
		{"1000000000000000000", 2, "1000000000000000000.00"},
		{"99999999999999999.9", 12, "99999999999999999.900000000000"},
		{"0.000000000001", 0, "0.000000000001"},
		{"-0.000000000010", 12, "-0.000000000010"},
		{"0", 3, "0.000"},
		{"-5", 1, "-5.0"},
		{"12345678.90", 13, "12345678.90"}, /* more places than a decimal has: left as it is */
	};
	for (size_t i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
		dec_format_min(P(edge[i].in), edge[i].min, out, sizeof(out));
		CHECK_STR(out, edge[i].want);
	}
	/* made from the text, or left to parse and format: the same text */
	static const char *const texts[] = {"15.00", "-0.00", "007.50", "0", "-12", "1.", ".5", "+3", " 4", "1e3",
					    "123456789012345678", "1234567890123456789", "0.0000000000001", "-0.10",
					    "99999999999999.99", "1.2.3", "-", "", NULL};
	for (int i = 0; texts[i]; i++)
		for (int min = 0; min <= 3; min++) {
			char a[DEC_TEXT_MAX], b[DEC_TEXT_MAX];
			struct dec d;
			size_t n = dec_tidy(texts[i], strlen(texts[i]), min, a, sizeof(a));
			if (dec_parse(texts[i], strlen(texts[i]), &d) != DEC_OK) {
				CHECK(n == 0);
				continue;
			}
			dec_format_min(d, min, b, sizeof(b));
			if (n)
				CHECK_STR(a, b);
			/* stored as it came only when that is the text written */
			if (dec_tidy_len(texts[i], min))
				CHECK(dec_tidy_len(texts[i], min) == strlen(texts[i]) && !strcmp(texts[i], b));
		}
	char t[DEC_TEXT_MAX];
	CHECK(dec_tidy("-0.00", 5, 1, t, sizeof(t)) == 3 && !strcmp(t, "0.0"));
	CHECK(dec_tidy("007.50", 6, 0, t, sizeof(t)) == 3 && !strcmp(t, "7.5"));
	CHECK(dec_tidy("1e3", 3, 0, t, sizeof(t)) == 0);
	CHECK(dec_tidy_len("15.00", 2) == 5 && dec_tidy_len("0", 0) == 1 && dec_tidy_len("-0.5", 0) == 4);
	CHECK(!dec_tidy_len("15.0", 2) && !dec_tidy_len("15.10", 0) && !dec_tidy_len("-0", 0) && !dec_tidy_len("", 0));
	CHECK(dec_cmp(P("200"), P("200.000")) == 0);
	CHECK(dec_cmp(P("199.999"), P("200")) < 0);
	CHECK(dec_cmp(P("-1"), P("0")) < 0);
}

T_SUITE(po_decimal) = {
	{"round_trip", round_trip},
	{"refused", refused},
	{"arithmetic", arithmetic},
	{"sap_price_unit", sap_price_unit},
	{"rounding", rounding},
	{"trimmed", trimmed},
	{0},
};
