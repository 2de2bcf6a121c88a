/* lifecycle.c: the life of a connection (see lifecycle.h). */
#include "lifecycle.h"
#include "config.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

static void input_err(struct onr_error *err, const char *code, const char *msg, const char *hint)
{
	error_set(err, EXIT_INPUT, "store", code, msg, hint, NULL);
}

static void not_found(struct store *st, const char *id, struct onr_error *err)
{
	char msg[256];
	if (store_id_valid(id) && store_damaged_mentions(st, id)) {
		store_problems_error(st, err);
		str_fmt(msg, sizeof(msg), "The entry of connection %s in \"%s\" is damaged.", id, st->registry);
		str_copy(err->message, sizeof(err->message), msg);
		return;
	}
	str_fmt(msg, sizeof(msg), "There is no connection with the id \"%s\".",
		store_id_valid(id) ? id : "(not an id)");
	input_err(err, "store.not_found", msg,
		  "Check the id: \"onramp list\" shows the connections and their ids.");
	if (st->nproblems) {
		struct onr_error d;
		store_problems_error(st, &d);
		str_fmt(err->hint, sizeof(err->hint), "Check the id: \"onramp list\" shows the connections. "
			"Note: %s", d.message);
	}
}

static int used_credits(const struct store *st)
{
	int used = 0;
	for (size_t i = 0; i < st->n; i++)
		if (!st->v[i].damaged && st->v[i].status == CONN_ACTIVE)
			used += st->v[i].credits;
	return used;
}

static int by_credits_desc(const void *a, const void *b)
{
	const struct conn *x = *(struct conn *const *)a, *y = *(struct conn *const *)b;
	return y->credits - x->credits;
}

static void credits_error(struct store *st, const struct config *cfg, int need, int used,
			  struct onr_error *err)
{
	char msg[256], hint[768], names[400] = "";
	int pool = cfg->credits, avail = pool - used, shortby = need - avail, freed = 0;
	size_t nact = 0, named = 0;
	struct conn **act = xcalloc(st->n ? st->n : 1, sizeof(*act));

	if (avail < 0)
		avail = 0;
	for (size_t i = 0; i < st->n; i++)
		if (!st->v[i].damaged && st->v[i].status == CONN_ACTIVE && st->v[i].credits > 0)
			act[nact++] = &st->v[i];
	qsort(act, nact, sizeof(*act), by_credits_desc);
	/* One connection that frees enough on its own, the smallest such... */
	struct conn *one = NULL;
	for (size_t i = 0; i < nact; i++)
		if (act[i]->credits >= shortby)
			one = act[i];
	for (size_t i = 0; i < nact && freed < shortby && named < 3; i++) {
		struct conn *c = one ? one : act[i];
		size_t l = strlen(names);
		snprintf(names + l, sizeof(names) - l, "%s\"onramp disconnect %s\" (%s, %d credit%s)",
			 named ? ", " : "", c->id, c->system, c->credits, c->credits == 1 ? "" : "s");
		freed += c->credits;
		named++;
		if (one)
			break;
	}
	free(act);
	str_fmt(msg, sizeof(msg), "Not enough credits: this system needs %d, but only %d of the %d in the pool %s free.",
		need, avail, pool, avail == 1 ? "is" : "are");
	if (need > pool)
		str_fmt(hint, sizeof(hint),
			"This system needs more credits than the whole pool holds. Ask your administrator "
			"to raise the pool (\"credits = %d\" or more in %s).", need, cfg->path);
	else if (named && freed >= shortby)
		str_fmt(hint, sizeof(hint),
			"Disconnect a connection you no longer use to free credits: %s. Or ask your "
			"administrator to raise the pool (\"credits = %d\" in %s).", names, used + need,
			cfg->path);
	else
		str_fmt(hint, sizeof(hint),
			"Disconnect connections you no longer use (\"onramp list\" shows them and their "
			"credits), or ask your administrator to raise the pool (\"credits = %d\" in %s).",
			used + need, cfg->path);
	error_set(err, EXIT_STORE, "store", "store.credits", msg, hint, NULL);
	str_fmt(err->tech, sizeof(err->tech), "credits: %d used + %d needed > %d in the pool", used,
		need, pool);
}

static char *json_quote(const char *s)
{
	cJSON *j = cJSON_CreateString(s ? s : "");
	char *out = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return out ? out : xstrdup("\"\"");
}

