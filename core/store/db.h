/* db.h: the one storage interface for everything onramp keeps beside the
 * sealed credentials: the connection registry with token hashes, credits
 * and schedules, the lifecycle events, sync runs and their high-water
 * marks, the synced records and their append-only history.
 *
 * Callers (core/lifecycle.c, core/sync/) speak only these functions and
 * never SQL. Two backends implement it (db_impl.h): SQLite, the default,
 * and PostgreSQL for several instances on one database (db_pg.c), chosen
 * by --database or the config's "database".
 *
 * SQLite backend: $XDG_DATA_HOME/onramp/onramp.db in WAL mode, 0600,
 * synchronous=FULL (every commit is on disk before anyone reads it; syncs
 * commit a group of pages at a time), 8 KiB pages, versioned schema
 * (db_schema.c). The first open imports
 * an existing connections.json (db_import.c) in the same transaction that
 * creates the schema, and keeps the file as connections.json.imported.
 *
 * Writers: db_begin() takes the write lock (BEGIN IMMEDIATE). When another
 * onramp holds it, SQLite's busy timeout waits up to db_wait_ms; after that
 * the call returns DB_BUSY with err code "store.busy". A frontend that must
 * never block its event loop sets db_wait_ms = 0 and retries from a timer.
 *
 * Every function fills err (GUIDE.md 4) and returns 0 on success, -1 on
 * failure, DB_BUSY when the lock was not had in time; lookups return 1 for
 * "not there" without touching err. */
#ifndef ONRAMP_DB_H
#define ONRAMP_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "error.h"
#include "store.h"

#define DB_BUSY (-2)
#define DB_FILE "onramp.db"

extern int db_wait_ms; /* default 15000 */

struct db;

/* --database URL: a postgresql:// URL (without a password: libpq reads
 * ~/.pgpass) for this process's db_open calls; "" = the config's
 * "database", else SQLite. */
void db_choose(const char *url);
bool db_url_is_pg(const char *url);
/* Is this a database several instances share (PostgreSQL)? Then the
 * sealed credentials live in it too (db_sealed_*). */
bool db_shared(const struct db *db);
/* Would db_open now open a shared database? */
bool db_chosen_shared(void);

/* Opens (creating, migrating, importing as needed) the store's database. */
int db_open(struct db **out, struct onr_error *err);
void db_close(struct db *db);
const char *db_path(const struct db *db);
const char *db_data_dir(const struct db *db);
/* Damage found in the imported connections.json (damage->exit == 0: none). */
void db_import_problems(struct db *db, struct onr_error *damage);

int db_begin(struct db *db, struct onr_error *err);
int db_commit(struct db *db, struct onr_error *err);
void db_rollback(struct db *db);

/* --- connections (conn from store.h; line/damaged/raw unused here) --- */
int db_conn_insert(struct db *db, const struct conn *c, struct onr_error *err);
int db_conn_get(struct db *db, const char *id, struct conn *out, struct onr_error *err);
int db_conn_list(struct db *db, struct conn **v, size_t *n, struct onr_error *err);
/* Is the id used by a connection, imported or damaged? */
int db_id_taken(struct db *db, const char *id, bool *taken, struct onr_error *err);
int db_credits_used(struct db *db, int *used, struct onr_error *err);
/* The active connection whose token hash is hash; 1 when none. */
int db_token_find(struct db *db, const char *hash, char id[16], char *system, size_t syslen,
		  struct onr_error *err);
int db_set_checked(struct db *db, const char *id, time_t when, struct onr_error *err);
/* A new API token's hash for an active connection (lifecycle_token_rotate):
 * the old token stops working with the commit. 1 when not active. */
int db_set_token(struct db *db, const char *id, const char hash[65], struct onr_error *err);
/* The user's yes to plain http for origin (scheme://host:port), given at
 * when; a yes already kept for that origin keeps its first date. */
int db_set_plain_http(struct db *db, const char *id, const char *origin, time_t when, struct onr_error *err);
/* The hash of a connection's new sealed file (lifecycle_reseal). */
int db_set_sealed(struct db *db, const char *id, const char hash[65], struct onr_error *err);
/* schedule "" = none; next = when the next sync is due (0 = never). */
int db_set_schedule(struct db *db, const char *id, const char *schedule, time_t next,
		    struct onr_error *err);
