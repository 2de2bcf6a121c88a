/* catalog_scan.c: see catalog_scan.h. One pass over the text: values the
 * stub needs are decoded, every other value is only checked and skipped. */
#include "i18n.h"
#include "catalog_scan.h"
#include "json_arena.h"
#include "util.h"
#include <cJSON.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct scan {
	const char *p, *end;
	int depth;
	scan_alloc_fn alloc;
	void *ctx;
};

static void ws(struct scan *s)
{
	while (s->p < s->end && (unsigned char)*s->p <= 32)
		s->p++;
}

static bool eat(struct scan *s, char c)
{
	ws(s);
	if (s->p >= s->end || *s->p != c)
		return false;
	s->p++;
	return true;
}

/* A string at s->p (its opening quote): its text [*b, *e), unescaped not yet. */
static bool string_span(struct scan *s, const char **b, const char **e)
{
	if (s->p >= s->end || *s->p != '"')
		return false;
	*b = s->p + 1;
	if (!(*e = json_string_end(*b, s->end)))
		return false;
	s->p = *e + 1;
	return true;
}

static char *string_value(struct scan *s)
{
	const char *b, *e;
	char *out;
	if (!string_span(s, &b, &e))
		return NULL;
	out = s->alloc(s->ctx, (size_t)(e - b) + 1);
	return json_unescape(b, e, out) ? out : NULL;
}

