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
#endif