/* "needs attention" text ("" clears it). */
int db_set_attention(struct db *db, const char *id, const char *what, struct onr_error *err);
/* Inside a transaction: the token revoked, the schedule cancelled, running
 * syncs told to stop, the event recorded; the credits return because the
 * pool counts active connections only. *freed = credits returned (0 when
 * it was disconnected already). */
int db_conn_disconnect(struct db *db, const char *id, time_t now, int *freed,
		       struct onr_error *err);
/* Inside a transaction: the connection's records, history, runs, marks and
 * events, then its row. */
int db_conn_purge(struct db *db, const char *id, struct onr_error *err);
/* --- work claimed once ------------------------------------------------
 * Several agents (or serve instances) on one database each claim due
 * connections for themselves: a claim is this process (db_owner) until a
 * lease ends. The holder renews it while the sync runs and releases it at
 * the end, moving the next due time; a holder that died is passed over
 * until its lease ends, then another takes the connection over. */
/* Claims up to max connections due at now, oldest due first, until now +
 * lease_s (ids malloc'd; rows another instance is claiming are skipped). */
int db_claim_due(struct db *db, time_t now, long lease_s, size_t max, char (**ids)[16],
		 size_t *n, struct onr_error *err);
/* Claims connection id now, due or not (a sync asked for), unless a live
 * claim of another process holds it (*got false). */
int db_claim_one(struct db *db, const char *id, time_t now, long lease_s, bool *got,
		 struct onr_error *err);
/* Keeps this process's claim until `until`; *held false when it has none
 * (its lease ran out and another took it). */
int db_claim_renew(struct db *db, const char *id, time_t until, bool *held, struct onr_error *err);
/* Ends this process's claim; the next sync is due at next. */
int db_claim_release(struct db *db, const char *id, time_t next, struct onr_error *err);
/* Lets go of id's claim when its holder was a process on this machine
 * that is gone (SIGKILL, power cut), at once rather than when its lease
 * ends: `onramp sync` run again after a kill need not wait. *dropped says
 * whether it did. */
int db_claim_drop_dead(struct db *db, const char *id, bool *dropped, struct onr_error *err);
/* This process in claims and runs: "host:pid:random". */
const char *db_owner(const struct db *db);
/* When the connection's last complete full run started (0: never). */
int db_last_full(struct db *db, const char *id, time_t *when, struct onr_error *err);
/* Sealed credentials kept in a shared database (db_shared): the sealed
 * box and its hash. get: 1 when there is none. */
int db_sealed_put(struct db *db, const char *id, const unsigned char *box, size_t len,
		  const char hash[65], struct onr_error *err);
int db_sealed_get(struct db *db, const char *id, unsigned char **box, size_t *len,
		  struct onr_error *err);
int db_sealed_delete(struct db *db, const char *id, struct onr_error *err);
/* store.c's sealed-file functions on a shared database (db_sealed.c):
 * 1 when the database is not shared (then the file is used). */
int db_sealed_write_shared(const char *id, const unsigned char *box, size_t len, char hash[65],
			   struct onr_error *err);
int db_sealed_read_shared(const char *id, const char *want_hash, unsigned char **box, size_t *len,
			  struct onr_error *err);
int db_sealed_destroy_shared(const char *id, struct onr_error *err);
/* Gives the space of deleted rows back to the file system. */
int db_compact(struct db *db, struct onr_error *err);

