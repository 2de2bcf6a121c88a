/* Unit tests: onramp 0.1's connections.json imported into the database on
 * first run, and its reader's damage detection. */
#include "t.h"
#include "iso.h"
#include "lifecycle.h"
#include "paths.h"
#include "seal.h"
#include "store.h"
#include "store/db.h"
#include "util.h"
#include <cJSON.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#define HEADER "{\"format\":\"onramp-connections\",\"version\":1,\"connections\":[\n"

/* One registry line as onramp 0.1 wrote it, "extra" an unknown field. */
static void legacy_line(struct buf *b, const struct conn *c)
{
	char t1[32], t2[32], hex[SEAL_HASH_HEX];
	cJSON *o = cJSON_CreateObject();
	store_time_str(c->created, t1);
	store_time_str(c->checked, t2);
	cJSON_AddStringToObject(o, "id", c->id);
	cJSON_AddStringToObject(o, "system", c->system);
	cJSON_AddStringToObject(o, "url", c->url);
	cJSON_AddStringToObject(o, "user", c->user);
	cJSON_AddStringToObject(o, "status", conn_status_name(c->status));
	cJSON_AddStringToObject(o, "created", t1);
	cJSON_AddStringToObject(o, "checked", t2);
	cJSON_AddStringToObject(o, "disconnected", "");
	cJSON_AddNumberToObject(o, "credits", c->credits);
	cJSON_AddStringToObject(o, "token_hash", c->token_hash);
	cJSON_AddStringToObject(o, "sealed", c->sealed_hash);
	cJSON_AddItemToObject(o, "pins", cJSON_CreateArray());
	cJSON_AddItemToArray(cJSON_GetObjectItem(o, "pins"), cJSON_CreateString("sha256//PIN"));
	cJSON_AddStringToObject(o, "cafile", "/etc/ca.pem");
	cJSON_AddStringToObject(o, "schedule", "daily");
	cJSON_AddItemToObject(o, "fields", cJSON_Parse(c->public_json));
	cJSON_AddStringToObject(o, "extra", "from a newer onramp");
	char *body = cJSON_PrintUnformatted(o);
	size_t bl = strlen(body) - 1;
	seal_hash_hex(body, bl, hex);
	buf_add(b, body, bl);
	buf_addf(b, ",\"check\":\"%s\"}", hex);
	free(body);
	cJSON_Delete(o);
}

/* Connects three on the new store, then turns them into a legacy
 * connections.json (real sealed files, real token hashes) and removes the
 * database: the state of an onramp 0.1 install. */
static char *legacy_three(char ids[3][16], char toks[3][64], size_t *len)
{
	static const char *const sys[3] = {"tryton", "odoo", "sap"};
	struct onr_error err;
	struct buf b;
	char path[PATHS_MAX];

	buf_init(&b);
	buf_adds(&b, HEADER);
	for (int i = 0; i < 3; i++) {
		unsigned char *s = sodium_malloc(32);
		char *t = sodium_malloc(LIFECYCLE_TOKEN_MAX);
		struct conn c;
		int n = snprintf((char *)s, 32, "{\"password\":\"p%d\"}", i);
		struct conn_new cn = {.system = sys[i], .credits = 1, .url = "https://erp", .user = "admin",
				      .public_json = "{\"database\":\"prod\"}", .secret_json = s,
				      .secret_len = (size_t)n};
		CHECK(lifecycle_connect(&cn, ids[i], t, NULL, 0, &err) == 0);
		snprintf(toks[i], 64, "%s", t);
		sodium_free(s);
		sodium_free(t);
		CHECK(lifecycle_get(ids[i], &c, &err) == 0);
		c.checked = c.created;
		legacy_line(&b, &c);
		buf_adds(&b, i < 2 ? ",\n" : "\n");
		conn_free(&c);
	}
	buf_adds(&b, "]}\n");
	iso_data_path(path, sizeof(path), "onramp.db");
	unlink(path);
	iso_data_path(path, sizeof(path), "connections.json");
	iso_spit(path, b.data, b.len);
	*len = b.len;
	return b.data;
}

