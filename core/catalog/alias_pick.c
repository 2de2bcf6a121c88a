/* alias_pick.c: which alias a search named (alias_pick.h). */
#include "alias_pick.h"
#include "match.h"
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

const char *system_alias_for_query(const struct system *sys, const char *query)
{
	struct folded q, t;
	if (!sys || !query)
		return NULL;
	fold(query, &q);
	if (!q.n)
		return NULL;
	fold(sys->name, &t);
	if (how(&t, &q))
		return NULL;
	fold(sys->id, &t);
	if (how(&t, &q))
		return NULL;
	const char *best = NULL;
	int best_how = 0;
	size_t best_n = 0;
	for (size_t a = 0; a < sys->naliases; a++) {
		fold(sys->aliases[a], &t);
		int h = how(&t, &q);
		if (!h || h < best_how)
			continue;
		if (h == best_how &&
		    (t.n > best_n || (t.n == best_n && (has_upper(best) || !has_upper(sys->aliases[a])))))
			continue;
		best = sys->aliases[a], best_how = h, best_n = t.n;
	}
	return best;
}

const char *system_service_preset(const struct system *sys, const char *query)
{
	return sys && system_field(sys, "service") ? system_alias_for_query(sys, query) : NULL;
}
