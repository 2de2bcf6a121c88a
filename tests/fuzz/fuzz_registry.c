/* libFuzzer target: onramp 0.1's registry (connections.json), read line by
 * line, then imported into the database and read back. The invariant of
 * issue 12: every entry the reader finds whole is in the database after
 * the import (commit and reopen), and nothing crashes or leaks. */
#include <stdint.h>
#include "fuzz_home.h"
#include "lifecycle.h"
#include "store.h"

/* An empty database with the current schema, made once: each input then
 * starts from a copy of it, so the import is what runs, not the schema. */
static char *blank;
static size_t blank_len;

static void make_blank(const char *db)
{
	struct conn_list l;
	struct onr_error err;
	fuzz_clean("data/onramp", "connections.json");
	fuzz_clean("data/onramp", "onramp.db");
	if (lifecycle_list(&l, &err) != 0)
		abort();
	conn_list_free(&l);
	FILE *f = fopen(db, "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0)
		abort();
	blank_len = (size_t)ftell(f);
	rewind(f);
	blank = malloc(blank_len);
	if (fread(blank, 1, blank_len, f) != blank_len)
		abort();
	fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char reg[512], db[512];
	struct store st;
	struct onr_error err;
	struct conn_list l;
	char (*ids)[16] = NULL;
	size_t nids = 0;

	fuzz_path(reg, sizeof(reg), "data/onramp/connections.json");
	fuzz_path(db, sizeof(db), "data/onramp/onramp.db");
	if (!blank)
		make_blank(db);
	fuzz_clean("data/onramp", "onramp.db");
	fuzz_spit(db, blank, blank_len);
	fuzz_spit(reg, data, size);
	if (store_paths(&st, &err) != 0)
		abort();
	if (store_legacy_load(&st, &err) != 0)
		return 0; /* a newer version: refused, nothing changed */
	ids = calloc(st.n + 1, sizeof(*ids));
	for (size_t i = 0; i < st.n; i++)
		if (!st.v[i].damaged)
			memcpy(ids[nids++], st.v[i].id, 16);
	store_close(&st);
	if (lifecycle_list(&l, &err) != 0) {
		/* the import refused as a whole (two entries with one token):
		 * then the file must still be there, as it was */
		if (access(reg, F_OK) != 0)
			abort();
		free(ids);
		return 0;
	}
	for (size_t k = 0; k < nids; k++) {
		bool found = false;
		for (size_t i = 0; i < l.n && !found; i++)
			found = strcmp(l.v[i].id, ids[k]) == 0;
		if (!found)
			abort(); /* an entry read whole was lost by the import */
	}
	conn_list_free(&l);
	free(ids);
	fuzz_clean("data/onramp", "connections.json"); /* the kept copy */
	fuzz_clean("data/onramp", "onramp.db");
	return 0;
}
