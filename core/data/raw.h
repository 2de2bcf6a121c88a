/* raw.h: the source's own record kept with an order (po->remote_data):
 * `onramp orders --raw` prints it, and syncs store it for the API's
 * include_remote_data. It is the record as the source sent it (numbers
 * digit for digit), minus anything secret. */
#ifndef ONRAMP_RAW_H
#define ONRAMP_RAW_H
#include <stddef.h>

struct cJSON;

/* Largest stored source record, in bytes of compact JSON; a bigger one is
 * not stored (the API answers "remote_data": null for it). */
#define RAW_MAX (64 * 1024)

/* In place: the value of every member whose name looks like a credential
 * (password, secret, token, api key, session, cookie, ...) and every string
 * holding one of secrets (NULL-terminated: the connection's secret field
 * values and its session token) become "[redacted]". A source that echoes
 * a session id or a key inside a record must not pass it on. */
void raw_scrub(struct cJSON *j, const char *const *secrets);
/* Compact JSON of j (malloc'd), or NULL when j is NULL or its JSON is
 * longer than max bytes. */
char *raw_json(const struct cJSON *j, size_t max);

/* What raw_scrub and raw_json together give for a record that came from
 * json_parse_exact (json.h), numbers unmarked as json_unmark does, but in
 * one pass over the tree, without copying it: a sync keeps every record.
 * c remembers which member names look like credentials. NULL when the
 * tree holds what this writer does not know (a cJSON double); the caller
 * then takes the copy-scrub-print way. */
struct raw_ctx;
struct raw_ctx *raw_ctx_new(void);
void raw_ctx_free(struct raw_ctx *c);
char *raw_write(struct raw_ctx *c, const struct cJSON *record, const char *const *secrets);
#endif
