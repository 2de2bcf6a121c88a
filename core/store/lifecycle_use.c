/* lifecycle_use.c: a stored connection's life after connect: disconnect,
 * purge, token check, opening its sealed credentials, re-check time and
 * schedule (see lifecycle.h). */
#include "lifecycle_impl.h"
#include "i18n.h"
#include "config.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

int lifecycle_disconnect(const char *id, int *freed, struct onr_error *err)
{
	struct store st;
	struct db *db;
	struct conn c;
	int rc, got = 0;

	if (freed)
		*freed = 0;
	if (store_paths(&st, err) != 0 || db_open(&db, err) != 0)
		return -1;
	if (lifecycle_find(db, id, &c, err) != 0) {
		db_close(db);
		return -1;
	}
	conn_free(&c);
	/* One transaction: token, schedule, running syncs, event, credits. */
	if ((rc = db_begin(db, err)) == 0 && (rc = db_conn_disconnect(db, id, time(NULL), &got, err)) == 0)
		rc = db_commit(db, err);
	if (rc != 0) {
		db_rollback(db);
		db_close(db);
		return -1;
	}
	db_close(db);
	if (freed)
		*freed = got;
	/* After the database says so: a crash here leaves a file that the next
	 * disconnect or purge destroys. */
	if (store_sealed_destroy(&st, id, err) != 0) {
		str_copy(err->hint, sizeof(err->hint),
			 _("The connection is disconnected and its token no longer works, but its sealed "
			 "credentials file could not be destroyed. Fix the cause, then run \"onramp "
			 "disconnect\" again to finish."));
		return -1;
	}
	return 0;
}

/* onramp 0.1 made an (empty) history folder per connection. */
static void remove_old_history(const struct store *st, const char *id)
{
	char dir[PATHS_MAX], path[PATHS_MAX];
	struct onr_error ignore;
	if (paths_join(dir, sizeof(dir), st->dir, "history") == 0 &&
	    paths_join(path, sizeof(path), dir, id) == 0)
		paths_remove_tree(path, &ignore);
}

static void still_active(const struct conn *c, struct onr_error *err)
{
	char msg[256], hint[768];
	str_fmt(msg, sizeof(msg), _("Connection %s (%s) is still active, so its history stays."), c->id,
		c->system);
	str_fmt(hint, sizeof(hint), _("Disconnect it first (onramp disconnect %s), then purge it."), c->id);
	input_err(err, "store.active", msg, hint);
}

int lifecycle_purge(const char *id, struct onr_error *err)
{
	struct store st;
	struct db *db;
	struct conn c;
	int rc = -1;

	if (store_paths(&st, err) != 0 || db_open(&db, err) != 0)
		return -1;
	if (db_begin(db, err) != 0)
		goto out;
	if (lifecycle_find(db, id, &c, err) != 0)
		goto out;
	if (c.status == CONN_ACTIVE)
		still_active(&c, err);
	else if (db_conn_purge(db, id, err) == 0 && db_commit(db, err) == 0)
		rc = 0;
	conn_free(&c);
	if (rc == 0) {
		struct onr_error ignore;
		store_sealed_destroy(&st, id, &ignore);
		remove_old_history(&st, id);
		db_compact(db, &ignore); /* the space goes back to the disk */
	}
out:
	db_rollback(db);
	db_close(db);
	return rc;
}