static int count_backups(char *name, size_t size)
{
	char dir[PATHS_MAX];
	DIR *d;
	struct dirent *e;
	int n = 0;
	snprintf(dir, sizeof(dir), "%s/data/onramp", iso_dir);
	if (!(d = opendir(dir)))
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "connections.json.imported-", 26) == 0) {
			snprintf(name, size, "%s/%s", dir, e->d_name);
			n++;
		}
	closedir(d);
	return n;
}

static void test_import_all_fields(void)
{
	char ids[3][16], toks[3][64], got[16], reg[PATHS_MAX], backup[PATHS_MAX];
	struct onr_error err;
	struct conn c;
	size_t len, n2;
	unsigned char *secret;

	iso_begin("import");
	char *text = legacy_three(ids, toks, &len);
	iso_data_path(reg, sizeof(reg), "connections.json");
	CHECK(lifecycle_get(ids[1], &c, &err) == 0); /* the first open imports */
	CHECK_STR(c.system, "odoo");
	CHECK_STR(c.url, "https://erp");
	CHECK_STR(c.user, "admin");
	CHECK_STR(c.cafile, "/etc/ca.pem");
	CHECK_STR(c.schedule, "daily");
	CHECK(c.next_sync > 0); /* an imported schedule is due */
	CHECK(c.npins == 1 && strcmp(c.pins[0], "sha256//PIN") == 0);
	CHECK(strstr(c.public_json, "\"database\":\"prod\"") != NULL);
	CHECK(c.created > 0 && c.checked == c.created && c.credits == 1 && c.status == CONN_ACTIVE);
	conn_free(&c);
	for (int i = 0; i < 3; i++) { /* tokens keep working, sealed files open */
		CHECK(lifecycle_token_check(toks[i], strlen(toks[i]), got, NULL, 0, &err) == 0);
		CHECK_STR(got, ids[i]);
		size_t sl;
		CHECK(lifecycle_open(ids[i], NULL, &secret, &sl, NULL, &err) == 0);
		if (secret)
			sodium_free(secret);
	}
	/* the file was kept, byte for byte, under its backup name */
	CHECK(access(reg, F_OK) != 0);
	CHECK(count_backups(backup, sizeof(backup)) == 1);
	char *kept = iso_slurp(backup, &n2);
	CHECK(kept && n2 == len && memcmp(kept, text, len) == 0);
	CHECK(iso_mode(backup) == 0600);
	free(kept);
	/* imported once: the same file put back is not imported again */
	iso_spit(reg, text, len);
	struct conn_list l;
	CHECK(lifecycle_list(&l, &err) == 0 && l.n == 3 && l.damage.exit == 0);
	conn_list_free(&l);
	CHECK(access(reg, F_OK) != 0);
	CHECK(lifecycle_disconnect(ids[0], NULL, &err) == 0);
	CHECK(lifecycle_token_check(toks[0], strlen(toks[0]), got, NULL, 0, &err) == -1);
	free(text);
	iso_end();
}

static void test_import_damaged_line(void)
{
	char ids[3][16], toks[3][64], reg[PATHS_MAX], got[16], backup[PATHS_MAX];
	struct onr_error err;
	struct conn_list l;
	size_t len;

	iso_begin("import");
	char *text = legacy_three(ids, toks, &len);
	iso_data_path(reg, sizeof(reg), "connections.json");
	char *admin = strstr(strstr(text, ids[1]), "admin"); /* line 3 */
	admin[0] ^= 0x01; /* two bytes: one alone would be put right */
	admin[1] ^= 0x01;
	iso_spit(reg, text, len);
	CHECK(lifecycle_list(&l, &err) == 0);
	CHECK(l.n == 2);
	CHECK(l.damage.exit == EXIT_STORE);
	CHECK_STR(l.damage.code, "store.damaged");
	CHECK(strstr(l.damage.message, "lines 3") != NULL);
	CHECK(count_backups(backup, sizeof(backup)) == 1);
	CHECK(strstr(l.damage.hint, backup) != NULL);
	CHECK(strstr(l.damage.hint, "other connections were imported and work") != NULL);
	conn_list_free(&l);
	CHECK(lifecycle_token_check(toks[0], strlen(toks[0]), got, NULL, 0, &err) == 0);
	CHECK(lifecycle_token_check(toks[1], strlen(toks[1]), got, NULL, 0, &err) == -1);
	struct conn c;
	CHECK(lifecycle_get(ids[1], &c, &err) == -1);
	CHECK_STR(err.code, "store.damaged");
	CHECK(strstr(err.message, ids[1]) != NULL);
	free(text);
	iso_end();
}