/* The prefix of the sealed envelope: {"id":"ID","system":"SYS","credentials": */
static char *envelope_prefix(const char *id, const char *system)
{
	char *q = json_quote(system);
	size_t n = strlen(id) + strlen(q) + 48;
	char *p = xmalloc(n);
	snprintf(p, n, "{\"id\":\"%s\",\"system\":%s,\"credentials\":", id, q);
	free(q);
	return p;
}

/* Seals {"id":..,"system":..,"credentials":SECRET} to the public key; the
 * envelope binds the box to its connection. */
static int seal_envelope(const unsigned char pk[SEAL_KEY_BYTES], const char *id, const char *system,
			 const unsigned char *secret, size_t len, unsigned char **box, size_t *boxlen,
			 struct onr_error *err)
{
	char *prefix = envelope_prefix(id, system);
	size_t pl = strlen(prefix), envlen = pl + len + 1;
	unsigned char *env = sodium_malloc(envlen);
	int rc = -1;
	if (!env) {
		error_set(err, EXIT_STORE, "seal", "seal.no_memory",
			  "Could not set aside protected memory for the credentials.",
			  "Close other programs and try again.", NULL);
	} else {
		memcpy(env, prefix, pl);
		memcpy(env + pl, secret, len);
		env[envlen - 1] = '}';
		rc = seal_box(pk, env, envlen, box, boxlen, err);
		sodium_free(env);
	}
	free(prefix);
	return rc;
}

static bool looks_like_object(const unsigned char *s, size_t len)
{
	size_t a = 0, b = len;
	while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t' || s[a] == '\r'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t' || s[b - 1] == '\r'))
		b--;
	return b - a >= 2 && s[a] == '{' && s[b - 1] == '}' && !memchr(s, 0, len);
}

int lifecycle_credits(int *used, int *pool, struct onr_error *err)
{
	struct config cfg;
	struct store st;

	if (config_load(&cfg, err) != 0 || store_open(&st, false, err) != 0)
		return -1;
	*used = used_credits(&st);
	*pool = cfg.credits;
	store_close(&st);
	return 0;
}

int lifecycle_can_afford(int credits, struct onr_error *err)
{
	struct config cfg;
	struct store st;
	int rc = 0;

	if (config_load(&cfg, err) != 0 || store_open(&st, false, err) != 0)
		return -1;
	int used = used_credits(&st);
	if (used + credits > cfg.credits) {
		credits_error(&st, &cfg, credits, used, err);
		rc = -1;
	}
	store_close(&st);
	return rc;
}