static size_t trim(const char **token, size_t len)
{
	const char *t = *token;
	while (len && (t[len - 1] == '\n' || t[len - 1] == '\r' || t[len - 1] == ' ' || t[len - 1] == '\t'))
		len--;
	while (len && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r'))
		t++, len--;
	*token = t;
	return len;
}

int lifecycle_token_check(const char *token, size_t len, char id[16], char *system,
			  size_t syslen, struct onr_error *err)
{
	struct db *db;
	char hex[SEAL_HASH_HEX];
	int rc;

	id[0] = 0;
	if (system && syslen)
		system[0] = 0;
	if ((len = trim(&token, len)) == 0) {
		input_err(err, "token.missing", _("No token was given."),
			  _("Pass the token on standard input, e.g. \"onramp token check - < token.txt\"."));
		return -1;
	}
	if (seal_init() != 0 || db_open(&db, err) != 0)
		return -1;
	seal_hash_hex(token, len, hex);
	rc = db_token_find(db, hex, id, system, syslen, err);
	if (rc == 1) {
		error_set(err, EXIT_AUTH, "token", "token.invalid", _("This token is not valid."),
			  _("It belongs to no active connection: its connection may have been disconnected, "
			  "or the token was mistyped. Connect the system again to get a new token."),
			  NULL);
		struct onr_error d;
		db_import_problems(db, &d);
		if (d.exit)
			str_copy(err->tech, sizeof(err->tech), d.message);
	}
	db_close(db);
	return rc == 0 ? 0 : -1;
}

bool lifecycle_can_open(struct onr_error *err)
{
	struct config cfg;
	struct seal_keypair *kp = NULL;
	unsigned char pk[SEAL_KEY_BYTES];
	bool wrapped;
	int rc;

	if (config_load(&cfg, err) != 0)
		return false;
	if (cfg.kiosk || !cfg.secret_key[0]) {
		seal_load_secret("", NULL, &kp, err); /* fills seal.no_secret_key */
		return false;
	}
	rc = seal_secret_info(cfg.secret_key, pk, &wrapped, err);
	if (rc == 1) {
		seal_load_secret(cfg.secret_key, NULL, &kp, err); /* names the missing file */
		seal_keypair_free(kp);
	}
	return rc == 0;
}

static void disconnected_err(const struct conn *c, struct onr_error *err)
{
	char msg[256], hint[768];
	str_fmt(msg, sizeof(msg), _("Connection %s (%s) is disconnected: its sealed credentials were destroyed."),
		c->id, c->system);
	str_fmt(hint, sizeof(hint), _("Connect %s again to store new credentials."), c->system);
	error_set(err, EXIT_STORE, "store", "store.disconnected", msg, hint, NULL);
}

/* Checks that env is the envelope of c and copies its credentials out. */
static int unwrap(const struct conn *c, const unsigned char *env, size_t envlen, const char *path,
		  unsigned char **secret, size_t *len, struct onr_error *err)
{
	char *prefix = envelope_prefix(c->id, c->system);
	size_t pl = strlen(prefix);
	bool ok = envlen >= pl + 3 && memcmp(env, prefix, pl) == 0 && env[envlen - 1] == '}' &&
		  looks_like_object(env + pl, envlen - pl - 1);
	free(prefix);
	if (!ok) {
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), _("The sealed credentials file \"%s\" belongs to another connection."),
			path);
		str_fmt(hint, sizeof(hint),
			_("It was probably copied or renamed. The other connections are not affected. Restore "
			"the right file from a backup, or disconnect %s and connect the system again."), c->id);
		error_set(err, EXIT_STORE, "store", "store.sealed_damaged", msg, hint, NULL);
		return -1;
	}
	*len = envlen - pl - 1;
	if (!(*secret = sodium_malloc(*len + 1))) {
		*len = 0;
		error_set(err, EXIT_STORE, "seal", "seal.no_memory",
			  _("Could not set aside protected memory for the credentials."),
			  _("Close other programs and try again."), NULL);
		return -1;
	}
	memcpy(*secret, env + pl, *len);
	(*secret)[*len] = 0;
	return 0;
}

/* A key for c alone, derived from the secret key (keyed BLAKE2b of a
 * fixed label and the id), in protected memory: never stored, the same
 * on every machine that can open c's credentials. NULL when memory is
 * short (the caller then does without). */
static unsigned char *derive_key(const struct seal_keypair *kp, const struct conn *c)
{
	static const char label[] = "onramp sync source hash 1";
	unsigned char *key = sodium_malloc(LIFECYCLE_KEY_BYTES);
	crypto_generichash_state st;
	if (!key)
		return NULL;
	crypto_generichash_init(&st, kp->sk, SEAL_KEY_BYTES, LIFECYCLE_KEY_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)label, sizeof(label));
	crypto_generichash_update(&st, (const unsigned char *)c->id, strlen(c->id));
	crypto_generichash_final(&st, key, LIFECYCLE_KEY_BYTES);
	sodium_memzero(&st, sizeof(st));
	return key;
}

/* Reads and opens c's sealed file with the secret key. */
static int open_box(struct store *st, const struct config *cfg, const struct conn *c,
		    const struct seal_pass *pass, unsigned char **secret, size_t *len,
		    unsigned char **key, struct onr_error *err)
{
	struct seal_keypair *kp = NULL;
	unsigned char *box = NULL, *env = NULL;
	size_t boxlen, envlen;
	char path[PATHS_MAX];
	int rc = -1;

	store_sealed_path(st, c->id, path, sizeof(path));
	if (store_sealed_read(st, c->id, c->sealed_hash, &box, &boxlen, err) == 0 &&
	    seal_load_secret(cfg->secret_key, pass, &kp, err) == 0 &&
	    seal_open(kp, box, boxlen, path, &env, &envlen, err) == 0)
		rc = unwrap(c, env, envlen, path, secret, len, err);
	if (rc == 0 && key)
		*key = derive_key(kp, c);
	if (env)
		sodium_free(env);
	seal_keypair_free(kp);
	free(box);
	return rc;
}

int lifecycle_open(const char *id, const struct seal_pass *pass, unsigned char **secret,
		   size_t *len, struct conn *info, struct onr_error *err)
{
	return lifecycle_open_keyed(id, pass, secret, len, info, NULL, err);
}

