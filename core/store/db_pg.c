/* db_pg.c: the PostgreSQL backend (db_impl.h), for several onramp
 * instances on one database (README, "Running several instances").
 *
 * Writes that make a seq (records, history, events) run one at a time,
 * like SQLite's: db_begin takes a transaction-level advisory lock, so seqs
 * become visible in the order they were given and the API's cursor and
 * the outbox never skip a row committed late. Claims (due syncs, webhook
 * deliveries) take no such lock: they pick rows with FOR UPDATE SKIP
 * LOCKED, so instances claiming at once pass over each other's rows. */
#include "db_impl.h"
#include "i18n.h"
#include "pq_dl.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_MAXP 32
/* the writers' advisory lock: "onramp" in ASCII */
#define WRITE_LOCK "111542011243888"

struct dbq {
	struct db *db; /* first: db.c reads it */
	char *sql;     /* NULL for a kept statement */
	const char *name;
	int np;
	char *val[PG_MAXP];
	int len[PG_MAXP], fmt[PG_MAXP];
	PGresult *res;
	int row, nrows;
	bool ran;
	unsigned char *blob;
};

static PGconn *C(struct db *db)
{
	return db->h;
}

static bool is_busy(const char *state)
{
	/* lock_not_available, serialization_failure, deadlock_detected,
	 * query_canceled (a lock wait that ran out its time) */
	return state && (!strcmp(state, "55P03") || !strcmp(state, "40001") || !strcmp(state, "40P01") ||
			 !strcmp(state, "57014"));
}

/* Fills err from the connection or result r; DB_BUSY for a lock wait. */
static int fail(struct db *db, PGresult *r, struct onr_error *err)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *text = r ? PQresultErrorMessage(r) : PQerrorMessage(C(db));
	char msg[256], hint[768];

	if (is_busy(state)) {
		db_store_err(err, "store.busy", _("Another onramp is changing the connections right now."),
			     _("Wait until the other instance has finished, then try again."));
	} else if (PQstatus(C(db)) != CONNECTION_OK) {
		str_fmt(msg, sizeof(msg), _("Could not reach the database \"%s\"."), db->path);
		db_store_err(err, "store.db_unreachable", msg,
			     _("Check that PostgreSQL is running and that this machine may connect (host, "
			     "port, pg_hba.conf, the password in ~/.pgpass), then try again."));
	} else if (state && !strcmp(state, "53100")) {
		str_fmt(msg, sizeof(msg), _("The disk that holds the database \"%s\" is full."), db->path);
		db_store_err(err, "store.disk_full", msg,
			     _("Nothing was half-written: the last change was undone. Free some space on the "
			     "database server, then try again."));
	} else {
		str_fmt(msg, sizeof(msg), _("The database \"%s\" refused a change."), db->path);
		str_fmt(hint, sizeof(hint),
			_("Check that the database user may create and change tables in it and that no other "
			"program changed onramp's tables, then try again."));
		db_store_err(err, "store.db_failed", msg, hint);
	}
	str_fmt(err->tech, sizeof(err->tech), "postgresql %s: %s", state ? state : "-", text ? text : "");
	/* a newline ends libpq's messages: keep the detail on one line */
	for (char *p = err->tech; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return is_busy(state) ? DB_BUSY : -1;
}

static bool ok(PGresult *r)
{
	ExecStatusType t = PQresultStatus(r);
	return t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
}

static int pg_exec(struct db *db, const char *sql, struct onr_error *err)
{
	PGresult *r = PQexec(C(db), sql);
	int rc = ok(r) ? 0 : fail(db, r, err);
	if (rc == 0)
		db->changes = atoll(PQcmdTuples(r));
	PQclear(r);
	return rc;
}

static void quiet(void *arg, const char *message)
{
	(void)arg, (void)message; /* NOTICEs ("already exists") are not the user's business */
}

static int pg_open(struct db *db, const char *url, struct onr_error *err)
{
	const char *why = "";
	str_copy(db->path, sizeof(db->path), url);
	if (!pq_dl_load(&why)) {
		db_store_err(err, "store.db_no_library", _("Could not load the PostgreSQL library libpq."),
			     _("onramp needs libpq (Debian package libpq5) to use a PostgreSQL database. Install "
			       "it, for example with: sudo apt-get install libpq5"));
		str_copy(err->tech, sizeof(err->tech), why);
		return -1;
	}
	db->h = PQconnectdb(url);
	if (!db->h || PQstatus(C(db)) != CONNECTION_OK)
		return fail(db, NULL, err);
	PQsetNoticeProcessor(C(db), quiet, NULL);
	/* times are UTC numbers everywhere; text is UTF-8 */
	return pg_exec(db, "SET client_encoding='UTF8'; SET TIME ZONE 'UTC'", err);
}

static void pg_close(struct db *db)
{
	for (int i = 0; i < DB_NSTMT; i++)
		free(db->cache[i]);
	if (db->h) /* NULL when libpq could not be loaded */
		PQfinish(C(db));
}