/* --- sync runs -------------------------------------------------------- */
enum run_status { RUN_SYNCING, RUN_DONE, RUN_FAILED, RUN_PARTIAL, RUN_CANCELLED };
struct db_run {
	long long id;
	char conn[16], model[32];
	bool full;
	enum run_status status;
	time_t started, finished;
	int added, updated, deleted, pages;
	int skipped; /* orders known by their source bytes (sync/src.h), not
		      * built; the run's own count, not stored (0 read back) */
	char error_code[48], error_message[256];
};
const char *run_status_name(enum run_status s);
/* The same status in plain words, in the user's language: "partially synced". */
const char *run_status_words(enum run_status s);
int db_run_start(struct db *db, struct db_run *r, struct onr_error *err); /* fills r->id */
int db_run_finish(struct db *db, const struct db_run *r, struct onr_error *err);
/* Has a disconnect (or another process) asked this run to stop? */
int db_run_cancelled(struct db *db, long long id, bool *yes, struct onr_error *err);
/* Runs left SYNCING by a process that died become FAILED (sync.interrupted). */
int db_runs_reap(struct db *db, struct onr_error *err);
int db_runs_list(struct db *db, const char *conn, size_t max, struct db_run **v, size_t *n,
		 struct onr_error *err);

/* High-water mark of (conn, model): the source's modified time, UTC
 * "YYYY-MM-DDTHH:MM:SSZ", "" when none yet. */
int db_mark_get(struct db *db, const char *conn, const char *model, char mark[32],
		struct onr_error *err);
int db_mark_set(struct db *db, const char *conn, const char *model, const char *mark,
		struct onr_error *err);

/* --- records and history ---------------------------------------------- */
enum rec_action { REC_NONE, REC_ADDED, REC_UPDATED, REC_DELETED };
const char *rec_action_name(enum rec_action a);
struct rec {
	char *model, *remote_id, *json, *raw_status;
	char *raw; /* the source's record (JSON), NULL or "" when not
				      * kept; db_record_put stores it, db_api_record
				      * reads it back, other reads leave it NULL */
	char hash[65];
	char src_hash[33];           /* keyed hash of the source's bytes (sync/src.c), "" = none */
	bool unchanged;              /* known by src_hash (sync/src.h): only seen is written */
	time_t modified;             /* source's last-modified (0 unknown) */
	/* set when read back */
	long long seq;               /* history: the change's seq */
	enum rec_action action;
	time_t first_seen, last_modified, deleted_at, at;
};
/* Inside a transaction: writes r unless its hash is the stored one (then
 * *act = REC_NONE and nothing is written but a changed r->raw or
 * r->src_hash, in place, without history); a change appends a history
 * row. r->unchanged writes nothing but seen.
 * With seen (full runs) the id is remembered for db_records_sweep. */
int db_record_put(struct db *db, const char *conn, long long run, const struct rec *r,
		  time_t now, bool seen, enum rec_action *act, struct onr_error *err);
/* Each live record of (conn, model) with a src_hash: fn(arg, src_hash,
 * remote_id), from one index alone (a sync's start: sync/src.h). */
int db_records_src_each(struct db *db, const char *conn, const char *model,
			void (*fn)(void *arg, const char *src_hash, const char *remote_id), void *arg,
			struct onr_error *err);
/* Inside a transaction: marks deleted every live record of (conn, model)
 * not seen since db_seen_reset(conn), appending history rows. */
int db_records_sweep(struct db *db, const char *conn, const char *model, long long run,
		     time_t now, int *deleted, struct onr_error *err);
int db_seen_reset(struct db *db, const char *conn, struct onr_error *err);
/* Does (conn, model) hold a live record? A full run that starts with none
 * (a first sync) has nothing to sweep, so it needs no seen ids: only that
 * run writes the connection's records (a sync claims it). */
int db_records_live(struct db *db, const char *conn, const char *model, bool *any, struct onr_error *err);
/* For a handle that writes syncs: a page cache that holds a transaction's
 * index pages, and fewer WAL checkpoints (db_records.c says why); SQLite
 * only. */
int db_records_tune(struct db *db, struct onr_error *err);

typedef int (*db_rec_fn)(void *arg, const struct rec *r);
/* Current records (deleted ones too, with deleted_at), by model and id. */
int db_records_each(struct db *db, const char *conn, db_rec_fn fn, void *arg,
		    struct onr_error *err);
/* History rows with seq > since_seq and at >= since_time, in seq order. */
int db_history_each(struct db *db, const char *conn, long long since_seq, time_t since_time,
		    db_rec_fn fn, void *arg, struct onr_error *err);
#endif
