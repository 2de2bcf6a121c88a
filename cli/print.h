/* print.h: what the command line and line mode write for people (lines
 * on a FILE*) and for scripts (JSON on stdout). The JSON objects come
 * from core/base/report_json.h, the words from core/base/errtable.c, so every
 * frontend says the same thing. */
#ifndef ONRAMP_PRINT_H
#define ONRAMP_PRINT_H
#include <cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include "error.h"
#include "probe.h"

/* text in a column cols wide, padded by display width (a translated
 * "Übermittelt" is 11 columns in 12 bytes), left or right aligned; a
 * wider text is never cut. */
void print_padded(FILE *f, const char *text, int cols, bool right);
/* A table's column: its title (N_, translated when printed), width in
 * display columns, alignment, and the blanks after it. */
struct print_col {
	const char *title;
	int width;
	bool right;
	int gap;
};
/* The titles of a table's columns (cols ends with {NULL}) as one line. */
void print_head(FILE *f, const struct print_col *cols);
/* One finished stage as a line: "  ok      Find server (12 ms)  127.0.0.1". */
void print_stage_line(FILE *f, const struct probe *p, enum stage_id id);
/* The three-part failure (what, why, what now), plus the quieter
 * technical line. */
void print_error_text(FILE *f, const struct onr_error *err);
/* text, each line starting with indent, wrapped at word boundaries to the
 * terminal's width when f is a terminal (one line otherwise). */
void print_wrapped(FILE *f, const char *indent, const char *text);
/* After a TLS failure: the certificate and the two explicit ways on. */
void print_tls_text(FILE *f, const struct probe *p);
/* Prints a JSON value on stdout, newline-terminated, and frees it. */
void print_json(cJSON *j);
/* print_json for an object holding a secret string (a token): the printed
 * text and the secret are wiped before they are freed. */
void print_json_secret(cJSON *j, cJSON *secret);
/* {"ok": false, "error": {...}} on stdout when json, else text on stderr.
 * Returns the error's exit code. */
int print_fail(const struct onr_error *err, bool json);
#endif
