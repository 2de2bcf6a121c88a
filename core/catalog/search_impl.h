/* search_impl.h: the index's layout, shared by search.c, which builds and
 * ranks it, and search_blob.c, which saves it at build time and maps it back
 * from the binary (so `systems --filter` starts without folding texts).
 * Nothing else should include this. */
#ifndef ONRAMP_SEARCH_IMPL_H
#define ONRAMP_SEARCH_IMPL_H
#include "match.h"
#include <stdbool.h>
#include <stdint.h>

/* Which text of an entry matched, and what that is worth (SEARCH.md). */
enum fkind { F_NAME, F_ALIAS, F_ID, F_VENDOR, F_CATEGORY, F_TOPIC /* a category word: search.c category_words */ };

/* Per-entry flags (search.flags). */
enum {
	SE_CORE = 1,    /* the industrial core: wins ties */
	SE_ALIASES = 2, /* has alias texts: its letter set alone does not decide a match */
};

struct sfield {
	uint32_t off;  /* into text and cls */
	uint8_t len;
	uint8_t kind;  /* enum fkind */
	uint64_t mask;   /* match_mask of the text */
	uint64_t starts; /* the same for word starts only (struct match_text) */
	uint64_t wlens;  /* match_word_lengths of the text */
};

struct search {
	const struct catalog *cat; /* NULL for search_new_names */
	size_t n;
	char *text;   /* folded texts, back to back */
	uint8_t *cls; /* their letter classes */
	size_t textlen, textcap;
	struct sfield *fields;
	size_t nfields, fieldcap;
	uint32_t *fstart;   /* entry e owns fields[fstart[e] .. fstart[e+1]) */
	uint64_t *emask;    /* union of the entry's field masks */
	uint32_t *rank;     /* position in name order: the last tie-break */
	uint32_t *by_name;  /* entries in name order */
	uint32_t *by_pop;   /* popular entries by rank */
	size_t npop;
	uint8_t *flags;     /* SE_CORE, SE_ALIASES */
	/* Of equal scores, the shorter name first (catalogs); a plain list of
	 * names (search_new_names) keeps input order, as search_lines does. */
	bool shorter_first;
	int *popular;
	const char **category;
	const char **cats; /* distinct categories */
	size_t ncats;
	uint8_t *seen; /* scratch for the empty-query listing */

	/* The previous call, for incremental narrowing. */
	bool have_prev;
	struct match_query prev;
	char *prev_cat;
	uint32_t *match, *match2; /* matching entries, ascending */
	size_t nmatch;
	uint64_t *keys;
	uint8_t *prevbits; /* a bit per entry: among the previous matches (search.c NARROW_TYPOS) */
	size_t cpus; /* threads search_run may use on big lists */
	bool borrowed; /* the arrays from text to popular are not ours to free */
	void *map;     /* a cache file they are in, when mapped (search_own_map) */
	size_t maplen;
};

/* Allocates seen, match, match2, keys, category and cats for s->n entries. */
void search_alloc_scratch(struct search *s);

#endif
