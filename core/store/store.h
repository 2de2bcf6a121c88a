/* store.h: the connection record that the store and lifecycle share, the
 * sealed credential files, and the reader of the JSON-lines registry of
 * onramp 0.1 (connections.json), which core/store/db_import.c imports
 * into the database once. Everything else lives in the database
 * (core/store/db.h). Under $XDG_DATA_HOME/onramp/ (folders 0700, files 0600):
 *
 *   onramp.db (+ -wal, -shm)    the database
 *   sealed/ID.box               each connection's sealed credentials
 *   connections.json.imported-* the old registry, kept as it was imported
 *
 * The old connections.json is valid JSON laid out one connection per line:
 *
 *   {"format":"onramp-connections","version":1,"connections":[
 *   {"id":"k3m9x2qa","system":"tryton",...,"check":"<64 hex>"},
 *   ]}
 *
 * Each entry line ends with "check": the BLAKE2b-256 (hex) of the line's
 * bytes from its "{" up to, not including, `,"check":`. An entry whose check
 * or JSON or fields are wrong is reported (line and what) and kept byte for
 * byte as damaged. A newer format version refuses entirely.
 *
 * Entry fields: id, system, url, user, created, checked, disconnected (UTC
 * "YYYY-MM-DDTHH:MM:SSZ" or ""), status ("active" | "disconnected"), credits,
 * token_hash (BLAKE2b-256 hex of the token, "" once disconnected), sealed
 * (BLAKE2b-256 hex of the sealed box, binds the box to the entry), pins
 * (array of "sha256//BASE64"), cafile, schedule ("" = no scheduled syncs),
 * fields (object of the non-secret form values).
 *
 * Why the sealed credentials stay files rather than database blobs: a
 * disconnect overwrites and unlinks the file, while a deleted blob would
 * linger in the WAL and free pages; the database then holds no secret at
 * all, so it can be copied for support or backed up apart from the
 * credentials; and the kiosk and sealing code stay as they were.
 *
 * sealed/ID.box is text:
 *
 *   onramp-sealed 1
 *   id k3m9x2qa
 *   blake2b <64 hex: hash of the box bytes>
 *   box <base64 of crypto_box_seal(envelope)>
 *
 * The sealed envelope is {"id":"ID","system":"SYSTEM","credentials":{...}},
 * so a box moved to another connection's name is caught after opening. */
#ifndef ONRAMP_STORE_H
#define ONRAMP_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "error.h"
#include "paths.h"

#define STORE_VERSION 1
#define STORE_ID_LEN 8 /* ids are 8 characters of [0-9a-z] (base32 alphabet) */

enum conn_status { CONN_ACTIVE, CONN_DISCONNECTED };

struct conn {
	char id[16];
	char *system, *url, *user;
	char *public_json;   /* the "fields" object, as compact JSON */
	char **pins;         /* "sha256//BASE64" */
	size_t npins;
	char *cafile, *schedule;
	char *plain_http;    /* the yes to plain http: "http://host:port" it is for, or "" */
	time_t plain_http_at; /* when it was given, 0 = never */
	char *attention;     /* "needs attention": why, "" when fine */
	time_t created, checked, disconnected; /* 0 = never */
	time_t next_sync;    /* when the schedule is next due, 0 = none */
	int credits;
	enum conn_status status;
	char token_hash[65]; /* "" once disconnected */
	char sealed_hash[65];
	/* legacy registry bookkeeping */
	int line;            /* line in connections.json, 0 if new */
	bool damaged;        /* then only raw and line are meaningful */
	char *raw;           /* the line as read (without its trailing comma) */
	size_t rawlen;
};

struct store_problem {
	char file[PATHS_MAX];
	int line;            /* 0 when not about one line */
	char what[256];      /* plain words */
};

struct store {
	char dir[PATHS_MAX], registry[PATHS_MAX], sealed_dir[PATHS_MAX];
	struct conn *v;      /* legacy entries in file order, damaged ones included */
	size_t n;
	struct store_problem *problems;
	size_t nproblems;
};

/* Finds the data folder and makes sealed/ (folders 0700). */
int store_paths(struct store *st, struct onr_error *err);
/* Reads the legacy registry: 1 when there is none, -1 when it cannot be
 * used at all (a newer version); damage goes to st->problems. */
int store_legacy_load(struct store *st, struct onr_error *err);
void store_close(struct store *st); /* frees */
/* How long a writer waits for another onramp before it fails with
 * store.busy (SQLite's busy timeout, db_wait_ms): 15 s by default; 0 makes
 * it a single try, for callers that wait in their own event loop instead
 * (core/session/session_store.c). Returns the old value. */
long store_lock_patience(long ms);
bool store_id_valid(const char *id);
/* Removes temporary files that a killed onramp left in sealed/ (those of
 * processes that are gone). */
void store_sweep_tmp(const struct store *st);

/* Sealed files. write: atomic, 0600; hash = BLAKE2b of box. read: checks the
 * header, id and hash (also against want_hash when non-empty); damage gives
 * store.sealed_damaged naming the file. destroy: overwrite then unlink. */
int store_sealed_path(const struct store *st, const char *id, char *out, size_t size);
int store_sealed_write(struct store *st, const char *id, const unsigned char *box, size_t len,
		       char hash[65], struct onr_error *err);
int store_sealed_read(struct store *st, const char *id, const char *want_hash, unsigned char **box,
		      size_t *len, struct onr_error *err);
int store_sealed_destroy(struct store *st, const char *id, struct onr_error *err);

/* Helpers shared with lifecycle. */
void conn_free(struct conn *c);
void conn_copy(struct conn *dst, const struct conn *src); /* deep copy, no bookkeeping */
const char *conn_status_name(enum conn_status s);
void store_time_str(time_t t, char out[32]); /* "" for 0 */
#endif