int lifecycle_connect(const struct conn_new *c, char id[16], char *token, char *where,
		      size_t wherelen, struct onr_error *err)
{
	struct config cfg;
	struct store st;
	unsigned char pk[SEAL_KEY_BYTES], *box = NULL;
	size_t boxlen = 0;
	char *fields = NULL;
	bool sealed = false, history = false;
	int rc = -1;

	id[0] = 0;
	if (token)
		token[0] = 0;
	if (!c || !c->system || !*c->system || !token) {
		input_err(err, "store.bad_request", "Nothing to connect: the system is missing.",
			  "This is a bug in the caller; please report it.");
		return -1;
	}
	if (c->credits < 0 || c->credits > 1000) {
		input_err(err, "store.bad_request", "The system's credit cost is not valid.",
			  "Check the catalog entry's tier (1, 2 or 4).");
		return -1;
	}
	if (!c->secret_json || !looks_like_object(c->secret_json, c->secret_len)) {
		input_err(err, "store.bad_request", "The credentials to seal are not a JSON object.",
			  "This is a bug in the caller; please report it.");
		return -1;
	}
	cJSON *pub = cJSON_Parse(c->public_json && *c->public_json ? c->public_json : "{}");
	if (!cJSON_IsObject(pub)) {
		cJSON_Delete(pub);
		input_err(err, "store.bad_request", "The public field values are not a JSON object.",
			  "This is a bug in the caller; please report it.");
		return -1;
	}
	fields = cJSON_PrintUnformatted(pub);
	cJSON_Delete(pub);
	if (c->pin && *c->pin && !str_starts(c->pin, "sha256//")) {
		error_set(err, EXIT_INPUT, "tls", "tls.bad_pin", "The certificate pin is not of the form sha256//BASE64.",
			  "Confirm the server's certificate again to record its pin.", NULL);
		free(fields);
		return -1;
	}
	if (config_load(&cfg, err) != 0)
		goto out_nostore;
	if (!cfg.kiosk && seal_ensure_keys(&cfg, err) < 0)
		goto out_nostore;
	if (seal_load_public(cfg.public_key, pk, err) != 0)
		goto out_nostore;
	if (store_open(&st, true, err) != 0)
		goto out_nostore;
	if (!st.writable) {
		store_commit(&st, err); /* fills the read-only explanation */
		goto out;
	}
	int used = used_credits(&st);
	if (used + c->credits > cfg.credits) {
		credits_error(&st, &cfg, c->credits, used, err);
		goto out;
	}
	if (store_new_id(&st, id, err) != 0)
		goto out;

	if (seal_envelope(pk, id, c->system, c->secret_json, c->secret_len, &box, &boxlen, err) != 0)
		goto out;

	struct conn *e = store_add(&st);
	str_copy(e->id, sizeof(e->id), id);
	if (store_sealed_write(&st, id, box, boxlen, e->sealed_hash, err) != 0)
		goto undo;
	sealed = true;
	if (store_history_create(&st, id, err) != 0)
		goto undo;
	history = true;
	if (seal_token_mint(token, LIFECYCLE_TOKEN_MAX) != 0) {
		error_set(err, EXIT_STORE, "seal", "seal.failed", "Could not make an access token.",
			  "Try again.", NULL);
		goto undo;
	}
	seal_hash_hex(token, strlen(token), e->token_hash);
	e->system = xstrdup(c->system);
	e->url = xstrdup(c->url ? c->url : "");
	e->user = xstrdup(c->user ? c->user : "");
	e->public_json = fields;
	fields = NULL;
	if (c->pin && *c->pin) {
		e->pins = xcalloc(1, sizeof(char *));
		e->pins[0] = xstrdup(c->pin);
		e->npins = 1;
	}
	e->cafile = xstrdup(c->cafile ? c->cafile : "");
	e->schedule = xstrdup(c->schedule ? c->schedule : "");
	e->created = time(NULL);
	e->status = CONN_ACTIVE;
	e->credits = c->credits;
	if (store_commit(&st, err) != 0)
		goto undo;
	if (where)
		str_copy(where, wherelen, st.registry);
	rc = 0;
	goto out;
undo:
	{
		struct onr_error ignore;
		if (sealed)
			store_sealed_destroy(&st, id, &ignore);
		if (history)
			store_history_remove(&st, id, &ignore);
		store_remove(&st, e);
		sodium_memzero(token, LIFECYCLE_TOKEN_MAX);
		id[0] = 0;
	}
out:
	store_close(&st);
out_nostore:
	free(fields);
	free(box);
	return rc;
}

int lifecycle_list(struct conn_list *out, struct onr_error *err)
{
	struct config cfg;
	struct store st;

	memset(out, 0, sizeof(*out));
	if (config_load(&cfg, err) != 0 || store_open(&st, false, err) != 0)
		return -1;
	out->v = xcalloc(st.n ? st.n : 1, sizeof(*out->v));
	for (size_t i = 0; i < st.n; i++)
		if (!st.v[i].damaged)
			conn_copy(&out->v[out->n++], &st.v[i]);
	out->used = used_credits(&st);
	out->pool = cfg.credits;
	str_copy(out->registry, sizeof(out->registry), st.registry);
	store_problems_error(&st, &out->damage);
	store_close(&st);
	return 0;
}

