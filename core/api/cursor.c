/* cursor.c: see cursor.h. */
#include "api/cursor.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING

void cursor_encode(long long seq, char out[CURSOR_MAX])
{
	char plain[32];
	int n = snprintf(plain, sizeof(plain), "c1:%lld", seq < 0 ? 0 : seq);
	sodium_bin2base64(out, CURSOR_MAX, (const unsigned char *)plain, (size_t)n, B64);
}

int cursor_decode(const char *s, long long *seq)
{
	unsigned char plain[32];
	size_t n = 0, len = strnlen(s, CURSOR_MAX);
	long long v = 0;

	if (len == 0 || len >= CURSOR_MAX ||
	    sodium_base642bin(plain, sizeof(plain) - 1, s, len, NULL, &n, NULL, B64) != 0 || n < 4 ||
	    n > 3 + 18 || memcmp(plain, "c1:", 3) != 0)
		return -1;
	for (size_t i = 3; i < n; i++) {
		if (plain[i] < '0' || plain[i] > '9')
			return -1;
		v = v * 10 + (plain[i] - '0'); /* at most 18 digits: no overflow */
	}
	if (n > 4 && plain[3] == '0')
		return -1; /* one spelling per number */
	*seq = v;
	return 0;
}
