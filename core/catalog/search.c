/* search.c: candidates and ranking over the whole catalog (SEARCH.md).
 *
 * search_new folds every searchable text once (name, aliases, id, vendor,
 * category) into one arena with its letter classes and masks. search_run
 * scores each entry as the sum, over the query's words, of the word's best score in
 * any of the entry's texts, keeps the best `max` with a small heap, and
 * remembers the matches so the next keystroke only rescores those.
 * search_lines is the one-shot path for `systems --filter --input`: no
 * index, the buffer is cut into one slice per CPU and scored in threads. */
#include "search.h"
#include "search_impl.h"
#include "match.h"
#include "util.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

/* What each kind of text (enum fkind) is worth (SEARCH.md). */
static const int field_weight[] = {
	[F_NAME] = 0, [F_ALIAS] = -4, [F_ID] = -8, [F_VENDOR] = 0, [F_CATEGORY] = -12, [F_TOPIC] = -4};
static const int field_exact[] = {
	[F_NAME] = MS_EXACT, [F_ALIAS] = 56, [F_ID] = 48, [F_VENDOR] = 24, [F_CATEGORY] = 16, [F_TOPIC] = 60};

/* ---- building the index ------------------------------------------------- */

static void add_field(struct search *s, const char *txt, enum fkind kind)
{
	char norm[MATCH_MAX_TEXT];
	uint8_t cls[MATCH_MAX_TEXT];
	size_t len;

	if (!txt || !*txt)
		return;
	len = match_fold(txt, strlen(txt), norm, cls, NULL, MATCH_MAX_TEXT);
	if (!len)
		return;
	if (s->textlen + len > s->textcap) {
		s->textcap = (s->textlen + len) * 2 + 4096;
		s->text = xrealloc(s->text, s->textcap);
		s->cls = xrealloc(s->cls, s->textcap);
	}
	if (s->nfields == s->fieldcap) {
		s->fieldcap = s->fieldcap * 2 + 64;
		s->fields = xrealloc(s->fields, s->fieldcap * sizeof(*s->fields));
	}
	struct match_text x;
	match_text_init(&x, norm, cls, len);
	memcpy(s->text + s->textlen, norm, len);
	memcpy(s->cls + s->textlen, cls, len);
	s->fields[s->nfields++] = (struct sfield){
		.off = (uint32_t)s->textlen, .len = (uint8_t)len, .kind = (uint8_t)kind,
		.mask = x.mask, .starts = x.starts, .wlens = match_word_lengths(cls, len)};
	s->textlen += len;
}

/* What every index needs beyond its entries: the per-query scratch. */
void search_alloc_scratch(struct search *s)
{
	s->seen = xcalloc(s->n + 1, 1);
	s->match = xcalloc(s->n + 1, sizeof(*s->match));
	s->match2 = xcalloc(s->n + 1, sizeof(*s->match2));
	s->keys = xcalloc(s->n + 1, sizeof(*s->keys));
	s->category = xcalloc(s->n + 1, sizeof(*s->category));
	s->cats = xcalloc(s->n + 1, sizeof(*s->cats));
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	s->cpus = cpus < 1 ? 1 : (size_t)cpus;
}

static struct search *search_alloc(size_t n)
{
	struct search *s = xcalloc(1, sizeof(*s));
	s->n = n;
	s->fstart = xcalloc(n + 1, sizeof(*s->fstart));
	s->emask = xcalloc(n + 1, sizeof(*s->emask));
	s->rank = xcalloc(n + 1, sizeof(*s->rank));
	s->by_name = xcalloc(n + 1, sizeof(*s->by_name));
	s->by_pop = xcalloc(n + 1, sizeof(*s->by_pop));
	s->flags = xcalloc(n + 1, 1);
	s->popular = xcalloc(n + 1, sizeof(*s->popular));
	search_alloc_scratch(s);
	return s;
}

static void entry_done(struct search *s, size_t e)
{
	s->fstart[e + 1] = (uint32_t)s->nfields;
	for (size_t f = s->fstart[e]; f < s->nfields; f++) {
		s->emask[e] |= s->fields[f].mask;
		if (s->fields[f].kind == F_ALIAS)
			s->flags[e] |= SE_ALIASES;
	}
}

