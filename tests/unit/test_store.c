/* Unit tests: the store and the connection lifecycle. */
#include "t.h"
#include "i18n.h"
#include "iso.h"
#include "api/api_auth.h"
#include "config.h"
#include "lifecycle.h"
#include "paths.h"
#include "seal.h"
#include "store.h"
#include "store/db.h"
#include "store/db_api.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>


/* Connects a fake system; token (may be NULL) gets a copy of the token. */
static int add(const char *system, int credits, const char *secret, char id[16], char tok[64],
	       struct onr_error *err)
{
	size_t n = strlen(secret);
	unsigned char *s = sodium_malloc(n + 1);
	char *t = sodium_malloc(LIFECYCLE_TOKEN_MAX);
	memcpy(s, secret, n + 1);
	struct conn_new c = {
		.system = system, .credits = credits, .url = "https://erp.example.com", .user = "admin",
		.public_json = "{\"url\":\"https://erp.example.com\",\"username\":\"admin\"}",
		.secret_json = s, .secret_len = n, .pin = "sha256//AAAA", .cafile = "",
		.schedule = "hourly",
	};
	int rc = lifecycle_connect(&c, id, t, NULL, 0, err);
	if (tok)
		snprintf(tok, 64, "%s", t);
	sodium_free(s);
	sodium_free(t);
	return rc;
}

static int check_token(const char *tok, char id[16], struct onr_error *err)
{
	return lifecycle_token_check(tok, strlen(tok), id, NULL, 0, err);
}

static int usable(void)
{
	struct conn_list l;
	struct onr_error err;
	if (lifecycle_list(&l, &err) != 0)
		return -1;
	int n = (int)l.n;
	conn_list_free(&l);
	return n;
}

/* --- tests -------------------------------------------------------------- */

static void test_connect_list(void)
{
	char id1[16], id2[16], tok[64], where[PATHS_MAX], path[PATHS_MAX];
	struct onr_error err;
	struct conn_list l;

	iso_begin("store");
	umask(022);
	CHECK(add("tryton", 2, "{\"password\":\"pw1-Never-In-Plain\"}", id1, tok, &err) == 0);
	CHECK(strlen(id1) == STORE_ID_LEN && store_id_valid(id1));
	CHECK(strncmp(tok, "onr_", 4) == 0 && strlen(tok) == SEAL_TOKEN_LEN);
	CHECK(add("odoo", 1, "{\"api_key\":\"k2-Never-In-Plain\"}", id2, NULL, &err) == 0);
	CHECK(strcmp(id1, id2) != 0);
	CHECK(lifecycle_list(&l, &err) == 0);
	CHECK(l.n == 2 && l.used == 3 && l.pool == 10 && l.damage.exit == 0);
	if (l.n == 2) {
		CHECK_STR(l.v[0].id, id1);
		CHECK_STR(l.v[0].system, "tryton");
		CHECK_STR(l.v[0].url, "https://erp.example.com");
		CHECK_STR(l.v[0].user, "admin");
		CHECK(l.v[0].status == CONN_ACTIVE && l.v[0].credits == 2);
		CHECK(l.v[0].created > 0 && l.v[0].checked == 0);
		CHECK(l.v[0].npins == 1 && strcmp(l.v[0].pins[0], "sha256//AAAA") == 0);
		CHECK_STR(l.v[0].schedule, "hourly");
		CHECK(strstr(l.v[0].public_json, "\"username\":\"admin\"") != NULL);
		CHECK_STR(l.v[1].system, "odoo");
	}
	snprintf(where, sizeof(where), "%s/data/onramp/onramp.db", iso_dir);
	CHECK_STR(l.registry, where);
	conn_list_free(&l);

	/* The database holds no secret and no token, only the token's hash. */
	size_t len;
	char *text = iso_slurp(where, &len);
	CHECK(text && len > 16 && memcmp(text, "SQLite format 3", 15) == 0);
	/* long secrets: random base64 in the files cannot hold them by chance */
	CHECK(text && !memmem(text, len, "pw1-Never-In-Plain", 18) && !memmem(text, len, "k2-Never-In-Plain", 17) &&
	      !memmem(text, len, tok, strlen(tok)));
	char hash[SEAL_HASH_HEX];
	seal_hash_hex(tok, strlen(tok), hash);
	CHECK(text && memmem(text, len, hash, 64));
	free(text);

	/* Permissions: files 0600, folders 0700. */
	CHECK(iso_mode(where) == 0600);
	iso_data_path(path, sizeof(path), "");
	CHECK(iso_mode(path) == 0700);
	iso_data_path(path, sizeof(path), "sealed");
	CHECK(iso_mode(path) == 0700);
	snprintf(path, sizeof(path), "%s/data/onramp/sealed/%s.box", iso_dir, id1);
	CHECK(iso_mode(path) == 0600);
	text = iso_slurp(path, &len);
	CHECK(text && strncmp(text, "onramp-sealed 1\nid ", 19) == 0 && !strstr(text, "pw1-Never-In-Plain"));
	free(text);
	/* the WAL and its index, while a connection has the database open */
	struct db *db;
	CHECK(db_open(&db, &err) == 0);
	CHECK(db_begin(db, &err) == 0 && db_set_checked(db, id1, 1, &err) == 0 && db_commit(db, &err) == 0);
	iso_data_path(path, sizeof(path), "onramp.db-wal");
	CHECK(iso_mode(path) == 0600);
	iso_data_path(path, sizeof(path), "onramp.db-shm");
	CHECK(iso_mode(path) == 0600);
	db_close(db);
	snprintf(path, sizeof(path), "%s/config/onramp/recipient.key", iso_dir);
	CHECK(iso_mode(path) == 0600); /* first run made the key pair */
	snprintf(path, sizeof(path), "%s/config/onramp", iso_dir);
	CHECK(iso_mode(path) == 0700);
	iso_end();
}

