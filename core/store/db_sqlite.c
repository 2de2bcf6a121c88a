/* db_sqlite.c: the SQLite backend (db_impl.h): one file in the data
 * folder, WAL, and the words for its failures (see db.h). */
#include "db_impl.h"
#include "i18n.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct dbq {
	struct db *db; /* first: db.c reads it */
	sqlite3_stmt *s;
	bool kept;
};

static sqlite3 *H(struct db *db)
{
	return db->h;
}

static int fail(struct db *db, int rc, struct onr_error *err)
{
	char msg[256], hint[768];
	int base = rc & 0xff;

	if (base == SQLITE_BUSY || base == SQLITE_LOCKED) {
		str_fmt(hint, sizeof(hint),
			_("Wait until the other onramp has finished, then try again. If none is running, a "
			"stuck process may hold \"%s\": end it."), db->path);
		db_store_err(err, "store.busy", _("Another onramp is changing the connections right now."), hint);
	} else if (base == SQLITE_CORRUPT || base == SQLITE_NOTADB ||
		   (base == SQLITE_ERROR && db->h &&
		    strstr(sqlite3_errmsg(H(db)), "unsupported file format"))) {
		/* the last: a damaged header's schema format number */
		str_fmt(msg, sizeof(msg), _("The database \"%s\" is damaged."), db->path);
		str_fmt(hint, sizeof(hint),
			_("onramp changed nothing in it and never overwrites it. Copy it aside (with its -wal "
			  "file), then restore it from a backup, or rescue what can be read: sqlite3 \"%s\" "
			  ".recover | sqlite3 rescued.db, and put rescued.db in its place. The sealed "
			  "credentials are separate files and are not affected."), db->path);
		db_store_err(err, "store.db_damaged", msg, hint);
	} else if (base == SQLITE_FULL) {
		str_fmt(msg, sizeof(msg), _("The disk that holds \"%s\" is full."), db->path);
		db_store_err(err, "store.disk_full", msg,
			     _("Nothing was half-written: the last change was undone. Free some space, then try again."));
	} else {
		str_fmt(msg, sizeof(msg), _("Could not use the database \"%s\"."), db->path);
		db_store_err(err, "store.io", msg,
			     _("Check that the disk is mounted and writable and that the folder belongs to you, "
			     "then try again."));
	}
	str_fmt(err->tech, sizeof(err->tech), "sqlite %d: %s", rc, db->h ? sqlite3_errmsg(H(db)) : "");
	return base == SQLITE_BUSY || base == SQLITE_LOCKED ? DB_BUSY : -1;
}

