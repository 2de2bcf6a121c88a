/* alias_pick.c: which alias a search named (alias_pick.h). */
#include "alias_pick.h"
#include "match.h"
#include <ctype.h>
#include <stdint.h>
#include <string.h>

struct folded {
	char s[MATCH_MAX_TEXT + 1];
	size_t n;
};

static void fold(const char *text, struct folded *f)
{
	uint8_t cls[MATCH_MAX_TEXT];
	f->n = match_fold(text, strlen(text), f->s, cls, NULL, MATCH_MAX_TEXT);
	f->s[f->n] = 0;
}

/* Folded without its spaces: "cloud watch" names CloudWatch. */
static void fold_tight(const char *text, struct folded *f)
{
	size_t w = 0;
	fold(text, f);
	for (size_t i = 0; i < f->n; i++)
		if (f->s[i] != ' ')
			f->s[w++] = f->s[i];
	f->s[f->n = w] = 0;
}

/* 3: equal, 2: starts with q, 1: holds q, 0: neither */
static int how(const struct folded *t, const struct folded *q)
{
	if (t->n == q->n && !memcmp(t->s, q->s, q->n))
		return 3;
	if (t->n > q->n && !memcmp(t->s, q->s, q->n))
		return 2;
	return strstr(t->s, q->s) ? 1 : 0;
}

/* Of two aliases that match alike, a spelled-out name ("DynamoDB") reads
 * better than a service code ("dynamodb"). */
static bool has_upper(const char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return true;
	return false;
}

/* w (n letters) starts a word of the folded text t. */
static bool starts_word(const struct folded *t, const char *w, size_t n)
{
	for (size_t i = 0; i + n <= t->n; i++)
		if ((i == 0 || !isalnum((unsigned char)t->s[i - 1])) && !memcmp(t->s + i, w, n))
			return true;
	return false;
}

/* The words of q that do not name the product itself (`aws` in "aws
 * lambda": search lets a query's words meet the name and one alias), kept
 * in out; false when none was dropped or none is left. */
static bool service_words(const struct system *sys, const struct folded *q, struct folded *out)
{
	struct folded name, id, vendor;
	fold(sys->name ? sys->name : "", &name);
	fold(sys->id ? sys->id : "", &id);
	fold(sys->vendor ? sys->vendor : "", &vendor);
	out->n = 0;
	for (size_t i = 0; i < q->n;) {
		size_t n = 0;
		while (i + n < q->n && q->s[i + n] != ' ')
			n++;
		if (!starts_word(&name, q->s + i, n) && !starts_word(&id, q->s + i, n) &&
		    !starts_word(&vendor, q->s + i, n)) {
			if (out->n)
				out->s[out->n++] = ' ';
			memcpy(out->s + out->n, q->s + i, n);
			out->n += n;
		}
		i += n + 1;
	}
	out->s[out->n] = 0;
	return out->n && out->n < q->n;
}

const char *system_alias_for_query(const struct system *sys, const char *query)
{
	struct folded words, q, t, rest;
	if (!sys || !query)
		return NULL;
	fold(query, &words);
	fold_tight(query, &q);
	if (!q.n)
		return NULL;
	fold_tight(sys->name, &t);
	if (how(&t, &q))
		return NULL;
	fold_tight(sys->id, &t);
	if (how(&t, &q))
		return NULL;
	const char *best = NULL;
	int best_how = 0;
	size_t best_n = 0;
	for (size_t a = 0; a < sys->naliases; a++) {
		fold_tight(sys->aliases[a], &t);
		int h = how(&t, &q);
		if (!h || h < best_how)
			continue;
		if (h == best_how &&
		    (t.n > best_n || (t.n == best_n && (has_upper(best) || !has_upper(sys->aliases[a])))))
			continue;
		best = sys->aliases[a], best_how = h, best_n = t.n;
	}
	if (!best && service_words(sys, &words, &rest))
		return system_alias_for_query(sys, rest.s);
	return best;
}

const char *system_service_preset(const struct system *sys, const char *query)
{
	return sys && system_field(sys, "service") ? system_alias_for_query(sys, query) : NULL;
}
