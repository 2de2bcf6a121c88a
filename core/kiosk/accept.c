/* accept.c: deliveries and the token handover on the platform (accept.h). */
#include "accept.h"
#include "i18n.h"
#include "catalog.h"
#include "delivery.h"
#include "invite_admin.h"
#include "invite_key.h"
#include "lifecycle_impl.h"
#include "paths.h"
#include "seal.h"
#include "store/db_invites.h"
#include "sync/sync.h"
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void answer(struct accept_answer *out, unsigned status, const char *code, const char *msg)
{
	out->status = status;
	str_copy(out->code, sizeof(out->code), code);
	str_copy(out->message, sizeof(out->message), msg);
}

static void answer_ok(struct accept_answer *out, unsigned status, const char *msg)
{
	out->status = status;
	out->code[0] = 0;
	str_copy(out->message, sizeof(out->message), msg);
}

static void answer_err(struct accept_answer *out, unsigned status, const struct onr_error *err)
{
	answer(out, status, err->code, err->message);
}

const struct system *accept_system(const char *id)
{
	static struct catalog cat;
	static bool loaded;
	struct onr_error err;
	if (!loaded)
		loaded = catalog_load_default(&cat, &err) >= 0;
	return loaded ? catalog_find(&cat, id) : NULL;
}

/* The HMAC the kiosk sent matches the invite's delivery secret. */
static bool authentic(const struct delivery *d, const char *authorization)
{
	unsigned char *secret = sodium_malloc(INVITE_SECRET);
	struct onr_error err;
	struct invite_key *k = secret ? invite_key_load(false, &err) : NULL;
	char want[DELIVERY_MAC_HEX];
	bool ok = false;
	if (k && authorization && str_starts(authorization, "Delivery ") && strlen(authorization + 9) == 64) {
		invite_key_secret(k, d->invite_id, secret);
		delivery_mac(d, secret, want);
		ok = sodium_memcmp(want, authorization + 9, 64) == 0;
	}
	invite_key_free(k);
	if (secret)
		sodium_free(secret);
	return ok;
}

/* Inside the transaction: the same delivery again (200), a connection id
 * taken by something else (409), or 0 to go on. */
static unsigned seen_before(struct db *db, const struct delivery *d, const char *mac, struct accept_answer *out,
			    struct onr_error *err)
{
	char inv[32], digest[65];
	bool taken = false;
	int rc = db_invite_use_get(db, d->conn_id, inv, digest, err);
	if (rc < 0)
		return 500;
	if (rc == 0 && !strcmp(inv, d->invite_id) && !strcmp(digest, mac)) {
		answer_ok(out, 200, N_("This delivery arrived before; the connection exists."));
		return 200;
	}
	if (rc == 0 || db_id_taken(db, d->conn_id, &taken, err) != 0 || taken) {
		answer(out, 409, "delivery.conflict", N_("Another connection already has this id."));
		return 409;
	}
	return 0;
}

static unsigned adopt(struct db *db, const struct delivery *d, const struct system *sys, const char *mac,
		      struct accept_answer *out, struct onr_error *err)
{
	struct db_invite inv;
	unsigned st;
	int rc = db_invite_get(db, d->invite_id, &inv, err);
	if (rc != 0)
		return rc < 0 ? 500 : (answer(out, 404, "invite.unknown", N_("This platform made no such invite.")), 404);
	if ((st = seen_before(db, d, mac, out, err)) == 0 && invite_usable(&inv, time(NULL), err) != 0)
		st = !strcmp(err->code, "invite.used_up") ? 409 : 410, answer_err(out, st, err);
	if (st == 0 && strcmp(inv.system, d->system))
		st = 400,
		answer(out, 400, "delivery.bad_request", N_("The delivery is for another system than its invite."));
	db_invite_free(&inv);
	if (st)
		return st;
	struct conn_new c = {.system = sys->id,
			     .credits = sys->tier,
			     .url = d->url,
			     .user = d->user,
			     .public_json = d->fields,
			     .pin = d->pin,
			     .plain_http = d->plain_http[0] ? d->plain_http : NULL,
			     .schedule = schedule_default(sys->id)};
	if (lifecycle_adopt(db, &c, d->conn_id, d->box, d->boxlen, err) != 0)
		return !strcmp(err->code, "store.credits") ? (answer_err(out, 409, err), 409) : 500;
	if (db_invite_use_add(db, d->invite_id, d->conn_id, mac, time(NULL), err) != 0)
		return 500;
	answer_ok(out, 201, N_("Connected."));
	return 201;
}

void accept_sealed(struct db *db, const struct delivery *d, const char *digest, struct accept_answer *out)
{
	const struct system *sys = accept_system(d->system);
	struct onr_error err;
	unsigned st;
	str_copy(out->conn_id, sizeof(out->conn_id), d->conn_id);
	if (!sys) {
		answer(out, 400, "delivery.bad_request", N_("This platform does not know the delivery's system."));
	} else if (db_begin(db, &err) != 0) {
		answer(out, 503, "store.failed", N_("The platform could not write its database. Try again."));
	} else {
		st = adopt(db, d, sys, digest, out, &err);
		if (st == 201 && db_commit(db, &err) != 0)
			st = 500;
		if (st != 201)
			db_rollback(db);
		if (st == 500)
			answer(out, 503, "store.failed", N_("The platform could not write its database. Try again."));
	}
}

