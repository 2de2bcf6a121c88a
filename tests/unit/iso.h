/* iso.h: one test in its own HOME and XDG folders (a fresh temporary
 * folder), with the environment restored after it for the suites that
 * follow. */
#ifndef ONRAMP_TEST_ISO_H
#define ONRAMP_TEST_ISO_H
#include <stddef.h>

extern char iso_dir[256];
void iso_begin(const char *tag);
void iso_end(void);
/* A new PostgreSQL database as ONRAMP_DATABASE (the PostgreSQL pass). */
void iso_pg_database(void);
/* Writes the config file of the isolated HOME. */
void iso_write_config(const char *text);
/* A file of the isolated data folder: $XDG_DATA_HOME/onramp/REL. */
void iso_data_path(char *out, size_t size, const char *rel);
/* The same for a folder, made with its parents. */
void iso_data_dir(char *out, size_t size, const char *rel);
/* Reads a whole file (malloc'd, NULL when missing); writes one (aborts on failure). */
char *iso_slurp(const char *path, size_t *len);
void iso_spit(const char *path, const char *data, size_t len);
/* The permission bits of path, or -1. */
int iso_mode(const char *path);
#endif
