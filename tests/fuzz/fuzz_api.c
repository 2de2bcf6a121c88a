/* libFuzzer target: what API clients and webhook senders control: the
 * cursor, modified_after, a stored record's JSON spliced with _onramp, a
 * source's record scrubbed of secrets (remote_data), and the webhook
 * headers and secrets the receiver verifies. The input is
 * split at NUL bytes into those strings. */
#include <cJSON.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "api/api_json.h"
#include "api/cursor.h"
#include "data/raw.h"
#include "webhooks/sign.h"

/* The next NUL-terminated piece of text (size bytes + a NUL), "" past it. */
static const char *part(const char *text, size_t size, size_t *off)
{
	const char *p;
	if (*off > size)
		return "";
	p = text + *off;
	*off += strlen(p) + 1;
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	size_t off = 0;
	long long seq;
	if (sodium_init() < 0) /* sodium_malloc needs it; onramp calls seal_init */
		abort();
	struct buf b;
	memcpy(text, data, size);
	text[size] = 0;
	const char *cur = part(text, size, &off), *time_s = part(text, size, &off),
		   *json = part(text, size, &off), *id = part(text, size, &off),
		   *ts = part(text, size, &off), *sigs = part(text, size, &off),
		   *secret = part(text, size, &off);
	if (cursor_decode(cur, &seq) == 0) {
		char again[CURSOR_MAX];
		cursor_encode(seq, again);
		if (strcmp(again, cur) != 0)
			abort(); /* one spelling per cursor */
	}
	api_parse_time(time_s);
	struct rec r = {.model = "purchase_order", .remote_id = (char *)id, .json = (char *)json,
			.raw_status = (char *)ts, .seq = 1};
	buf_init(&b);
	api_json_record(&b, &r, false);
	buf_free(&b);
	/* a source record (remote_data) scrubbed of the secrets id and ts */
	cJSON *src = cJSON_Parse(json);
	const char *const secrets[] = {id, ts, NULL};
	raw_scrub(src, secrets);
	char *kept = raw_json(src, RAW_MAX);
	if (kept && strlen(kept) > RAW_MAX)
		abort();
	free(kept);
	cJSON_Delete(src);
	struct wh_key *k = wh_key_parse(secret, strlen(secret));
	if (k) {
		wh_verify(k, id, ts, sigs, json, strlen(json), 1700000000);
		wh_key_free(k);
	}
	free(text);
	return 0;
}