static void test_import_newer_version(void)
{
	char ids[3][16], toks[3][64], reg[PATHS_MAX];
	struct onr_error err;
	struct conn_list l;
	size_t len, n2;

	iso_begin("import");
	char *text = legacy_three(ids, toks, &len);
	iso_data_path(reg, sizeof(reg), "connections.json");
	char *v = strstr(text, "\"version\":1");
	v[10] = '7';
	iso_spit(reg, text, len);
	CHECK(lifecycle_list(&l, &err) == -1);
	CHECK_STR(err.code, "store.version");
	char *same = iso_slurp(reg, &n2);
	CHECK(same && n2 == len && memcmp(same, text, len) == 0);
	free(same);
	v[10] = '1'; /* the right onramp comes along: it imports then */
	iso_spit(reg, text, len);
	CHECK(lifecycle_list(&l, &err) == 0 && l.n == 3);
	conn_list_free(&l);
	free(text);
	iso_end();
}

/* Every single byte of the registry, flipped in turn: the reader never
 * crashes, always notices, and loses at most the one or two entries on the
 * damaged line(s). */
static void test_registry_every_byte(void)
{
	char ids[3][16], toks[3][64], reg[PATHS_MAX];
	size_t len;
	int missed = 0, worst = 3;

	iso_begin("import");
	char *text = legacy_three(ids, toks, &len);
	iso_data_path(reg, sizeof(reg), "connections.json");
	for (size_t i = 0; i < len; i++) {
		struct store st;
		struct onr_error err;
		text[i] ^= 0x20;
		iso_spit(reg, text, len);
		text[i] ^= 0x20;
		if (store_paths(&st, &err) != 0 || store_legacy_load(&st, &err) != 0) {
			/* only a header that names another version may refuse outright */
			CHECK_STR(err.code, "store.version");
			continue;
		}
		int n = 0;
		for (size_t k = 0; k < st.n; k++)
			n += !st.v[k].damaged;
		if (st.nproblems == 0) {
			missed++;
			fprintf(stderr, "  a flip at byte %zu went unnoticed\n", i);
		}
		if (n < worst) {
			worst = n;
			fprintf(stderr, "  a flip at byte %zu (%02x) lost an entry\n", i, (unsigned char)text[i]);
		}
		store_close(&st);
	}
	CHECK(missed == 0);
	/* nothing lost: a merged pair of lines is split again, and a line with
	 * one flipped bit is put right by its check */
	CHECK(worst == 3);
	free(text);
	iso_end();
}

/* Loads text as the legacy registry: the number of entries read whole,
 * and the damaged lines' raw bytes joined by "|". */
static int load_count(const char *text, size_t len, struct buf *damaged)
{
	char reg[PATHS_MAX];
	struct store st;
	struct onr_error err;
	int n = 0;
	iso_data_path(reg, sizeof(reg), "connections.json");
	iso_spit(reg, text, len);
	if (store_paths(&st, &err) != 0 || store_legacy_load(&st, &err) != 0)
		return -1;
	for (size_t k = 0; k < st.n; k++) {
		n += !st.v[k].damaged;
		if (st.v[k].damaged && damaged) {
			buf_add(damaged, st.v[k].raw, st.v[k].rawlen);
			buf_adds(damaged, "|");
		}
	}
	store_close(&st);
	return n;
}

/* text with ins (ilen bytes) put in at offset at. */
static char *spliced(const char *text, size_t len, size_t at, const char *ins, size_t ilen)
{
	char *o = xmalloc(len + ilen);
	memcpy(o, text, at);
	memcpy(o + at, ins, ilen);
	memcpy(o + at + ilen, text + at, len - at);
	return o;
}

/* The damage a crash or a disk leaves: NUL runs (a line of them, a line
 * that starts with them, a zero-filled 4 KiB block), a cut tail and
 * garbage after the last line. Every entry whose bytes are still there is
 * read, and every damaged line is kept byte for byte. */