static int lite_exec(struct db *db, const char *sql, struct onr_error *err)
{
	int rc = sqlite3_exec(H(db), sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(db, rc, err);
}

static struct dbq *lite_prep(struct db *db, const char *sql, int slot, struct onr_error *err)
{
	struct dbq *q;
	sqlite3_stmt *s = slot >= 0 ? db->cache[slot] : NULL;
	int rc;

	if (!s) {
		/* PERSISTENT: a sync writes thousands of records with a kept few */
		rc = sqlite3_prepare_v3(H(db), sql, -1, slot >= 0 ? SQLITE_PREPARE_PERSISTENT : 0, &s, NULL);
		if (rc != SQLITE_OK) {
			fail(db, rc, err);
			return NULL;
		}
		if (slot >= 0)
			db->cache[slot] = s;
	} else {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
	q = xcalloc(1, sizeof(*q));
	q->db = db;
	q->s = s;
	q->kept = slot >= 0;
	return q;
}

static void lite_bind(struct dbq *q, int i, const void *v, size_t len, int kind)
{
	if (kind == DBQ_INT)
		sqlite3_bind_int64(q->s, i, *(const long long *)v);
	else if (kind == DBQ_BLOB)
		sqlite3_bind_blob(q->s, i, v, (int)len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_text(q->s, i, v, (int)len, SQLITE_TRANSIENT);
}

static int lite_step(struct dbq *q, struct onr_error *err)
{
	int rc = sqlite3_step(q->s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		q->db->changes = sqlite3_changes(H(q->db));
		return 0;
	}
	return fail(q->db, rc, err);
}

static const char *lite_text(struct dbq *q, int col)
{
	return (const char *)sqlite3_column_text(q->s, col);
}

static long long lite_int(struct dbq *q, int col)
{
	return sqlite3_column_int64(q->s, col);
}

static const void *lite_blob(struct dbq *q, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(q->s, col);
	*len = (size_t)sqlite3_column_bytes(q->s, col);
	return p;
}

static void lite_end(struct dbq *q)
{
	if (q->kept)
		sqlite3_reset(q->s);
	else
		sqlite3_finalize(q->s);
	free(q);
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
			paths_error(err, errno, _("Could not make \"%s\" private."), path);
			return -1;
		}
		return 0;
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 && errno != EEXIST) {
		paths_error(err, errno, _("Could not create the database \"%s\"."), path);
		return -1;
	}
	if (fd < 0)
		return 0;
	close(fd); /* new: no connection can hold a lock on it yet */
	return 1;
}

static int set_pragmas(struct db *db, bool fresh, struct onr_error *err)
{
	sqlite3_stmt *s;
	int rc;

	sqlite3_busy_timeout(H(db), db_wait_ms);
	/* 16 KiB pages: a synced record (a 5-line order is about 1.5 KiB of
	 * JSON) fits in its records row (with 4 KiB pages it spilled to an
	 * overflow page), and its source record (record_raw, about 5 KiB from
	 * Business Central) packs three to a page, where an 8 KiB page held
	 * one and left 3 KiB empty: a first sync grows the file by 9.9 KiB an
	 * order instead of 12.8, for the same CPU (the statement journals are
	 * in memory, below; 20,000 orders, make bench's fixture). INCREMENTAL: a purge
	 * gives its pages back without a whole VACUUM. Both take on a new
	 * database only, in this order, before the switch to WAL; on an open
	 * one they would only wait for another writer's lock. */
	if (fresh)
		sqlite3_exec(H(db), "PRAGMA page_size=16384; PRAGMA auto_vacuum=INCREMENTAL", NULL, NULL, NULL);
	/* MEMORY: the statement journals (each record's history row fires
	 * triggers, so its statement keeps one) stay in memory instead of
	 * going to a temporary file, 2 writes a page; they only undo one
	 * statement, so a crash loses nothing by it. */
	if (lite_exec(db, "PRAGMA temp_store=MEMORY", err) != 0)
		return -1;
	/* WAL: readers never wait for a writer. Changing the mode needs a lock,
	 * so it can be busy on a first run racing another. */
	if ((rc = sqlite3_prepare_v2(H(db), "PRAGMA journal_mode=WAL", -1, &s, NULL)) != SQLITE_OK)
		return fail(db, rc, err);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return fail(db, rc, err);
	/* FULL: a connect that printed its id survives a power cut too. */
	return lite_exec(db, "PRAGMA synchronous=FULL", err);
}

/* The connections' pages and indexes, checked on every open (a few pages,
 * so it costs little): a damaged registry is refused before anything reads
 * fewer rows than it holds or writes next to the damage. The records are
 * not checked here: a sync reads them again from the source. After the
 * schema exists (db_open). */
int db_sqlite_check(struct db *db, struct onr_error *err)
{
	struct dbq *q = lite_prep(db, "PRAGMA quick_check(connections)", -1, err);
	int rc;
	if (!q)
		return -1;
	rc = lite_step(q, err);
	if (rc == 1 && strcmp(lite_text(q, 0) ? lite_text(q, 0) : "", "ok") != 0) {
		char what[200];
		str_copy(what, sizeof(what), lite_text(q, 0) ? lite_text(q, 0) : "");
		lite_end(q);
		fail(db, SQLITE_CORRUPT, err);
		str_fmt(err->tech, sizeof(err->tech), "quick_check: %s", what);
		return -1;
	}
	lite_end(q);
	return rc < 0 ? rc : 0;
}

/* How many sealed credentials the data folder holds (sealed/ID.box). */
static int sealed_boxes(const char *dir)
{
	char path[PATHS_MAX];
	struct dirent *e;
	DIR *d;
	int n = 0;
	if (paths_join(path, sizeof(path), dir, "sealed") != 0 || !(d = opendir(path)))
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		n += l > 4 && !strcmp(e->d_name + l - 4, ".box");
	}
	closedir(d);
	return n;
}

