/* lifecycle.h: connect, token check, disconnect, purge, list, open: the
 * life of a connection over the database (store/db.h), the sealed files
 * (store.h) and the seal (seal.h).
 * The wizard, the CLI commands and the connections screen all call these.
 *
 * Exit codes chosen here (error.h):
 *   EXIT_INPUT (3)  bad arguments to connect; unknown id (store.not_found);
 *                   purge of an active connection (store.active)
 *   EXIT_AUTH (6)   token check: the token is unknown or its connection is
 *                   disconnected (token.invalid)
 *   EXIT_STORE (8)  files, sealing, damage, keys, another onramp holding the
 *                   database longer than db_wait_ms (store.busy), and the
 *                   credit pool being
 *                   short (store.credits: the pool is local store state; the
 *                   message says what to disconnect or whom to ask)
 *
 * Every function fills err (docs/design.md §4) and returns -1 on failure. */
#ifndef ONRAMP_LIFECYCLE_H
#define ONRAMP_LIFECYCLE_H
#include <stdbool.h>
#include <stddef.h>
#include "error.h"
#include "seal.h"
#include "store.h"

#define LIFECYCLE_TOKEN_MAX 64

struct conn_new {
	const char *system;      /* catalog id */
	int credits;             /* the entry's tier: 1, 2 or 4 */
	const char *url;         /* instance URL (public), may be "" */
	const char *user;        /* user name / client id (public), may be "" */
	const char *public_json; /* JSON object of the non-secret field values (NULL = {}) */
	const unsigned char *secret_json; size_t secret_len; /* JSON object of the secret fields, in sodium_malloc'd memory */
	const char *pin;         /* "sha256//BASE64" TLS public-key pin, or "" */
	const char *cafile;      /* company CA file path, or "" */
	const char *plain_http;  /* the user's yes to sending the credentials over plain http,
				  * for this "http://host:port" only (probe_origin), or NULL */
	const char *schedule;    /* sync schedule, or NULL/"" for none (optional) */
};

/* Checks credits, seals to the configured public key (making the key pair
 * first on a normal install's first run), writes the sealed file, then the
 * entry in one transaction that checks the credits again.
 * On success: id (8 characters of [0-9a-z], unique), token ("onr_" + 43
 * base64url characters; caller passes a sodium_malloc'd buffer of at least
 * LIFECYCLE_TOKEN_MAX bytes; only its BLAKE2b hash is stored), where (path of
 * the database, may be NULL). The caller shows the token once. A schedule
 * makes its first sync due at once. */
int lifecycle_connect(const struct conn_new *c, char id[16], char *token, char *where,
		      size_t wherelen, struct onr_error *err);
/* Before validating: can the pool afford `credits` more? On failure err
 * (store.credits, EXIT_STORE) names connections whose disconnection would
 * free enough, and says to ask the administrator to raise `credits`. */
int lifecycle_can_afford(int credits, struct onr_error *err);
int lifecycle_credits(int *used, int *pool, struct onr_error *err);

/* All connections, oldest first. damage.exit != 0 when some lines of an
 * imported connections.json were damaged (the message names the lines and
 * the kept copy; the listed connections are still fine). */
struct conn_list {
	struct conn *v;
	size_t n;
	int used, pool;            /* credits */
	struct onr_error damage;
	char registry[PATHS_MAX];
};
int lifecycle_list(struct conn_list *out, struct onr_error *err);
void conn_list_free(struct conn_list *l);
void conn_vec_free(struct conn *v, size_t n);
/* One connection by id (deep copy; conn_free it). store.not_found when
 * unknown; store.damaged when its registry line is damaged. */
int lifecycle_get(const char *id, struct conn *out, struct onr_error *err);

/* In one transaction: marks it disconnected, invalidates its token, cancels
 * its schedule, tells a running sync to stop, records the event and returns
 * its credits to the pool. Then destroys its sealed credentials (overwrite,
 * then unlink). Its synced records and history stay until purge.
 * Disconnecting a disconnected connection only makes sure its sealed file
 * is gone.
 * *freed (may be NULL) gets the credits returned. */
int lifecycle_disconnect(const char *id, int *freed, struct onr_error *err);
/* Deletes a disconnected connection's records, history and sync runs and
 * removes it from the registry, in one transaction, then gives the space
 * back. Refuses while it is active (store.active, EXIT_INPUT). */
int lifecycle_purge(const char *id, struct onr_error *err);

/* Hashes the token (surrounding white space ignored) and finds the active
 * connection it belongs to. id gets its id, system (may be NULL) a copy of its
 * system id. Unknown or disconnected: token.invalid, EXIT_AUTH. */
int lifecycle_token_check(const char *token, size_t len, char id[16], char *system,
			  size_t syslen, struct onr_error *err);

/* A new API token for an active connection, in token (a sodium_malloc'd
 * buffer of LIFECYCLE_TOKEN_MAX bytes, shown once): only its hash is kept,
 * and the old token stops working with the same commit. A disconnected
 * connection: store.disconnected. */
int lifecycle_token_rotate(const char *id, char *token, struct onr_error *err);

/* Can this machine open sealed credentials (a secret key is configured and
 * present)? false on a kiosk; err then says so (seal.no_secret_key). */
bool lifecycle_can_open(struct onr_error *err);
/* Opens a connection's sealed credentials with the secret key (passphrase
 * from pass when the key is wrapped). *secret is the credentials JSON object
 * in sodium_malloc'd memory (NUL-terminated; sodium_free it). info (may be
 * NULL) gets a copy of the entry. On a kiosk: seal.no_secret_key ("this
 * machine can only seal credentials; re-check from the machine that holds
 * the secret key"). */
int lifecycle_open(const char *id, const struct seal_pass *pass, unsigned char **secret,
		   size_t *len, struct conn *info, struct onr_error *err);
/* The same, and *key (sodium_malloc'd, LIFECYCLE_KEY_BYTES; sodium_free
 * it; NULL when memory was short): a secret of this connection alone,
 * derived from the secret key, never stored. Syncs key their hash of
 * source records with it (sync/src.c): a record that echoes a password
 * then gives the database no hash to test guesses against. */
#define LIFECYCLE_KEY_BYTES 32
int lifecycle_open_keyed(const char *id, const struct seal_pass *pass, unsigned char **secret,
			 size_t *len, struct conn *info, unsigned char **key, struct onr_error *err);
/* Records a successful re-check (the "checked" time = now). */
int lifecycle_mark_checked(const char *id, struct onr_error *err);
/* A re-check that got new credentials (a provider rotated the refresh
 * token): seals them in place of the old ones and records the check.
 * plain_http (may be NULL): a yes to plain http the re-check used, kept
 * with the connection (conn_new.plain_http). */
int lifecycle_reseal(const char *id, const unsigned char *secret_json, size_t len, const char *plain_http,
		     struct onr_error *err);
/* Sets the sync schedule of an active connection ("" = none); a new one
 * is due at once. */
int lifecycle_set_schedule(const char *id, const char *schedule, struct onr_error *err);
#endif
