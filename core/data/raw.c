/* raw.c: see raw.h. */
#include "data/raw.h"
#include "util.h"
#include <cJSON.h>
#include <stdint.h>
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

static void needles_of(struct needles *nd, const char *const *secrets);

void raw_scrub(cJSON *j, const char *const *secrets)
{
	struct needles nd;
	needles_of(&nd, secrets);
	scrub(j, &nd);
}

/* ---- raw_write: scrub, unmark and print in one pass ---------------------- */

#define MARK '\x01' /* json.h: a number's text, kept as sent */
#define NAME_SLOTS 256
#define NAME_MAX_CACHED 48

struct raw_ctx {
	struct needles nd;
	/* what name_looks_secret said of each member name met: a record's
	 * hundred names are the same from one record to the next */
	struct {
		char name[NAME_MAX_CACHED];
		signed char secret; /* 0: free slot, 1: no, 2: yes */
	} names[NAME_SLOTS];
};

struct raw_ctx *raw_ctx_new(void)
{
	struct raw_ctx *c = calloc(1, sizeof(*c));
	if (!c)
		abort();
	return c;
}

void raw_ctx_free(struct raw_ctx *c)
{
	free(c);
}

static bool name_secret(struct raw_ctx *c, const char *name)
{
	size_t n = strlen(name);
	uint32_t h = 2166136261u;
	if (n >= NAME_MAX_CACHED)
		return name_looks_secret(name);
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)name[i]) * 16777619u;
	for (uint32_t probe = 0; probe < 8; probe++) {
		__typeof__(c->names[0]) *slot = &c->names[(h + probe) % NAME_SLOTS];
		if (!slot->secret) {
			memcpy(slot->name, name, n + 1);
			slot->secret = name_looks_secret(name) ? 2 : 1;
			return slot->secret == 2;
		}
		if (!strcmp(slot->name, name))
			return slot->secret == 2;
	}
	return name_looks_secret(name);
}

/* A JSON string as cJSON_PrintUnformatted writes it. */
static void put_string(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s ? s : "";
	buf_put(b, "\"", 1);
	for (const char *p = run;; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch && ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		buf_put(b, run, (size_t)(p - run));
		if (!ch)
			break;
		char esc[6] = {'\\', (char)ch};
		size_t n = 2;
		switch (ch) {
		case '"':
		case '\\': break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u', esc[2] = '0', esc[3] = '0', esc[4] = hex[ch >> 4], esc[5] = hex[ch & 15];
			n = 6;
		}
		buf_put(b, esc, n);
		run = p + 1;
	}
	buf_put(b, "\"", 1);
}

static bool put_value(struct raw_ctx *c, struct buf *b, const cJSON *j);

/* One member or element, with raw_scrub's rules. */
static bool put_item(struct raw_ctx *c, struct buf *b, const cJSON *item)
{
	int type = item->type & 0xFF;
	const char *text = (type == cJSON_String || type == cJSON_Raw) ? item->valuestring : NULL;
	bool bad_name = item->string && holds_secret(item->string, &c->nd), hide;
	if (text && type == cJSON_String && text[0] == MARK)
		text++; /* a number: checked (and written) as its digits */
	hide = bad_name ||
	       (item->string &&
		!(type == cJSON_NULL || (type == cJSON_String && (!item->valuestring || !*item->valuestring))) &&
		name_secret(c, item->string)) ||
	       (text && holds_secret(text, &c->nd));
	if (item->string) {
		put_string(b, bad_name ? REDACTED : item->string);
		buf_put(b, ":", 1);
	}
	if (hide) {
		put_string(b, REDACTED);
		return true;
	}
	return put_value(c, b, item);
}

static bool put_value(struct raw_ctx *c, struct buf *b, const cJSON *j)
{
	const char *s = j->valuestring;
	switch (j->type & 0xFF) {
	case cJSON_NULL: buf_put(b, "null", 4); return true;
	case cJSON_False: buf_put(b, "false", 5); return true;
	case cJSON_True: buf_put(b, "true", 4); return true;
	case cJSON_String:
		if (s && s[0] == MARK)
			buf_put(b, s + 1, strlen(s + 1));
		else
			put_string(b, s);
		return true;
	case cJSON_Raw:
		if (!s)
			return false;
		buf_put(b, s, strlen(s));
		return true;
	case cJSON_Array:
	case cJSON_Object: {
		bool obj = (j->type & 0xFF) == cJSON_Object;
		buf_put(b, obj ? "{" : "[", 1);
		for (const cJSON *i = j->child; i; i = i->next) {
			if (i != j->child)
				buf_put(b, ",", 1);
			if ((obj && !i->string) || !put_item(c, b, i))
				return false;
		}
		buf_put(b, obj ? "}" : "]", 1);
		return true;
	}
	default: /* a double (cJSON_Number): not from json_parse_exact */
		return false;
	}
}

static void needles_of(struct needles *nd, const char *const *secrets)
{
	nd->count = 0;
	for (size_t i = 0; secrets && secrets[i] && nd->count < RAW_SECRETS; i++)
		if (*secrets[i]) {
			nd->s[nd->count] = secrets[i];
			nd->n[nd->count++] = strlen(secrets[i]);
		}
}

char *raw_write(struct raw_ctx *c, const cJSON *record, const char *const *secrets)
{
	struct buf b = {.data = malloc(4096), .cap = 4096};
	if (!b.data)
		abort();
	b.data[0] = 0;
	needles_of(&c->nd, secrets); /* measured each time: a token may change */
	if (!record || !put_value(c, &b, record)) {
		free(b.data);
		return NULL;
	}
	return b.data;
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
