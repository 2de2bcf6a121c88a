/* typo.h: the likely mistakes in an instance URL. A browser address pasted
 * with its page path is trimmed to the server; a misspelled ending
 * ("erp.acme.lcoal") gets a "did you mean". */
#ifndef ONRAMP_TYPO_H
#define ONRAMP_TYPO_H
#include <stdbool.h>
#include <stddef.h>
#include "form.h"

/* Trims pasted page paths from the URL fields of the form; fills notice
 * with what was removed ("" when nothing). Returns true when it changed. */
bool typo_tidy_urls(struct form *form, char *notice, size_t size);
/* For a host that did not resolve: " (did you mean \"erp.acme.local\"?)",
 * or "" when nothing close is known. */
void typo_suggest_host(const char *host, char *out, size_t size);
/* Damerau-Levenshtein distance, capped at 3 (cheap enough for hosts). */
int typo_distance(const char *a, const char *b);
#endif
