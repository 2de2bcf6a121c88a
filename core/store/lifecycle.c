/* lifecycle.c: the life of a connection (see lifecycle.h). */
#include "lifecycle_impl.h"
#include "i18n.h"
#include "config.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

void input_err(struct onr_error *err, const char *code, const char *msg, const char *hint)
{
	error_set(err, EXIT_INPUT, "store", code, msg, hint, NULL);
}

static void not_found(struct db *db, const char *id, struct onr_error *err)
{
	char msg[256];
	bool taken = false;
	struct onr_error d;

	db_import_problems(db, &d);
	if (store_id_valid(id) && d.exit && db_id_taken(db, id, &taken, err) == 0 && taken) {
		*err = d;
		str_fmt(msg, sizeof(msg), _("The entry of connection %s in the old connections file is damaged."),
			id);
		str_copy(err->message, sizeof(err->message), msg);
		return;
	}
	str_fmt(msg, sizeof(msg), _("There is no connection with the id \"%s\"."),
		store_id_valid(id) ? id : _("(not an id)"));
	input_err(err, "store.not_found", msg,
		  _("Check the id: \"onramp list\" shows the connections and their ids."));
	if (d.exit)
		str_fmt(err->hint, sizeof(err->hint), _("Check the id: \"onramp list\" shows the connections. "
			"Note: %s"), d.message);
}

/* The connection id, or fills err: unknown or damaged. */
int lifecycle_find(struct db *db, const char *id, struct conn *c, struct onr_error *err)
{
	int rc = store_id_valid(id) ? db_conn_get(db, id, c, err) : 1;
	if (rc == 1)
		not_found(db, id, err);
	return rc == 0 ? 0 : -1;
}

static int by_credits_desc(const void *a, const void *b)
{
	const struct conn *x = *(const struct conn *const *)a, *y = *(const struct conn *const *)b;
	return y->credits - x->credits;
}

static void credits_error(const struct conn *v, size_t n, const struct config *cfg, int need,
			  int used, struct onr_error *err)
{
	char msg[256], hint[768], names[400] = "";
	int pool = cfg->credits, avail = pool - used, shortby = need - avail, freed = 0;
	size_t nact = 0, named = 0;
	const struct conn **act = xcalloc(n ? n : 1, sizeof(*act));

	if (avail < 0)
		avail = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].status == CONN_ACTIVE && v[i].credits > 0)
			act[nact++] = &v[i];
	qsort(act, nact, sizeof(*act), by_credits_desc);
	/* One connection that frees enough on its own, the smallest such... */
	const struct conn *one = NULL;
	for (size_t i = 0; i < nact; i++)
		if (act[i]->credits >= shortby)
			one = act[i];
	for (size_t i = 0; i < nact && freed < shortby && named < 3; i++) {
		const struct conn *c = one ? one : act[i];
		size_t l = strlen(names);
		if (named)
			str_fmt(names + l, sizeof(names) - l, ", ");
		l = strlen(names);
		/* TRANSLATORS: one item of the list in "Disconnect a connection you no
		 * longer use to free credits: %s." (id, system id, its credits) */
		str_fmt(names + l, sizeof(names) - l,
			NG_("\"onramp disconnect %1$s\" (%2$s, %3$d credit)",
			    "\"onramp disconnect %1$s\" (%2$s, %3$d credits)", c->credits),
			c->id, c->system, c->credits);
		freed += c->credits;
		named++;
		if (one)
			break;
	}
	free(act);
	str_fmt(msg, sizeof(msg),
		NG_("Not enough credits: this system needs %d, but only %d of the %d in the pool is free.",
		    "Not enough credits: this system needs %d, but only %d of the %d in the pool are free.", avail),
		need, avail, pool);
	if (need > pool)
		str_fmt(hint, sizeof(hint),
			_("This system needs more credits than the whole pool holds. Ask your administrator "
			"to raise the pool (\"credits = %d\" or more in %s)."), need, cfg->path);
	else if (named && freed >= shortby)
		str_fmt(hint, sizeof(hint),
			_("Disconnect a connection you no longer use to free credits: %s. Or ask your "
			"administrator to raise the pool (\"credits = %d\" in %s)."), names, used + need,
			cfg->path);
	else
		str_fmt(hint, sizeof(hint),
			_("Disconnect connections you no longer use (\"onramp list\" shows them and their "
			"credits), or ask your administrator to raise the pool (\"credits = %d\" in %s)."),
			used + need, cfg->path);
	error_set(err, EXIT_STORE, "store", "store.credits", msg, hint, NULL);
	str_fmt(err->tech, sizeof(err->tech), _("credits: %1$d used + %2$d needed > %3$d in the pool"), used, need,
		pool);
}

