/* report.h: a probe's result as lines (for people) or JSON (for scripts).
 * The CLI and the line-mode frontend print through here, so they say the
 * same words as the full-screen TUI. */
#ifndef ONRAMP_REPORT_H
#define ONRAMP_REPORT_H
#include <cJSON.h>
#include <stdio.h>
#include "error.h"
#include "probe.h"

/* One finished stage as a line: "  ok      Find server (12 ms)  127.0.0.1". */
void report_stage_line(FILE *f, const struct probe *p, enum stage_id id);
/* The three-part failure of GUIDE.md 4, plus the quieter technical line. */
void report_error_text(FILE *f, const struct onr_error *err);
/* After a TLS failure: the certificate and the two explicit ways on. */
void report_tls_text(FILE *f, const struct probe *p);
cJSON *report_error_json(const struct onr_error *err);
/* {"ok", "system", "stages", "identity", "verified", "error"?} */
cJSON *report_probe_json(const struct probe *p, const char *system_id);
/* Prints a JSON value on stdout, newline-terminated, and frees it. */
void report_print_json(cJSON *j);
/* {"ok": false, "error": {...}} on stdout when json, else text on stderr. */
int report_fail(const struct onr_error *err, bool json);
#endif
