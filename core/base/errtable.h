/* errtable.h: the one table that turns every libcurl result, HTTP status and
 * auth-specific failure a user can meet into plain words (docs/design.md §4):
 * stage, stable code, message, hint, and the field to fix. */
#ifndef ONRAMP_ERRTABLE_H
#define ONRAMP_ERRTABLE_H
#include "curl_dl.h"
#include "error.h"

struct err_row {
	int curl;          /* CURLcode, or -1 */
	long http;         /* HTTP status, or 0 */
	const char *match; /* text in curl's message that picks this row, or NULL */
	const char *in;    /* only when failing in this stage, or NULL */
	const char *stage, *code;
	int exit;
	const char *message, *hint;
	/* "@url", "@user", "@secret": the system's first field of that kind;
	 * another name: that field; NULL: none */
	const char *field;
};

/* Values substituted into {host}, {status}, {location}, {retry}, {detail}. */
struct err_vars {
	const char *host, *location, *retry, *detail, *suggest;
	long status;
};

const struct err_row *errtable_rows(size_t *n);
const struct err_row *errtable_for_curl(CURLcode code, const char *errbuf, const char *stage);
const struct err_row *errtable_for_http(long status);
const struct err_row *errtable_for_code(const char *code);
/* Fills err from a row, substituting vars. Field markers stay as they are
 * (the probe resolves them against the system's fields). */
void errtable_fill(struct onr_error *err, const struct err_row *row, const struct err_vars *vars);
#endif
