/* db_schema.c: the database schema as numbered migrations. PRAGMA
 * user_version holds how many have run; each runs once, inside the write
 * transaction that opens a fresh or older database, so a crash leaves
 * either the old version or the new one. Never edit a migration that has
 * shipped: add the next one. */
#include "db_impl.h"

static const char *const migrations[] = {
	/* 1: registry, lifecycle events, sync runs and marks, records, history */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE connections("
	" id TEXT PRIMARY KEY, system TEXT NOT NULL, url TEXT NOT NULL DEFAULT '',"
	" user TEXT NOT NULL DEFAULT '',"
	" status TEXT NOT NULL CHECK(status IN ('active','disconnected')),"
	" created INTEGER NOT NULL, checked INTEGER NOT NULL DEFAULT 0,"
	" disconnected INTEGER NOT NULL DEFAULT 0, credits INTEGER NOT NULL,"
	" token_hash TEXT NOT NULL DEFAULT '', sealed_hash TEXT NOT NULL DEFAULT '',"
	" pins TEXT NOT NULL DEFAULT '[]', cafile TEXT NOT NULL DEFAULT '',"
	" fields TEXT NOT NULL DEFAULT '{}',"
	" schedule TEXT NOT NULL DEFAULT '', next_sync INTEGER NOT NULL DEFAULT 0,"
	" attention TEXT NOT NULL DEFAULT '',"
	" imported TEXT NOT NULL DEFAULT '');" /* the legacy line, for fields we do not know */
	"CREATE UNIQUE INDEX connections_token ON connections(token_hash) WHERE token_hash <> '';"
	"CREATE INDEX connections_due ON connections(next_sync) WHERE schedule <> '';"
	/* what could not be imported, kept byte for byte */
	"CREATE TABLE import_damage(line INTEGER PRIMARY KEY, raw BLOB NOT NULL, what TEXT NOT NULL);"
	/* the lifecycle's events (the webhook outbox reads these later) */
	"CREATE TABLE events(seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
	" conn_id TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL);"
	"CREATE TABLE sync_runs(id INTEGER PRIMARY KEY AUTOINCREMENT, conn_id TEXT NOT NULL,"
	" model TEXT NOT NULL, full INTEGER NOT NULL, status TEXT NOT NULL,"
	" started INTEGER NOT NULL, finished INTEGER NOT NULL DEFAULT 0,"
	" added INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0,"
	" deleted INTEGER NOT NULL DEFAULT 0, pages INTEGER NOT NULL DEFAULT 0,"
	" error_code TEXT NOT NULL DEFAULT '', error_message TEXT NOT NULL DEFAULT '',"
	" pid INTEGER NOT NULL DEFAULT 0, cancel INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX sync_runs_conn ON sync_runs(conn_id, id);"
	"CREATE TABLE marks(conn_id TEXT NOT NULL, model TEXT NOT NULL, mark TEXT NOT NULL,"
	" PRIMARY KEY(conn_id, model)) WITHOUT ROWID;"
	"CREATE TABLE records(conn_id TEXT NOT NULL, model TEXT NOT NULL, remote_id TEXT NOT NULL,"
	" data TEXT NOT NULL, hash TEXT NOT NULL, raw_status TEXT NOT NULL DEFAULT '',"
	" first_seen_at INTEGER NOT NULL, last_modified_at INTEGER NOT NULL,"
	" last_action TEXT NOT NULL, deleted_at INTEGER NOT NULL DEFAULT 0,"
	" source_modified INTEGER NOT NULL DEFAULT 0,"
	" PRIMARY KEY(conn_id, model, remote_id)) WITHOUT ROWID;"
	/* AUTOINCREMENT: a seq is never reused, even after a purge */
	"CREATE TABLE history(seq INTEGER PRIMARY KEY AUTOINCREMENT, conn_id TEXT NOT NULL,"
	" model TEXT NOT NULL, remote_id TEXT NOT NULL, action TEXT NOT NULL, at INTEGER NOT NULL,"
	" data TEXT NOT NULL, hash TEXT NOT NULL, raw_status TEXT NOT NULL DEFAULT '',"
	" run_id INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX history_conn ON history(conn_id, seq);",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int db_schema_version(void)
{
	return NMIGRATIONS;
}

/* Inside the write transaction: brings the schema from `have` to the
 * newest version. */
int db_migrate(struct db *db, int have, struct onr_error *err)
{
	char sql[64];
	for (int v = have; v < NMIGRATIONS; v++)
		if (db_exec(db, migrations[v], err) != 0)
			return -1;
	str_fmt(sql, sizeof(sql), "PRAGMA user_version=%d", NMIGRATIONS);
	return db_exec(db, sql, err);
}
