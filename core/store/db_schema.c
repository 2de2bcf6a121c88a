/* db_schema.c: the database schema as numbered migrations, one
 * description for both backends. How many have run is PRAGMA user_version
 * in SQLite and meta's schema_version in PostgreSQL; each runs once,
 * inside the write transaction that opens a fresh or older database, so a
 * crash leaves either the old version or the new one. Never change what a
 * shipped migration does: add the next one.
 *
 * Each migration's common text runs on both, translated by db_sql.c (its
 * type words and {TOKENS}); triggers are written once per dialect, since
 * PostgreSQL's run a function. */
#include "db_impl.h"
#include <stdio.h>

struct migration {
	const char *common, *sqlite, *pg;
};

/* PostgreSQL: an AFTER trigger on table calling a function whose body is
 * body (NEW and OLD as in SQLite's). */
#define PG_TRIGGER(name, when, table, cond, body) \
	"CREATE FUNCTION onramp_" name "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " body \
	" RETURN NULL; END $$;" \
	"CREATE TRIGGER " name " AFTER " when " ON " table " FOR EACH ROW " cond \
	" EXECUTE FUNCTION onramp_" name "();"

/* PostgreSQL: one "key":value of a JSON object, as SQLite's json_object
 * writes it; PGJ_NEXT joins two. */
#define PGJ(k, v) "'\"" k "\":'||onramp_json_quote(" v ")"
#define PGJ_NEXT "||','||"

/* SQLite: a record's change writes its event with its id EID (schema 8,
 * then 9), and any other event without one gets it (events_eid). */
#define LITE_HISTORY_EVENT(EID) \
	"CREATE TRIGGER history_event AFTER INSERT ON history BEGIN" \
	" UPDATE records SET seq=NEW.seq WHERE conn_id=NEW.conn_id AND model=NEW.model" \
	"  AND remote_id=NEW.remote_id;" \
	" INSERT INTO events(at, conn_id, type, payload, eid) VALUES(NEW.at, NEW.conn_id," \
	"  NEW.model||'.'||CASE NEW.action WHEN 'added' THEN 'created' WHEN 'deleted' THEN 'deleted'" \
	"  ELSE 'updated' END, json_object('connection_id', NEW.conn_id, 'model', NEW.model," \
	"  'id', NEW.remote_id, 'seq', NEW.seq, 'run_id', NEW.run_id)," \
	"  " EID ");" \
	" END;"
/* SEP: what stood before WHERE in schema 8's text (kept as it shipped) */
#define LITE_EVENTS_EID(EID, SEP) \
	"CREATE TRIGGER events_eid AFTER INSERT ON events WHEN NEW.eid='' BEGIN" \
	" UPDATE events SET eid=" EID SEP "WHERE seq=NEW.seq; END;"
/* schema 10: the records table before, until db_schema_cleanup drops it */
#define OLD_RECORDS "records_before_10"
/* schema 9: the second it was made, then 16 random hex */
#define TIMED_EID "'evt_'||printf('%08x', NEW.at)||lower(hex(randomblob(8)))"