void conn_list_free(struct conn_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		conn_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int lifecycle_get(const char *id, struct conn *out, struct onr_error *err)
{
	struct store st;
	struct conn *c;

	memset(out, 0, sizeof(*out));
	if (store_open(&st, false, err) != 0)
		return -1;
	if (!store_id_valid(id) || !(c = store_find(&st, id))) {
		not_found(&st, id, err);
		store_close(&st);
		return -1;
	}
	conn_copy(out, c);
	store_close(&st);
	return 0;
}

/* Opens the store locked and finds an entry; on failure fills err. */
static struct conn *locked_find(struct store *st, const char *id, struct onr_error *err)
{
	struct conn *c;
	if (store_open(st, true, err) != 0)
		return NULL;
	if (!store_id_valid(id) || !(c = store_find(st, id))) {
		not_found(st, id, err);
		store_close(st);
		return NULL;
	}
	return c;
}

int lifecycle_disconnect(const char *id, int *freed, struct onr_error *err)
{
	struct store st;
	struct conn *c = locked_find(&st, id, err);
	int rc = 0;

	if (freed)
		*freed = 0;
	if (!c)
		return -1;
	if (c->status == CONN_ACTIVE) {
		c->status = CONN_DISCONNECTED;
		c->token_hash[0] = 0; /* the token stops working with this write */
		free(c->schedule);
		c->schedule = xstrdup(""); /* no more scheduled syncs */
		c->disconnected = time(NULL);
		c->dirty = true;
		if (store_commit(&st, err) != 0) {
			store_close(&st);
			return -1;
		}
		if (freed)
			*freed = c->credits; /* active credits are what the pool counts */
	}
	/* After the registry says so: a crash here leaves a file that the next
	 * disconnect or purge destroys. */
	if (store_sealed_destroy(&st, id, err) != 0) {
		str_copy(err->hint, sizeof(err->hint),
			 "The connection is disconnected and its token no longer works, but its sealed "
			 "credentials file could not be destroyed. Fix the cause, then run \"onramp "
			 "disconnect\" again to finish.");
		rc = -1;
	}
	store_close(&st);
	return rc;
}

int lifecycle_purge(const char *id, struct onr_error *err)
{
	struct store st;
	struct conn *c = locked_find(&st, id, err);
	int rc = -1;

	if (!c)
		return -1;
	if (c->status == CONN_ACTIVE) {
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), "Connection %s (%s) is still active, so its history stays.", id,
			c->system);
		str_fmt(hint, sizeof(hint),
			"Disconnect it first (onramp disconnect %s), then purge it.", id);
		input_err(err, "store.active", msg, hint);
		goto out;
	}
	if (store_history_remove(&st, id, err) != 0 || store_sealed_destroy(&st, id, err) != 0)
		goto out;
	store_remove(&st, c);
	rc = store_commit(&st, err);
out:
	store_close(&st);
	return rc;
}

int lifecycle_token_check(const char *token, size_t len, char id[16], char *system,
			  size_t syslen, struct onr_error *err)
{
	struct store st;
	char hex[SEAL_HASH_HEX];
	int rc = -1;

	id[0] = 0;
	if (system && syslen)
		system[0] = 0;
	while (len && (token[len - 1] == '\n' || token[len - 1] == '\r' || token[len - 1] == ' ' ||
		       token[len - 1] == '\t'))
		len--;
	while (len && (*token == ' ' || *token == '\t' || *token == '\n' || *token == '\r'))
		token++, len--;
	if (len == 0) {
		input_err(err, "token.missing", "No token was given.",
			  "Pass the token on standard input, e.g. \"onramp token check - < token.txt\".");
		return -1;
	}
	if (store_open(&st, false, err) != 0)
		return -1;
	seal_hash_hex(token, len, hex);
	for (size_t i = 0; i < st.n; i++) {
		struct conn *c = &st.v[i];
		if (!c->damaged && c->status == CONN_ACTIVE && c->token_hash[0] &&
		    sodium_memcmp(c->token_hash, hex, 64) == 0) {
			str_copy(id, 16, c->id);
			if (system)
				str_copy(system, syslen, c->system);
			rc = 0;
			break;
		}
	}
	if (rc != 0) {
		error_set(err, EXIT_AUTH, "token", "token.invalid", "This token is not valid.",
			  "It belongs to no active connection: its connection may have been disconnected, "
			  "or the token was mistyped. Connect the system again to get a new token.",
			  NULL);
		if (st.nproblems) {
			struct onr_error d;
			store_problems_error(&st, &d);
			str_copy(err->tech, sizeof(err->tech), d.message);
		}
	}
	store_close(&st);
	return rc;
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

int lifecycle_open(const char *id, const struct seal_pass *pass, unsigned char **secret,
		   size_t *len, struct conn *info, struct onr_error *err)
{
	struct config cfg;
	struct store st;
	struct conn *c;
	struct seal_keypair *kp = NULL;
	unsigned char *box = NULL, *env = NULL;
	size_t boxlen, envlen;
	char path[PATHS_MAX], *prefix = NULL;
	int rc = -1;

	*secret = NULL;
	*len = 0;
	if (info)
		memset(info, 0, sizeof(*info));
	if (config_load(&cfg, err) != 0)
		return -1;
	if (cfg.kiosk || !cfg.secret_key[0]) {
		seal_load_secret("", pass, &kp, err); /* fills seal.no_secret_key */
		return -1;
	}
	if (store_open(&st, false, err) != 0)
		return -1;
	if (!store_id_valid(id) || !(c = store_find(&st, id))) {
		not_found(&st, id, err);
		goto out;
	}
	if (c->status != CONN_ACTIVE) {
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), "Connection %s (%s) is disconnected: its sealed credentials were destroyed.",
			id, c->system);
		str_fmt(hint, sizeof(hint), "Connect %s again to store new credentials.", c->system);
		error_set(err, EXIT_STORE, "store", "store.disconnected", msg, hint, NULL);
		goto out;
	}
	if (store_sealed_read(&st, id, c->sealed_hash, &box, &boxlen, err) != 0)
		goto out;
	if (seal_load_secret(cfg.secret_key, pass, &kp, err) != 0)
		goto out;
	store_sealed_path(&st, id, path, sizeof(path));
	if (seal_open(kp, box, boxlen, path, &env, &envlen, err) != 0)
		goto out;
	prefix = envelope_prefix(id, c->system);
	size_t pl = strlen(prefix);
	if (envlen < pl + 3 || memcmp(env, prefix, pl) != 0 || env[envlen - 1] != '}' ||
	    !looks_like_object(env + pl, envlen - pl - 1)) {
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), "The sealed credentials file \"%s\" belongs to another connection.",
			path);
		str_fmt(hint, sizeof(hint),
			"It was probably copied or renamed. The other connections are not affected. Restore "
			"the right file from a backup, or disconnect %s and connect the system again.", id);
		error_set(err, EXIT_STORE, "store", "store.sealed_damaged", msg, hint, NULL);
		goto out;
	}
	*len = envlen - pl - 1;
	if (!(*secret = sodium_malloc(*len + 1))) {
		*len = 0;
		error_set(err, EXIT_STORE, "seal", "seal.no_memory",
			  "Could not set aside protected memory for the credentials.",
			  "Close other programs and try again.", NULL);
		goto out;
	}
	memcpy(*secret, env + pl, *len);
	(*secret)[*len] = 0;
	if (info)
		conn_copy(info, c);
	rc = 0;
