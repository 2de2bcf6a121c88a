/* catalog_scan.h: reads a catalog document's "systems" list without a
 * JSON tree. Each entry becomes a stub (struct system with only what the
 * list and search need) plus where its JSON text is, so the rest is parsed
 * when the entry is first asked for whole (catalog.c). A million-entry
 * drop-in file as a cJSON tree is gigabytes; as stubs it is a few hundred
 * bytes an entry. */
#ifndef ONRAMP_CATALOG_SCAN_H
#define ONRAMP_CATALOG_SCAN_H
#include "catalog.h"

/* Where the stubs' strings go: the catalog's arena. */
typedef void *(*scan_alloc_fn)(void *ctx, size_t n);

struct scan_result {
	/* The stubs are appended to stubs[n..] (grown with realloc, cap its
	 * room): the caller may pass its own array to fill in place. Their
	 * strings are in the arena. */
	struct system *stubs;
	size_t n, cap;
	const char *at;  /* on failure: where, for "line N" */
	const char *why; /* on failure: the reason, as add_json words it */
};

/* Strict about JSON as json_arena_parse (cJSON's grammar) and about each
 * entry's shape as the full loader, so a file is refused by both or by
 * neither. Returns 0, or -1 with at and why set and n as it was. */
int catalog_scan(const char *json, size_t len, scan_alloc_fn alloc, void *ctx, struct scan_result *r);
#endif
