/* db_impl.h: what the store's database files share (not for callers of
 * db.h). db_conn.c, db_runs.c, db_records.c, db_webhooks.c, db_api.c,
 * db_import.c and db_schema.c hold the SQL, once, and run it through the
 * functions below; a backend (db_sqlite.c, db_pg.c) is a table of
 * operations behind them (struct db_ops).
 *
 * The SQL is SQLite's and PostgreSQL's common subset, written with
 * numbered parameters ?1, ?2 (a bare ? counts up) and a few {TOKENS} for
 * what the dialects spell differently (db_sql.c lists them). */
#ifndef ONRAMP_DB_IMPL_H
#define ONRAMP_DB_IMPL_H
#include "db.h"
#include "paths.h"
#include "util.h"

/* statements prepared once per handle: db_records.c's, and the three
 * every API request runs (db_conn.c, db_api.c) */
enum { DB_STMT_SEEN, DB_STMT_GET, DB_STMT_PUT, DB_STMT_HIST, DB_STMT_RAW, DB_STMT_RAW_HASH,
       DB_STMT_SRC_PUT,
       DB_STMT_TOKEN, DB_STMT_CONN, DB_STMT_VERSION, DB_NSTMT };

enum db_dialect { DB_SQLITE, DB_PG };

struct dbq; /* one statement: bound, stepped through its rows, then ended */

struct db_ops {
	enum db_dialect dialect;
	int (*open)(struct db *db, const char *url, struct onr_error *err);
	void (*close)(struct db *db);
	/* serial: the one-writer-at-a-time transaction db_begin gives (the
	 * order of seq is the order of commits); claims take a plain one */
	int (*begin)(struct db *db, bool serial, struct onr_error *err);
	int (*commit)(struct db *db, struct onr_error *err);
	void (*rollback)(struct db *db);
	int (*exec)(struct db *db, const char *sql, struct onr_error *err); /* already translated */
	/* slot >= 0: kept prepared on the handle (DB_STMT_*) */
	struct dbq *(*prep)(struct db *db, const char *sql, int slot, struct onr_error *err);
	void (*bind)(struct dbq *q, int i, const void *v, size_t len, int kind);
	int (*step)(struct dbq *q, struct onr_error *err);
	const char *(*text)(struct dbq *q, int col);
	long long (*integer)(struct dbq *q, int col);
	const void *(*blob)(struct dbq *q, int col, size_t *len);
	void (*end)(struct dbq *q);
};

struct db {
	const struct db_ops *ops;
	void *h;                  /* sqlite3 * or PGconn * */
	void *cache[DB_NSTMT];    /* the backend's kept statements */
	char dir[PATHS_MAX], path[PATHS_MAX]; /* path: a file, or the URL without secrets */
	bool in_tx;
	long long changes;        /* rows the last finished statement changed */
	char owner[64];           /* this process, in claims: host:pid:random */
};

extern const struct db_ops db_sqlite_ops, db_pg_ops;

/* kinds for ops->bind */
enum { DBQ_TEXT, DBQ_INT, DBQ_BLOB };

/* Translates sql for db's dialect (malloc'd): parameters and {TOKENS}. */
char *db_sql(const struct db *db, const char *sql);
bool db_is_pg(const struct db *db);

int db_exec(struct db *db, const char *sql, struct onr_error *err);
/* Prepares sql; on failure fills err and returns NULL. */
struct dbq *db_prep(struct db *db, const char *sql, struct onr_error *err);
/* The same, kept prepared on the handle in slot (DB_STMT_*). */
struct dbq *db_prep_kept(struct db *db, int slot, const char *sql, struct onr_error *err);
void db_bind_text(struct dbq *q, int i, const char *v);
void db_bind_int(struct dbq *q, int i, long long v);
void db_bind_blob(struct dbq *q, int i, const void *v, size_t len);
/* 1: a row is there; 0: done; < 0 (DB_BUSY or -1, err filled): failed. */
int db_step(struct dbq *q, struct onr_error *err);
const char *db_text(struct dbq *q, int col); /* never NULL */
long long db_int(struct dbq *q, int col);
const void *db_blob(struct dbq *q, int col, size_t *len);
/* Finalizes (or, kept, resets) the statement. */
void db_end(struct dbq *q);
/* Steps a statement that returns no rows (or ignores them), then ends it. */
int db_run(struct db *db, struct dbq *q, struct onr_error *err);
/* The first column of the first row as a number (0 with no row). */
int db_scalar(struct dbq *q, long long *out, struct onr_error *err);
/* Every row of q into a grown array of size-byte elements, each filled by
 * fill (the list functions). Ends q; *v is malloc'd. */
int db_rows(struct dbq *q, size_t size, void (*fill)(struct dbq *q, void *elem), void **v, size_t *n,
	    struct onr_error *err);
/* Rows the last statement run changed. */
long long db_changes(const struct db *db);
/* The serial write transaction (db_begin) or a claim's plain one. */
int db_begin_claim(struct db *db, struct onr_error *err);

void db_store_err(struct onr_error *err, const char *code, const char *msg, const char *hint);
int db_schema_version(void);
/* Where the schema version is kept: PRAGMA user_version or meta. */
int db_version_get(struct db *db, int *v, struct onr_error *err);
int db_migrate(struct db *db, int have, struct onr_error *err);
/* After the migrations' transaction: drops what a migration left to drop
 * outside it (SQLite: the records table before schema 10). */
void db_schema_cleanup(struct db *db);
/* Inside the first transaction: imports connections.json when it exists
 * and nothing was imported yet. */
int db_import_legacy(struct db *db, struct onr_error *err);
/* After commit: renames an imported connections.json to its backup name. */
void db_import_finish(struct db *db);
void db_conn_from_row(struct dbq *q, struct conn *c);
/* SQLite only: PRAGMA user_version; data_version (and total changes). */
int db_sqlite_version(struct db *db, int *v, struct onr_error *err);
/* PRAGMA quick_check of the registry: a damaged one is refused (db_open). */
int db_sqlite_check(struct db *db, struct onr_error *err);
long long db_sqlite_data_version(struct db *db, long long *total);
/* SQLite only: the rowid the handle's last finished INSERT gave (a
 * trigger's own inserts do not count once it ended). */
long long db_sqlite_last_id(struct db *db);
#endif
