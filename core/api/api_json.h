/* api_json.h: how the API writes records. Each is the unified record as
 * `onramp orders --json` prints it (the stored bytes, not re-serialised),
 * with one more member "_onramp": {seq, last_action, first_seen_at,
 * last_modified_at, deleted_at, raw_status}; with remote_data, also
 * "remote_data" before it, as `orders --raw` prints it (null when the
 * sync did not keep the source's record). */
#ifndef ONRAMP_API_JSON_H
#define ONRAMP_API_JSON_H
#include <stdbool.h>
#include <time.h>
#include "store/db.h"
#include "util.h"

void api_json_time(struct buf *b, time_t t); /* "YYYY-MM-DDTHH:MM:SSZ" or null */
void api_json_string(struct buf *b, const char *s);
void api_json_record(struct buf *b, const struct rec *r, bool remote_data);
/* "2026-03-01" or "2026-03-01T08:00:00Z" to a time; -1 when neither. */
time_t api_parse_time(const char *s);
#endif
