/* search_window.h: what a list on screen asks of search_run. Ranking every
 * match of a million names to show twenty is most of a keystroke's time,
 * so a list ranks only a window (the rows up to the screen's end plus a
 * page ahead, search_run's top-K selection) and keeps the count of all
 * matches; scrolling past the window ranks a wider one (the same query:
 * only its matches are scored again). The TUI's list and `make bench`'s
 * keystroke figure both go through here, so the bench measures what the
 * picker does. */
#ifndef ONRAMP_SEARCH_WINDOW_H
#define ONRAMP_SEARCH_WINDOW_H
#include <stdbool.h>
#include <stddef.h>

struct search;

struct search_window {
	size_t *rows;  /* ranked entries, best first */
	size_t nrows;  /* valid rows: min(total, the window) */
	size_t total;  /* every match */
	size_t cap;    /* room in rows: the number of entries */
};

/* The least a window ranks, for a screen of `page` rows. */
#define SEARCH_WINDOW_MIN 64

void search_window_init(struct search_window *w, size_t entries);
void search_window_free(struct search_window *w);
/* Ranks the window for query (category may be NULL) so that rows up to
 * index `upto` (the last row on screen) and a page after it are ranked. */
void search_window_run(struct search_window *w, struct search *s, const char *query,
		       const char *category, size_t upto, size_t page);
/* Row i is ranked, ranking a wider window when it is not yet; false when
 * there is no such match. */
bool search_window_reach(struct search_window *w, struct search *s, const char *query,
			 const char *category, size_t i, size_t page);
#endif
