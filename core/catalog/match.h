/* match.h: how well one text matches a query, the pure part of search.
 * No allocation, no state: search.c calls these over many texts.
 * core/catalog/SEARCH.md explains what scores what, and why. */
#ifndef ONRAMP_MATCH_H
#define ONRAMP_MATCH_H
#include <stddef.h>
#include <stdint.h>

#define MATCH_MAX_TEXT 255  /* texts are scored on their first 255 folded letters */
#define MATCH_MAX_TOKEN 48  /* longer query words are cut */
#define MATCH_MAX_TOKENS 8  /* further query words are ignored */
#define MATCH_NONE (-1000000)
#define MATCH_ODD_BIT (1ull << 63) /* see match_byte_mask */

/* What kind of place a letter has in its text. */
enum match_class {
	MC_MID,   /* inside a word */
	MC_CAMEL, /* a capital inside a word (QuickBooks), or a letter/digit change (S4) */
	MC_WORD,  /* after a space or punctuation */
	MC_FIRST, /* the first letter of the text */
	MC_SEP,   /* space or punctuation itself */
};

/* Points (SEARCH.md): a letter matched at a place of kind c earns match_bonus[c]. */
enum {
	MS_CONSECUTIVE = 32, /* right after the previous matched letter */
	MS_NEAR = 16,        /* one letter after it (a letter left out: "intact") */
	MS_GAP = 1,          /* per letter skipped between two matched letters */
	MS_SKIPPED_WORD = 4, /* per whole word before the first matched letter */
	MS_WHOLE_WORD = 8,   /* the query word is a whole word of the text */
	MS_TYPO = 40,        /* per typing mistake forgiven */
	MS_EXACT = 64,       /* the whole query is the whole text */
};
extern const int match_bonus[5];

struct match_token {
	char s[MATCH_MAX_TOKEN + 1];
	uint8_t len;
	uint8_t typos; /* typing mistakes forgiven: 0 below 4 letters, 1 up to 8, then 2 */
	uint64_t mask;   /* match_mask of s */
	uint64_t starts; /* mask bits of s[0] and s[1]: a mistyped word starts with one */
	uint64_t first;  /* the mask bit of s[0] */
};

/* A folded text as the scorer reads it (match_text_init fills the masks). */
struct match_text {
	const char *s;
	const uint8_t *cls;
	size_t n;
	uint64_t mask;   /* match_mask of s */
	uint64_t starts; /* the same for the letters that begin a word only (all bits: unknown) */
};

struct match_query {
	char norm[MATCH_MAX_TEXT + 1]; /* folded, single spaces, trimmed */
	size_t len;
	struct match_token tok[MATCH_MAX_TOKENS];
	int ntok;
	uint64_t mask; /* union of the tokens' masks */
};

/* Folds text for matching: ASCII lower case, Latin accents removed (Körber ->
 * korber, ß -> ss), runs of white space made one space, trimmed. Writes at
 * most max letters to out (not NUL-terminated) with each letter's class in
 * cls and, when off is not NULL, the byte offset in `in` it came from.
 * Returns the number of letters written. */
size_t match_fold(const char *in, size_t inlen, char *out, uint8_t *cls,
		  uint32_t *off, size_t max);
/* match_fold for text known to be pure ASCII (every byte below 0x80), faster,
 * same result; no offsets. */
size_t match_fold_ascii(const char *in, size_t len, char *out, uint8_t *cls, size_t max);
/* A 64-bit set of the letters in a folded text (a-z, 0-9, the rest hashed):
 * a word can only match a text whose mask holds all of its letters. */
uint64_t match_mask(const char *s, size_t n);
/* One pass over raw text: *mask is match_byte_mask ORed over the bytes.
 * Returns 0x80 when the text is not pure ASCII (then *mask is to be
 * ignored: use match_mask_utf8), else 0. */