/* An existing database of 0 bytes reads as a new, empty one. Beside
 * sealed credentials it is what a crash on some file systems leaves of a
 * database that listed them: refused, so they are never lost without a
 * word. (A first run racing another sees 0 bytes too, but no sealed file
 * yet: a connect seals only after the schema is made.) */
static int emptied(struct db *db, struct onr_error *err)
{
	struct stat st;
	char msg[512];
	int boxes;
	if (stat(db->path, &st) != 0 || st.st_size != 0 || (boxes = sealed_boxes(db->dir)) == 0)
		return 0;
	str_fmt(msg, sizeof(msg),
		NG_("The database \"%s\" is empty, but %d sealed credential file beside it belongs to a connection it should list.",
		    "The database \"%s\" is empty, but %d sealed credential files beside it belong to connections it should list.",
		    boxes),
		db->path, boxes);
	db_store_err(err, "store.db_damaged", msg,
		     _("onramp changed nothing. Restore the database from a backup. To start again without those "
		     "connections, move the \"sealed\" folder aside first."));
	return -1;
}

static int lite_open(struct db *db, const char *url, struct onr_error *err)
{
	sqlite3 *h = NULL;
	int rc, fresh;

	(void)url;
	if (paths_join(db->path, sizeof(db->path), db->dir, DB_FILE) != 0 ||
	    (fresh = make_private(db->path, err)) < 0) {
		if (!err->exit)
			paths_error(err, ENAMETOOLONG, _("Could not use the folder \"%s\"."), db->dir);
		return -1;
	}
	if (!fresh && emptied(db, err) != 0)
		return -1;
	rc = sqlite3_open_v2(db->path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	db->h = h;
	if (rc != SQLITE_OK)
		return fail(db, rc, err);
	return set_pragmas(db, fresh == 1, err);
}

static void lite_close(struct db *db)
{
	for (int i = 0; i < DB_NSTMT; i++)
		sqlite3_finalize(db->cache[i]);
	sqlite3_close_v2(H(db));
}

/* IMMEDIATE: the write lock now, so a transaction never fails half-way
 * for want of it; SQLite has one writer at a time anyway (serial). */
static int lite_begin(struct db *db, bool serial, struct onr_error *err)
{
	(void)serial;
	return lite_exec(db, "BEGIN IMMEDIATE", err);
}

static int lite_commit(struct db *db, struct onr_error *err)
{
	return lite_exec(db, "COMMIT", err);
}

static void lite_rollback(struct db *db)
{
	if (db->h && sqlite3_get_autocommit(H(db)) == 0)
		sqlite3_exec(H(db), "ROLLBACK", NULL, NULL, NULL);
}

const struct db_ops db_sqlite_ops = {
	.dialect = DB_SQLITE,
	.open = lite_open,
	.close = lite_close,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.exec = lite_exec,
	.prep = lite_prep,
	.bind = lite_bind,
	.step = lite_step,
	.text = lite_text,
	.integer = lite_int,
	.blob = lite_blob,
	.end = lite_end,
};

/* --- what only SQLite has ------------------------------------------------ */

int db_sqlite_version(struct db *db, int *v, struct onr_error *err)
{
	struct dbq *q = lite_prep(db, "PRAGMA user_version", -1, err);
	long long n = 0;
	int rc;
	if (!q)
		return -1;
	rc = db_scalar(q, &n, err);
	*v = (int)n;
	return rc;
}

int db_compact(struct db *db, struct onr_error *err)
{
	int rc;
	/* PostgreSQL's autovacuum gives deleted rows' space back by itself */
	if (db_is_pg(db))
		return 0;
	/* schema 10's old records table, if a crash came between the
	 * migration's commit and its drop */
	db_schema_cleanup(db);
	/* Frees the pages a purge emptied, then empties the WAL so the file
	 * system really gets the space back. */
	rc = lite_exec(db, "PRAGMA incremental_vacuum", err);
	if (rc == 0)
		sqlite3_wal_checkpoint_v2(H(db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return rc;
}

long long db_sqlite_data_version(struct db *db, long long *total)
{
	sqlite3_stmt *s;
	long long v = -1;
	/* data_version moves when another process commits; total_changes when
	 * this handle writes (a sync inside serve) */
	if (sqlite3_prepare_v2(H(db), "PRAGMA data_version", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	*total = sqlite3_total_changes64(H(db));
	return v;
}

long long db_sqlite_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(H(db));
}