out:
	if (env)
		sodium_free(env);
	seal_keypair_free(kp);
	free(box);
	free(prefix);
	store_close(&st);
	return rc;
}

static int locked_update(const char *id, const char *schedule, bool checked, struct onr_error *err)
{
	struct store st;
	struct conn *c = locked_find(&st, id, err);
	int rc;

	if (!c)
		return -1;
	if (c->status != CONN_ACTIVE) {
		char msg[256];
		str_fmt(msg, sizeof(msg), "Connection %s is disconnected.", id);
		input_err(err, "store.disconnected", msg, "Connect the system again first.");
		store_close(&st);
		return -1;
	}
	if (checked)
		c->checked = time(NULL);
	if (schedule) {
		free(c->schedule);
		c->schedule = xstrdup(schedule);
	}
	c->dirty = true;
	rc = store_commit(&st, err);
	store_close(&st);
	return rc;
}

int lifecycle_mark_checked(const char *id, struct onr_error *err)
{
	return locked_update(id, NULL, true, err);
}

int lifecycle_set_schedule(const char *id, const char *schedule, struct onr_error *err)
{
	return locked_update(id, schedule ? schedule : "", false, err);
}

/* Opens the store locked on an active connection, or fails like
 * locked_update does for a disconnected one. */
static struct conn *locked_active(struct store *st, const char *id, struct onr_error *err)
{
	struct conn *c = locked_find(st, id, err);
	char msg[256];
	if (c && c->status != CONN_ACTIVE) {
		str_fmt(msg, sizeof(msg), "Connection %s is disconnected.", id);
		input_err(err, "store.disconnected", msg, "Connect the system again first.");
		store_close(st);
		return NULL;
	}
	return c;
}

int lifecycle_reseal(const char *id, const unsigned char *secret_json, size_t len, struct onr_error *err)
{
	struct config cfg;
	struct store st;
	struct conn *c;
	unsigned char pk[SEAL_KEY_BYTES], *box = NULL;
	size_t boxlen = 0;
	int rc = -1;

	if (!looks_like_object(secret_json, len)) {
		input_err(err, "store.bad_request", "The credentials to seal are not a JSON object.",
			  "This is a bug in the caller; please report it.");
		return -1;
	}
	if (config_load(&cfg, err) != 0 || seal_load_public(cfg.public_key, pk, err) != 0)
		return -1;
	if (!(c = locked_active(&st, id, err)))
		return -1;
	if (seal_envelope(pk, id, c->system, secret_json, len, &box, &boxlen, err) == 0 &&
	    store_sealed_write(&st, id, box, boxlen, c->sealed_hash, err) == 0) {
		c->checked = time(NULL);
		c->dirty = true;
		rc = store_commit(&st, err);
	}
	free(box);
	store_close(&st);
	return rc;
}