unsigned match_scan(const char *in, size_t n, uint64_t *mask);
/* match_mask of what match_fold would make of raw text, without folding it. */
uint64_t match_mask_utf8(const char *in, size_t len);
/* match_mask of each ASCII byte (0 for bytes 0x80 and up): a pure ASCII
 * text's mask is the OR over its bytes, no folding needed, plus
 * MATCH_ODD_BIT when it has bytes that folding drops or merges. */
extern const uint64_t match_byte_mask[256];
/* At most `typos` letters of a word are missing from a text (typos <= 2). */
static inline int match_missing_ok(uint64_t missing, int typos)
{
	if (!missing)
		return 1;
	if (typos <= 0)
		return 0;
	missing &= missing - 1;
	return !missing || (typos >= 2 && !(missing & (missing - 1)));
}

/* Splits a query into words. Returns the number of words (0: empty query). */
int match_query_parse(struct match_query *q, const char *query);
/* Every word of q could match a text with this mask (a cheap first test). */
static inline int match_query_possible(const struct match_query *q, uint64_t mask)
{
	if (!(q->mask & ~mask))
		return 1;
	for (int k = 0; k < q->ntok; k++)
		if (!match_missing_ok(q->tok[k].mask & ~mask, q->tok[k].typos))
			return 0;
	return 1;
}
/* The token's letters occur in order in an ASCII text, upper or lower
 * case: fzy's quick test. When they do not, only typing mistakes can
 * match (match_typo_possible_ascii decides if that is worth folding). */
int match_in_order_ascii(const struct match_token *t, const char *in, size_t n);
/* For raw text whose bytes are all below 0x80, with its match_scan mask:
 * 0 when the token surely has no match with typing mistakes in it (the typo
 * path's quick test, done without folding); 1 when it may have one. */
int match_typo_possible_ascii(const struct match_token *t, const char *in, size_t n,
			      uint64_t mask);
/* Fills x for the folded text s (n letters, classes cls). */
void match_text_init(struct match_text *x, const char *s, const uint8_t *cls, size_t n);
/* The token's best score in a folded text, or MATCH_NONE. Letters in order,
 * not necessarily adjacent (acronyms), or within tok->typos typing mistakes
 * of the start of one of the text's words. */
int match_token_score(const struct match_token *t, const struct match_text *x);
/* The token's score when it is typed from the start of a word of the text,
 * or as the prefixes of consecutive words (`dynamo` or `db` in DynamoDB,
 * `dbc` in Dynamics BC; not `ynamo`, not `dnmdb`); else MATCH_NONE: no
 * scattered letters, no typing mistakes. How aliases
 * match (SEARCH.md): a cloud's hundreds of service names must not answer
 * queries they only hold the letters of. */
int match_token_prefix_score(const struct match_token *t, const struct match_text *x);
/* Whether the token matches at all (match_token_score != MATCH_NONE), faster. */
int match_token_matches(const struct match_token *t, const struct match_text *x);
/* Bit L is set when some span of whole words of the folded text (by cls) is
 * L letters long: the token could earn MS_WHOLE_WORD only if bit len is. */
uint64_t match_word_lengths(const uint8_t *cls, size_t n);
/* The most match_token_score can give t in a text with those word lengths. */
int match_token_bound(const struct match_token *t, uint64_t wlens);
/* The same, tighter, for one text with those masks (struct match_text,
 * match_word_lengths) and first letter c0: MATCH_NONE when the token
 * cannot match it at all. */
int match_token_bound_in(const struct match_token *t, uint64_t mask, uint64_t starts, uint64_t wlens,
			 char c0);
/* Sum over the query's words, plus exact-text points; MATCH_NONE when a word
 * does not match. An empty query scores 0. */
int match_text_score(const struct match_query *q, const struct match_text *x);
/* The positions (indices into the folded text) the token's best match uses;
 * returns how many were written, 0 when it does not match. */
size_t match_token_positions(const struct match_token *t, const char *s, const uint8_t *cls,
			     size_t n, size_t *pos, size_t max);
#endif
