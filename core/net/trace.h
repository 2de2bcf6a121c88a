/* trace.h: the support engineer's trace (--trace FILE): stages with
 * timings, request lines and response headers. Secrets are redacted here,
 * at the one place where text is written, never upstream. */
#ifndef ONRAMP_TRACE_H
#define ONRAMP_TRACE_H
#include "curl_dl.h"
#include <stdio.h>

/* redact: NULL-terminated list of secret values to blank out anywhere. */
void trace_curl(FILE *f, curl_infotype type, const char *data, size_t size,
		const char *const *redact);
void trace_note(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A line with sensitive headers and secret values replaced by [redacted]. */
void trace_redact_line(char *line, size_t size, const char *const *redact);
#endif