static int cmp_name(const void *a, const void *b, void *ctx)
{
	const struct search *sort_ctx = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct sfield *fx = &sort_ctx->fields[sort_ctx->fstart[x]];
	const struct sfield *fy = &sort_ctx->fields[sort_ctx->fstart[y]];
	size_t lx = sort_ctx->fstart[x + 1] > sort_ctx->fstart[x] ? fx->len : 0;
	size_t ly = sort_ctx->fstart[y + 1] > sort_ctx->fstart[y] ? fy->len : 0;
	size_t l = lx < ly ? lx : ly;
	int c = l ? memcmp(sort_ctx->text + fx->off, sort_ctx->text + fy->off, l) : 0;
	if (c)
		return c;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int cmp_pop(const void *a, const void *b, void *ctx)
{
	const struct search *sort_ctx = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int px = sort_ctx->popular[x], py = sort_ctx->popular[y];
	if (px != py)
		return px < py ? -1 : 1;
	return sort_ctx->rank[x] < sort_ctx->rank[y] ? -1 : 1;
}

/* The words people search a category by (issue 16): `wms`, `maintenance`,
 * `work orders`, `purchasing`. Each is a category text of its own, so a
 * query equal to one gets the category's whole-text bonus and ranks the
 * systems of that category that can be connected before names that only
 * contain the word (Azure Maintenance). Unavailable systems do not get
 * them: they rank by their names as before. */
static const struct {
	const char *category, *words[7];
} category_words[] = {
	{"CMMS/EAM", {"cmms", "eam", "maintenance", "work orders", "work order", "asset management", NULL}},
	{"WMS", {"wms", "warehouse", "inventory", "warehouse management", NULL}},
	{"ERP", {"mrp", "inventory", "purchasing", "manufacturing", NULL}}, /* "erp" is the category itself */
	{"MES", {"mes", "manufacturing", "mrp", "shop floor", NULL}},
	{"Procurement", {"procurement", "purchasing", "spend management", "eprocurement", NULL}},
	{"Accounting", {"accounting", "bookkeeping", "general ledger", NULL}},
};

static void add_category_words(struct search *s, const struct system_brief *sys)
{
	if (!sys->usable || !sys->core || !sys->category)
		return;
	for (size_t c = 0; c < sizeof(category_words) / sizeof(category_words[0]); c++)
		if (!strcmp(category_words[c].category, sys->category))
			for (size_t w = 0; category_words[c].words[w]; w++)
				add_field(s, category_words[c].words[w], F_TOPIC);
}

static void add_entry(struct search *s, size_t e, const struct system_brief *sys)
{
	s->fstart[e] = (uint32_t)s->nfields;
	add_field(s, sys->name && *sys->name ? sys->name : sys->id, F_NAME);
	if (s->nfields == s->fstart[e]) /* a name of spaces only: keep one field */
		add_field(s, "?", F_NAME);
	for (size_t a = 0; a < sys->naliases; a++)
		add_field(s, sys->aliases[a], F_ALIAS);
	add_field(s, sys->id, F_ID);
	add_field(s, sys->vendor, F_VENDOR);
	add_field(s, sys->category, F_CATEGORY);
	add_category_words(s, sys);
	entry_done(s, e);
	s->flags[e] |= sys->core ? SE_CORE : 0;
	s->popular[e] = sys->popular > 0 ? sys->popular : 0;
	s->category[e] = sys->category ? sys->category : "";
	size_t c = 0;
	while (c < s->ncats && strcmp(s->cats[c], s->category[e]))
		c++;
	if (c == s->ncats && *s->category[e])
		s->cats[s->ncats++] = s->category[e];
}

/* An entry's name for sorting: its first 16 folded bytes as two
 * big-endian integers, so most comparisons of a million names are integer
 * compares in cache; equal prefixes fall back to cmp_name. */
struct name_key {
	uint64_t p[2];
	uint32_t e;
};

static int cmp_name_key(const void *a, const void *b, void *ctx)
{
	const struct name_key *x = a, *y = b;
	for (int i = 0; i < 2; i++)
		if (x->p[i] != y->p[i])
			return x->p[i] < y->p[i] ? -1 : 1;
	return cmp_name(&x->e, &y->e, ctx);
}

static struct name_key name_key(const struct search *s, uint32_t e)
{
	struct name_key k = {.e = e};
	size_t len = s->fstart[e + 1] > s->fstart[e] ? s->fields[s->fstart[e]].len : 0;
	const unsigned char *t = (const unsigned char *)s->text + (len ? s->fields[s->fstart[e]].off : 0);
	for (size_t i = 0; i < 16; i++)
		k.p[i / 8] = k.p[i / 8] << 8 | (i < len ? t[i] : 0);
	return k;
}

/* The name order (last tie-break) and the popular list. */
static void sort_entries(struct search *s)
{
	struct name_key *k = xmalloc((s->n + 1) * sizeof(*k));
	for (size_t e = 0; e < s->n; e++)
		k[e] = name_key(s, (uint32_t)e);
	qsort_r(k, s->n, sizeof(*k), cmp_name_key, s);
	for (size_t r = 0; r < s->n; r++) {
		s->by_name[r] = k[r].e;
		s->rank[k[r].e] = (uint32_t)r;
	}
	free(k);
	for (size_t e = 0; e < s->n; e++)
		if (s->popular[e])
			s->by_pop[s->npop++] = (uint32_t)e;
	qsort_r(s->by_pop, s->npop, sizeof(*s->by_pop), cmp_pop, s);
}

struct search *search_new_brief(const struct catalog_brief *b)
{
	struct search *s = b->search_blob ? search_load(b, b->search_blob, b->search_len) : NULL;
	if (!s) {
		s = search_alloc(b->n);
		for (size_t e = 0; e < b->n; e++)
			add_entry(s, e, &b->systems[e]);
		sort_entries(s);
	}
	s->shorter_first = true;
	return s;
}

struct search *search_new(const struct catalog *cat)
{
	struct catalog_brief b;
	catalog_brief_from_catalog(&b, cat);
	struct search *s = search_new_brief(&b);
	catalog_brief_free(&b);
	s->cat = cat; /* for the `recent` ids */
	return s;
}

void search_set_catalog(struct search *s, const struct catalog *cat)
{
	s->cat = cat;
}

struct search *search_new_names(const char *const *names, size_t n)
{
	struct search *s = search_alloc(n);
	for (size_t e = 0; e < n; e++) {
		s->fstart[e] = (uint32_t)s->nfields;
		add_field(s, names[e], F_NAME);
		if (s->nfields == s->fstart[e])
			add_field(s, "?", F_NAME);
		entry_done(s, e);
		s->category[e] = "";
		s->rank[e] = (uint32_t)e;
		s->by_name[e] = (uint32_t)e;
	}
	return s;
}

void search_free(struct search *s)
{
	if (!s)
		return;
	if (!s->borrowed) {
		free(s->text), free(s->cls), free(s->fields), free(s->fstart), free(s->emask);
		free(s->rank), free(s->by_name), free(s->by_pop), free(s->flags), free(s->popular);
	}
	if (s->map)
		munmap(s->map, s->maplen);
	free(s->category), free(s->cats), free(s->seen), free(s->prev_cat);
	free(s->match), free(s->match2), free(s->keys), free(s->prevbits);
	free(s);
}

void search_own_map(struct search *s, void *map, size_t len)
{
	s->map = map, s->maplen = len;
}

size_t search_categories(const struct search *s, const char **out, size_t max)
{
	for (size_t c = 0; c < s->ncats && c < max; c++)
		out[c] = s->cats[c];
	return s->ncats;
}

/* ---- ranking ------------------------------------------------------------ */

/* A small prior for the most-used systems (SEARCH.md): 10 points for the
 * most used, one less every second rank, at least 1. It is a third of a
 * word start, so it only reorders near-equal matches. */
static int pop_bonus(int rank)
{
	if (rank <= 0)
		return 0;
	return rank >= 18 ? 1 : 10 - rank / 2;
}

static struct match_text field_text(const struct search *s, const struct sfield *F)
{
	return (struct match_text){.s = s->text + F->off, .cls = s->cls + F->off, .n = F->len,
				   .mask = F->mask, .starts = F->starts};
}

/* One query word in one text of an entry, weighted by the text's kind.
 * Aliases take the word only as typed from a word start: AWS's 878
 * service names must not answer "odooo" or "ordr" through scattered
 * letters or a forgiven mistake. */
static int field_score(const struct search *s, const struct sfield *F, const struct match_token *t)
{
	struct match_text x = field_text(s, F);
	int sc;
	if (F->kind == F_ALIAS)
		sc = match_token_prefix_score(t, &x);
	else if (!match_missing_ok(t->mask & ~F->mask, t->typos))
		return MATCH_NONE;
	else
		sc = match_token_score(t, &x);
	return sc == MATCH_NONE ? sc : sc + field_weight[F->kind];
}

/* The query's words over one entry: each word takes its best text, but
 * all the words that need an alias must find it in the same alias, so
 * "sight machine" does not find AWS through QuickSight and Machine
 * Learning. best[k] holds word k's best outside the aliases. */
static int best_with_one_alias(const struct search *s, size_t e, const struct match_query *q,
			       const int *best)
{
	int top = 0;
	for (int k = 0; k < q->ntok; k++)
		top = best[k] == MATCH_NONE || top == MATCH_NONE ? MATCH_NONE : top + best[k];
	if (!(s->flags[e] & SE_ALIASES))
		return top;
	for (uint32_t f = s->fstart[e]; f < s->fstart[e + 1]; f++) {
		const struct sfield *F = &s->fields[f];
		int sum = 0;
		if (F->kind != F_ALIAS || (q->mask & F->mask) == 0)
			continue;
		for (int k = 0; k < q->ntok && sum != MATCH_NONE; k++) {
			int sc = field_score(s, F, &q->tok[k]);
			sc = sc > best[k] ? sc : best[k];
			sum = sc == MATCH_NONE ? MATCH_NONE : sum + sc;
		}
		if (sum > top)
			top = sum;
	}
	return top;
}

static int entry_score(const struct search *s, size_t e, const struct match_query *q)
{
	uint32_t f0 = s->fstart[e], f1 = s->fstart[e + 1];
	int best[MATCH_MAX_TOKENS], total, exact = 0;
	bool aliases = s->flags[e] & SE_ALIASES;

	for (int k = 0; k < q->ntok; k++) {
		const struct match_token *t = &q->tok[k];
		if (!match_missing_ok(t->mask & ~s->emask[e], t->typos))
			return MATCH_NONE;
	}
	for (int k = 0; k < q->ntok; k++) {
		best[k] = MATCH_NONE;
		for (uint32_t f = f0; f < f1; f++) {
			if (s->fields[f].kind == F_ALIAS)
				continue;
			int sc = field_score(s, &s->fields[f], &q->tok[k]);
			if (sc > best[k])
				best[k] = sc;
		}
		if (best[k] == MATCH_NONE && !aliases)
			return MATCH_NONE;
	}
	total = best_with_one_alias(s, e, q, best);
	if (total == MATCH_NONE)
		return MATCH_NONE;
	for (uint32_t f = f0; f < f1; f++) {
		const struct sfield *F = &s->fields[f];
		if (F->len == q->len && field_exact[F->kind] > exact &&
		    memcmp(s->text + F->off, q->norm, q->len) == 0)
			exact = field_exact[F->kind];
	}
	return total + exact + pop_bonus(s->popular[e]);
}

/* The most entry_score could give e: for the keystrokes of a big list,
 * where most entries cannot reach the screen and only need counting. */
static int entry_bound(const struct search *s, size_t e, const struct match_query *q)
{
	uint32_t f0 = s->fstart[e], f1 = s->fstart[e + 1];
	int total = 0, exact = 0;
	for (uint32_t f = f0; f < f1; f++)
		if (s->fields[f].len == q->len && field_exact[s->fields[f].kind] > exact)
			exact = field_exact[s->fields[f].kind];
	for (int k = 0; k < q->ntok; k++) {
		int best = MATCH_NONE;
		for (uint32_t f = f0; f < f1; f++) {
			const struct sfield *F = &s->fields[f];
			int b = match_token_bound_in(&q->tok[k], F->mask, F->starts, F->wlens, s->text[F->off]);
			if (b > best)
				best = b;
		}
		if (best == MATCH_NONE)
			return MATCH_NONE;
		total += best;
	}
	return total + exact + pop_bonus(s->popular[e]);
}

static bool entry_matches(const struct search *s, size_t e, const struct match_query *q)
{
	uint32_t f0 = s->fstart[e], f1 = s->fstart[e + 1];
	bool found[MATCH_MAX_TOKENS], all = true;
	for (int k = 0; k < q->ntok; k++) {
		const struct match_token *t = &q->tok[k];
		if (!match_missing_ok(t->mask & ~s->emask[e], t->typos))
			return false;
		found[k] = false;
		for (uint32_t f = f0; f < f1 && !found[k]; f++) {
			const struct sfield *F = &s->fields[f];
			struct match_text x = field_text(s, F);
			found[k] = F->kind != F_ALIAS && match_missing_ok(t->mask & ~F->mask, t->typos) &&
				   match_token_matches(t, &x);
		}
		all = all && found[k];
	}
	if (all || !(s->flags[e] & SE_ALIASES))
		return all;
	for (uint32_t f = f0; f < f1; f++) { /* the rest in one alias (best_with_one_alias) */
		const struct sfield *F = &s->fields[f];
		struct match_text x = field_text(s, F);
		bool ok = F->kind == F_ALIAS;
		for (int k = 0; k < q->ntok && ok; k++)
			ok = found[k] || match_token_prefix_score(&q->tok[k], &x) != MATCH_NONE;
		if (ok)
			return true;
	}
	return false;
}

/* A token lands as typed on a field: it starts a word there (`dyn` in
 * Dynamics, `books` in QuickBooks), or it is the field's initials from a
 * word start on (`qbo`). Scattered letters and forgiven mistakes do not. */
static bool lands_as_typed(const struct search *s, const struct sfield *F, const struct match_token *t)
{
	if (F->kind == F_ALIAS) { /* aliases match no other way */
		struct match_text mt = field_text(s, F);
		return match_token_prefix_score(t, &mt) != MATCH_NONE;
	}
	const char *x = s->text + F->off;
	const uint8_t *c = s->cls + F->off;
	char ini[MATCH_MAX_TEXT];
	size_t ni = 0;
	for (size_t i = 0; i < F->len; i++) {
		if (c[i] == MC_MID || c[i] == MC_SEP)
			continue;
		ini[ni++] = x[i];
		if (i + t->len <= F->len && memcmp(x + i, t->s, t->len) == 0)
			return true;
	}
	for (size_t i = 0; i + t->len <= ni; i++)
		if (memcmp(ini + i, t->s, t->len) == 0)
			return true;
	return false;
}

bool search_needs_typo(const struct search *s, size_t e, const char *query)
{
	struct match_query q;
	match_query_parse(&q, query);
	if (q.ntok == 0 || e >= s->n)
		return false;
	for (int k = 0; k < q.ntok; k++) {
		bool found = false;
		for (uint32_t f = s->fstart[e]; f < s->fstart[e + 1] && !found; f++)
			found = lands_as_typed(s, &s->fields[f], &q.tok[k]);
		if (!found)
			return true;
	}
	return false;
}

/* Sort key, ascending = best first: score, then core, then (in a catalog)
 * the shorter name: of two names the query matches equally well, the one
 * with fewer letters left over (fzy's trailing-gap idea: `ordr` finds
 * Ordoro before Orderful), then name order. The name-order rank keeps 25
 * bits (33 million entries); the length is capped at 63. */
#define KEY_RANK_BITS 25
#define KEY_RANK_MASK ((1u << KEY_RANK_BITS) - 1)
static uint64_t entry_key(const struct search *s, size_t e, int score)
{
	uint32_t inv = (uint32_t)(INT32_MAX - (int64_t)score);
	uint32_t len = s->shorter_first ? s->fields[s->fstart[e]].len : 0;
	return (uint64_t)inv << 32 | (uint64_t)(s->flags[e] & SE_CORE ? 0 : 1u) << 31 |
	       (uint64_t)(len < 63 ? len : 63) << KEY_RANK_BITS | (s->rank[e] & KEY_RANK_MASK);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Max-heap of the k smallest keys seen. */
static void heap_sift_down(uint64_t *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, big = i;
		if (l < n && h[l] > h[big])
			big = l;
		if (r < n && h[r] > h[big])
			big = r;
		if (big == i)
			return;
		uint64_t t = h[i];
		h[i] = h[big], h[big] = t;
		i = big;
	}
}

static void heap_push(uint64_t *h, size_t *n, uint64_t key)
{
	size_t i = (*n)++;
	h[i] = key;
	while (i > 0 && h[(i - 1) / 2] < h[i]) {
		uint64_t t = h[i];
		h[i] = h[(i - 1) / 2], h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static bool in_category(const struct search *s, size_t e, const char *category)
{
	return !category || !*category || strcasecmp(s->category[e], category) == 0;
}

static bool same_cat(const char *a, const char *b)
{
	if (!a || !*a || !b || !*b)
		return (!a || !*a) && (!b || !*b);
	return strcasecmp(a, b) == 0;
}

/* How the new query relates to the previous one. */
enum narrowing {
	NARROW_NONE,
	NARROW_SUBSET, /* it only adds letters or words, with no more typing
			* mistakes forgiven per word: its matches are a subset */
	NARROW_TYPOS,  /* the same, but a word grew long enough for a mistake
			* (`net` to `nets`): an entry outside the previous
			* matches can only match through that mistake */
};

static enum narrowing narrows(const struct match_query *prev, const struct match_query *q)
{
	bool more = false;
	if (prev->ntok == 0 || q->len < prev->len || memcmp(q->norm, prev->norm, prev->len))
		return NARROW_NONE;
	if (q->ntok < prev->ntok)
		return NARROW_NONE;
	for (int k = 0; k < prev->ntok; k++)
		more = more || q->tok[k].typos > prev->tok[k].typos;
	return more ? NARROW_TYPOS : NARROW_SUBSET;
}

/* For NARROW_TYPOS: e, not among the previous matches, may still match q
 * through a word whose mistakes allowed grew: enough of its letters, and a
 * text with a word starting with its first or second letter (the typo
 * path's own first tests). */
static bool typo_may_add(const struct search *s, size_t e, const struct match_query *prev,
			 const struct match_query *q)
{
	for (int k = 0; k < prev->ntok; k++) {
		const struct match_token *t = &q->tok[k];
		if (t->typos <= prev->tok[k].typos || !match_missing_ok(t->mask & ~s->emask[e], t->typos))
			continue;
		for (uint32_t f = s->fstart[e]; f < s->fstart[e + 1]; f++)
			if (s->fields[f].kind != F_ALIAS && (s->fields[f].starts & t->starts))
				return true;
	}
	return false;
}

static size_t list_empty(struct search *s, const char *category, const char *const *recent,
			 size_t nrecent, size_t *out, size_t max)
{
	size_t total = 0, w = 0;
	memset(s->seen, 0, s->n);
	for (size_t e = 0; e < s->n; e++)
		total += in_category(s, e, category);
	for (size_t i = 0; i < s->npop && w < max; i++) {
		uint32_t e = s->by_pop[i];
		if (in_category(s, e, category) && !s->seen[e])
			s->seen[e] = 1, out[w++] = e;
	}
	for (size_t r = 0; s->cat && r < nrecent && w < max; r++) {
		const struct system *sys = recent[r] ? catalog_find(s->cat, recent[r]) : NULL;
		size_t e = sys ? (size_t)(sys - s->cat->systems) : 0;
		if (sys && in_category(s, e, category) && !s->seen[e])
			s->seen[e] = 1, out[w++] = e;
	}
	for (size_t i = 0; i < s->n && w < max; i++) {
		uint32_t e = s->by_name[i];
		if (in_category(s, e, category) && !s->seen[e])
			s->seen[e] = 1, out[w++] = e;
	}
	return total;
}

/* One slice of the candidates, scored by one thread. Its matches and keys
 * go to the slice's own part of match2 and keys (a slice never has more
 * matches than candidates), so threads share nothing they write. */
struct part {
	struct search *s;
	const struct match_query *q;
	const char *category;
	bool incremental, use_heap;
	const struct match_query *prev; /* NARROW_TYPOS: the previous query, matches in s->prevbits */
	bool by_mask; /* every query word one letter or digit: the letter set decides a match */
	size_t from, to, max;
	size_t nmatch, nkeys;
};

static void *part_run(void *arg)
{
	struct part *p = arg;
	struct search *s = p->s;
	uint32_t *match = s->match2 + p->from;
	uint64_t *keys = s->keys + p->from;
	size_t nm = 0, nk = 0;

	for (size_t c = p->from; c < p->to; c++) {
		size_t e = p->incremental ? s->match[c] : c;
		if (!p->incremental && !in_category(s, e, p->category))
			continue;
		if (p->prev && !(s->prevbits[e / 8] >> (e % 8) & 1) && !typo_may_add(s, e, p->prev, p->q))
			continue;
		if (!match_query_possible(p->q, s->emask[e]))
			continue;
		if (p->use_heap && p->max && nk == p->max &&
		    entry_key(s, e, entry_bound(s, e, p->q)) > keys[0]) {
			/* cannot reach the screen: only count it */
			if ((p->by_mask && !(s->flags[e] & SE_ALIASES)) || entry_matches(s, e, p->q))
				match[nm++] = (uint32_t)e;
			continue;
		}
		int sc = entry_score(s, e, p->q);
		if (sc == MATCH_NONE)
			continue;
		match[nm++] = (uint32_t)e;
		uint64_t key = entry_key(s, e, sc);
		if (!p->use_heap)
			keys[nk++] = key;
		else if (nk < p->max)
			heap_push(keys, &nk, key);
		else if (p->max && key < keys[0]) {
			keys[0] = key;
			heap_sift_down(keys, nk, 0);
		}
	}
	p->nmatch = nm, p->nkeys = nk;
	return NULL;
}

enum { PARALLEL_FROM = 100000, MAX_PARTS = 4 };

/* A one-letter word matches a text exactly when the text has the letter,
 * and letters and digits have a mask bit of their own (match.c): the
 * first keystroke over a million names needs no text read to count. */
static bool mask_decides(const struct match_query *q)
{
	for (int k = 0; k < q->ntok; k++) {
		unsigned char c = (unsigned char)q->tok[k].s[0];
		if (q->tok[k].len != 1 || !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

size_t search_run(struct search *s, const char *query, const char *category,
		  const char *const *recent, size_t nrecent, size_t *out, size_t max)
{
	struct match_query q;
	struct part parts[MAX_PARTS];
	pthread_t th[MAX_PARTS];
	size_t nnew = 0, nkeys = 0, nparts = 1, started = 0;
	bool incremental;

	match_query_parse(&q, query);
	if (q.ntok == 0) {
		s->have_prev = false;
		return list_empty(s, category, recent, nrecent, out, max);
	}
	enum narrowing nw = s->have_prev && same_cat(s->prev_cat, category) ? narrows(&s->prev, &q) : NARROW_NONE;
	incremental = nw == NARROW_SUBSET;
	if (nw == NARROW_TYPOS) { /* a full pass, but outside the previous matches only typos */
		if (!s->prevbits)
			s->prevbits = xmalloc(s->n / 8 + 1);
		memset(s->prevbits, 0, s->n / 8 + 1);
		for (size_t i = 0; i < s->nmatch; i++)
			s->prevbits[s->match[i] / 8] |= (uint8_t)(1u << (s->match[i] % 8));
	}
	size_t ncand = incremental ? s->nmatch : s->n;
	if (ncand >= PARALLEL_FROM && s->cpus > 1)
		nparts = s->cpus < MAX_PARTS ? s->cpus : MAX_PARTS;
	for (size_t i = 0; i < nparts; i++)
		parts[i] = (struct part){.s = s, .q = &q, .category = category,
					 .incremental = incremental, .use_heap = max < ncand / 2, .by_mask = mask_decides(&q),
					 .prev = nw == NARROW_TYPOS ? &s->prev : NULL,
					 .from = ncand / nparts * i,
					 .to = i + 1 == nparts ? ncand : ncand / nparts * (i + 1), .max = max};
	for (size_t i = 1; i < nparts; i++) {
		if (pthread_create(&th[i], NULL, part_run, &parts[i]) != 0)
			break;
		started = i;
	}
	part_run(&parts[0]);
	for (size_t i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	for (size_t i = started + 1; i < nparts; i++)
		part_run(&parts[i]); /* a thread that could not start */
	/* Join the slices' results, in candidate order. */
	for (size_t i = 0; i < nparts; i++) {
		memmove(s->match2 + nnew, s->match2 + parts[i].from, parts[i].nmatch * sizeof(*s->match2));
		memmove(s->keys + nkeys, s->keys + parts[i].from, parts[i].nkeys * sizeof(*s->keys));
		nnew += parts[i].nmatch, nkeys += parts[i].nkeys;
	}
	qsort(s->keys, nkeys, sizeof(*s->keys), cmp_u64);
	for (size_t i = 0; i < nkeys && i < max; i++) {
		uint32_t rank = (uint32_t)(s->keys[i] & KEY_RANK_MASK);
		out[i] = s->by_name[rank];
	}
	/* Remember this call for the next keystroke. */
	uint32_t *t = s->match;
	s->match = s->match2, s->match2 = t;
	s->nmatch = nnew;
	s->prev = q;
	free(s->prev_cat);
	s->prev_cat = category && *category ? xstrdup(category) : NULL;
	s->have_prev = true;
	return nnew;
}

/* ---- highlighting ------------------------------------------------------- */

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

size_t search_highlight(const char *query, const char *text, size_t *pos, size_t max)
{
	struct match_query q;
	char norm[MATCH_MAX_TEXT];
	uint8_t cls[MATCH_MAX_TEXT];
	uint32_t off[MATCH_MAX_TEXT];
	size_t n, count = 0, got[MATCH_MAX_TEXT];

	if (!text || !max || !match_query_parse(&q, query))
		return 0;
	n = match_fold(text, strlen(text), norm, cls, off, MATCH_MAX_TEXT);
	for (int k = 0; k < q.ntok; k++) {
		size_t p[MATCH_MAX_TOKEN + 2];
		size_t np = match_token_positions(&q.tok[k], norm, cls, n, p, MATCH_MAX_TOKEN + 2);
		for (size_t i = 0; i < np && count < MATCH_MAX_TEXT; i++)
			got[count++] = off[p[i]];
	}
	qsort(got, count, sizeof(*got), cmp_size);
	size_t w = 0;
	for (size_t i = 0; i < count && w < max; i++)
		if (w == 0 || pos[w - 1] != got[i])
			pos[w++] = got[i];
	return w;
}

/* ---- the one-shot line filter -------------------------------------------- */

struct hit {
	size_t off;
	uint32_t len;
	int32_t score;
};

struct slice {
	const char *buf;
	size_t from, to;
	const struct match_query *q;
	struct hit *hits;
	size_t n, cap;
};

static void *slice_run(void *arg)
{
	struct slice *sl = arg;
	char norm[MATCH_MAX_TEXT];
	uint8_t cls[MATCH_MAX_TEXT];
	const unsigned char *buf = (const unsigned char *)sl->buf;
	size_t p = sl->from;

	while (p < sl->to) {
		/* One pass finds the end of the line and its letters; most lines
		 * stop here, without folding. */
		const unsigned char *nl = memchr(buf + p, '\n', sl->to - p);
		size_t end = nl ? (size_t)(nl - buf) : sl->to, len = end - p;
		uint64_t mask;
		if (len && buf[end - 1] == '\r')
			len--;
		unsigned wide = match_scan(sl->buf + p, len, &mask);
		if (wide & 0x80)
			mask = match_mask_utf8(sl->buf + p, len);
		bool maybe = len && match_query_possible(sl->q, mask);
		/* Letters missing or out of order: only typing mistakes can
		 * match; test them raw, before folding the line. */
		for (int k = 0; maybe && !(wide & 0x80) && k < sl->q->ntok; k++)
			if ((sl->q->tok[k].mask & ~mask) || !match_in_order_ascii(&sl->q->tok[k], sl->buf + p, len))
				maybe = match_typo_possible_ascii(&sl->q->tok[k], sl->buf + p, len, mask);
		if (maybe) {
			size_t n;
			struct match_text x;
			if (wide & 0x80)
				n = match_fold(sl->buf + p, len, norm, cls, NULL, MATCH_MAX_TEXT);
			else
				n = match_fold_ascii(sl->buf + p, len, norm, cls, MATCH_MAX_TEXT);
			/* starts unknown (all bits): the typo path finds word starts itself */
			x = (struct match_text){.s = norm, .cls = cls, .n = n, .starts = ~0ull,
						.mask = wide & 0x80 ? match_mask(norm, n) : mask};
			int sc = match_text_score(sl->q, &x);
			if (sc != MATCH_NONE) {
				if (sl->n == sl->cap) {
					sl->cap = sl->cap * 2 + 1024;
					sl->hits = xrealloc(sl->hits, sl->cap * sizeof(*sl->hits));
				}
				sl->hits[sl->n++] = (struct hit){.off = p, .len = (uint32_t)len, .score = sc};
			}
		}
		p = end + 1;
	}
	return NULL;
}

enum { SCORE_BASE = 16384, SCORE_BUCKETS = 65536 };

static size_t bucket_of(int score)
{
	long b = (long)score + SCORE_BASE;
	return b < 0 ? 0 : b >= SCORE_BUCKETS ? SCORE_BUCKETS - 1 : (size_t)b;
}

size_t search_lines(const char *buf, size_t len, const char *query, struct search_line **out)
{
	struct match_query q;
	struct slice sl[8];
	pthread_t th[8];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t nsl = len < (1u << 20) ? 1 : cpus < 1 ? 1 : cpus > 8 ? 8 : (size_t)cpus;
	size_t total = 0, from = 0;

	*out = NULL;
	match_query_parse(&q, query);
	if (q.ntok == 0) { /* every line, in order */
		size_t cap = 1024, p = 0;
		*out = xmalloc(cap * sizeof(**out));
		while (p < len) {
			const char *nl = memchr(buf + p, '\n', len - p);
			size_t end = nl ? (size_t)(nl - buf) : len, l = end - p;
			if (l && buf[end - 1] == '\r')
				l--;
			if (l) {
				if (total == cap)
					*out = xrealloc(*out, (cap *= 2) * sizeof(**out));
				(*out)[total++] = (struct search_line){p, l};
			}
			p = end + 1;
		}
		return total;
	}
	for (size_t i = 0; i < nsl; i++) {
		size_t to = i + 1 == nsl ? len : len / nsl * (i + 1);
		if (to < from)
			to = from;
		if (i + 1 < nsl) { /* end each slice just after a newline */
			const char *nl = to < len ? memchr(buf + to, '\n', len - to) : NULL;
			to = nl ? (size_t)(nl - buf) + 1 : len;
		}
		sl[i] = (struct slice){.buf = buf, .from = from, .to = to, .q = &q};
		from = to;
	}
	size_t started = 0;
	for (size_t i = 1; i < nsl; i++) {
		if (pthread_create(&th[i], NULL, slice_run, &sl[i]) != 0)
			break;
		started = i;
	}
	slice_run(&sl[0]);
	for (size_t i = 1; i <= started; i++)
		pthread_join(th[i], NULL);
	for (size_t i = started + 1; i < nsl; i++) /* threads that could not start */
		slice_run(&sl[i]);
	/* Counting sort on the score, descending; stable, so ties keep input order. */
	uint32_t *count = xcalloc(SCORE_BUCKETS, sizeof(*count));
	for (size_t i = 0; i < nsl; i++)
		for (size_t h = 0; h < sl[i].n; h++)
			count[bucket_of(sl[i].hits[h].score)]++, total++;
	size_t at = 0;
	for (size_t b = SCORE_BUCKETS; b-- > 0;) {
		uint32_t c = count[b];
		count[b] = (uint32_t)at;
		at += c;
	}
	*out = xmalloc((total ? total : 1) * sizeof(**out));
	for (size_t i = 0; i < nsl; i++) {
		for (size_t h = 0; h < sl[i].n; h++) {
			const struct hit *x = &sl[i].hits[h];
			(*out)[count[bucket_of(x->score)]++] = (struct search_line){x->off, x->len};
		}
		free(sl[i].hits);
	}
	free(count);
	return total;
}
