/* raw.c: see raw.h. */
#include "data/raw.h"
#include <cJSON.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define REDACTED "[redacted]"
/* A secret shorter than this is redacted where a string is exactly it,
 * not wherever it appears inside one (a 2-character value would blank
 * half the record). */
#define SECRET_INSIDE_MIN 4

/* Words that make a member name look like a credential, matched in the
 * lower-cased name with '_' and '-' left out ("API_Key", "x-api-key"). */
#define WORD(w)                                                                                                        \
	{                                                                                                              \
		w, sizeof(w) - 1                                                                                       \
	}
static const struct {
	const char *w;
	size_t n;
} secret_words[] = {WORD("password"), WORD("passwd"), WORD("secret"),     WORD("token"),         WORD("apikey"),
		    WORD("session"),  WORD("cookie"), WORD("credential"), WORD("authorization"), WORD("privatekey")};
#undef WORD

#define RAW_SECRETS 32

/* The secrets with their lengths, measured once per record (every
 * string of the record is checked against them). */
struct needles {
	const char *s[RAW_SECRETS];
	size_t n[RAW_SECRETS], count;
};

/* Does hay hold needle (n > 0 bytes)? memchr to each candidate first
 * byte: a sync checks every string of every record. */
static bool contains(const char *hay, size_t len, const char *needle, size_t n)
{
	const char *p = hay, *end = hay + len;
	while (n <= (size_t)(end - p) && (p = memchr(p, needle[0], (size_t)(end - p) - n + 1))) {
		if (!memcmp(p, needle, n))
			return true;
		p++;
	}
	return false;
}

static bool name_looks_secret(const char *name)
{
	char low[128];
	size_t n = 0;
	for (; *name && n + 1 < sizeof(low); name++)
		if (*name != '_' && *name != '-')
			low[n++] = (char)tolower((unsigned char)*name);
	for (size_t i = 0; i < sizeof(secret_words) / sizeof(secret_words[0]); i++)
		if (contains(low, n, secret_words[i].w, secret_words[i].n))
			return true;
	return false;
}

static bool holds_secret(const char *s, const struct needles *nd)
{
	size_t len = s && nd->count ? strlen(s) : 0;
	for (size_t i = 0; s && i < nd->count; i++)
		if (nd->n[i] >= SECRET_INSIDE_MIN ? contains(s, len, nd->s[i], nd->n[i])
						  : len == nd->n[i] && !memcmp(s, nd->s[i], len))
			return true;
	return false;
}

/* Replaces item (a member or element of parent) by "[redacted]"; a
 * member keeps its name unless the name itself holds a secret. */
static void redact(cJSON *parent, cJSON *item, bool hide_name)
{
	cJSON *mark = cJSON_CreateString(REDACTED);
	if (!mark)
		return;
	if (item->string && !(mark->string = strdup(hide_name ? REDACTED : item->string))) {
		cJSON_Delete(mark);
		return;
	}
	cJSON_ReplaceItemViaPointer(parent, item, mark);
}

static bool empty(const cJSON *j)
{
	return cJSON_IsNull(j) || (cJSON_IsString(j) && !*j->valuestring);
}

static void scrub(cJSON *j, const struct needles *nd)
{
	cJSON *c = j ? j->child : NULL;
	while (c) {
		cJSON *next = c->next;
		bool text = (cJSON_IsString(c) || cJSON_IsRaw(c)) && c->valuestring,
		     bad_name = holds_secret(c->string, nd);
		if (bad_name || (c->string && name_looks_secret(c->string) && !empty(c)) ||
		    (text && holds_secret(c->valuestring, nd)))
			redact(j, c, bad_name);
		else if (cJSON_IsObject(c) || cJSON_IsArray(c))
			scrub(c, nd);
		c = next;
	}
}

void raw_scrub(cJSON *j, const char *const *secrets)
{
	struct needles nd = {.count = 0};
	for (size_t i = 0; secrets && secrets[i] && nd.count < RAW_SECRETS; i++)
		if (*secrets[i]) {
			nd.s[nd.count] = secrets[i];
			nd.n[nd.count++] = strlen(secrets[i]);
		}
	scrub(j, &nd);
}

char *raw_json(const cJSON *j, size_t max)
{
	char *s = j ? cJSON_PrintUnformatted(j) : NULL;
	if (s && strlen(s) > max) {
		free(s);
		s = NULL;
	}
	return s;
}
