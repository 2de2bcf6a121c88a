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
	/* 2: the API's change feed and the webhook outbox. Every event is
	 * written by a trigger inside the transaction of the change that
	 * causes it (a page of records, a run's end, a disconnect), so an
	 * event is never lost nor sent for a change that was rolled back.
	 * records.seq is the seq of the record's latest change: the API pages
	 * over it, so a record changed while a client pages comes back later.
	 * Each event gets one delivery row per endpoint that wants it. */
	"ALTER TABLE events ADD COLUMN eid TEXT NOT NULL DEFAULT '';"
	"UPDATE events SET eid='evt_'||lower(hex(randomblob(12)));"
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
	" http_status INTEGER NOT NULL, ms INTEGER NOT NULL, error TEXT NOT NULL);"
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
	"  AND o.url=NEW.url AND o.user=NEW.user AND o.status='disconnected' AND o.id<>NEW.id"
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
	"  'status', NEW.status, 'full', json(CASE NEW.full WHEN 0 THEN 'false' ELSE 'true' END),"
	"  'added', NEW.added, 'updated', NEW.updated, 'deleted', NEW.deleted,"
	"  'first_seq', (SELECT min(seq) FROM history WHERE conn_id=NEW.conn_id AND run_id=NEW.id),"
	"  'last_seq', (SELECT max(seq) FROM history WHERE conn_id=NEW.conn_id AND run_id=NEW.id),"
	"  'error_code', NEW.error_code));"
	" END;",
	/* 3 (kiosk): invites made on this platform and the deliveries that
	 * used them. The payload is the signed JSON without its delivery
	 * secret (derived from the invite key, never stored). A delivery is
	 * one row per connection id, so the same delivery twice is found and
	 * answered again instead of counted again. */
	"CREATE TABLE invites(id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, system TEXT NOT NULL,"
	" payload TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL,"
	" uses INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0, revoked INTEGER NOT NULL DEFAULT 0,"
	" relay BLOB);" /* the app's client secret, sealed to this machine: the relay signs in with it */
	"CREATE TABLE invite_uses(conn_id TEXT PRIMARY KEY, invite_id TEXT NOT NULL,"
	" digest TEXT NOT NULL, at INTEGER NOT NULL);"
	"CREATE INDEX invite_uses_invite ON invite_uses(invite_id);",
	/* 4: the source's own record, as the reader received it (the API's
	 * include_remote_data): JSON with secret-looking members and the
	 * connection's secrets scrubbed (core/data/raw.c), at most RAW_MAX
	 * bytes; '' when not kept (synced before version 4, or too large).
	 * In a table of its own, because it is large (SAP's records run to
	 * 6 KB) and only one route reads it: records stays narrow for paging
	 * and syncs. records.raw_hash (BLAKE2b of raw, '' for '') tells a sync
	 * whether it changed without reading it. Only the current version is
	 * kept: history rows stay as they were. */
	"ALTER TABLE records ADD COLUMN raw_hash TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE record_raw(conn_id TEXT NOT NULL, model TEXT NOT NULL, remote_id TEXT NOT NULL,"
	" raw TEXT NOT NULL, PRIMARY KEY(conn_id, model, remote_id));"
	"CREATE TRIGGER records_raw_gone AFTER DELETE ON records BEGIN"
	" DELETE FROM record_raw WHERE conn_id=OLD.conn_id AND model=OLD.model"
	"  AND remote_id=OLD.remote_id; END;",
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
