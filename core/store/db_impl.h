/* db_impl.h: what the SQLite backend's files share (not for callers of
 * db.h). */
#ifndef ONRAMP_DB_IMPL_H
#define ONRAMP_DB_IMPL_H
#include "db.h"
#include "paths.h"
#include "util.h"
#include <sqlite3.h>

/* statements prepared once per handle (db_records.c, db_api.c) */
enum {
	DB_STMT_SEEN,
	DB_STMT_GET,
	DB_STMT_PUT,
	DB_STMT_HIST,
	DB_STMT_RAW,
	DB_STMT_RAW_HASH,
	DB_STMT_VERSION /* db_api.c */,
	DB_NSTMT
};

struct db {
	sqlite3 *h;
	sqlite3_stmt *cache[DB_NSTMT];
	char dir[PATHS_MAX], path[PATHS_MAX];
	bool in_tx;
};

int db_exec(struct db *db, const char *sql, struct onr_error *err);
/* Prepares sql; on failure fills err and returns NULL. */
sqlite3_stmt *db_prep(struct db *db, const char *sql, struct onr_error *err);
/* Steps a statement that returns no rows, then finalizes it. */
int db_run(struct db *db, sqlite3_stmt *s, struct onr_error *err);
/* Fills err from SQLite's last error on db (rc: the failing result code):
 * busy, damaged, full disk and read-only each get their own words. */
int db_fail(struct db *db, int rc, struct onr_error *err);
const char *db_text(sqlite3_stmt *s, int col); /* never NULL */
void db_bind_text(sqlite3_stmt *s, int i, const char *v);

int db_schema_version(void);
int db_migrate(struct db *db, int have, struct onr_error *err);
/* Inside the first transaction: imports connections.json when it exists
 * and nothing was imported yet. */
int db_import_legacy(struct db *db, struct onr_error *err);
/* After commit: renames an imported connections.json to its backup name. */
void db_import_finish(struct db *db);
void db_conn_from_row(sqlite3_stmt *s, struct conn *c);
#endif
