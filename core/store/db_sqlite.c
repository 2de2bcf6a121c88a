/* db_sqlite.c: opening the SQLite database, transactions and the words for
 * its failures (see db.h). */
#include "db_impl.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int db_wait_ms = 15000;

/* store.h: the lock patience of session's interface is SQLite's busy
 * timeout, set on each handle db_open makes. */
long store_lock_patience(long ms)
{
	long old = db_wait_ms;
	db_wait_ms = ms < 0 ? 0 : ms > 0x7fffffff ? 0x7fffffff : (int)ms;
	return old;
}

static void store_err(struct onr_error *err, const char *code, const char *msg, const char *hint)
{
	error_set(err, EXIT_STORE, "store", code, msg, hint, NULL);
}

int db_fail(struct db *db, int rc, struct onr_error *err)
{
	char msg[256], hint[768];
	int base = rc & 0xff;

	if (base == SQLITE_BUSY || base == SQLITE_LOCKED) {
		str_fmt(hint, sizeof(hint),
			"Wait until the other onramp has finished, then try again. If none is running, a "
			"stuck process may hold \"%s\": end it.", db->path);
		store_err(err, "store.busy", "Another onramp is changing the connections right now.", hint);
	} else if (base == SQLITE_CORRUPT || base == SQLITE_NOTADB ||
		   (base == SQLITE_ERROR && db->h &&
		    strstr(sqlite3_errmsg(db->h), "unsupported file format"))) {
		/* the last: a damaged header's schema format number */
		str_fmt(msg, sizeof(msg), "The database \"%s\" is damaged.", db->path);
		str_fmt(hint, sizeof(hint),
			"onramp changed nothing in it and never overwrites it. Copy it aside (with its -wal "
			"file), then restore it from a backup, or rescue what can be read: sqlite3 \"%s\" "
			".recover | sqlite3 rescued.db, and put rescued.db in its place. The sealed "
			"credentials are separate files and are not affected.", db->path);
		store_err(err, "store.db_damaged", msg, hint);
	} else if (base == SQLITE_FULL) {
		str_fmt(msg, sizeof(msg), "The disk that holds \"%s\" is full.", db->path);
		store_err(err, "store.disk_full", msg,
			  "Nothing was half-written: the last change was undone. Free some space, then try again.");
	} else {
		str_fmt(msg, sizeof(msg), "Could not use the database \"%s\".", db->path);
		store_err(err, "store.io", msg,
			  "Check that the disk is mounted and writable and that the folder belongs to you, "
			  "then try again.");
	}
	str_fmt(err->tech, sizeof(err->tech), "sqlite %d: %s", rc, db->h ? sqlite3_errmsg(db->h) : "");
	return base == SQLITE_BUSY || base == SQLITE_LOCKED ? DB_BUSY : -1;
}

int db_exec(struct db *db, const char *sql, struct onr_error *err)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : db_fail(db, rc, err);
}

sqlite3_stmt *db_prep(struct db *db, const char *sql, struct onr_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db->h, sql, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, err);
		return NULL;
	}
	return s;
}

int db_run(struct db *db, sqlite3_stmt *s, struct onr_error *err)
{
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, rc, err);
}

const char *db_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return t ? (const char *)t : "";
}

void db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_TRANSIENT);
}

/* SQLite gives the -wal and -shm files the main file's mode: make the main
 * file 0600 before SQLite first touches it (1: it is new). Never open() and close() an
 * existing database file here: closing any descriptor of a file drops
 * every POSIX lock this process holds on it, including those of another
 * connection already open in this process (an agent's). */
static int make_private(const char *path, struct onr_error *err)
{
	struct stat st;
	int fd;

	if (lstat(path, &st) == 0) {
		if ((st.st_mode & 077) && chmod(path, 0600) != 0) {
			paths_error(err, "make private", path, errno);
			return -1;
		}
		return 0;
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno != EEXIST) {
		paths_error(err, "create the database", path, errno);
		return -1;
	}
	if (fd < 0)
		return 0;
	close(fd); /* new: no connection can hold a lock on it yet */
	return 1;
}

static int user_version(struct db *db, int *v, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "PRAGMA user_version", err);
	int rc;
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, err);
}

static int newer_version(struct db *db, int v, struct onr_error *err)
{
	char msg[256];
	str_fmt(msg, sizeof(msg), "The database \"%s\" has schema version %d, which this onramp does not know.",
		db->path, v);
	store_err(err, "store.version", msg,
		  "It was probably written by a newer onramp. Update onramp on this machine; nothing was changed.");
	return -1;
}

/* Creates or upgrades the schema and imports a legacy registry, all in one
 * write transaction (two first runs at once: the second finds it done). */
