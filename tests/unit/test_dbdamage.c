/* Unit tests: a damaged onramp.db (a flipped byte anywhere in it) is
 * refused with a clear message, never written to, and never shows fewer
 * connections than it holds as if nothing were wrong. */
#include "t.h"
#include "iso.h"
#include "lifecycle.h"
#include "paths.h"
#include "store.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

static void connect_three(char ids[3][16], char toks[3][64])
{
	static const char *const sys[3] = {"tryton", "odoo", "sap"};
	struct onr_error err;
	for (int i = 0; i < 3; i++) {
		unsigned char *s = sodium_malloc(32);
		char *t = sodium_malloc(LIFECYCLE_TOKEN_MAX);
		int n = snprintf((char *)s, 32, "{\"password\":\"p%d\"}", i);
		struct conn_new cn = {.system = sys[i], .credits = 1, .url = "https://erp.example",
				      .user = "admin", .public_json = "{\"database\":\"prod\"}",
				      .secret_json = s, .secret_len = (size_t)n};
		CHECK(lifecycle_connect(&cn, ids[i], t, NULL, 0, &err) == 0);
		snprintf(toks[i], 64, "%s", t);
		sodium_free(s);
		sodium_free(t);
	}
}

struct outcome {
	int whole, refused, changed;
};

/* One damaged database: either every connection is there as it was, or
 * the store refuses with store.db_damaged (or, for the schema's version
 * number, store.version) and the file is left exactly as it was. */
static void one_damage(const char *path, char *d, size_t len, const char *what, char ids[3][16],
		       struct outcome *o)
{
	struct conn_list l;
	struct onr_error err;
	iso_spit(path, d, len);
	int rc = lifecycle_list(&l, &err);
	if (rc == 0) {
		int found = 0;
		size_t n = l.n;
		for (size_t k = 0; k < l.n; k++)
			for (int j = 0; j < 3; j++)
				found += strcmp(l.v[k].id, ids[j]) == 0 && strcmp(l.v[k].url, "https://erp.example") == 0 &&
					 l.v[k].status == CONN_ACTIVE;
		conn_list_free(&l);
		if (found == 3 && n == 3)
			o->whole++;
		else
			o->changed++; /* a value inside a row: SQLite keeps no checksums */
		if (n != 3)
			T_FAIL("%s: %zu connections listed instead of 3, and no word of damage", what, n);
	} else {
		size_t n2;
		char *after = iso_slurp(path, &n2);
		if (strcmp(err.code, "store.db_damaged") != 0 && strcmp(err.code, "store.version") != 0)
			T_FAIL("%s: refused with %s (%s)", what, err.code, err.message);
		if (!after || n2 != len || memcmp(after, d, len) != 0)
			T_FAIL("%s: the refused database was changed", what);
		free(after);
		/* a write is refused too, and changes nothing */
		unsigned char *sec = sodium_malloc(8);
		char *t = sodium_malloc(LIFECYCLE_TOKEN_MAX), id[16];
		memcpy(sec, "{\"p\":1}", 7);
		struct conn_new cn = {.system = "tryton", .credits = 1, .url = "https://x",
				      .public_json = "{}", .secret_json = sec, .secret_len = 7};
		if (lifecycle_connect(&cn, id, t, NULL, 0, &err) == 0)
			T_FAIL("%s: list refused, connect went ahead", what);
		sodium_free(sec);
		sodium_free(t);
		after = iso_slurp(path, &n2);
		if (!after || n2 != len || memcmp(after, d, len) != 0)
			T_FAIL("%s: a connect changed the refused database", what);
		free(after);
		o->refused++;
	}
	free(d);
}

static void one_flip(const char *path, const char *db, size_t len, size_t i, char ids[3][16],
		     struct outcome *o)
{
	char what[64], *d = xmalloc(len);
	memcpy(d, db, len);
	d[i] ^= 0x20;
	snprintf(what, sizeof(what), "a flip at byte %zu", i);
	one_damage(path, d, len, what, ids, o);
}

