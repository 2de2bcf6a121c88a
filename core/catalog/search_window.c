/* search_window.c: see search_window.h. */
#include "search_window.h"
#include "search.h"
#include "util.h"
#include <stdlib.h>

void search_window_init(struct search_window *w, size_t entries)
{
	*w = (struct search_window){.rows = xcalloc(entries + 1, sizeof(size_t)), .cap = entries};
}

void search_window_free(struct search_window *w)
{
	free(w->rows);
	*w = (struct search_window){0};
}

void search_window_run(struct search_window *w, struct search *s, const char *query,
		       const char *category, size_t upto, size_t page)
{
	size_t want = upto + 1 + page;
	if (want < SEARCH_WINDOW_MIN)
		want = SEARCH_WINDOW_MIN;
	if (want > w->cap)
		want = w->cap;
	w->total = search_run(s, query, category, NULL, 0, w->rows, want);
	w->nrows = w->total < want ? w->total : want;
}

bool search_window_reach(struct search_window *w, struct search *s, const char *query,
			 const char *category, size_t i, size_t page)
{
	if (i >= w->total)
		return false;
	if (i >= w->nrows) /* twice as wide at least: a held arrow key ranks rarely */
		search_window_run(w, s, query, category, i > 2 * w->nrows ? i : 2 * w->nrows, page);
	return i < w->nrows;
}
