/* json_tail.c: see json_tail.h. Read backwards from the last byte:
 * closing braces, then "value", a colon and "key", then the comma or
 * brace before the key. Neither string may hold a backslash, so each
 * quote found is a real one: the pattern can only be the object's last
 * member, not text inside a string. */
#include "data/json_tail.h"
#include <string.h>

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The index of the last byte before i that is not white space, or -1. */
static long back(const char *t, long i)
{
	while (i >= 0 && blank(t[i]))
		i--;
	return i;
}

/* The string whose closing quote is at t[i]: its first byte's index into
 * *start; the index before its opening quote, or -2 when there is no
 * opening quote or a backslash comes first. */
static long string_back(const char *t, long i, long *start)
{
	long j = i - 1;
	while (j >= 0 && t[j] != '"' && t[j] != '\\')
		j--;
	if (j < 0 || t[j] == '\\')
		return -2;
	*start = j + 1;
	return j - 1;
}

bool json_tail_string(const char *t, size_t len, int depth, const char *key, const char **val, size_t *n)
{
	long i = (long)len - 1, vs, ks, vclose, kclose;
	size_t klen = strlen(key);
	for (int d = 0; d < depth; d++) {
		i = back(t, i);
		if (i < 0 || t[i] != '}')
			return false;
		i--;
	}
	if ((vclose = back(t, i)) < 0 || t[vclose] != '"' || (i = string_back(t, vclose, &vs)) < -1)
		return false;
	if ((i = back(t, i)) < 0 || t[i] != ':')
		return false;
	if ((kclose = back(t, i - 1)) < 0 || t[kclose] != '"' || (i = string_back(t, kclose, &ks)) < -1)
		return false;
	if ((size_t)(kclose - ks) != klen || memcmp(t + ks, key, klen) != 0)
		return false;
	if ((i = back(t, i)) < 0 || (t[i] != ',' && t[i] != '{'))
		return false;
	*val = t + vs;
	*n = (size_t)(vclose - vs);
	return true;
}