static bool num_char(char c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* What json_arena_parse accepts as a number, and cJSON's valueint of it. */
static bool number(struct scan *s, int *out)
{
	const char *b = s->p;
	char tmp[64], *stop;
	while (s->p < s->end && num_char(*s->p))
		s->p++;
	size_t n = (size_t)(s->p - b);
	if (!n || n >= sizeof(tmp))
		return false;
	memcpy(tmp, b, n);
	tmp[n] = 0;
	double d = strtod(tmp, &stop);
	if (stop != tmp + n)
		return false;
	*out = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
	return true;
}

static bool literal(struct scan *s, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
		return false;
	s->p += n;
	return true;
}

static bool skip_value(struct scan *s);

/* The members or items after an opening bracket, each skipped. */
static bool skip_children(struct scan *s, char close)
{
	const char *b, *e;
	if (eat(s, close))
		return true;
	do {
		ws(s);
		if (close == '}' && !(string_span(s, &b, &e) && eat(s, ':')))
			return false;
		ws(s);
		if (!skip_value(s))
			return false;
	} while (eat(s, ','));
	return eat(s, close);
}

static bool skip_value(struct scan *s)
{
	const char *b, *e;
	int n;
	if (s->p >= s->end)
		return false;
	switch (*s->p) {
	case '"': {
		/* escapes are checked as the full parse will: a bad one fails here too */
		char small[256], *tmp;
		bool ok;
		if (!string_span(s, &b, &e))
			return false;
		if (!memchr(b, '\\', (size_t)(e - b)))
			return true;
		tmp = e - b < (ptrdiff_t)sizeof(small) ? small : xmalloc((size_t)(e - b) + 1);
		ok = json_unescape(b, e, tmp) != NULL;
		if (tmp != small)
			free(tmp);
		return ok;
	}
	case '{':
	case '[': {
		char close = *s->p == '{' ? '}' : ']';
		bool ok;
		if (++s->depth > CJSON_NESTING_LIMIT)
			return false;
		s->p++;
		ok = skip_children(s, close);
		s->depth--;
		return ok;
	}
	case 'n':
		return literal(s, "null");
	case 't':
		return literal(s, "true");
	case 'f':
		return literal(s, "false");
	default:
		return (*s->p == '-' || (*s->p >= '0' && *s->p <= '9')) && number(s, &n);
	}
}

/* Object members one at a time: the key (unescaped on the stack, long
 * keys cut short: none we read is long) and the scanner on its value. */
static bool next_member(struct scan *s, bool first, char *key, size_t size, bool *done)
{
	const char *b, *e;
	*done = false;
	if (first && eat(s, '}'))
		return *done = true;
	if (!first && !eat(s, ',')) {
		*done = true;
		return eat(s, '}');
	}
	ws(s);
	if (!string_span(s, &b, &e) || !eat(s, ':'))
		return false;
	if ((size_t)(e - b) < size) {
		if (!json_unescape(b, e, key))
			return false;
	} else {
		key[0] = 0;
	}
	ws(s);
	return true;
}

/* "auth": {"method": ..., ...}: only the method is kept. */
static bool auth_object(struct scan *s, struct system *st)
{
	char key[32];
	bool done = false;
	s->p++;
	for (bool first = true; next_member(s, first, key, sizeof(key), &done) && !done; first = false) {
		if (!st->auth.method && !strcmp(key, "method") && *s->p == '"') {
			if (!(st->auth.method = string_value(s)))
				return false;
		} else if (!skip_value(s)) {
			return false;
		}
	}
	return done;
}

static bool aliases_value(struct scan *s, struct system *st)
{
	const char *start = s->p;
	size_t n = 0;
	if (!skip_value(s)) /* count first, so the array is allocated once */
		return false;
	for (const char *q = start; q < s->p; q++)
		n += *q == '"';
	st->aliases = s->alloc(s->ctx, (n / 2 + 1) * sizeof(char *));
	s->p = start + 1;
	if (eat(s, ']'))
		return true;
	do {
		ws(s);
		if (*s->p == '"') {
			if (!(st->aliases[st->naliases++] = string_value(s)))
				return false;
		} else if (!skip_value(s)) {
			return false;
		}
	} while (eat(s, ','));
	return eat(s, ']');
}

/* What an entry's members say about its shape (entry_problem in catalog.c). */
struct facts {
	unsigned seen; /* keys met: cJSON's getters see the first of equal keys */
	bool fields_bad, auth_ok;
};

static const char *const entry_keys[] = {"id", "name", "vendor", "category", "aliases", "tier",
					 "popular", "core", "available", "auth", "fields"};

/* Which of entry_keys key is (their count when none): one strcmp, picked
 * by the first letter, as this runs for every member of every entry. */
static size_t key_index(const char *key)
{
	static const signed char first[26] = {
		['a' - 'a'] = 4, ['c' - 'a'] = 3, ['f' - 'a'] = 10, ['i' - 'a'] = 0, ['n' - 'a'] = 1,
		['p' - 'a'] = 6, ['t' - 'a'] = 5, ['v' - 'a'] = 2};
	size_t nk = sizeof(entry_keys) / sizeof(entry_keys[0]), k;
	if (key[0] < 'a' || key[0] > 'z' || (!first[key[0] - 'a'] && key[0] != 'i'))
		return nk;
	k = (size_t)first[key[0] - 'a'];
	if (strcmp(key, entry_keys[k]) == 0)
		return k;
	/* the letters two keys share: "auth"/"aliases"/"available", "core"/"category" */
	for (size_t j = 0; j < nk; j++)
		if (entry_keys[j][0] == key[0] && !strcmp(key, entry_keys[j]))
			return j;
	return nk;
}

/* One member: a value the stub keeps is read when it has the type the
 * full loader reads (jstr, jint, jbool); anything else is skipped. */
static bool entry_member(struct scan *s, const char *key, struct system *st, struct facts *f)
{
	size_t k = key_index(key), nk = sizeof(entry_keys) / sizeof(entry_keys[0]);
	if (k == nk || (f->seen & (1u << k)))
		return skip_value(s);
	f->seen |= 1u << k;
	char c = *s->p;
	char **str[] = {&st->id, &st->name, &st->vendor, &st->category};
	bool num = c == '-' || (c >= '0' && c <= '9');
	if (k < 4 && c == '"')
		return (*str[k] = string_value(s)) != NULL;
	if ((k == 5 || k == 6) && num)
		return number(s, k == 5 ? &st->tier : &st->popular);
	if ((k == 7 || k == 8) && (c == 't' || c == 'f')) {
		bool *b = k == 7 ? &st->core : &st->available;
		*b = c == 't';
		return literal(s, *b ? "true" : "false");
	}
	if (k == 4 && c == '[')
		return aliases_value(s, st);
	if (k == 9 && c == '"')
		return f->auth_ok = (st->auth.method = string_value(s)) != NULL;
	if (k == 9 && c == '{')
		return f->auth_ok = auth_object(s, st);
	f->fields_bad |= k == 10 && c != '[';
	return skip_value(s);
}

/* One entry of the list: its stub, or why it is refused, checked in
 * entry_problem's order. Returns false only on malformed JSON. */
static bool entry(struct scan *s, struct system *st, const char **why)
{
	char key[32];
	struct facts f = {0};
	bool done = false;
	const char *start = s->p;
	memset(st, 0, sizeof(*st));
	st->tier = 1;
	st->available = true;
	if (*s->p != '{') {
		*why = N_("an entry is not a JSON object");
		return skip_value(s);
	}
	s->p++;
	for (bool first = true; next_member(s, first, key, sizeof(key), &done) && !done; first = false)
		if (!entry_member(s, key, st, &f))
			return false;
	if (!done)
		return false;
	st->src = start;
	st->srclen = (size_t)(s->p - start);
	if (!st->id || !st->id[0])
		*why = N_("an entry has no \"id\"");
	else if (!st->name)
		*why = N_("an entry has no \"name\"");
	else if (f.fields_bad)
		*why = N_("\"fields\" is not a list");
	else if (!f.auth_ok)
		*why = N_("an entry has no \"auth\" method");
	if (!st->vendor)
		st->vendor = "";
	if (!st->category)
		st->category = "";
	if (!st->auth.method)
		st->auth.method = "";
	return true;
}

static int scan_fail(struct scan_result *r, size_t n0, const char *at, const char *why)
{
	r->n = n0;
	r->at = at;
	r->why = why;
	return -1;
}

/* The document's top level: find "systems" and read its entries; every
 * other member is only checked. */
static int systems_list(struct scan *s, struct scan_result *r, size_t n0, bool *found)
{
	const char *why = NULL, *at;
	if (*s->p != '[')
		return skip_value(s) ? 0 : -1;
	*found = true;
	s->p++;
	if (eat(s, ']'))
		return 0;
	do {
		ws(s);
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			r->stubs = xrealloc(r->stubs, r->cap * sizeof(*r->stubs));
		}
		at = s->p;
		if (s->p >= s->end || !entry(s, &r->stubs[r->n], &why))
			return -1;
		if (why)
			return scan_fail(r, n0, at, why), -2;
		r->n++;
	} while (eat(s, ','));
	return eat(s, ']') ? 0 : -1;
}

