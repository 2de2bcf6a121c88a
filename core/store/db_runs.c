/* db_runs.c: sync runs and high-water marks in SQLite (see db.h). */
#include "db_impl.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const status_names[] = {"SYNCING", "DONE", "FAILED", "PARTIALLY_SYNCED",
					   "CANCELLED"};

const char *run_status_name(enum run_status s)
{
	return s <= RUN_CANCELLED ? status_names[s] : "FAILED";
}

static enum run_status status_of(const char *s)
{
	for (int i = 0; i <= RUN_CANCELLED; i++)
		if (strcmp(s, status_names[i]) == 0)
			return (enum run_status)i;
	return RUN_FAILED;
}

int db_run_start(struct db *db, struct db_run *r, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "INSERT INTO sync_runs(conn_id, model, full, status, started, pid)"
				  " VALUES(?,?,?,'SYNCING',?,?)", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, r->conn);
	db_bind_text(s, 2, r->model);
	sqlite3_bind_int(s, 3, r->full);
	sqlite3_bind_int64(s, 4, r->started);
	sqlite3_bind_int64(s, 5, getpid());
	if (db_run(db, s, err) != 0)
		return -1;
	r->id = sqlite3_last_insert_rowid(db->h);
	r->status = RUN_SYNCING;
	return 0;
}

int db_run_finish(struct db *db, const struct db_run *r, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "UPDATE sync_runs SET status=?2, finished=?3, added=?4, updated=?5,"
				  " deleted=?6, pages=?7, error_code=?8, error_message=?9 WHERE id=?1", err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, r->id);
	db_bind_text(s, 2, run_status_name(r->status));
	sqlite3_bind_int64(s, 3, r->finished);
	sqlite3_bind_int(s, 4, r->added);
	sqlite3_bind_int(s, 5, r->updated);
	sqlite3_bind_int(s, 6, r->deleted);
	sqlite3_bind_int(s, 7, r->pages);
	db_bind_text(s, 8, r->error_code);
	db_bind_text(s, 9, r->error_message);
	return db_run(db, s, err);
}

int db_run_cancelled(struct db *db, long long id, bool *yes, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT cancel FROM sync_runs WHERE id=?", err);
	int rc;
	*yes = false;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	/* a run that is gone was purged with its connection: stop too */
	*yes = rc != SQLITE_ROW || sqlite3_column_int(s, 0) != 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, err);
}

/* SYNCING runs whose process is gone (SIGKILL, power cut) become FAILED;
 * their page transactions were rolled back, so only the run row lies. */
int db_runs_reap(struct db *db, struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "UPDATE sync_runs SET status='FAILED', finished=?1,"
				  " error_code='sync.interrupted', error_message='The sync was interrupted"
				  " before it finished (onramp stopped). The next sync starts from the last"
				  " saved point.' WHERE id=?2", err);
	sqlite3_stmt *q;
	int rc;

	if (!s)
		return -1;
	if (!(q = db_prep(db, "SELECT id, pid FROM sync_runs WHERE status='SYNCING'", err))) {
		sqlite3_finalize(s);
		return -1;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		pid_t pid = (pid_t)sqlite3_column_int64(q, 1);
		if (pid == getpid() || (pid > 0 && (kill(pid, 0) == 0 || errno != ESRCH)))
			continue;
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, time(NULL));
		sqlite3_bind_int64(s, 2, sqlite3_column_int64(q, 0));
		if ((rc = sqlite3_step(s)) != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(q);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(db, rc, err);
}

int db_runs_list(struct db *db, const char *conn, size_t max, struct db_run **v, size_t *n,
		 struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT id, model, full, status, started, finished, added, updated,"
				  " deleted, pages, error_code, error_message FROM sync_runs WHERE conn_id=?"
				  " ORDER BY id DESC LIMIT ?", err);
	int rc;

	*v = xcalloc(max ? max : 1, sizeof(**v));
	*n = 0;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	sqlite3_bind_int64(s, 2, (long long)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct db_run *r = &(*v)[(*n)++];
		r->id = sqlite3_column_int64(s, 0);
		str_copy(r->conn, sizeof(r->conn), conn);
		str_copy(r->model, sizeof(r->model), db_text(s, 1));
		r->full = sqlite3_column_int(s, 2) != 0;
		r->status = status_of(db_text(s, 3));
		r->started = (time_t)sqlite3_column_int64(s, 4);
		r->finished = (time_t)sqlite3_column_int64(s, 5);
		r->added = sqlite3_column_int(s, 6);
		r->updated = sqlite3_column_int(s, 7);
		r->deleted = sqlite3_column_int(s, 8);
		r->pages = sqlite3_column_int(s, 9);
		str_copy(r->error_code, sizeof(r->error_code), db_text(s, 10));
		str_copy(r->error_message, sizeof(r->error_message), db_text(s, 11));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(db, rc, err);
}

int db_mark_get(struct db *db, const char *conn, const char *model, char mark[32],
		struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "SELECT mark FROM marks WHERE conn_id=? AND model=?", err);
	int rc;
	mark[0] = 0;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, model);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		str_copy(mark, 32, db_text(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, rc, err);
}

int db_mark_set(struct db *db, const char *conn, const char *model, const char *mark,
		struct onr_error *err)
{
	sqlite3_stmt *s = db_prep(db, "INSERT INTO marks(conn_id, model, mark) VALUES(?1,?2,?3)"
				  " ON CONFLICT(conn_id, model) DO UPDATE SET mark=?3", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, model);
	db_bind_text(s, 3, mark);
	return db_run(db, s, err);
}
