/* srcfile.h: reading the repository's own files (sources, docs) from a
 * unit test, for the suites that check the code against its documents. */
#ifndef ONRAMP_TEST_SRCFILE_H
#define ONRAMP_TEST_SRCFILE_H
#include <stddef.h>

/* The repository's top folder: $ONRAMP_SRCDIR; else the current folder
 * when it is the top one (make check and make unit run the tests there);
 * else the folder above the binary's (build/). */
const char *src_root(void);
/* A file under src_root() as a malloc'd string, NULL when unreadable. */
char *src_read(const char *rel, size_t *len);
/* Calls fn with the path (under src_root()) of every .c file below the
 * folder rel, recursively; a missing folder has none. */
void src_each_c(const char *rel, void (*fn)(const char *path, void *arg), void *arg);
#endif