static void test_token_lifecycle(void)
{
	char id[16], other[16], got[16], tok[64], tok2[64], sys[32];
	struct onr_error err;
	struct conn c;
	int freed = -1;

	iso_begin("store");
	CHECK(add("tryton", 2, "{\"password\":\"pw\"}", id, tok, &err) == 0);
	CHECK(add("odoo", 1, "{\"password\":\"pw\"}", other, tok2, &err) == 0);
	CHECK(check_token(tok, got, &err) == 0);
	CHECK_STR(got, id);
	char padded[80];
	snprintf(padded, sizeof(padded), "  %s\n", tok);
	CHECK(lifecycle_token_check(padded, strlen(padded), got, sys, sizeof(sys), &err) == 0);
	CHECK_STR(sys, "tryton");
	CHECK(check_token("onr_nonsense", got, &err) == -1);
	CHECK(err.exit == EXIT_AUTH);
	CHECK_STR(err.code, "token.invalid");
	CHECK(check_token("", got, &err) == -1 && err.exit == EXIT_INPUT);

	CHECK(lifecycle_disconnect(id, &freed, &err) == 0);
	CHECK(freed == 2);
	CHECK(check_token(tok, got, &err) == -1); /* at once */
	CHECK(err.exit == EXIT_AUTH);
	CHECK(check_token(tok2, got, &err) == 0); /* the other one still works */
	CHECK_STR(got, other);

	CHECK(lifecycle_get(id, &c, &err) == 0);
	CHECK(c.status == CONN_DISCONNECTED && c.token_hash[0] == 0);
	CHECK_STR(c.schedule, ""); /* no more scheduled syncs */
	CHECK(c.disconnected > 0);
	conn_free(&c);
	char path[PATHS_MAX];
	snprintf(path, sizeof(path), "%s/data/onramp/sealed/%s.box", iso_dir, id);
	CHECK(access(path, F_OK) != 0); /* sealed credentials destroyed */
	int used, pool;
	CHECK(lifecycle_credits(&used, &pool, &err) == 0 && used == 1 && pool == 10);
	/* again: nothing left to do, no error */
	CHECK(lifecycle_disconnect(id, &freed, &err) == 0 && freed == 0);
	CHECK(lifecycle_disconnect("nosuchid", &freed, &err) == -1);
	CHECK(err.exit == EXIT_INPUT && strcmp(err.code, "store.not_found") == 0);
	CHECK(lifecycle_disconnect("../../etc", &freed, &err) == -1);
	iso_end();
}

