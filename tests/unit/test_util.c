/* Untrusted text is shown inert: escape sequences and controls removed. */
#include "t.h"
#include "util.h"
#include "tlsinfo.h"
#include <string.h>

static void clean_strips_escapes(void)
{
	char out[128];
	const char *evil = "a\x1b]0;pwned\x07" "b\x1b[2Jc\x1b" "Pdcs\x1b\\d\r\ne\x9b" "f";
	str_clean(out, sizeof(out), evil, strlen(evil));
	CHECK(strchr(out, 0x1b) == NULL);
	CHECK(strchr(out, 0x07) == NULL);
	CHECK(strstr(out, "pwned") == NULL);
	CHECK_STR(out, "abcd ef"); /* a lone 0x9b (C1 CSI) byte is dropped */
}

static void clean_keeps_utf8_and_cuts(void)
{
	char out[12];
	const char *s = "K\xc3\xb6rber warehouse system";
	str_clean(out, sizeof(out), s, strlen(s));
	CHECK(strlen(out) < sizeof(out));
	CHECK(strncmp(out, "K\xc3\xb6rber", 7) == 0);
	CHECK(strstr(out, "...") != NULL);
}

static void copy_cuts_on_char_boundary(void)
{
	char out[3];
	str_copy(out, sizeof(out), "\xc3\xb6\xc3\xb6");
	CHECK_STR(out, "\xc3\xb6");
}

/* Found by fuzzing: the end marker shares dashes with the begin marker. */
static void pem_markers_overlap(void)
{
	char pin[64];
	CHECK(!tlsinfo_pin_from_pem("-----BEGIN CERTIFICATE-----END CERTIFICATE-----", pin, sizeof(pin)));
	CHECK(!tlsinfo_pin_from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", pin, sizeof(pin)));
}

/* Bidirectional overrides and isolates would let a redirect target be
 * shown reversed ("moc.elppa" read as apple.com): they are dropped. */
static void clean_strips_bidi(void)
{
	char out[128];
	const char *s = "https://\xe2\x80\xae" "evil.com/\xe2\x80\xac x\xe2\x81\xa6y\xe2\x81\xa9"
			"\xe2\x80\x8f\xe2\x80\x8e\xd8\x9c\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xad\xe2\x81\xa7\xe2\x81\xa8z";
	str_clean(out, sizeof(out), s, strlen(s));
	CHECK_STR(out, "https://evil.com/ xyz");
	s = "\xd0\xb0pple \xe4\xb8\xad\xe6\x96\x87"; /* other letters stay */
	str_clean(out, sizeof(out), s, strlen(s));
	CHECK_STR(out, s);
}

T_SUITE(util) = {
	{"clean_strips_bidi", clean_strips_bidi},
	{"pem_markers_overlap", pem_markers_overlap},
	{"clean_strips_escapes", clean_strips_escapes},
	{"clean_keeps_utf8_and_cuts", clean_keeps_utf8_and_cuts},
	{"copy_cuts_on_char_boundary", copy_cuts_on_char_boundary},
	{0},
};
