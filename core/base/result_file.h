/* result_file.h: the result for an embedding caller (--result-file/--result-fd):
 * one JSON line per finished attempt, the only place besides the screen
 * where the new token goes. */
#ifndef ONRAMP_RESULT_FILE_H
#define ONRAMP_RESULT_FILE_H
#include "error.h"

/* Opens --result-file PATH (0600, append) or returns the --result-fd;
 * -1 with err set when it cannot. */
int result_open(const char *path, const char *fd_text, struct onr_error *err);
void result_write_ok(int fd, const char *system, const char *id, const char *token);
void result_write_error(int fd, const struct onr_error *e);
#endif
