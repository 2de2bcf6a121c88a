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
static const char *const secret_words[] = {"password", "passwd",     "secret",        "token",      "apikey", "session",
					   "cookie",   "credential", "authorization", "privatekey", NULL};

static bool name_looks_secret(const char *name)
{
	char low[128];
	size_t n = 0;
	for (; *name && n + 1 < sizeof(low); name++)
		if (*name != '_' && *name != '-')
			low[n++] = (char)tolower((unsigned char)*name);
	low[n] = 0;
	for (int i = 0; secret_words[i]; i++)
		if (strstr(low, secret_words[i]))
			return true;
	return false;
}

static bool holds_secret(const char *s, const char *const *secrets)
{
	for (size_t i = 0; s && secrets && secrets[i]; i++) {
		size_t n = strlen(secrets[i]);
		if (n && (n >= SECRET_INSIDE_MIN ? strstr(s, secrets[i]) != NULL : !strcmp(s, secrets[i])))
			return true;
	}
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

void raw_scrub(cJSON *j, const char *const *secrets)
{
	cJSON *c = j ? j->child : NULL;
	while (c) {
		cJSON *next = c->next;
		bool text = (cJSON_IsString(c) || cJSON_IsRaw(c)) && c->valuestring,
		     bad_name = holds_secret(c->string, secrets);
		if (bad_name || (c->string && name_looks_secret(c->string) && !empty(c)) ||
		    (text && holds_secret(c->valuestring, secrets)))
			redact(j, c, bad_name);
		else if (cJSON_IsObject(c) || cJSON_IsArray(c))
			raw_scrub(c, secrets);
		c = next;
	}
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
