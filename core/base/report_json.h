/* report_json.h: a probe's result and an error as JSON objects, for
 * scripts and embedding callers. Nothing here prints: cli/print.c writes
 * them out, core/base/result_file.c sends them to --result-file. The same
 * message and hint serve the TUI, line mode and --json. */
#ifndef ONRAMP_REPORT_JSON_H
#define ONRAMP_REPORT_JSON_H
#include <cJSON.h>
#include "error.h"
#include "probe.h"

/* {"stage", "code", "message", "hint", "field", "detail"} */
cJSON *report_error_json(const struct onr_error *err);
/* {"ok", "system", "stages", "identity", "verified", "tls"?, "error"?} */
cJSON *report_probe_json(const struct probe *p, const char *system_id);
#endif
