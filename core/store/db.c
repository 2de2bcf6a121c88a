/* db.c: choosing the backend, opening and migrating the database, and the
 * calls every SQL-holding file makes, which go to the backend's table of
 * operations (see db.h, db_impl.h). */
#include "db_impl.h"
#include "i18n.h"
#include "config.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

int db_wait_ms = 15000;
static char chosen[512]; /* --database */

/* store.h: the lock patience of session's interface is the database's
 * wait for the write lock, set on each handle db_open makes. */
long store_lock_patience(long ms)
{
	long old = db_wait_ms;
	db_wait_ms = ms < 0 ? 0 : ms > 0x7fffffff ? 0x7fffffff : (int)ms;
	return old;
}

void db_choose(const char *url)
{
	str_copy(chosen, sizeof(chosen), url ? url : "");
}

bool db_url_is_pg(const char *url)
{
	return url && (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11) ||
		       !strncmp(url, "postgresql:", 11) || !strncmp(url, "service=", 8));
}

void db_store_err(struct onr_error *err, const char *code, const char *msg, const char *hint)
{
	error_set(err, EXIT_STORE, "store", code, msg, hint, NULL);
}

/* A password in the URL would sit on argv or in a plain config file:
 * libpq reads it from ~/.pgpass (or PGPASSFILE) instead. */
static int url_check(const char *url, struct onr_error *err)
{
	const char *at = strchr(url, '@'), *rest = strstr(url, "://");
	const char *colon = rest ? strchr(rest + 3, ':') : NULL;
	if ((colon && at && colon < at) || strstr(url, "password=")) {
		db_store_err(err, "store.db_url",
			     _("The database address holds a password, which onramp does not take there."),
			     _("Remove the password from the postgresql:// address and put it in ~/.pgpass "
			     "(or the file PGPASSFILE names, mode 0600), then try again."));
		return -1;
	}
	if (!db_url_is_pg(url)) {
		db_store_err(err, "store.db_url", _("The database address is not a postgresql:// URL."),
			     _("Give --database (or \"database =\" in the config) as postgresql://HOST/NAME, "
			     "or leave it out to use the SQLite database in the data folder."));
		return -1;
	}
	return 0;
}

/* The URL: --database, else ONRAMP_DATABASE, else the config's
 * "database", else "" (SQLite). */
static int pick_url(char *url, size_t size, struct onr_error *err)
{
	const char *env = getenv("ONRAMP_DATABASE");
	struct config cfg;
	if (*chosen || (env && *env)) {
		str_copy(url, size, *chosen ? chosen : env);
		return url_check(url, err);
	}
	if (config_load(&cfg, err) != 0)
		return -1;
	str_copy(url, size, cfg.database);
	return *url ? url_check(url, err) : 0;
}

bool db_chosen_shared(void)
{
	struct onr_error ignore;
	char url[512];
	return pick_url(url, sizeof(url), &ignore) == 0 && *url;
}

static void make_owner(struct db *db)
{
	char host[40] = "";
	unsigned r = 0;
	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (unsigned)getpid() * 2654435761u;
	gethostname(host, sizeof(host) - 1);
	str_fmt(db->owner, sizeof(db->owner), "%.39s:%ld:%08x", host, (long)getpid(), r);
}

static int newer_version(struct db *db, int v, struct onr_error *err)
{
	char msg[256];
	str_fmt(msg, sizeof(msg), _("The database \"%s\" has schema version %d, which this onramp does not know."),
		db->path, v);
	db_store_err(err, "store.version", msg,
		     _("It was probably written by a newer onramp. Update onramp on this machine; nothing was changed."));
	return -1;
}

/* Creates or upgrades the schema and imports a legacy registry, all in one
 * write transaction (two first runs at once: the second finds it done). */
static int prepare(struct db *db, struct onr_error *err)
{
	char legacy[PATHS_MAX];
	int v, rc;

	if ((rc = db_version_get(db, &v, err)) != 0)
		return rc;
	if (v > db_schema_version())
		return newer_version(db, v, err);
	paths_join(legacy, sizeof(legacy), db->dir, "connections.json");
	if (v == db_schema_version() && (db_is_pg(db) || access(legacy, F_OK) != 0))
		return 0;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = db_version_get(db, &v, err)) != 0)
		goto fail;
	if (v > db_schema_version()) {
		rc = newer_version(db, v, err);
		goto fail;
	}
	/* a shared database is not fed from one machine's old file */
	if ((v < db_schema_version() && (rc = db_migrate(db, v, err)) != 0) ||
	    (!db_is_pg(db) && (rc = db_import_legacy(db, err)) != 0))
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		return rc;
	db_schema_cleanup(db);
	if (!db_is_pg(db))
		db_import_finish(db);
	return 0;
fail:
	db_rollback(db);
	return rc;
}