/* The damage a crash or a bad disk leaves besides a flipped bit (issue 12:
 * the old registry's cases, now on the database): a run of NULs (a
 * zero-filled 4 KiB block, on a 4 KiB boundary and off it), the file cut
 * at every page (8 KiB) and 777 bytes after it, and garbage after its end. */
static void test_db_blocks(void)
{
	char ids[3][16], toks[3][64], path[PATHS_MAX], what[64];
	size_t len;
	struct outcome o = {0};
	int cases = 0;

	iso_begin("dbdamage");
	connect_three(ids, toks);
	iso_data_path(path, sizeof(path), "onramp.db");
	char *db = iso_slurp(path, &len);
	CHECK(db != NULL);
	for (size_t at = 0; db && at < len; at += at % 4096 ? 6144 : 2048) { /* NUL runs, on and off a block */
		char *d = xmalloc(len);
		memcpy(d, db, len);
		memset(d + at, 0, len - at < 4096 ? len - at : 4096);
		snprintf(what, sizeof(what), "4 KiB of NULs at byte %zu", at);
		one_damage(path, d, len, what, ids, &o);
		cases++;
	}
	for (size_t cut = 0; db && cut < len; cut += cut < 8192 ? 512 : 8192) { /* a cut tail */
		for (size_t k = 0; k < 2; k++) {
			size_t n = cut + k * 777;
			if (n >= len)
				continue;
			char *d = xmalloc(len);
			memcpy(d, db, n);
			snprintf(what, sizeof(what), "the file cut to %zu bytes", n);
			one_damage(path, d, n, what, ids, &o);
			cases++;
		}
	}
	static const size_t tails[] = {1, 100, 4096, 8192, 8193};
	for (size_t k = 0; db && k < sizeof(tails) / sizeof(tails[0]); k++) { /* garbage after the end */
		char *d = xmalloc(len + tails[k]);
		memcpy(d, db, len);
		randombytes_buf(d + len, tails[k]);
		snprintf(what, sizeof(what), "%zu bytes of garbage after the end", tails[k]);
		one_damage(path, d, len + tails[k], what, ids, &o);
		cases++;
	}
	printf("# %zu bytes, %d damaged copies: %d read back whole, %d refused, %d changed a value inside a row\n",
	       len, cases, o.whole, o.refused, o.changed);
	free(db);
	iso_end();
}

static void test_db_every_byte(void)
{
	char ids[3][16], toks[3][64], path[PATHS_MAX], wal[PATHS_MAX];
	size_t len;
	struct outcome o = {0};
	/* every byte of the header, then every 62nd (DB_FLIP_STEP=1: all of
	 * them): about 9,300 flips, as many as every 31st gave before pages
	 * grew from 8 to 16 KiB and the file (a page a table) with them */
	const char *step = getenv("DB_FLIP_STEP");
	size_t stride = step ? strtoul(step, NULL, 10) : 62;

	iso_begin("dbdamage");
	connect_three(ids, toks);
	iso_data_path(path, sizeof(path), "onramp.db");
	iso_data_path(wal, sizeof(wal), "onramp.db-wal");
	char *db = iso_slurp(path, &len);
	CHECK(db && access(wal, F_OK) != 0); /* all of it is in the one file */
	for (size_t i = 0; db && i < len; i += i < 100 ? 1 : stride ? stride : 1)
		one_flip(path, db, len, i, ids, &o);
	printf("# %zu bytes: %d flips read back whole, %d refused, %d changed a value inside a row\n",
	       len, o.whole, o.refused, o.changed);
	free(db);
	iso_end();
}

T_SUITE(dbdamage) = {
	{"every_byte", test_db_every_byte},
	{"nul_runs_cuts_and_garbage", test_db_blocks},
	{0},
};
