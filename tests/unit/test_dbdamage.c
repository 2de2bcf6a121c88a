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
static void one_flip(const char *path, const char *db, size_t len, size_t i, char ids[3][16],
		     struct outcome *o)
{
	struct conn_list l;
	struct onr_error err;
	char *d = xmalloc(len);
	memcpy(d, db, len);
	d[i] ^= 0x20;
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
			T_FAIL("a flip at byte %zu: %zu connections listed instead of 3, and no word of damage",
			       i, n);
	} else {
		size_t n2;
		char *after = iso_slurp(path, &n2);
		if (strcmp(err.code, "store.db_damaged") != 0 && strcmp(err.code, "store.version") != 0)
			T_FAIL("a flip at byte %zu: refused with %s (%s)", i, err.code, err.message);
		if (!after || n2 != len || memcmp(after, d, len) != 0)
			T_FAIL("a flip at byte %zu: the refused database was changed", i);
		free(after);
		/* a write is refused too, and changes nothing */
		unsigned char *sec = sodium_malloc(8);
		char *t = sodium_malloc(LIFECYCLE_TOKEN_MAX), id[16];
		memcpy(sec, "{\"p\":1}", 7);
		struct conn_new cn = {.system = "tryton", .credits = 1, .url = "https://x",
				      .public_json = "{}", .secret_json = sec, .secret_len = 7};
		if (lifecycle_connect(&cn, id, t, NULL, 0, &err) == 0)
			T_FAIL("a flip at byte %zu: list refused, connect went ahead", i);
		sodium_free(sec);
		sodium_free(t);
		after = iso_slurp(path, &n2);
		if (!after || n2 != len || memcmp(after, d, len) != 0)
			T_FAIL("a flip at byte %zu: a connect changed the refused database", i);
		free(after);
		o->refused++;
	}
	free(d);
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
	{0},
};
