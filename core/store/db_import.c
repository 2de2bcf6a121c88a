/* db_import.c: the one-time import of onramp 0.1's connections.json into
 * the database. It runs inside the transaction that creates the schema, so
 * either every readable entry is in the database or none is. Every field
 * is carried over as it was (token hashes too, so tokens keep working; the
 * sealed files keep their names). Damaged lines are kept byte for byte in
 * import_damage and reported by `list`. After the commit the file is
 * renamed to connections.json.imported-HASH8, never overwritten. */
#include "db_impl.h"
#include "i18n.h"
#include "seal.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int meta_get(struct db *db, const char *key, char *out, size_t size, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "SELECT value FROM meta WHERE key=?", err);
	int rc;
	out[0] = 0;
	if (!s)
		return -1;
	db_bind_text(s, 1, key);
	rc = db_step(s, err);
	if (rc == 1)
		str_copy(out, size, db_text(s, 0));
	db_end(s);
	return rc == 1 ? 0 : rc == 0 ? 1 : rc;
}

static int meta_set(struct db *db, const char *key, const char *value, struct onr_error *err)
{
	struct dbq *s = db_prep(db, "INSERT INTO meta(key, value) VALUES(?,?)"
				  " ON CONFLICT(key) DO UPDATE SET value=excluded.value", err);
	if (!s)
		return -1;
	db_bind_text(s, 1, key);
	db_bind_text(s, 2, value);
	return db_run(db, s, err);
}

static int file_hash(const char *path, char hex[65])
{
	struct onr_error ignore;
	char *text;
	size_t len;
	if (paths_read(path, 64u << 20, false, &text, &len, &ignore) != 0)
		return -1;
	seal_hash_hex(text, len, hex);
	free(text);
	return 0;
}

static int add_damage(struct db *db, int line, const char *raw, size_t len, const char *what,
		      struct onr_error *err)
{
	struct dbq *s = db_prep(db, "INSERT INTO import_damage(line, raw, what) VALUES(?,?,?)"
				  " ON CONFLICT(line) DO UPDATE SET raw=excluded.raw, what=excluded.what", err);
	if (!s)
		return -1;
	db_bind_int(s, 1, line);
	db_bind_blob(s, 2, raw ? raw : "", len);
	db_bind_text(s, 3, what);
	return db_run(db, s, err);
}

static int import_entries(struct db *db, struct store *st, struct onr_error *err)
{
	time_t now = time(NULL);
	for (size_t i = 0; i < st->n; i++) {
		struct conn *c = &st->v[i];
		int rc;
		if (c->damaged)
			continue;
		if (c->schedule && *c->schedule && c->status == CONN_ACTIVE)
			c->next_sync = now; /* a schedule it had: due at once */
		if ((rc = db_conn_insert(db, c, err)) != 0)
			return rc;
	}
	for (size_t i = 0; i < st->nproblems; i++) {
		const struct store_problem *p = &st->problems[i];
		const struct conn *c = NULL;
		for (size_t k = 0; k < st->n && p->line > 1; k++)
			if (st->v[k].damaged && st->v[k].line == p->line)
				c = &st->v[k];
		if (add_damage(db, p->line, c ? c->raw : "", c ? c->rawlen : 0, p->what, err) != 0)
			return -1;
	}
	return 0;
}

int db_import_legacy(struct db *db, struct onr_error *err)
{
	struct store st;
	char hex[65], backup[PATHS_MAX], name[64], done[65];
	int rc;

	if ((rc = meta_get(db, "legacy_import", done, sizeof(done), err)) <= 0)
		return rc; /* imported before (or an error) */
	if (store_paths(&st, err) != 0)
		return -1;
	rc = store_legacy_load(&st, err);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	if (file_hash(st.registry, hex) != 0) {
		store_close(&st);
		return 0; /* gone meanwhile */
	}
	str_fmt(name, sizeof(name), "connections.json.imported-%.8s", hex);
	paths_join(backup, sizeof(backup), st.dir, name);
	rc = import_entries(db, &st, err);
	if (rc == 0)
		rc = meta_set(db, "legacy_import", hex, err);
	if (rc == 0)
		rc = meta_set(db, "legacy_backup", backup, err);
	store_close(&st);
	return rc;
}

void db_import_finish(struct db *db)
{
	struct onr_error ignore;
	char want[65], have[65], legacy[PATHS_MAX], backup[PATHS_MAX];

	if (meta_get(db, "legacy_import", want, sizeof(want), &ignore) != 0 ||
	    meta_get(db, "legacy_backup", backup, sizeof(backup), &ignore) != 0)
		return;
	paths_join(legacy, sizeof(legacy), db->dir, "connections.json");
	/* Only the very file that was imported; a different one is left alone. */
	if (file_hash(legacy, have) != 0 || strcmp(have, want) != 0)
		return;
	if (link(legacy, backup) == 0 || errno == EEXIST) {
		chmod(backup, 0600); /* onramp 0.1 made it 0600; a copy put back may not be */
		unlink(legacy);
		paths_fsync_dir(db->dir);
	}
}

void db_import_problems(struct db *db, struct onr_error *damage)
{
	struct dbq *s;
	char lines[128] = "", backup[PATHS_MAX], msg[256], hint[768], first[200] = "";
	int n = 0;
	struct onr_error ignore;

	error_clear(damage);
	if (!(s = db_prep(db, "SELECT line, what FROM import_damage ORDER BY line", &ignore)))
		return;
	while (db_step(s, &ignore) == 1) {
		size_t l = strlen(lines);
		if (!n)
			str_fmt(first, sizeof(first), "line %d: %s", (int)db_int(s, 0), db_text(s, 1));
		if (l < sizeof(lines) - 16 && (int)db_int(s, 0) > 1)
			snprintf(lines + l, sizeof(lines) - l, "%s%d", l ? ", " : "", (int)db_int(s, 0));
		n++;
	}
	db_end(s);
	if (!n)
		return;
	meta_get(db, "legacy_backup", backup, sizeof(backup), &ignore);
	if (*lines)
		str_fmt(msg, sizeof(msg), _("Part of the old connections file could not be imported (lines %s)."),
			lines);
	else
		str_copy(msg, sizeof(msg), _("Part of the old connections file could not be imported."));
	str_fmt(hint, sizeof(hint),
		_("The other connections were imported and work. The file was kept unchanged as \"%s\"; "
		"the damaged lines are also kept in the database. If you need a connection from those "
		"lines, connect its system again."), backup);
	error_set(damage, EXIT_STORE, "store", "store.damaged", msg, hint, NULL);
	str_copy(damage->tech, sizeof(damage->tech), first);
}