static void test_purge(void)
{
	char id[16], path[PATHS_MAX];
	struct onr_error err;
	struct conn c;

	iso_begin("store");
	CHECK(add("tryton", 1, "{\"p\":\"1\"}", id, NULL, &err) == 0);
	/* an onramp 0.1 history folder goes at purge too */
	snprintf(path, sizeof(path), "%s/data/onramp/history/%s", iso_dir, id);
	CHECK(paths_mkdirs(path, true, &err) == 0);
	CHECK(lifecycle_purge(id, &err) == -1); /* refuses while active */
	CHECK(err.exit == EXIT_INPUT);
	CHECK_STR(err.code, "store.active");
	CHECK(strstr(err.hint, "onramp disconnect") != NULL);
	CHECK(lifecycle_get(id, &c, &err) == 0 && c.status == CONN_ACTIVE);
	conn_free(&c);
	CHECK(lifecycle_disconnect(id, NULL, &err) == 0);
	CHECK(lifecycle_purge(id, &err) == 0);
	CHECK(access(path, F_OK) != 0);
	CHECK(lifecycle_get(id, &c, &err) == -1);
	CHECK(usable() == 0);
	CHECK(lifecycle_purge(id, &err) == -1 && strcmp(err.code, "store.not_found") == 0);
	iso_end();
}

static void test_credits(void)
{
	char a[16], b[16], c[16];
	struct onr_error err;

	iso_begin("store");
	iso_write_config("credits = 5\n");
	CHECK(lifecycle_can_afford(4, &err) == 0);
	CHECK(add("sap", 4, "{\"p\":\"1\"}", a, NULL, &err) == 0);
	CHECK(add("odoo", 1, "{\"p\":\"1\"}", b, NULL, &err) == 0);
	CHECK(lifecycle_can_afford(1, &err) == -1);
	CHECK(err.exit == EXIT_STORE);
	CHECK_STR(err.code, "store.credits");
	CHECK(strstr(err.message, "needs 1") != NULL);
	CHECK(strstr(err.hint, "onramp disconnect") != NULL);
	CHECK(strstr(err.hint, "administrator") != NULL);
	/* each named connection with its credits, in the language's plural forms */
	CHECK(strstr(err.hint, "(odoo, 1 credit)") != NULL);
	CHECK(lifecycle_can_afford(4, &err) == -1 && strstr(err.hint, "(sap, 4 credits)"));
	i18n_start();
	i18n_set("de");
	CHECK(lifecycle_can_afford(4, &err) == -1 && strstr(err.hint, "(sap, 4 Credits)"));
	CHECK(lifecycle_can_afford(1, &err) == -1 && strstr(err.hint, "(odoo, 1 Credit)"));
	i18n_set("fr");
	CHECK(lifecycle_can_afford(4, &err) == -1 && strstr(err.hint, "(sap, 4 crédits)"));
	i18n_set("en");
	CHECK(add("tryton", 2, "{\"p\":\"1\"}", c, NULL, &err) == -1); /* connect refuses too */
	CHECK_STR(err.code, "store.credits");
	CHECK(strstr(err.hint, a) != NULL || strstr(err.hint, b) != NULL);
	CHECK(usable() == 2);
	CHECK(lifecycle_disconnect(a, NULL, &err) == 0); /* returns 4 */
	CHECK(add("tryton", 2, "{\"p\":\"1\"}", c, NULL, &err) == 0);
	int used, pool;
	CHECK(lifecycle_credits(&used, &pool, &err) == 0 && used == 3 && pool == 5);
	/* more than the whole pool: ask the administrator */
	CHECK(lifecycle_can_afford(8, &err) == -1 && strstr(err.hint, "administrator"));
	iso_end();
}

static void test_open(void)
{
	char id[16], id2[16];
	struct onr_error err;
	unsigned char *secret;
	size_t len;
	struct conn info;

	iso_begin("store");
	CHECK(add("tryton", 1, "{\"password\":\"p\\\"w\"}", id, NULL, &err) == 0);
	CHECK(add("odoo", 1, "{\"api_key\":\"zzz\"}", id2, NULL, &err) == 0);
	CHECK(lifecycle_can_open(&err));
	CHECK(lifecycle_open(id, NULL, &secret, &len, &info, &err) == 0);
	CHECK(secret && len == strlen("{\"password\":\"p\\\"w\"}"));
	CHECK(secret && strcmp((char *)secret, "{\"password\":\"p\\\"w\"}") == 0);
	CHECK_STR(info.system, "tryton");
	conn_free(&info);
	if (secret)
		sodium_free(secret);
	CHECK(lifecycle_open("nope", NULL, &secret, &len, NULL, &err) == -1);
	CHECK_STR(err.code, "store.not_found");
	/* A box copied over another connection's is caught. */
	char a[PATHS_MAX], b[PATHS_MAX];
	snprintf(a, sizeof(a), "%s/data/onramp/sealed/%s.box", iso_dir, id);
	snprintf(b, sizeof(b), "%s/data/onramp/sealed/%s.box", iso_dir, id2);
	size_t n;
	char *text = iso_slurp(a, &n), *orig = iso_slurp(b, &n);
	iso_spit(b, text, strlen(text));
	CHECK(lifecycle_open(id2, NULL, &secret, &len, NULL, &err) == -1);
	CHECK_STR(err.code, "store.sealed_damaged");
	CHECK(strstr(err.message, b) != NULL);
	free(text);
	iso_spit(b, orig, strlen(orig));
	free(orig);
	CHECK(lifecycle_open(id2, NULL, &secret, &len, NULL, &err) == 0);
	sodium_free(secret);
	/* Disconnected: nothing to open. */
	CHECK(lifecycle_disconnect(id, NULL, &err) == 0);
	CHECK(lifecycle_open(id, NULL, &secret, &len, NULL, &err) == -1);
	CHECK_STR(err.code, "store.disconnected");
	iso_end();
}