int db_open(struct db **out, struct onr_error *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	char url[512];
	int rc;

	*out = NULL;
	if (pick_url(url, sizeof(url), err) != 0) {
		free(db);
		return -1;
	}
	db->ops = *url ? &db_pg_ops : &db_sqlite_ops;
	make_owner(db);
	if (paths_data_dir(db->dir, sizeof(db->dir), true, err) != 0) {
		if (!err->exit)
			paths_error(err, ENAMETOOLONG, _("Could not use the folder \"%s\"."), db->dir);
		free(db);
		return -1;
	}
	if ((rc = db->ops->open(db, url, err)) != 0 || (rc = prepare(db, err)) != 0 ||
	    (!db_is_pg(db) && (rc = db_sqlite_check(db, err)) != 0)) {
		db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	if (db->in_tx)
		db_rollback(db);
	db->ops->close(db);
	free(db);
}

const char *db_path(const struct db *db)
{
	return db->path;
}

const char *db_data_dir(const struct db *db)
{
	return db->dir;
}

bool db_shared(const struct db *db)
{
	return db_is_pg(db);
}

const char *db_owner(const struct db *db)
{
	return db->owner;
}

/* One transaction at a time on a handle: an agent shares its handle
 * between syncs and claims, and where SQLite refuses a BEGIN inside a
 * transaction, PostgreSQL would only warn, and the claim's COMMIT would
 * commit half of another's work. */
static int begin(struct db *db, bool serial, struct onr_error *err)
{
	int rc;
	if (db->in_tx) {
		db_store_err(err, "store.busy", _("Another change is still being written on this connection."),
			     _("Wait a moment, then try again."));
		return DB_BUSY;
	}
	rc = db->ops->begin(db, serial, err);
	db->in_tx = rc == 0;
	return rc;
}

int db_begin(struct db *db, struct onr_error *err)
{
	return begin(db, true, err);
}

int db_begin_claim(struct db *db, struct onr_error *err)
{
	return begin(db, false, err);
}

int db_commit(struct db *db, struct onr_error *err)
{
	int rc = db->ops->commit(db, err);
	if (rc != 0) {
		db_rollback(db);
		return -1;
	}
	db->in_tx = false;
	return 0;
}

void db_rollback(struct db *db)
{
	db->ops->rollback(db);
	db->in_tx = false;
}

int db_exec(struct db *db, const char *sql, struct onr_error *err)
{
	char *t = db_sql(db, sql);
	int rc = db->ops->exec(db, t, err);
	free(t);
	return rc;
}

struct dbq *db_prep(struct db *db, const char *sql, struct onr_error *err)
{
	char *t = db_sql(db, sql);
	struct dbq *q = db->ops->prep(db, t, -1, err);
	free(t);
	return q;
}

struct dbq *db_prep_kept(struct db *db, int slot, const char *sql, struct onr_error *err)
{
	char *t = db->cache[slot] ? NULL : db_sql(db, sql);
	struct dbq *q = db->ops->prep(db, t, slot, err);
	free(t);
	return q;
}

/* Every statement starts with its handle: the backends put it first. */
struct dbq_head {
	struct db *db;
};

static const struct db_ops *ops_of(struct dbq *q)
{
	return ((struct dbq_head *)q)->db->ops;
}

void db_bind_text(struct dbq *q, int i, const char *v)
{
	ops_of(q)->bind(q, i, v ? v : "", strlen(v ? v : ""), DBQ_TEXT);
}

void db_bind_int(struct dbq *q, int i, long long v)
{
	ops_of(q)->bind(q, i, &v, sizeof(v), DBQ_INT);
}

void db_bind_blob(struct dbq *q, int i, const void *v, size_t len)
{
	ops_of(q)->bind(q, i, v ? v : "", len, DBQ_BLOB);
}

int db_step(struct dbq *q, struct onr_error *err)
{
	return ops_of(q)->step(q, err);
}

const char *db_text(struct dbq *q, int col)
{
	const char *t = ops_of(q)->text(q, col);
	return t ? t : "";
}

long long db_int(struct dbq *q, int col)
{
	return ops_of(q)->integer(q, col);
}

const void *db_blob(struct dbq *q, int col, size_t *len)
{
	return ops_of(q)->blob(q, col, len);
}

void db_end(struct dbq *q)
{
	if (q)
		ops_of(q)->end(q);
}

int db_run(struct db *db, struct dbq *q, struct onr_error *err)
{
	int rc = db_step(q, err);
	(void)db;
	db_end(q);
	return rc < 0 ? rc : 0;
}

int db_scalar(struct dbq *q, long long *out, struct onr_error *err)
{
	int rc = db_step(q, err);
	*out = rc == 1 ? db_int(q, 0) : 0;
	db_end(q);
	return rc < 0 ? rc : 0;
}

int db_rows(struct dbq *q, size_t size, void (*fill)(struct dbq *q, void *elem), void **v, size_t *n,
	    struct onr_error *err)
{
	size_t cap = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (!q)
		return -1;
	while ((rc = db_step(q, err)) == 1) {
		if (*n == cap)
			*v = xrealloc(*v, (cap = cap ? cap * 2 : 16) * size);
		fill(q, (char *)*v + (*n)++ * size);
	}
	db_end(q); /* rc < 0: err is filled */
	return rc == 0 ? 0 : rc;
}

long long db_changes(const struct db *db)
{
	return db->changes;
}
