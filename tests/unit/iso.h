/* iso.h: one test in its own HOME and XDG folders (a fresh temporary
 * folder), with the environment restored after it for the suites that
 * follow. */
#ifndef ONRAMP_TEST_ISO_H
#define ONRAMP_TEST_ISO_H

extern char iso_dir[256];
void iso_begin(const char *tag);
void iso_end(void);
/* Writes the config file of the isolated HOME. */
void iso_write_config(const char *text);
/* The permission bits of path, or -1. */
int iso_mode(const char *path);
#endif