static char *json_quote(const char *s)
{
	cJSON *j = cJSON_CreateString(s ? s : "");
	char *out = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return out ? out : xstrdup("\"\"");
}

/* The prefix of the sealed envelope: {"id":"ID","system":"SYS","credentials": */
char *envelope_prefix(const char *id, const char *system)
{
	char *q = json_quote(system);
	size_t n = strlen(id) + strlen(q) + 48;
	char *p = xmalloc(n);
	snprintf(p, n, "{\"id\":\"%s\",\"system\":%s,\"credentials\":", id, q);
	free(q);
	return p;
}

bool looks_like_object(const unsigned char *s, size_t len)
{
	size_t a = 0, b = len;
	while (a < b && (s[a] == ' ' || s[a] == '\n' || s[a] == '\t' || s[a] == '\r'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t' || s[b - 1] == '\r'))
		b--;
	return b - a >= 2 && s[a] == '{' && s[b - 1] == '}' && !memchr(s, 0, len);
}

/* Inside the write transaction: can the pool afford `need` more? */
static int afford(struct db *db, const struct config *cfg, int need, struct onr_error *err)
{
	struct conn *v;
	size_t n;
	int used, rc;

	if ((rc = db_credits_used(db, &used, err)) != 0)
		return rc;
	if (used + need <= cfg->credits)
		return 0;
	if ((rc = db_conn_list(db, &v, &n, err)) != 0)
		return rc;
	credits_error(v, n, cfg, need, used, err);
	conn_vec_free(v, n);
	return -1;
}

int lifecycle_credits(int *used, int *pool, struct onr_error *err)
{
	struct config cfg;
	struct db *db;
	int rc;

	if (config_load(&cfg, err) != 0 || db_open(&db, err) != 0)
		return -1;
	rc = db_credits_used(db, used, err);
	*pool = cfg.credits;
	db_close(db);
	return rc ? -1 : 0;
}

int lifecycle_can_afford(int credits, struct onr_error *err)
{
	struct config cfg;
	struct db *db;
	int rc;

	if (config_load(&cfg, err) != 0 || db_open(&db, err) != 0)
		return -1;
	rc = afford(db, &cfg, credits, err);
	db_close(db);
	return rc ? -1 : 0;
}

/* A new random id that no connection, damaged line, history or sealed
 * file uses. The insert's primary key settles a race between two. */
static int new_id(struct db *db, const struct store *st, char id[16], struct onr_error *err)
{
	static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
	char path[PATHS_MAX];
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned char r[STORE_ID_LEN];
		bool taken;
		randombytes_buf(r, sizeof(r));
		for (int i = 0; i < STORE_ID_LEN; i++)
			id[i] = alphabet[r[i] & 31];
		id[STORE_ID_LEN] = 0;
		if (db_id_taken(db, id, &taken, err) != 0)
			return -1;
		if (taken || (store_sealed_path(st, id, path, sizeof(path)) == 0 && access(path, F_OK) == 0))
			continue;
		return 0;
	}
	error_set(err, EXIT_STORE, "store", "store.internal", _("Could not pick a new connection id."),
		  _("This should not happen; please report it."), NULL);
	return -1;
}

/* Checks the request; fills *fields with the compact public JSON. */
static int check_new(const struct conn_new *c, char *token, char **fields, struct onr_error *err)
{
	if (!c || !c->system || !*c->system || !token) {
		input_err(err, "store.bad_request", _("Nothing to connect: the system is missing."),
			  _("This is a bug in the caller; please report it."));
		return -1;
	}
	if (c->credits < 0 || c->credits > 1000) {
		input_err(err, "store.bad_request", _("The system's credit cost is not valid."),
			  _("Check the catalog entry's tier (1, 2 or 4)."));
		return -1;
	}
	if (!c->secret_json || !looks_like_object(c->secret_json, c->secret_len)) {
		input_err(err, "store.bad_request", _("The credentials to seal are not a JSON object."),
			  _("This is a bug in the caller; please report it."));
		return -1;
	}
	if (c->pin && *c->pin && !str_starts(c->pin, "sha256//")) {
		error_set(err, EXIT_INPUT, "tls", "tls.bad_pin", _("The certificate pin is not of the form sha256//BASE64."),
			  _("Confirm the server's certificate again to record its pin."), NULL);
		return -1;
	}
	cJSON *pub = cJSON_Parse(c->public_json && *c->public_json ? c->public_json : "{}");
	if (!cJSON_IsObject(pub)) {
		cJSON_Delete(pub);
		input_err(err, "store.bad_request", _("The public field values are not a JSON object."),
			  _("This is a bug in the caller; please report it."));
		return -1;
	}
	*fields = cJSON_PrintUnformatted(pub);
	cJSON_Delete(pub);
	return 0;
}

/* Seals {"id":..,"system":..,"credentials":SECRET} to the public key; the
 * envelope binds the box to its connection. */
int seal_envelope(const unsigned char pk[SEAL_KEY_BYTES], const char *id, const char *system,
		  const unsigned char *secret, size_t len, unsigned char **box, size_t *boxlen,
		  struct onr_error *err)
{
	char *prefix = envelope_prefix(id, system);
	size_t pl = strlen(prefix), envlen = pl + len + 1;
	unsigned char *env = sodium_malloc(envlen);
	int rc = -1;
	if (!env) {
		error_set(err, EXIT_STORE, "seal", "seal.no_memory",
			  _("Could not set aside protected memory for the credentials."),
			  _("Close other programs and try again."), NULL);
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

/* Seals c's credentials to pk and writes the sealed file; hash gets the
 * box's BLAKE2b. */
static int seal_and_write(struct store *st, const unsigned char pk[SEAL_KEY_BYTES], const char *id,
			  const struct conn_new *c, char hash[65], struct onr_error *err)
{
	unsigned char *box = NULL;
	size_t boxlen = 0;
	int rc = -1;
	if (seal_envelope(pk, id, c->system, c->secret_json, c->secret_len, &box, &boxlen, err) == 0)
		rc = store_sealed_write(st, id, box, boxlen, hash, err);
	free(box);
	return rc;
}

/* e borrows c's strings: it is inserted, never freed. */
static void fill_entry(struct conn *e, const struct conn_new *c, const char *id, char *fields)
{
	memset(e, 0, sizeof(*e));
	str_copy(e->id, sizeof(e->id), id);
	e->system = (char *)c->system;
	e->url = (char *)(c->url ? c->url : "");
	e->user = (char *)(c->user ? c->user : "");
	e->public_json = fields;
	if (c->pin && *c->pin) {
		e->pins = (char **)&c->pin;
		e->npins = 1;
	}
	e->cafile = (char *)(c->cafile ? c->cafile : "");
	e->schedule = (char *)(c->schedule ? c->schedule : "");
	e->attention = "";
	e->created = time(NULL);
	e->plain_http = (char *)(c->plain_http ? c->plain_http : "");
	e->plain_http_at = *e->plain_http ? e->created : 0;
	/* a new schedule's first sync is due at once */
	e->next_sync = *e->schedule ? e->created : 0;
	e->status = CONN_ACTIVE;
	e->credits = c->credits;
}

/* Inside the write transaction: credits, then the row. */
static int insert(struct db *db, const struct config *cfg, const struct conn *e,
		  struct onr_error *err)
{
	int rc = db_begin(db, err);
	if (rc != 0)
		return rc;
	if ((rc = afford(db, cfg, e->credits, err)) != 0 || (rc = db_conn_insert(db, e, err)) != 0 ||
	    (rc = db_commit(db, err)) != 0) {
		db_rollback(db);
		return rc;
	}
	return 0;
}

int lifecycle_connect(const struct conn_new *c, char id[16], char *token, char *where,
		      size_t wherelen, struct onr_error *err)
{
	struct config cfg;
	struct store st;
	struct db *db = NULL;
	struct conn e;
	unsigned char pk[SEAL_KEY_BYTES];
	char *fields = NULL;
	int rc = -1;

	id[0] = 0;
	if (token)
		token[0] = 0;
	if (check_new(c, token, &fields, err) != 0)
		return -1;
	if (config_load(&cfg, err) != 0 || (!cfg.kiosk && seal_ensure_keys(&cfg, err) < 0) ||
	    seal_load_public(cfg.public_key, pk, err) != 0 || store_paths(&st, err) != 0 ||
	    db_open(&db, err) != 0)
		goto out;
	store_sweep_tmp(&st);
	if (afford(db, &cfg, c->credits, err) != 0 || new_id(db, &st, id, err) != 0)
		goto out;
	fill_entry(&e, c, id, fields);
	if (seal_and_write(&st, pk, id, c, e.sealed_hash, err) != 0)
		goto undo;
	if (seal_token_mint(token, LIFECYCLE_TOKEN_MAX) != 0) {
		error_set(err, EXIT_STORE, "seal", "seal.failed", _("Could not make an access token."),
			  _("Try again."), NULL);
		goto undo;
	}
	seal_hash_hex(token, strlen(token), e.token_hash);
	/* The sealed file first, then the row: a crash between them leaves a
	 * sealed file no entry names, never an entry without its file. */
	if (insert(db, &cfg, &e, err) != 0)
		goto undo;
	if (where)
		str_copy(where, wherelen, db_path(db));
	rc = 0;
	goto out;
undo:
	{
		struct onr_error ignore;
		store_sealed_destroy(&st, id, &ignore);
		sodium_memzero(token, LIFECYCLE_TOKEN_MAX);
		id[0] = 0;
	}
out:
	db_close(db);
	free(fields);
	return rc;
}

int lifecycle_adopt(struct db *db, const struct conn_new *c, const char *id, const unsigned char *box,
		    size_t boxlen, struct onr_error *err)
{
	struct config cfg;
	struct store st;
	struct conn e;
	cJSON *pub = cJSON_Parse(c->public_json ? c->public_json : "{}");
	char *fields = cJSON_IsObject(pub) ? cJSON_PrintUnformatted(pub) : NULL;
	int rc = -1;

	cJSON_Delete(pub);
	if (!fields) {
		input_err(err, "store.bad_request", _("The public field values are not a JSON object."),
			  _("The kiosk sent a damaged delivery; it should be sent again."));
		return -1;
	}
	fill_entry(&e, c, id, fields);
	if (config_load(&cfg, err) == 0 && store_paths(&st, err) == 0 && afford(db, &cfg, c->credits, err) == 0 &&
	    store_sealed_write(&st, id, box, boxlen, e.sealed_hash, err) == 0) {
		if ((rc = db_conn_insert(db, &e, err)) != 0) {
			struct onr_error ignore;
			store_sealed_destroy(&st, id, &ignore);
		}
	}
	free(fields);
	return rc;
}

int lifecycle_list(struct conn_list *out, struct onr_error *err)
{
	struct config cfg;
	struct db *db;

	memset(out, 0, sizeof(*out));
	if (config_load(&cfg, err) != 0 || db_open(&db, err) != 0)
		return -1;
	if (db_conn_list(db, &out->v, &out->n, err) != 0 ||
	    db_credits_used(db, &out->used, err) != 0) {
		db_close(db);
		conn_list_free(out);
		return -1;
	}
	out->pool = cfg.credits;
	str_copy(out->registry, sizeof(out->registry), db_path(db));
	db_import_problems(db, &out->damage);
	db_close(db);
	return 0;
}

void conn_vec_free(struct conn *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		conn_free(&v[i]);
	free(v);
}

void conn_list_free(struct conn_list *l)
{
	conn_vec_free(l->v, l->n);
	memset(l, 0, sizeof(*l));
}

int lifecycle_get(const char *id, struct conn *out, struct onr_error *err)
{
	struct db *db;
	int rc;

	memset(out, 0, sizeof(*out));
	if (db_open(&db, err) != 0)
		return -1;
	rc = lifecycle_find(db, id, out, err);
	db_close(db);
	return rc;
}