static int prepare(struct db *db, struct onr_error *err)
{
	char legacy[PATHS_MAX];
	int v, rc;

	if ((rc = user_version(db, &v, err)) != 0)
		return rc;
	if (v > db_schema_version())
		return newer_version(db, v, err);
	paths_join(legacy, sizeof(legacy), db->dir, "connections.json");
	if (v == db_schema_version() && access(legacy, F_OK) != 0)
		return 0;
	if ((rc = db_begin(db, err)) != 0)
		return rc;
	if ((rc = user_version(db, &v, err)) != 0)
		goto fail;
	if (v > db_schema_version()) {
		rc = newer_version(db, v, err);
		goto fail;
	}
	if ((v < db_schema_version() && (rc = db_migrate(db, v, err)) != 0) ||
	    (rc = db_import_legacy(db, err)) != 0)
		goto fail;
	if ((rc = db_commit(db, err)) != 0)
		return rc;
	db_import_finish(db);
	return 0;
fail:
	db_rollback(db);
	return rc;
}

static int set_pragmas(struct db *db, bool fresh, struct onr_error *err)
{
	sqlite3_stmt *s;
	int rc;

	sqlite3_busy_timeout(db->h, db_wait_ms);
	/* 8 KiB pages: a synced record (a 5-line order is about 1.5 KiB of
	 * JSON) fits in its records row; with 4 KiB pages it spilled to an
	 * overflow page, and a first sync wrote a third more pages. 16 KiB
	 * pages cost more: each history row's statement journal copies whole
	 * pages (callgrind, make bench). INCREMENTAL: a purge
	 * gives its pages back without a whole VACUUM. Both take on a new
	 * database only, in this order, before the switch to WAL; on an open
	 * one they would only wait for another writer's lock. */
	if (fresh)
		sqlite3_exec(db->h, "PRAGMA page_size=8192; PRAGMA auto_vacuum=INCREMENTAL", NULL, NULL, NULL);
	/* MEMORY: the statement journals (each record's history row fires
	 * triggers, so its statement keeps one) stay in memory instead of
	 * going to a temporary file, 2 writes a page; they only undo one
	 * statement, so a crash loses nothing by it. */
	if (db_exec(db, "PRAGMA temp_store=MEMORY", err) != 0)
		return -1;
	/* WAL: readers never wait for a writer. Changing the mode needs a lock,
	 * so it can be busy on a first run racing another. */
	if (!(s = db_prep(db, "PRAGMA journal_mode=WAL", err)))
		return -1;
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_fail(db, rc, err);
	/* FULL: a connect that printed its id survives a power cut too. */
	return db_exec(db, "PRAGMA synchronous=FULL", err);
}

/* The connections' pages and indexes, checked on every open (a few pages,
 * so it costs little): a damaged registry is refused before anything reads
 * fewer rows than it holds or writes next to the damage. The records are
 * not checked here: a sync reads them again from the source. */
static int check_registry(struct db *db, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "PRAGMA quick_check(connections)", err);
	int rc;
	if (!s)
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && strcmp(db_text(s, 0), "ok") != 0) {
		char what[200];
		str_copy(what, sizeof(what), db_text(s, 0));
		sqlite3_finalize(s);
		db_fail(db, SQLITE_CORRUPT, err);
		str_fmt(err->tech, sizeof(err->tech), "quick_check: %s", what);
		return -1;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : db_fail(db, rc, err);
}

int db_open(struct db **out, struct onr_error *err)
{
	struct db *db = xcalloc(1, sizeof(*db));
	int rc, fresh = 0;

	*out = NULL;
	if (paths_data_dir(db->dir, sizeof(db->dir), true, err) != 0 ||
	    paths_join(db->path, sizeof(db->path), db->dir, DB_FILE) != 0 ||
	    (fresh = make_private(db->path, err)) < 0) {
		if (!err->exit)
			paths_error(err, "use the folder", db->dir, ENAMETOOLONG);
		free(db);
		return -1;
	}
	rc = sqlite3_open_v2(db->path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, err);
		db_close(db);
		return -1;
	}
	if ((rc = set_pragmas(db, fresh == 1, err)) != 0 || (rc = prepare(db, err)) != 0 ||
	    (rc = check_registry(db, err)) != 0) {
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
	for (int i = 0; i < DB_NSTMT; i++)
		sqlite3_finalize(db->cache[i]);
	sqlite3_close_v2(db->h);
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

int db_begin(struct db *db, struct onr_error *err)
{
	int rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, rc, err);
	db->in_tx = true;
	return 0;
}

int db_commit(struct db *db, struct onr_error *err)
{
	int rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, err);
		db_rollback(db);
		return -1;
	}
	db->in_tx = false;
	return 0;
}

void db_rollback(struct db *db)
{
	if (sqlite3_get_autocommit(db->h) == 0)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = false;
}

int db_compact(struct db *db, struct onr_error *err)
{
	/* Frees the pages a purge emptied, then empties the WAL so the file
	 * system really gets the space back. */
	int rc = db_exec(db, "PRAGMA incremental_vacuum", err);
	if (rc == 0)
		sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return rc;
}
