/* errors.h: the data plane's rows of the error table (codes "data.*"),
 * looked up before core/base/errtable.c's own rows. docs/errors.md lists
 * them. */
#ifndef ONRAMP_DATA_ERRORS_H
#define ONRAMP_DATA_ERRORS_H
#include "errtable.h"

const struct err_row *data_err_row(const char *code);
/* Fills err from the row for code (data.* or core's), vars may be NULL;
 * tech (may be NULL) goes on the quieter technical line. Returns -1. */
int data_fail(struct onr_error *err, const char *code, const struct err_vars *vars, const char *tech);
#endif
