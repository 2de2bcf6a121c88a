/* api_auth.h: who may ask the API what. A request names its connection only
 * by its token ("Authorization: Bearer onr_..."); the token is hashed
 * (BLAKE2b, as stored) and looked up on every request whose database
 * version differs from the last check's (struct auth_memo), so a
 * disconnect or a rotation takes effect on the very next request. The
 * stored hash is compared again with sodium_memcmp (constant time) before
 * it is trusted, and so is a remembered one.
 *
 * Rate limit: a token bucket per token hash (rate requests per second,
 * burst at most), kept in memory by the one serve process. */
#ifndef ONRAMP_API_AUTH_H
#define ONRAMP_API_AUTH_H
#include <stdbool.h>
#include "error.h"
#include "store/db.h"

#define AUTH_BUCKETS 256

/* Tokens found valid, each with the database version it was found at
 * (db_api_version). While the version stays, nothing was committed by any
 * process, so no disconnect, rotation or purge happened and the answer
 * stands; any commit moves the version, and the next request looks the
 * token up again. Only valid tokens are remembered. */
#define AUTH_MEMOS 16
struct auth_memo {
	struct {
		char hash[65], id[16];
		long long version[2];
	} m[AUTH_MEMOS];
	int next;
};

/* 0 with id; 1 when the header is missing, malformed or the token is not
 * an active connection's; -1 on a store failure (err). memo (may be NULL)
 * remembers answers at version. */
int api_token_check(struct db *db, struct auth_memo *memo, const long long version[2], const char *header, char id[16],
		    char hash[65], struct onr_error *err);

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