void accept_delivery(struct db *db, const char *body, size_t len, const char *authorization, struct accept_answer *out)
{
	struct delivery d;
	struct onr_error err;

	memset(out, 0, sizeof(*out));
	if (delivery_parse(body, len, false, &d, &err) != 0) {
		answer_err(out, 400, &err);
		return;
	}
	str_copy(out->conn_id, sizeof(out->conn_id), d.conn_id);
	if (!accept_system(d.system))
		answer(out, 400, "delivery.bad_request", N_("This platform does not know the delivery's system."));
	else if (!authentic(&d, authorization))
		answer(out, 401, "delivery.bad_secret",
		       N_("The delivery is not signed with its invite's delivery secret."));
	else
		accept_sealed(db, &d, authorization + 9, out);
	delivery_free(&d);
}

/* --- the application's token handover ----------------------------------- */

static int app_token_path(char *out, size_t size, struct onr_error *err)
{
	char dir[PATHS_MAX];
	if (paths_config_dir(dir, sizeof(dir), true, err) != 0)
		return -1;
	return paths_join(out, size, dir, "app-token.hash");
}

int accept_app_token_new(char *out, struct onr_error *err)
{
	char path[PATHS_MAX], hex[SEAL_HASH_HEX + 1];
	if (app_token_path(path, sizeof(path), err) != 0)
		return -1;
	if (seal_token_mint(out, SEAL_TOKEN_LEN + 1) != 0) {
		error_set(err, EXIT_STORE, "seal", "seal.failed", _("Could not make an app token."), _("Try again."), NULL);
		return -1;
	}
	seal_hash_hex(out, strlen(out), hex);
	hex[SEAL_HASH_HEX - 1] = '\n';
	return paths_write_atomic(path, hex, SEAL_HASH_HEX, 0, err);
}

bool accept_app_token_ok(const char *authorization)
{
	char path[PATHS_MAX], want[SEAL_HASH_HEX], *stored = NULL;
	struct onr_error err;
	size_t len = 0;
	bool ok = false;
	if (!authorization || !str_starts(authorization, "Bearer ") || app_token_path(path, sizeof(path), &err) != 0 ||
	    paths_read(path, 256, false, &stored, &len, &err) != 0)
		return false;
	seal_hash_hex(authorization + 7, strlen(authorization + 7), want);
	ok = len >= 64 && sodium_memcmp(want, stored, 64) == 0;
	free(stored);
	return ok;
}

static int collect(void *arg, const struct db_invite_conn *c)
{
	cJSON *o = cJSON_CreateObject(), *f = cJSON_Parse(c->fields);
	char when[32];
	store_time_str(c->created, when);
	cJSON_AddStringToObject(o, "id", c->id);
	cJSON_AddStringToObject(o, "system", c->system);
	cJSON_AddStringToObject(o, "invite_id", c->invite_id);
	cJSON_AddStringToObject(o, "created", when);
	cJSON_AddItemToObject(o, "fields", f ? f : cJSON_CreateObject());
	if (c->no_token)
		cJSON_AddNullToObject(o, "token"); /* filled in below */
	cJSON_AddItemToArray(arg, o);
	return 0;
}

/* Mints the tokens of the listed connections that have none yet. */
static int mint_tokens(struct db *db, cJSON *arr, struct onr_error *err)
{
	cJSON *o;
	cJSON_ArrayForEach (o, arr) {
		cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "token");
		char tok[SEAL_TOKEN_LEN + 1], hash[SEAL_HASH_HEX];
		bool got = false;
		if (!t)
			continue;
		if (seal_token_mint(tok, sizeof(tok)) != 0)
			return -1;
		seal_hash_hex(tok, strlen(tok), hash);
		if (db_invite_set_token(db, cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring, hash, &got, err) !=
		    0)
			return -1;
		if (got)
			cJSON_ReplaceItemInObjectCaseSensitive(o, "token", cJSON_CreateString(tok));
		else
			cJSON_DeleteItemFromObjectCaseSensitive(o, "token");
		sodium_memzero(tok, sizeof(tok));
	}
	return 0;
}

int accept_handover(struct db *db, struct buf *b, struct onr_error *err)
{
	cJSON *j = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(j, "connections");
	char *out;
	int rc = db_begin(db, err);
	if (rc == 0 && (rc = db_invite_conns(db, collect, arr, err)) == 0 && (rc = mint_tokens(db, arr, err)) == 0)
		rc = db_commit(db, err);
	if (rc != 0)
		db_rollback(db);
	if (rc == 0 && (out = cJSON_PrintUnformatted(j))) {
		buf_adds(b, out);
		sodium_memzero(out, strlen(out));
		free(out);
	}
	/* the tokens in the tree are wiped with it */
	cJSON *o;
	cJSON_ArrayForEach (o, arr) {
		cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "token");
		if (cJSON_IsString(t))
			sodium_memzero(t->valuestring, strlen(t->valuestring));
	}
	cJSON_Delete(j);
	return rc ? -1 : 0;
}
