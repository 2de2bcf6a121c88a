/* db_runs.c: sync runs and high-water marks (see db.h). */
#include "db_impl.h"
#include "i18n.h"
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

const char *run_status_words(enum run_status s)
{
	static const char *const words[] = {N_("syncing"), N_("done"), N_("failed"), N_("partially synced"),
					    N_("cancelled")};
	return _(s <= RUN_CANCELLED ? words[s] : words[RUN_FAILED]);
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
	struct dbq *s = db_prep(db, "INSERT INTO sync_runs(conn_id, model, \"full\", status, started, pid,"
				" owner) VALUES(?,?,?,'SYNCING',?,?,?) RETURNING id", err);
	int rc;
	if (!s)
		return -1;
	db_bind_text(s, 1, r->conn);
	db_bind_text(s, 2, r->model);
	db_bind_int(s, 3, r->full);
	db_bind_int(s, 4, r->started);
	db_bind_int(s, 5, getpid());
	db_bind_text(s, 6, db->owner);
	rc = db_step(s, err);
	r->id = rc == 1 ? db_int(s, 0) : 0;
	db_end(s);
	if (rc != 1)
		return rc < 0 ? rc : -1;
	r->status = RUN_SYNCING;
	return 0;
}

int db_run_finish(struct db *db, const struct db_run *r, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "UPDATE sync_runs SET status=?2, finished=?3, added=?4, updated=?5,"
				  " deleted=?6, pages=?7, error_code=?8, error_message=?9 WHERE id=?1", err);
	if (!s)
		return -1;
	db_bind_int(s, 1, r->id);
	db_bind_text(s, 2, run_status_name(r->status));
	db_bind_int(s, 3, r->finished);
	db_bind_int(s, 4, r->added);
	db_bind_int(s, 5, r->updated);
	db_bind_int(s, 6, r->deleted);
	db_bind_int(s, 7, r->pages);
	db_bind_text(s, 8, r->error_code);
	db_bind_text(s, 9, r->error_message);
	return db_run(db, s, err);
}

int db_run_cancelled(struct db *db, long long id, bool *yes, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT cancel FROM sync_runs WHERE id=?", err);
	int rc;
	*yes = false;
	if (!s)
		return -1;
	db_bind_int(s, 1, id);
	rc = db_step(s, err);
	/* a run that is gone was purged with its connection: stop too */
	*yes = rc != 1 || db_int(s, 0) != 0;
	db_end(s);
	return rc == 1 || rc == 0 ? 0 : rc;
}

/* Is the process that started a run gone? On this machine its pid says
 * so; a run of another machine's instance is gone when it holds no live
 * claim on the connection any more (its lease ran out or was taken). */
static bool run_gone(struct db *db, struct dbq *q, time_t now)
{
	pid_t pid = (pid_t)db_int(q, 1);
	const char *owner = db_text(q, 2), *holder = db_text(q, 3);
	size_t host = strcspn(db->owner, ":");

	if (!strcmp(owner, db->owner) || (!*owner && pid == getpid()))
		return false;
	if (!*owner || (!strncmp(owner, db->owner, host) && owner[host] == ':'))
		return pid > 0 && kill(pid, 0) != 0 && errno == ESRCH;
	return strcmp(holder, owner) != 0 || db_int(q, 4) < now;
}

/* SYNCING runs whose process is gone (SIGKILL, power cut) become FAILED;
 * their page transactions were rolled back, so only the run row lies. */
int db_runs_reap(struct db *db, struct onr_error *err)
{
	struct dbq *q = db_prep(db, "SELECT r.id, r.pid, r.owner, c.claimed_by, c.claimed_until FROM"
				" sync_runs r LEFT JOIN connections c ON c.id=r.conn_id WHERE r.status='SYNCING'",
				err);
	long long *gone = NULL;
	size_t n = 0, cap = 0;
	time_t now = time(NULL);
	int rc;

	if (!q)
		return -1;
	while ((rc = db_step(q, err)) == 1)
		if (run_gone(db, q, now)) {
			if (n == cap)
				gone = xrealloc(gone, (cap = cap ? cap * 2 : 8) * sizeof(*gone));
			gone[n++] = db_int(q, 0);
		}
	db_end(q);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct dbq *s = db_prep(db, "UPDATE sync_runs SET status='FAILED', finished=?1,"
			" error_code='sync.interrupted', error_message='The sync was interrupted"
			" before it finished (onramp stopped). The next sync starts from the last"
			" saved point.' WHERE id=?2 AND status='SYNCING'", err);
		if (!s)
			rc = -1;
		else {
			db_bind_int(s, 1, now);
			db_bind_int(s, 2, gone[i]);
			rc = db_run(db, s, err);
		}
	}
	free(gone);
	return rc;
}

int db_runs_list(struct db *db, const char *conn, size_t max, struct db_run **v, size_t *n,
		 struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT id, model, \"full\", status, started, finished, added, updated,"
				  " deleted, pages, error_code, error_message FROM sync_runs WHERE conn_id=?"
				  " ORDER BY id DESC LIMIT ?", err);
	int rc;

	*v = xcalloc(max ? max : 1, sizeof(**v));
	*n = 0;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_int(s, 2, (long long)max);
	while ((rc = db_step(s, err)) == 1 && *n < max) {
		struct db_run *r = &(*v)[(*n)++];
		r->id = db_int(s, 0);
		str_copy(r->conn, sizeof(r->conn), conn);
		str_copy(r->model, sizeof(r->model), db_text(s, 1));
		r->full = (int)db_int(s, 2) != 0;
		r->status = status_of(db_text(s, 3));
		r->started = (time_t)db_int(s, 4);
		r->finished = (time_t)db_int(s, 5);
		r->added = (int)db_int(s, 6);
		r->updated = (int)db_int(s, 7);
		r->deleted = (int)db_int(s, 8);
		r->pages = (int)db_int(s, 9);
		str_copy(r->error_code, sizeof(r->error_code), db_text(s, 10));
		str_copy(r->error_message, sizeof(r->error_message), db_text(s, 11));
	}
	db_end(s);
	return rc == 0 || rc == 1 ? 0 : rc;
}

int db_mark_get(struct db *db, const char *conn, const char *model, char mark[32],
		struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT mark FROM marks WHERE conn_id=? AND model=?", err);
	int rc;
	mark[0] = 0;
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, model);
	rc = db_step(s, err);
	if (rc == 1)
		str_copy(mark, 32, db_text(s, 0));
	db_end(s);
	return rc == 1 || rc == 0 ? 0 : rc;
}

int db_mark_set(struct db *db, const char *conn, const char *model, const char *mark,
		struct onr_error *err)
{
	struct dbq *s = db_prep(db, "INSERT INTO marks(conn_id, model, mark) VALUES(?1,?2,?3)"
				  " ON CONFLICT(conn_id, model) DO UPDATE SET mark=?3", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, conn);
	db_bind_text(s, 2, model);
	db_bind_text(s, 3, mark);
	return db_run(db, s, err);
}