static void test_open_wrapped(void)
{
	char id[16];
	struct onr_error err;
	struct config cfg;
	unsigned char *secret;
	size_t len;
	int fds[2];

	iso_begin("store");
	CHECK(config_load(&cfg, &err) == 0);
	struct seal_keypair *kp = seal_keypair_new();
	CHECK(seal_write_secret(cfg.secret_key, kp, "hunter2", 7, PATHS_NO_REPLACE, &err) == 0);
	CHECK(seal_write_public(cfg.public_key, kp->pk, 0, &err) == 0);
	seal_keypair_free(kp);
	CHECK(add("tryton", 1, "{\"password\":\"x\"}", id, NULL, &err) == 0);
	struct seal_pass pass = {.fd = -1};
	CHECK(lifecycle_open(id, &pass, &secret, &len, NULL, &err) == -1);
	CHECK_STR(err.code, "seal.passphrase_needed");
	CHECK(pipe(fds) == 0 && write(fds[1], "wrong\n", 6) == 6);
	close(fds[1]);
	pass.fd = fds[0];
	CHECK(lifecycle_open(id, &pass, &secret, &len, NULL, &err) == -1);
	CHECK_STR(err.code, "seal.passphrase_wrong");
	close(fds[0]);
	CHECK(pipe(fds) == 0 && write(fds[1], "hunter2\n", 8) == 8);
	close(fds[1]);
	pass.fd = fds[0];
	CHECK(lifecycle_open(id, &pass, &secret, &len, NULL, &err) == 0);
	CHECK(secret && strcmp((char *)secret, "{\"password\":\"x\"}") == 0);
	if (secret)
		sodium_free(secret);
	close(fds[0]);
	iso_end();
}

static void test_kiosk(void)
{
	char id[16], tok[64], got[16], pubfile[PATHS_MAX], keyfile[PATHS_MAX];
	struct onr_error err;
	unsigned char *secret;
	size_t len;

	iso_begin("store");
	/* the administrator's key pair lives elsewhere; the kiosk has the public key only */
	struct seal_keypair *kp = seal_keypair_new();
	snprintf(pubfile, sizeof(pubfile), "%s/admin.pub", iso_dir);
	snprintf(keyfile, sizeof(keyfile), "%s/config/onramp/recipient.key", iso_dir);
	CHECK(seal_write_public(pubfile, kp->pk, 0, &err) == 0);
	char cfgtext[PATHS_MAX + 64];
	snprintf(cfgtext, sizeof(cfgtext), "kiosk = true\npublic_key = %s\n", pubfile);
	iso_write_config(cfgtext);
	CHECK(add("tryton", 1, "{\"password\":\"x\"}", id, tok, &err) == 0);
	CHECK(access(keyfile, F_OK) != 0); /* no key pair made on a kiosk */
	CHECK(check_token(tok, got, &err) == 0);
	CHECK(!lifecycle_can_open(&err));
	CHECK_STR(err.code, "seal.no_secret_key");
	CHECK(lifecycle_open(id, NULL, &secret, &len, NULL, &err) == -1);
	CHECK_STR(err.code, "seal.no_secret_key");
	CHECK(strstr(err.message, "can only seal credentials") != NULL);
	CHECK(strstr(err.hint, "machine that holds the secret key") != NULL);
	/* ...but the holder of the secret key can open what the kiosk sealed */
	char box[PATHS_MAX];
	snprintf(box, sizeof(box), "%s/data/onramp/sealed/%s.box", iso_dir, id);
	struct store st;
	unsigned char *b, *m;
	size_t bl, ml;
	CHECK(store_paths(&st, &err) == 0);
	CHECK(store_sealed_read(&st, id, NULL, &b, &bl, &err) == 0);
	CHECK(seal_open(kp, b, bl, box, &m, &ml, &err) == 0);
	CHECK(m && strstr((char *)m, "\"credentials\":{\"password\":\"x\"}") != NULL);
	if (m)
		sodium_free(m);
	free(b);
	store_close(&st);
	seal_keypair_free(kp);
	/* a kiosk without its public key says what to do */
	unlink(pubfile);
	CHECK(add("tryton", 1, "{\"password\":\"x\"}", id, tok, &err) == -1);
	CHECK_STR(err.code, "seal.no_public_key");
	CHECK(strstr(err.message, pubfile) != NULL);
	iso_end();
}