int catalog_scan(const char *json, size_t len, scan_alloc_fn alloc, void *ctx, struct scan_result *r)
{
	struct scan s = {.p = json, .end = json + len, .alloc = alloc, .ctx = ctx};
	char key[16];
	bool done = false, found = false, named = false;
	int rc = 0;
	size_t n0 = r->n;
	if (len >= 3 && !memcmp(json, "\xEF\xBB\xBF", 3))
		s.p += 3;
	ws(&s);
	if (s.p < s.end && *s.p != '{') /* JSON, but not an object: no list in it */
		return skip_value(&s) ? scan_fail(r, n0, json, N_("there is no \"systems\" list")) : scan_fail(r, n0, s.p, N_("the JSON is malformed"));
	if (s.p >= s.end)
		return scan_fail(r, n0, s.p, N_("the JSON is malformed"));
	s.p++;
	for (bool first = true; next_member(&s, first, key, sizeof(key), &done) && !done; first = false) {
		if (!named && !strcmp(key, "systems"))
			named = true, rc = systems_list(&s, r, n0, &found);
		else
			rc = skip_value(&s) ? 0 : -1;
		if (rc == -2)
			return -1;
		if (rc < 0)
			break;
	}
	if (rc < 0 || !done)
		return scan_fail(r, n0, s.p, N_("the JSON is malformed"));
	if (!found)
		return scan_fail(r, n0, json, N_("there is no \"systems\" list"));
	return 0;
}