static void test_registry_damage_cases(void)
{
	char ids[3][16], toks[3][64];
	size_t len;
	struct buf d;

	iso_begin("import");
	char *text = legacy_three(ids, toks, &len);
	size_t line3 = (size_t)(strchr(strchr(text, '\n') + 1, '\n') + 1 - text);
	static const char nuls[] = "\0\0\0\0\0\0\0\0,\n";
	char *t = spliced(text, len, line3, nuls, sizeof(nuls) - 1);
	buf_init(&d);
	CHECK(load_count(t, len + sizeof(nuls) - 1, &d) == 3);
	CHECK(d.len == 10 && memcmp(d.data, "\0\0\0\0\0\0\0\0,|", 10) == 0);
	free(t);
	/* a zero-filled block at a line's start */
	char *zero = xcalloc(4096, 1);
	t = spliced(text, len, line3, zero, 4096);
	buf_free(&d);
	buf_init(&d);
	CHECK(load_count(t, len + 4096, &d) == 3); /* line 3 begins with 4096 NULs */
	CHECK(d.len == 4096 + (size_t)(strchr(text + line3, '\n') - (text + line3)) + 1);
	free(t);
	free(zero);
	/* garbage after the last line, with blanks and a comma at its end */
	static const char junk[] = "\x01junk \t\r,\n\0\0\0";
	t = spliced(text, len, len, junk, sizeof(junk) - 1);
	buf_free(&d);
	buf_init(&d);
	CHECK(load_count(t, len + sizeof(junk) - 1, &d) == 3);
	CHECK(d.len == 14 && memcmp(d.data, "\x01junk \t\r,|\0\0\0|", 14) == 0);
	free(t);
	buf_free(&d);
	/* a cut tail: every entry that is whole before the cut is read */
	for (size_t cut = 0; cut < len; cut++) {
		int whole = 0;
		for (const char *e = text; (e = strstr(e, "\"}")) && (size_t)(e + 2 - text) <= cut; e++)
			whole += e[-65] == '"'; /* the end of ...,"check":"HEX"} */
		int got = load_count(text, cut, NULL);
		if (got != whole && got != -1)
			T_FAIL("cut at %zu: %d entries read, %d whole", cut, got, whole);
	}
	free(text);
	iso_end();
}

/* The same through the database: the NUL line of the review, imported
 * and listed; its bytes are in import_damage as they were. */
static void test_import_nul_line(void)
{
	char ids[3][16], toks[3][64], reg[PATHS_MAX], dbp[PATHS_MAX];
	struct onr_error err;
	struct conn_list l;
	size_t len;

	iso_begin("import");
	char *text = legacy_three(ids, toks, &len);
	size_t line3 = (size_t)(strchr(strchr(text, '\n') + 1, '\n') + 1 - text);
	static const char nuls[] = "\0\0\0\0\0\0\0\0, \r\n";
	char *t = spliced(text, len, line3, nuls, sizeof(nuls) - 1);
	iso_data_path(reg, sizeof(reg), "connections.json");
	iso_spit(reg, t, len + sizeof(nuls) - 1);
	CHECK(lifecycle_list(&l, &err) == 0);
	CHECK(l.n == 3);
	CHECK_STR(l.damage.code, "store.damaged");
	conn_list_free(&l);
	iso_data_path(dbp, sizeof(dbp), "onramp.db");
	sqlite3 *h = NULL;
	sqlite3_stmt *s = NULL;
	CHECK(sqlite3_open_v2(dbp, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(h, "SELECT raw FROM import_damage WHERE line=3", -1, &s, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	CHECK(sqlite3_column_bytes(s, 0) == 11 && memcmp(sqlite3_column_blob(s, 0), nuls, 11) == 0);
	sqlite3_finalize(s);
	sqlite3_close(h);
	for (int i = 0; i < 3; i++) {
		char got[16];
		CHECK(lifecycle_token_check(toks[i], strlen(toks[i]), got, NULL, 0, &err) == 0);
	}
	free(t);
	free(text);
	iso_end();
}

T_SUITE(import) = {
	{"all_fields", test_import_all_fields},
	{"damaged_line", test_import_damaged_line},
	{"newer_version", test_import_newer_version},
	{"registry_every_byte", test_registry_every_byte},
	{"registry_damage_cases", test_registry_damage_cases},
	{"nul_line", test_import_nul_line},
	{0},
};
