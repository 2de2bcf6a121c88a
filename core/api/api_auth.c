/* api_auth.c: bearer tokens and the rate limit (see auth.h). */
#include "api/api_auth.h"
#include "seal.h"
#include "util.h"
#include <ctype.h>
#include <math.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

/* The version is no secret and is checked first; a hash is compared in
 * constant time. */
static bool memo_find(const struct auth_memo *memo, const long long version[2], const char hash[65], char id[16])
{
	for (int i = 0; memo && i < AUTH_MEMOS; i++)
		if (!memcmp(memo->m[i].version, version, sizeof(memo->m[i].version)) &&
		    sodium_memcmp(memo->m[i].hash, hash, 64) == 0) {
			memcpy(id, memo->m[i].id, 16);
			return true;
		}
	return false;
}

static void memo_put(struct auth_memo *memo, const long long version[2], const char hash[65], const char id[16])
{
	if (!memo)
		return;
	memcpy(memo->m[memo->next].hash, hash, 65);
	memcpy(memo->m[memo->next].id, id, 16);
	memcpy(memo->m[memo->next].version, version, sizeof(memo->m[0].version));
	memo->next = (memo->next + 1) % AUTH_MEMOS;
}

int api_token_check(struct db *db, struct auth_memo *memo, const long long version[2], const char *header, char id[16],
		    char hash[65], struct onr_error *err)
{
	char found_hash[65] = "";
	struct conn c;
	size_t len;
	int rc;

	if (!header || strncasecmp(header, "Bearer ", 7) != 0)
		return 1;
	header += 7;
	while (*header == ' ')
		header++;
	len = strcspn(header, " \t\r\n");
	if (len != SEAL_TOKEN_LEN || strncmp(header, "onr_", 4) != 0)
		return 1;
	seal_hash_hex(header, len, hash);
	if (memo_find(memo, version, hash, id))
		return 0;
	if ((rc = db_token_find(db, hash, id, NULL, 0, err)) != 0)
		return rc;
	if ((rc = db_conn_get(db, id, &c, err)) != 0)
		return rc;
	str_copy(found_hash, sizeof(found_hash), c.token_hash);
	conn_free(&c);
	/* the row came by an index on the hash; check it again in constant time */
	if (sodium_memcmp(found_hash, hash, 64) != 0)
		return 1;
	memo_put(memo, version, hash, id);
	return 0;
}

void rate_init(struct rate *r, double per_s, double burst)
{
	memset(r, 0, sizeof(*r));
	r->per_s = per_s;
	r->burst = burst;
}

/* The token's bucket; a new token takes the emptiest-to-lose slot. */
static struct bucket *bucket_of(struct rate *r, const char *hash, long long now)
{
	struct bucket *oldest = &r->b[0];
	for (int i = 0; i < AUTH_BUCKETS; i++) {
		if (!strcmp(r->b[i].hash, hash))
			return &r->b[i];
		if (r->b[i].at_ms < oldest->at_ms)
			oldest = &r->b[i];
	}
	str_copy(oldest->hash, sizeof(oldest->hash), hash);
	oldest->tokens = r->burst;
	oldest->at_ms = now;
	return oldest;
}

bool rate_take(struct rate *r, const char *hash, long long now_ms, int *retry_s)
{
	struct bucket *b = bucket_of(r, hash, now_ms);
	b->tokens += (double)(now_ms - b->at_ms) / 1000.0 * r->per_s;
	if (b->tokens > r->burst)
		b->tokens = r->burst;
	b->at_ms = now_ms;
	if (b->tokens >= 1.0) {
		b->tokens -= 1.0;
		return true;
	}
	*retry_s = (int)ceil((1.0 - b->tokens) / r->per_s);
	if (*retry_s < 1)
		*retry_s = 1;
	return false;
}