static const struct migration migrations[] = {
	/* 1: registry, lifecycle events, sync runs and marks, records, history */
	{"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE connections("
	" id TEXT PRIMARY KEY, system TEXT NOT NULL, url TEXT NOT NULL DEFAULT '',"
	" \"user\" TEXT NOT NULL DEFAULT '',"
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
	" model TEXT NOT NULL, \"full\" INTEGER NOT NULL, status TEXT NOT NULL,"
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
	"CREATE INDEX history_conn ON history(conn_id, seq);"},
	/* 2: the API's change feed and the webhook outbox. Every event is
	 * written by a trigger inside the transaction of the change that
	 * causes it (a page of records, a run's end, a disconnect), so an
	 * event is never lost nor sent for a change that was rolled back.
	 * records.seq is the seq of the record's latest change: the API pages
	 * over it, so a record changed while a client pages comes back later.
	 * Each event gets one delivery row per endpoint that wants it. */
	{"ALTER TABLE events ADD COLUMN eid TEXT NOT NULL DEFAULT '';"
	"UPDATE events SET eid='evt_'||{RANDOM_HEX24};"
	"CREATE UNIQUE INDEX events_eid ON events(eid);"
	"ALTER TABLE records ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;"
	"UPDATE records SET seq=coalesce((SELECT max(h.seq) FROM history h WHERE h.conn_id=records.conn_id"
	" AND h.model=records.model AND h.remote_id=records.remote_id), 0);"
	"CREATE INDEX records_seq ON records(conn_id, seq);"
	"CREATE TABLE webhooks(id TEXT PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL DEFAULT '',"
	" secret BLOB NOT NULL, status TEXT NOT NULL DEFAULT 'enabled', created INTEGER NOT NULL,"
	" failing_since INTEGER NOT NULL DEFAULT 0, reason TEXT NOT NULL DEFAULT '');"
	/* next_at in milliseconds: the tests shrink the retry schedule */
	"CREATE TABLE deliveries(event_seq INTEGER NOT NULL, endpoint TEXT NOT NULL,"
	" status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,"
	" next_at INTEGER NOT NULL, last_status INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT NOT NULL DEFAULT '', PRIMARY KEY(event_seq, endpoint)) WITHOUT ROWID;"
	"CREATE INDEX deliveries_due ON deliveries(next_at) WHERE status='pending';"
	"CREATE TABLE delivery_log(id INTEGER PRIMARY KEY, event_seq INTEGER NOT NULL,"
	" endpoint TEXT NOT NULL, attempt INTEGER NOT NULL, at INTEGER NOT NULL,"
	" http_status INTEGER NOT NULL, ms INTEGER NOT NULL, error TEXT NOT NULL);",
	/* sqlite */
	"CREATE TRIGGER events_fanout AFTER INSERT ON events BEGIN"
	" UPDATE events SET eid='evt_'||lower(hex(randomblob(12))) WHERE seq=NEW.seq AND eid='';"
	" INSERT INTO deliveries(event_seq, endpoint, next_at) SELECT NEW.seq, w.id, NEW.at*1000"
	"  FROM webhooks w WHERE w.status='enabled' AND NEW.type<>'webhook.test' AND (w.events=''"
	"  OR instr(w.events, ','||NEW.type||',')>0"
	"  OR instr(w.events, ','||substr(NEW.type, 1, instr(NEW.type, '.'))||'*,')>0);"
	" END;"
	"CREATE TRIGGER events_gone AFTER DELETE ON events BEGIN"
	" DELETE FROM deliveries WHERE event_seq=OLD.seq; END;"
	"CREATE TRIGGER history_event AFTER INSERT ON history BEGIN"
	" UPDATE records SET seq=NEW.seq WHERE conn_id=NEW.conn_id AND model=NEW.model"
	"  AND remote_id=NEW.remote_id;"
	" INSERT INTO events(at, conn_id, type, payload) VALUES(NEW.at, NEW.conn_id,"
	"  NEW.model||'.'||CASE NEW.action WHEN 'added' THEN 'created' WHEN 'deleted' THEN 'deleted'"
	"  ELSE 'updated' END, json_object('connection_id', NEW.conn_id, 'model', NEW.model,"
	"  'id', NEW.remote_id, 'seq', NEW.seq, 'run_id', NEW.run_id));"
	" END;"
	"CREATE TRIGGER connection_created AFTER INSERT ON connections"
	" WHEN NEW.status='active' AND NEW.imported='' BEGIN"
	" INSERT INTO events(at, conn_id, type, payload) VALUES(NEW.created, NEW.id,"
	"  'connection.created', json_object('connection_id', NEW.id, 'system', NEW.system));"
	" END;"
	/* a new connection to the system, address and user of a disconnected
	 * one (onramp reconnect makes a new connection) */
	"CREATE TRIGGER connection_reconnected AFTER INSERT ON connections"
	" WHEN NEW.status='active' AND NEW.imported='' BEGIN"
	" INSERT INTO events(at, conn_id, type, payload) SELECT NEW.created, NEW.id,"
	"  'connection.reconnected', json_object('connection_id', NEW.id, 'system', NEW.system,"
	"  'previous_connection_id', o.id) FROM connections o WHERE o.system=NEW.system"
	"  AND o.url=NEW.url AND o.\"user\"=NEW.\"user\" AND o.status='disconnected' AND o.id<>NEW.id"
	"  ORDER BY o.disconnected DESC LIMIT 1;"
	" END;"
	"CREATE TRIGGER connection_attention AFTER UPDATE OF attention ON connections"
	" WHEN NEW.attention<>'' AND NEW.attention<>OLD.attention BEGIN"
	" INSERT INTO events(at, conn_id, type, payload) VALUES(CAST(strftime('%s','now') AS INTEGER),"
	"  NEW.id, 'connection.needs_attention', json_object('connection_id', NEW.id,"
	"  'system', NEW.system, 'reason', substr(NEW.attention, 1, 500)));"
	" END;"
	"CREATE TRIGGER sync_ended AFTER UPDATE OF status ON sync_runs"
	" WHEN OLD.status='SYNCING' AND NEW.status IN ('DONE','FAILED','PARTIALLY_SYNCED') BEGIN"
	" INSERT INTO events(at, conn_id, type, payload) VALUES(NEW.finished, NEW.conn_id,"
	"  CASE NEW.status WHEN 'DONE' THEN 'sync.completed' ELSE 'sync.failed' END,"
	"  json_object('connection_id', NEW.conn_id, 'run_id', NEW.id, 'model', NEW.model,"
	"  'status', NEW.status, 'full', json(CASE NEW.\"full\" WHEN 0 THEN 'false' ELSE 'true' END),"
	"  'added', NEW.added, 'updated', NEW.updated, 'deleted', NEW.deleted,"
	"  'first_seq', (SELECT min(seq) FROM history WHERE conn_id=NEW.conn_id AND run_id=NEW.id),"
	"  'last_seq', (SELECT max(seq) FROM history WHERE conn_id=NEW.conn_id AND run_id=NEW.id),"
	"  'error_code', NEW.error_code));"
	" END;",
	/* postgresql: the same triggers; an event's id is its column default.
	 * Payloads are built as SQLite's json_object writes them (no blanks),
	 * so every instance sends the very same bytes. */
	"CREATE FUNCTION onramp_json_quote(v anyelement) RETURNS text LANGUAGE sql IMMUTABLE AS"
	" 'SELECT coalesce(to_json(v)::text, ''null'')';"
	"ALTER TABLE events ALTER COLUMN eid SET DEFAULT 'evt_'||{RANDOM_HEX24};"
	PG_TRIGGER("events_fanout", "INSERT", "events", "",
		"INSERT INTO deliveries(event_seq, endpoint, next_at) SELECT NEW.seq, w.id, NEW.at*1000"
		" FROM webhooks w WHERE w.status='enabled' AND NEW.type<>'webhook.test' AND (w.events=''"
		" OR strpos(w.events, ','||NEW.type||',')>0"
		" OR strpos(w.events, ','||substr(NEW.type, 1, strpos(NEW.type, '.'))||'*,')>0);")
	PG_TRIGGER("events_gone", "DELETE", "events", "",
		"DELETE FROM deliveries WHERE event_seq=OLD.seq;")
	PG_TRIGGER("history_event", "INSERT", "history", "",
		"UPDATE records SET seq=NEW.seq WHERE conn_id=NEW.conn_id AND model=NEW.model"
		" AND remote_id=NEW.remote_id;"
		" INSERT INTO events(at, conn_id, type, payload) VALUES(NEW.at, NEW.conn_id,"
		" NEW.model||'.'||CASE NEW.action WHEN 'added' THEN 'created' WHEN 'deleted' THEN 'deleted'"
		" ELSE 'updated' END, '{'||" PGJ("connection_id", "NEW.conn_id") PGJ_NEXT
		PGJ("model", "NEW.model") PGJ_NEXT PGJ("id", "NEW.remote_id") PGJ_NEXT
		PGJ("seq", "NEW.seq") PGJ_NEXT PGJ("run_id", "NEW.run_id") "||'}');")
	/* reconnected first: SQLite runs the later-made trigger first */
	PG_TRIGGER("connection_a_reconnected", "INSERT", "connections",
		"WHEN (NEW.status='active' AND NEW.imported='')",
		"INSERT INTO events(at, conn_id, type, payload) SELECT NEW.created, NEW.id,"
		" 'connection.reconnected', '{'||" PGJ("connection_id", "NEW.id") PGJ_NEXT
		PGJ("system", "NEW.system") PGJ_NEXT PGJ("previous_connection_id", "o.id") "||'}'"
		" FROM connections o WHERE o.system=NEW.system"
		" AND o.url=NEW.url AND o.\"user\"=NEW.\"user\" AND o.status='disconnected' AND o.id<>NEW.id"
		" ORDER BY o.disconnected DESC LIMIT 1;")
	PG_TRIGGER("connection_b_created", "INSERT", "connections",
		"WHEN (NEW.status='active' AND NEW.imported='')",
		"INSERT INTO events(at, conn_id, type, payload) VALUES(NEW.created, NEW.id,"
		" 'connection.created', '{'||" PGJ("connection_id", "NEW.id") PGJ_NEXT
		PGJ("system", "NEW.system") "||'}');")
	PG_TRIGGER("connection_attention", "UPDATE OF attention", "connections",
		"WHEN (NEW.attention<>'' AND NEW.attention<>OLD.attention)",
		"INSERT INTO events(at, conn_id, type, payload) VALUES({NOW},"
		" NEW.id, 'connection.needs_attention', '{'||" PGJ("connection_id", "NEW.id") PGJ_NEXT
		PGJ("system", "NEW.system") PGJ_NEXT PGJ("reason", "substr(NEW.attention, 1, 500)") "||'}');")
	PG_TRIGGER("sync_ended", "UPDATE OF status", "sync_runs",
		"WHEN (OLD.status='SYNCING' AND NEW.status IN ('DONE','FAILED','PARTIALLY_SYNCED'))",
		"INSERT INTO events(at, conn_id, type, payload) VALUES(NEW.finished, NEW.conn_id,"
		" CASE NEW.status WHEN 'DONE' THEN 'sync.completed' ELSE 'sync.failed' END,"
		" '{'||" PGJ("connection_id", "NEW.conn_id") PGJ_NEXT PGJ("run_id", "NEW.id") PGJ_NEXT
		PGJ("model", "NEW.model") PGJ_NEXT PGJ("status", "NEW.status") PGJ_NEXT
		PGJ("full", "NEW.\"full\"<>0") PGJ_NEXT PGJ("added", "NEW.added") PGJ_NEXT
		PGJ("updated", "NEW.updated") PGJ_NEXT PGJ("deleted", "NEW.deleted") PGJ_NEXT
		PGJ("first_seq", "(SELECT min(seq) FROM history WHERE conn_id=NEW.conn_id AND run_id=NEW.id)")
		PGJ_NEXT
		PGJ("last_seq", "(SELECT max(seq) FROM history WHERE conn_id=NEW.conn_id AND run_id=NEW.id)")
		PGJ_NEXT PGJ("error_code", "NEW.error_code") "||'}');")},
	/* 3 (kiosk): invites made on this platform and the deliveries that
	 * used them. The payload is the signed JSON without its delivery
	 * secret (derived from the invite key, never stored). A delivery is
	 * one row per connection id, so the same delivery twice is found and
	 * answered again instead of counted again. */
	{"CREATE TABLE invites(id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, system TEXT NOT NULL,"
	" payload TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL,"
	" uses INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0, revoked INTEGER NOT NULL DEFAULT 0,"
	" relay BLOB);" /* the app's client secret, sealed to this machine: the relay signs in with it */
	"CREATE TABLE invite_uses(conn_id TEXT PRIMARY KEY, invite_id TEXT NOT NULL,"
	" digest TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX invite_uses_invite ON invite_uses(invite_id);",
	 "", ""},
	/* 4: the source's own record, as the reader received it (the API's
	 * include_remote_data): JSON with secret-looking members and the
	 * connection's secrets scrubbed (core/data/raw.c), at most RAW_MAX
	 * bytes; '' when not kept (synced before version 4, or too large).
	 * In a table of its own, because it is large (SAP's records run to
	 * 6 KB) and only one route reads it: records stays narrow for paging
	 * and syncs. records.raw_hash (BLAKE2b of raw, '' for ''; now also the
	 * src_hash it was made from: db_records.c, raw_identity) tells a sync
	 * whether it changed without reading it. Only the current version is
	 * kept: history rows stay as they were. */
	{"ALTER TABLE records ADD COLUMN raw_hash TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE record_raw(conn_id TEXT NOT NULL, model TEXT NOT NULL, remote_id TEXT NOT NULL,"
	" raw TEXT NOT NULL, PRIMARY KEY(conn_id, model, remote_id));",
	/* sqlite */
	"CREATE TRIGGER records_raw_gone AFTER DELETE ON records BEGIN"
	" DELETE FROM record_raw WHERE conn_id=OLD.conn_id AND model=OLD.model"
	"  AND remote_id=OLD.remote_id; END;",
	/* postgresql */
	PG_TRIGGER("records_raw_gone", "DELETE", "records", "",
		"DELETE FROM record_raw WHERE conn_id=OLD.conn_id AND model=OLD.model"
		" AND remote_id=OLD.remote_id;")},
	/* 5: work claimed once by one of several instances: a due sync or a
	 * delivery is claimed by claimed_by until claimed_until (seconds for
	 * connections, milliseconds for deliveries), and taken over when a
	 * holder that died lets that pass. On PostgreSQL the sealed
	 * credentials live in the database (sealed), so every instance with
	 * the secret key can open them. */
	{"ALTER TABLE connections ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE connections ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE deliveries ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE deliveries ADD COLUMN claimed_until INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE sync_runs ADD COLUMN owner TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE sealed(conn_id TEXT PRIMARY KEY, box BLOB NOT NULL, hash TEXT NOT NULL);",
	"", ""},
	/* 6: records.src_hash lets a sync skip an unchanged order before
	 * it is parsed, built or scrubbed: a keyed BLAKE2b of the source's
	 * bytes for the order, with the reader, the mapping's version and the
	 * connection's settings (core/sync/src.c; the key is derived from the
	 * secret key and never stored). '' = not known: the order is built
	 * and compared as before, once. */
	{"ALTER TABLE records ADD COLUMN src_hash TEXT NOT NULL DEFAULT '';"
	/* all a sync's start reads (db_records_src_each), in one range; in
	 * seq order, so a first sync appends to it (by src_hash, each insert
	 * went to a random page: at 100,000 orders that index no longer fit
	 * SQLite's cache, and the first sync took a fifth more CPU) */
	"CREATE INDEX records_src ON records(conn_id, model, deleted_at, seq, src_hash, remote_id)"
	" WHERE src_hash<>'';",
	"", ""},
	/* 7: the user's yes to sending a connection's credentials over plain
	 * http, kept with it: the scheme://host:port it was given for (a
	 * re-check, sync or reader of that address only goes ahead) and when. */
	{"ALTER TABLE connections ADD COLUMN plain_http TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE connections ADD COLUMN plain_http_at INTEGER NOT NULL DEFAULT 0;",
	"", ""},
	/* 8 (SQLite only; PostgreSQL's eid is the column's default): a
	 * record's event gets its id as it is inserted. Before, events_fanout
	 * wrote every event twice, inserted with '' and then updated with its
	 * id (a second write of the row and of events_eid): about an eighth
	 * of an initial sync's insert time (the event in all, with its
	 * json_object, is two fifths). The other events (a few a run) still
	 * get theirs from events_eid. */
	{"",
	"DROP TRIGGER IF EXISTS history_event; DROP TRIGGER IF EXISTS events_fanout;"
	LITE_HISTORY_EVENT("'evt_'||lower(hex(randomblob(12)))")
	LITE_EVENTS_EID("'evt_'||lower(hex(randomblob(12)))", " ")
	"CREATE TRIGGER events_fanout AFTER INSERT ON events BEGIN"
	" INSERT INTO deliveries(event_seq, endpoint, next_at) SELECT NEW.seq, w.id, NEW.at*1000"
	"  FROM webhooks w WHERE w.status='enabled' AND NEW.type<>'webhook.test' AND (w.events=''"
	"  OR instr(w.events, ','||NEW.type||',')>0"
	"  OR instr(w.events, ','||substr(NEW.type, 1, instr(NEW.type, '.'))||'*,')>0);"
	" END;",
	""},
	/* 9: an event's id begins with its time, "evt_" + 8 hex of the unix
	 * second + 16 random hex (24 hex, as before): ids made together sort
	 * together, so each insert into the unique index events_eid lands on
	 * its last pages. Wholly random ids sent each insert to a random
	 * page: a sync's transaction of 2,000 records rewrote most of that
	 * index's pages, and more the more events the database held (an
	 * initial sync into a database of 100,000 orders: a seventh of its
	 * database CPU; tools/bench/sync_floor.c). Ids made before stay. */
	{"",
	"DROP TRIGGER IF EXISTS history_event; DROP TRIGGER IF EXISTS events_eid;"
	LITE_HISTORY_EVENT(TIMED_EID) LITE_EVENTS_EID(TIMED_EID, "  "),
	"ALTER TABLE events ALTER COLUMN eid SET DEFAULT 'evt_'||lpad(to_hex({NOW}), 8, '0')"
	"||substr(replace(gen_random_uuid()::text, '-', ''), 1, 16);"},
	/* 10 (SQLite; PostgreSQL's tables always were rows plus a key index):
	 * records becomes a rowid table, its key a unique index. As a WITHOUT
	 * ROWID table its rows (1.5 KiB of JSON each) were kept in the order of
	 * (connection, model, remote id): a source whose ids come in no order
	 * (Business Central's and Dynamics' GUIDs) put each new record on a
	 * random page of the whole table, so a sync's transaction of 2,000
	 * records rewrote about as many 16 KiB pages (an initial sync of
	 * 100,000 orders with random GUIDs, written by core/store alone
	 * (tools/bench/sync_floor.c): 16.6-18.7 s of CPU, 39-45 s; rows in
	 * arrival order: 8.0-9.4 s, 12-20 s, as with ordered ids). Only the
	 * key's small entries go to random pages now. The columns keep their
	 * order; the indexes get new names, since the old table keeps its own
	 * until it is dropped: after this transaction (db_schema_cleanup), as
	 * a statement of its own, because inside it SQLite keeps a copy of
	 * every page it frees in memory (760 MiB for 330,000 records). The
	 * triggers that name records are made again for the new table. */
	{"",
	"DROP TRIGGER IF EXISTS history_event; DROP TRIGGER IF EXISTS records_raw_gone;"
	/* none before 10; a test's downgraded database of 10 has them */
	"DROP INDEX IF EXISTS records_key; DROP INDEX IF EXISTS records_by_seq;"
	"DROP INDEX IF EXISTS records_by_src;"
	"ALTER TABLE records RENAME TO " OLD_RECORDS ";"
	"CREATE TABLE records(conn_id TEXT NOT NULL, model TEXT NOT NULL, remote_id TEXT NOT NULL,"
	" data TEXT NOT NULL, hash TEXT NOT NULL, raw_status TEXT NOT NULL DEFAULT '',"
	" first_seen_at INTEGER NOT NULL, last_modified_at INTEGER NOT NULL,"
	" last_action TEXT NOT NULL, deleted_at INTEGER NOT NULL DEFAULT 0,"
	" source_modified INTEGER NOT NULL DEFAULT 0, seq INTEGER NOT NULL DEFAULT 0,"
	" raw_hash TEXT NOT NULL DEFAULT '', src_hash TEXT NOT NULL DEFAULT '');"
	"INSERT INTO records SELECT conn_id, model, remote_id, data, hash, raw_status, first_seen_at,"
	" last_modified_at, last_action, deleted_at, source_modified, seq, raw_hash, src_hash"
	" FROM " OLD_RECORDS ";"
	"CREATE UNIQUE INDEX records_key ON records(conn_id, model, remote_id);"
	"CREATE INDEX records_by_seq ON records(conn_id, seq);"
	"CREATE INDEX records_by_src ON records(conn_id, model, deleted_at, seq, src_hash, remote_id)"
	" WHERE src_hash<>'';"
	"CREATE TRIGGER records_raw_gone AFTER DELETE ON records BEGIN"
	" DELETE FROM record_raw WHERE conn_id=OLD.conn_id AND model=OLD.model"
	"  AND remote_id=OLD.remote_id; END;"
	LITE_HISTORY_EVENT(TIMED_EID),
	""},
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int db_schema_version(void)
{
	return NMIGRATIONS;
}

void db_schema_cleanup(struct db *db)
{
	struct onr_error ignore;
	/* alone, not inside a transaction (see migration 10); a failure leaves
	 * only its space unused */
	if (!db_is_pg(db))
		db_exec(db, "DROP TABLE IF EXISTS " OLD_RECORDS, &ignore);
}

int db_version_get(struct db *db, int *v, struct onr_error *err)
{
	struct dbq *q;
	long long n = 0;
	int rc;

	if (!db_is_pg(db))
		return db_sqlite_version(db, v, err);
	/* a new database has no meta table yet: version 0. Read from pg_class
	 * itself, not to_regclass: reading it takes a lock, which makes this
	 * server process drop what it cached before another instance's first
	 * run created the tables while this one waited for the writers' lock */
	if (!(q = db_prep(db, "SELECT count(*) FROM pg_catalog.pg_class c WHERE c.relname='meta'"
			  " AND pg_catalog.pg_table_is_visible(c.oid)", err)))
		return -1;
	if ((rc = db_scalar(q, &n, err)) != 0 || !n) {
		*v = 0;
		return rc;
	}
	q = db_prep(db, "SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM meta WHERE key='schema_version'",
		    err);
	if (!q)
		return -1;
	rc = db_scalar(q, &n, err);
	*v = (int)n;
	return rc;
}

/* Inside the write transaction: brings the schema from `have` to the
 * newest version. */
int db_migrate(struct db *db, int have, struct onr_error *err)
{
	char sql[160];
	for (int v = have; v < NMIGRATIONS; v++) {
		const char *own = db_is_pg(db) ? migrations[v].pg : migrations[v].sqlite;
		if ((*migrations[v].common && db_exec(db, migrations[v].common, err) != 0) ||
		    (own && *own && db_exec(db, own, err) != 0))
			return -1;
	}
	if (db_is_pg(db))
		str_fmt(sql, sizeof(sql), "INSERT INTO meta(key, value) VALUES('schema_version', '%d')"
			" ON CONFLICT(key) DO UPDATE SET value=excluded.value", NMIGRATIONS);
	else
		str_fmt(sql, sizeof(sql), "PRAGMA user_version=%d", NMIGRATIONS);
	return db_exec(db, sql, err);
}