/* Connects three. */
static void three(char ids[3][16], char toks[3][64])
{
	struct onr_error err;
	CHECK(add("tryton", 1, "{\"password\":\"a\"}", ids[0], toks[0], &err) == 0);
	CHECK(add("odoo", 1, "{\"password\":\"b\"}", ids[1], toks[1], &err) == 0);
	CHECK(add("sap", 1, "{\"password\":\"c\"}", ids[2], toks[2], &err) == 0);
}

static void test_damaged_sealed(void)
{
	char ids[3][16], toks[3][64], box[PATHS_MAX];
	struct onr_error err;
	unsigned char *secret;
	size_t len, blen;

	iso_begin("store");
	three(ids, toks);
	snprintf(box, sizeof(box), "%s/data/onramp/sealed/%s.box", iso_dir, ids[1]);
	char *text = iso_slurp(box, &blen);
	int ok_after_flip = 0;
	for (size_t i = 0; i < blen; i++) { /* every byte of the file */
		text[i] ^= 0x01;
		iso_spit(box, text, blen);
		text[i] ^= 0x01;
		if (lifecycle_open(ids[1], NULL, &secret, &len, NULL, &err) == 0) {
			ok_after_flip++;
			sodium_free(secret);
			continue;
		}
		CHECK(strstr(err.message, box) != NULL || strstr(err.message, ids[1]) != NULL);
	}
	CHECK(ok_after_flip == 0);
	/* one flip in the ciphertext: named file, clear code; others fine */
	const char *boxline = strstr(text, "\nbox ");
	size_t at = boxline ? (size_t)(boxline - text) + 10 : 0;
	text[at] ^= 0x01;
	iso_spit(box, text, blen);
	CHECK(lifecycle_open(ids[1], NULL, &secret, &len, NULL, &err) == -1);
	CHECK_STR(err.code, "store.sealed_damaged");
	CHECK(strstr(err.message, box) != NULL);
	CHECK(strstr(err.hint, "other connections are not affected") != NULL);
	CHECK(lifecycle_open(ids[0], NULL, &secret, &len, NULL, &err) == 0);
	sodium_free(secret);
	CHECK(lifecycle_open(ids[2], NULL, &secret, &len, NULL, &err) == 0);
	sodium_free(secret);
	/* the damaged file is not overwritten by other operations */
	char id4[16];
	CHECK(add("x", 1, "{\"a\":\"b\"}", id4, NULL, &err) == 0);
	size_t n2;
	char *again = iso_slurp(box, &n2);
	CHECK(again && n2 == blen && memcmp(again, text, blen) == 0);
	free(again);
	/* a missing file is named too */
	unlink(box);
	CHECK(lifecycle_open(ids[1], NULL, &secret, &len, NULL, &err) == -1);
	CHECK_STR(err.code, "store.sealed_missing");
	CHECK(strstr(err.message, box) != NULL);
	free(text);
	iso_end();
}

static void test_damaged_db(void)
{
	char ids[3][16], toks[3][64], path[PATHS_MAX], id[16];
	struct onr_error err;
	struct conn_list l;
	size_t len, n2;

	iso_begin("store");
	three(ids, toks);
	iso_data_path(path, sizeof(path), "onramp.db");
	char *text = iso_slurp(path, &len);
	memset(text, 'x', 100); /* the header: no longer a database */
	iso_spit(path, text, len);
	CHECK(lifecycle_list(&l, &err) == -1);
	CHECK(err.exit == EXIT_STORE);
	CHECK_STR(err.code, "store.db_damaged");
	CHECK(strstr(err.message, path) != NULL);
	CHECK(strstr(err.hint, "never overwrites") && strstr(err.hint, ".recover") && strstr(err.hint, "backup"));
	CHECK(add("x", 1, "{\"a\":\"b\"}", id, NULL, &err) == -1);
	CHECK_STR(err.code, "store.db_damaged");
	char *same = iso_slurp(path, &n2);
	CHECK(same && n2 == len && memcmp(same, text, len) == 0); /* untouched */
	free(same);
	free(text);
	iso_end();
}