static int pg_begin(struct db *db, bool serial, struct onr_error *err)
{
	char sql[160];
	PGresult *r;
	bool got;

	if (PQstatus(C(db)) != CONNECTION_OK)
		PQreset(C(db)); /* the server restarted: one new try, outside any transaction */
	if (pg_exec(db, "BEGIN", err) != 0)
		return -1;
	if (!serial)
		return 0;
	/* db_wait_ms 0: never wait (a frontend retries from a timer) */
	if (db_wait_ms > 0)
		str_fmt(sql, sizeof(sql), "SET LOCAL lock_timeout=%d; SELECT pg_advisory_xact_lock(" WRITE_LOCK
			"), true", db_wait_ms);
	else
		str_fmt(sql, sizeof(sql), "SELECT 1, pg_try_advisory_xact_lock(" WRITE_LOCK ")");
	r = PQexec(C(db), sql);
	got = ok(r) && PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 1), "t");
	if (!got) {
		int rc = ok(r) ? DB_BUSY : fail(db, r, err);
		if (ok(r))
			db_store_err(err, "store.busy", _("Another onramp is changing the connections right now."),
				     _("Wait until the other instance has finished, then try again."));
		PQclear(r);
		PQclear(PQexec(C(db), "ROLLBACK"));
		return rc;
	}
	PQclear(r);
	return 0;
}

static int pg_commit(struct db *db, struct onr_error *err)
{
	return pg_exec(db, "COMMIT", err);
}

static void pg_rollback(struct db *db)
{
	if (PQtransactionStatus(C(db)) != PQTRANS_IDLE)
		PQclear(PQexec(C(db), "ROLLBACK"));
}

static struct dbq *pg_prep(struct db *db, const char *sql, int slot, struct onr_error *err)
{
	struct dbq *q;
	if (slot >= 0 && !db->cache[slot]) {
		char name[16];
		PGresult *r;
		str_fmt(name, sizeof(name), "onr_%d", slot);
		r = PQprepare(C(db), name, sql, 0, NULL);
		if (!ok(r)) {
			fail(db, r, err);
			PQclear(r);
			return NULL;
		}
		PQclear(r);
		db->cache[slot] = xstrdup(name);
	}
	q = xcalloc(1, sizeof(*q));
	q->db = db;
	if (slot >= 0) {
		q->name = db->cache[slot];
		return q;
	}
	q->sql = xstrdup(sql);
	/* a parameter left unbound is NULL, as in SQLite: the server must
	 * still be sent as many as the statement names */
	for (const char *p = sql; (p = strchr(p, '$')) != NULL; p++)
		if (p[1] >= '1' && p[1] <= '9') {
			int n = atoi(p + 1);
			if (n > q->np && n <= PG_MAXP)
				q->np = n;
		}
	return q;
}

static void pg_bind(struct dbq *q, int i, const void *v, size_t len, int kind)
{
	char num[24];
	if (i < 1 || i > PG_MAXP)
		return;
	free(q->val[i - 1]);
	if (kind == DBQ_INT) {
		str_fmt(num, sizeof(num), "%lld", *(const long long *)v);
		v = num;
		len = strlen(num);
	}
	q->val[i - 1] = xmalloc(len + 1);
	memcpy(q->val[i - 1], v, len);
	q->val[i - 1][len] = 0;
	q->len[i - 1] = (int)len;
	q->fmt[i - 1] = kind == DBQ_BLOB; /* bytea goes as binary, the rest as text */
	if (i > q->np)
		q->np = i;
}

static int pg_step(struct dbq *q, struct onr_error *err)
{
	if (!q->ran) {
		const char *const *vals = (const char *const *)q->val;
		q->ran = true;
		q->res = q->name ? PQexecPrepared(C(q->db), q->name, q->np, vals, q->len, q->fmt, 0)
				 : PQexecParams(C(q->db), q->sql, q->np, NULL, vals, q->len, q->fmt, 0);
		if (!ok(q->res))
			return fail(q->db, q->res, err);
		q->nrows = PQntuples(q->res);
		q->row = -1;
		q->db->changes = atoll(PQcmdTuples(q->res));
	}
	return ++q->row < q->nrows ? 1 : 0;
}

static const char *pg_text(struct dbq *q, int col)
{
	if (!q->res || q->row < 0 || q->row >= q->nrows || PQgetisnull(q->res, q->row, col))
		return NULL;
	return PQgetvalue(q->res, q->row, col);
}

static long long pg_int(struct dbq *q, int col)
{
	const char *t = pg_text(q, col);
	if (!t)
		return 0;
	if (!strcmp(t, "t") || !strcmp(t, "f")) /* a boolean */
		return *t == 't';
	return atoll(t);
}

static const void *pg_blob(struct dbq *q, int col, size_t *len)
{
	const char *t = pg_text(q, col);
	PQfreemem(q->blob);
	q->blob = t ? PQunescapeBytea((const unsigned char *)t, len) : NULL;
	if (!q->blob)
		*len = 0;
	return q->blob;
}

static void pg_end(struct dbq *q)
{
	for (int i = 0; i < PG_MAXP; i++)
		free(q->val[i]);
	PQclear(q->res);
	PQfreemem(q->blob);
	free(q->sql);
	free(q);
}

const struct db_ops db_pg_ops = {
	.dialect = DB_PG,
	.open = pg_open,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.exec = pg_exec,
	.prep = pg_prep,
	.bind = pg_bind,
	.step = pg_step,
	.text = pg_text,
	.integer = pg_int,
	.blob = pg_blob,
	.end = pg_end,
};
