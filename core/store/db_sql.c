/* db_sql.c: one SQL text, two dialects (see db_impl.h). The store writes
 * SQLite's and PostgreSQL's common subset; what they spell differently is
 * either a {TOKEN} or, in the schema's table definitions, one of the type
 * words below, translated word by word outside quoted strings. */
#include "db_impl.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct word {
	const char *from, *sqlite, *pg;
};

static const struct word tokens[] = {
	/* claims: a row another transaction holds is passed over, not waited for */
	{"{LOCK}", "", " FOR UPDATE SKIP LOCKED"},
	{"{LOCK_D}", "", " FOR UPDATE OF d SKIP LOCKED"},
	{"{JSON_STATUS}", "json_extract(data, '$.status')", "(data::jsonb->>'status')"},
	{"{JSON_ID}", "json_extract(data, '$.id')", "(data::jsonb->>'id')"},
	/* a JSON value as text: SQLite's json_quote, db_schema.c's function */
	{"{JSON_QUOTE}", "json_quote", "onramp_json_quote"},
	{"{ISO_AT}", "strftime('%Y-%m-%dT%H:%M:%SZ', e.at, 'unixepoch')",
	 "to_char(to_timestamp(e.at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"},
	{"{RANDOM_HEX24}", "lower(hex(randomblob(12)))",
	 "substr(replace(gen_random_uuid()::text, '-', ''), 1, 24)"},
	{"{BLOB_HAS}", "instr(raw, ?1) > 0", "position(convert_to(?1, 'UTF8') IN raw) > 0"},
	{"{TEMP}", "temp.", ""},
	/* insertion order breaks ties in SQLite; the id does in PostgreSQL */
	{"{ROWID}", "rowid", "id"},
	{"{NOW}", "CAST(strftime('%s','now') AS INTEGER)", "CAST(extract(epoch FROM now()) AS BIGINT)"},
};

/* The schema's words PostgreSQL spells its own way (whole words, longest
 * first). */
static const struct word pg_words[] = {
	{"INTEGER PRIMARY KEY AUTOINCREMENT", NULL, "BIGSERIAL PRIMARY KEY"},
	{"INTEGER PRIMARY KEY", NULL, "BIGSERIAL PRIMARY KEY"},
	{"INTEGER", NULL, "BIGINT"},
	{" WITHOUT ROWID", NULL, ""},
	{"BLOB", NULL, "BYTEA"},
	{"instr(", NULL, "strpos("},
};

bool db_is_pg(const struct db *db)
{
	return db->ops->dialect == DB_PG;
}

static const struct word *match(const struct word *w, size_t n, const char *p)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(w[i].from);
		if (!strncmp(p, w[i].from, len) && (!isalnum((unsigned char)w[i].from[len - 1]) ||
						     !isalnum((unsigned char)p[len])))
			return &w[i];
	}
	return NULL;
}

static bool word_start(const char *sql, const char *p)
{
	return p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
}

char *db_sql(const struct db *db, const char *sql)
{
	bool pg = db_is_pg(db);
	struct buf b;
	int bare = 0;
	char quote = 0;

	buf_init(&b);
	for (const char *p = sql; *p;) {
		const struct word *w;
		if (quote) {
			quote = *p == quote ? 0 : quote;
			buf_add(&b, p++, 1);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			buf_add(&b, p++, 1);
		} else if (*p == '{' && (w = match(tokens, sizeof(tokens) / sizeof(tokens[0]), p))) {
			/* a token's text may hold parameters and quotes itself */
			char *inner = db_sql(db, pg ? w->pg : w->sqlite);
			buf_adds(&b, inner);
			free(inner);
			p += strlen(w->from);
		} else if (*p == '?') {
			char n[16];
			p++;
			if (isdigit((unsigned char)*p)) {
				buf_adds(&b, pg ? "$" : "?");
				while (isdigit((unsigned char)*p))
					buf_add(&b, p++, 1);
			} else {
				str_fmt(n, sizeof(n), "%s%d", pg ? "$" : "?", ++bare);
				buf_adds(&b, n);
			}
		} else if (pg && word_start(sql, p) &&
			   (w = match(pg_words, sizeof(pg_words) / sizeof(pg_words[0]), p))) {
			buf_adds(&b, w->pg);
			p += strlen(w->from);
		} else {
			buf_add(&b, p++, 1);
		}
	}
	return b.data;
}
