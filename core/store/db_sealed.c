/* db_sealed.c: sealed credentials on a shared database. With PostgreSQL
 * the instances may run on several machines, so a connection's sealed box
 * lives in the database (table sealed) instead of a file in one machine's
 * data folder: every instance with the secret key can open it, and one
 * without (API only) never needs it. It stays sealed (crypto_box_seal to
 * the recipient key): the database never sees a credential. store.c's
 * sealed-file functions come here first (see store.h). */
#include "db_impl.h"
#include "i18n.h"
#include "seal.h"
#include <stdlib.h>
#include <string.h>

/* Opens the database when it is a shared one: 1 when it is not. */
static int open_shared(struct db **db, struct onr_error *err)
{
	int rc;
	if (!db_chosen_shared())
		return 1; /* SQLite: no second handle just to learn that */
	rc = db_open(db, err);
	if (rc != 0)
		return rc;
	if (!db_shared(*db)) {
		db_close(*db);
		return 1;
	}
	return 0;
}

int db_sealed_write_shared(const char *id, const unsigned char *box, size_t len, char hash[65],
			   struct onr_error *err)
{
	struct db *db;
	int rc = open_shared(&db, err);
	if (rc != 0)
		return rc;
	seal_hash_hex(box, len, hash);
	rc = db_sealed_put(db, id, box, len, hash, err);
	db_close(db);
	return rc;
}

int db_sealed_read_shared(const char *id, const char *want_hash, unsigned char **box, size_t *len,
			  struct onr_error *err)
{
	char actual[SEAL_HASH_HEX], msg[256];
	struct db *db;
	int rc = open_shared(&db, err);
	if (rc != 0)
		return rc;
	rc = db_sealed_get(db, id, box, len, err);
	db_close(db);
	if (rc == 1) {
		str_fmt(msg, sizeof(msg), _("The sealed credentials of connection %s are missing from the database."), id);
		db_store_err(err, "store.sealed_missing", msg,
			     _("Disconnect this connection and connect the system again."));
		return -1;
	}
	if (rc != 0)
		return rc;
	seal_hash_hex(*box, *len, actual);
	if (want_hash && *want_hash && strcmp(actual, want_hash) != 0) {
		free(*box);
		*box = NULL;
		str_fmt(msg, sizeof(msg), _("The sealed credentials of connection %s in the database were changed."), id);
		db_store_err(err, "store.sealed_damaged", msg,
			     _("The other connections are not affected. Disconnect this connection and connect "
			     "the system again."));
		return -1;
	}
	return 0;
}

int db_sealed_destroy_shared(const char *id, struct onr_error *err)
{
	struct db *db;
	int rc = open_shared(&db, err);
	if (rc != 0)
		return rc;
	rc = db_sealed_delete(db, id, err);
	db_close(db);
	return rc;
}
