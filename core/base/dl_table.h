/* dl_table.h: a library loaded with dlopen into a table of its functions,
 * for the libraries only some commands need (store/pq_dl.h, api/mhd_dl.h):
 * a start that does not load them skips their own dependencies too. */
#ifndef ONRAMP_DL_TABLE_H
#define ONRAMP_DL_TABLE_H
#include <stdbool.h>
#include <stddef.h>

/* Opens soname once and fills slots[i] with the address of
 * prefix + names[i], for n names. The table is a struct of function
 * pointers in the order of names. False, with dlerror's words or the
 * missing name in *why, when the library or a name is missing; then
 * nothing is kept. */
bool dl_table_load(const char *soname, const char *prefix, const char *const *names, void **slots,
		   size_t n, const char **why);
#endif
