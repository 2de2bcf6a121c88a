/* api_auth.h: who may ask the API what. A request names its connection only
 * by its token ("Authorization: Bearer onr_..."); the token is hashed
 * (BLAKE2b, as stored) and looked up on every request, so a disconnect or
 * a rotation takes effect on the very next request. The stored hash is
 * compared again with sodium_memcmp (constant time) before it is trusted.
 *
 * Rate limit: a token bucket per token hash (rate requests per second,
 * burst at most), kept in memory by the one serve process. */
#ifndef ONRAMP_API_AUTH_H
#define ONRAMP_API_AUTH_H
#include <stdbool.h>
#include "error.h"
#include "store/db.h"

#define AUTH_BUCKETS 256

/* 0 with id; 1 when the header is missing, malformed or the token is not
 * an active connection's; -1 on a store failure (err). */
int api_token_check(struct db *db, const char *header, char id[16], char hash[65],
		struct onr_error *err);

struct rate {
	double per_s, burst;
	struct bucket {
		char hash[65];
		double tokens;
		long long at_ms;
	} b[AUTH_BUCKETS];
};
void rate_init(struct rate *r, double per_s, double burst);
/* true when the request may go on; else *retry_s says when to retry. */
bool rate_take(struct rate *r, const char *hash, long long now_ms, int *retry_s);
#endif