int lifecycle_open_keyed(const char *id, const struct seal_pass *pass, unsigned char **secret,
			 size_t *len, struct conn *info, unsigned char **key, struct onr_error *err)
{
	struct config cfg;
	struct store st;
	struct db *db;
	struct conn c;
	struct seal_keypair *kp = NULL;
	int rc = -1;

	*secret = NULL;
	*len = 0;
	if (key)
		*key = NULL;
	if (info)
		memset(info, 0, sizeof(*info));
	if (config_load(&cfg, err) != 0)
		return -1;
	if (cfg.kiosk || !cfg.secret_key[0]) {
		seal_load_secret("", pass, &kp, err); /* fills seal.no_secret_key */
		return -1;
	}
	if (store_paths(&st, err) != 0 || db_open(&db, err) != 0)
		return -1;
	if (lifecycle_find(db, id, &c, err) != 0) {
		db_close(db);
		return -1;
	}
	db_close(db);
	if (c.status != CONN_ACTIVE)
		disconnected_err(&c, err);
	else
		rc = open_box(&st, &cfg, &c, pass, secret, len, key, err);
	if (rc == 0 && info)
		*info = c;
	else
		conn_free(&c);
	return rc;
}

/* Changes an active connection inside a write transaction: its check
 * time, its schedule, its token's hash (each when asked). */
static int update(const char *id, const char *schedule, bool checked, const char *token_hash, struct onr_error *err)
{
	struct db *db;
	struct conn c;
	time_t now = time(NULL);
	int rc = -1;

	if (db_open(&db, err) != 0)
		return -1;
	if (db_begin(db, err) != 0 || lifecycle_find(db, id, &c, err) != 0)
		goto out;
	if (c.status != CONN_ACTIVE) {
		char msg[256];
		str_fmt(msg, sizeof(msg), _("Connection %s is disconnected."), id);
		input_err(err, "store.disconnected", msg, _("Connect the system again first."));
	} else if ((!checked || db_set_checked(db, id, now, err) == 0) &&
		   (!schedule || db_set_schedule(db, id, schedule, now, err) == 0) &&
		   (!token_hash || db_set_token(db, id, token_hash, err) == 0) && db_commit(db, err) == 0) {
		rc = 0;
	}
	conn_free(&c);
out:
	db_rollback(db);
	db_close(db);
	return rc;
}

int lifecycle_mark_checked(const char *id, struct onr_error *err)
{
	return update(id, NULL, true, NULL, err);
}

int lifecycle_set_schedule(const char *id, const char *schedule, struct onr_error *err)
{
	return update(id, schedule ? schedule : "", false, NULL, err);
}

int lifecycle_token_rotate(const char *id, char *token, struct onr_error *err)
{
	char hash[SEAL_HASH_HEX];
	if (seal_token_mint(token, LIFECYCLE_TOKEN_MAX) != 0) {
		error_set(err, EXIT_STORE, "seal", "seal.failed", _("Could not make an access token."), _("Try again."), NULL);
		return -1;
	}
	seal_hash_hex(token, strlen(token), hash);
	if (update(id, NULL, false, hash, err) == 0)
		return 0;
	sodium_memzero(token, LIFECYCLE_TOKEN_MAX); /* never shown: it never worked */
	return -1;
}

/* The new box replaces the old file atomically, then the row takes its
 * hash in the same write transaction that records the check: like a
 * connect, the file comes first. */
int lifecycle_reseal(const char *id, const unsigned char *secret_json, size_t len, const char *plain_http,
		     struct onr_error *err)
{
	struct config cfg;
	struct store st;
	struct db *db;
	struct conn c;
	unsigned char pk[SEAL_KEY_BYTES], *box = NULL;
	size_t boxlen = 0;
	char hash[65];
	int rc;

	if (!looks_like_object(secret_json, len)) {
		input_err(err, "store.bad_request", _("The credentials to seal are not a JSON object."),
			  _("This is a bug in the caller; please report it."));
		return -1;
	}
	if (config_load(&cfg, err) != 0 || seal_load_public(cfg.public_key, pk, err) != 0 ||
	    store_paths(&st, err) != 0)
		return -1;
	if (db_open(&db, err) != 0) {
		store_close(&st);
		return -1;
	}
	if ((rc = db_begin(db, err)) != 0)
		goto out;
	if ((rc = lifecycle_find(db, id, &c, err)) != 0)
		goto out;
	rc = -1;
	if (c.status != CONN_ACTIVE) {
		char msg[256];
		str_fmt(msg, sizeof(msg), _("Connection %s is disconnected."), id);
		input_err(err, "store.disconnected", msg, _("Connect the system again first."));
	} else if (seal_envelope(pk, id, c.system, secret_json, len, &box, &boxlen, err) == 0 &&
		   store_sealed_write(&st, id, box, boxlen, hash, err) == 0 &&
		   db_set_sealed(db, id, hash, err) == 0 && db_set_checked(db, id, time(NULL), err) == 0 &&
		   (!plain_http || !*plain_http || db_set_plain_http(db, id, plain_http, time(NULL), err) == 0)) {
		rc = db_commit(db, err);
	}
	conn_free(&c);
	free(box);
out:
	if (rc != 0)
		db_rollback(db);
	db_close(db);
	store_close(&st);
	return rc;
}