static void test_busy(void)
{
	char id[16], got[16], tok[64];
	struct onr_error err;
	struct db *holder;

	iso_begin("store");
	CHECK(add("x", 1, "{\"a\":\"b\"}", id, tok, &err) == 0);
	CHECK(db_open(&holder, &err) == 0);
	CHECK(db_begin(holder, &err) == 0); /* another onramp is writing */
	int saved = db_wait_ms;
	db_wait_ms = 0; /* a frontend that waits in its own event loop */
	long long t0 = now_ms();
	CHECK(lifecycle_disconnect(id, NULL, &err) == -1);
	CHECK_STR(err.code, "store.busy");
	CHECK(now_ms() - t0 < 1000);
	CHECK(check_token(tok, got, &err) == 0);
	db_rollback(holder);
	CHECK(lifecycle_disconnect(id, NULL, &err) == 0); /* the retry */
	db_wait_ms = saved;
	db_close(holder);
	iso_end();
}

static void test_tmp_swept(void)
{
	char id[16], tmp[PATHS_MAX], mine[PATHS_MAX];
	struct onr_error err;

	iso_begin("store");
	CHECK(add("x", 1, "{\"a\":\"b\"}", id, NULL, &err) == 0);
	/* pid 999999999 cannot exist: its file is left over */
	iso_data_path(tmp, sizeof(tmp), "sealed/.abc.box.tmp.999999999.deadbeef");
	iso_spit(tmp, "partial", 7);
	snprintf(mine, sizeof(mine), "%s/data/onramp/sealed/.abd.box.tmp.%ld.deadbeef", iso_dir, (long)getpid());
	iso_spit(mine, "partial", 7); /* a live process's is not touched */
	CHECK(add("y", 1, "{\"a\":\"b\"}", id, NULL, &err) == 0);
	CHECK(access(tmp, F_OK) != 0);
	CHECK(access(mine, F_OK) == 0);
	CHECK(usable() == 2);
	iso_end();
}

/* The API's remembered token checks (api_auth.h): a hit while nothing
 * was committed; a disconnect by another handle (the CLI) moves the
 * database version, and the very next check looks up and refuses. */
static void test_api_token_memo(void)
{
	char id[16], got[16] = "", hash[65], tok[64], header[80];
	long long v[2], v2[2];
	struct auth_memo *memo = calloc(1, sizeof(*memo));
	struct onr_error err;
	struct db *db;

	iso_begin("store");
	CHECK(add("tryton", 1, "{\"p\":\"x\"}", id, tok, &err) == 0);
	snprintf(header, sizeof(header), "Bearer %s", tok);
	CHECK(db_open(&db, &err) == 0);
	db_api_version(db, v);
	CHECK(api_token_check(db, memo, v, header, got, hash, &err) == 0 && !strcmp(got, id));
	memset(got, 0, sizeof(got));
	CHECK(api_token_check(db, memo, v, header, got, hash, &err) == 0 && !strcmp(got, id));
	db_api_version(db, v2);
	CHECK(!memcmp(v, v2, sizeof(v))); /* reading changed nothing */
	CHECK(lifecycle_disconnect(id, NULL, &err) == 0);
	db_api_version(db, v2);
	CHECK(memcmp(v, v2, sizeof(v)) != 0);
	/* the memo does answer (asked with the old version, it still would:
	 * what protects is that a request always brings the current one) */
	CHECK(api_token_check(db, memo, v, header, got, hash, &err) == 0);
	CHECK(api_token_check(db, memo, v2, header, got, hash, &err) == 1);
	CHECK(api_token_check(db, memo, v2, "Bearer onr_nope", got, hash, &err) == 1);
	db_close(db);
	free(memo);
	iso_end();
}

T_SUITE(store) = {
	{"connect_list", test_connect_list},
	{"token_lifecycle", test_token_lifecycle},
	{"purge", test_purge},
	{"credits", test_credits},
	{"open", test_open},
	{"open_wrapped", test_open_wrapped},
	{"kiosk", test_kiosk},
	{"damaged_sealed", test_damaged_sealed},
	{"damaged_db", test_damaged_db},
	{"busy", test_busy},
	{"tmp_swept", test_tmp_swept},
	{"api_token_memo", test_api_token_memo},
	{0},
};
