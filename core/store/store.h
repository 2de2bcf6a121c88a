/* store.h: the registry of connections, their sealed credentials and their
 * history folders, under $XDG_DATA_HOME/onramp/ (folders 0700, files 0600):
 *
 *   lock                  flock'ed around every read-modify-write
 *   connections.json      the registry (public facts only)
 *   sealed/ID.box         each connection's sealed credentials
 *   history/ID/           each connection's synced history (kept until purge)
 *
 * connections.json is valid JSON, but laid out one connection per line so
 * that damage stays local:
 *
 *   {"format":"onramp-connections","version":1,"connections":[
 *   {"id":"k3m9x2qa","system":"tryton",...,"check":"<64 hex>"},
 *   {"id":...,"check":"<64 hex>"}
 *   ]}
 *
 * Each entry line ends with "check": the BLAKE2b-256 (hex) of the line's
 * bytes from its "{" up to, not including, `,"check":`. An entry whose check
 * or JSON or fields are wrong is reported (file and line) and skipped; the
 * others stay usable. Later writes keep a damaged line byte for byte, so
 * nothing is ever overwritten automatically; entries that did not change are
 * also written back byte for byte (fields a newer onramp added survive).
 * A damaged first line (unknown format/version) makes the registry
 * read-only until someone fixes it; a newer version refuses entirely.
 *
 * Entry fields: id, system, url, user, created, checked, disconnected (UTC
 * "YYYY-MM-DDTHH:MM:SSZ" or ""), status ("active" | "disconnected"), credits,
 * token_hash (BLAKE2b-256 hex of the token, "" once disconnected), sealed
 * (BLAKE2b-256 hex of the sealed box, binds the box to the entry), pins
 * (array of "sha256//BASE64"), cafile, schedule ("" = no scheduled syncs),
 * fields (object of the non-secret form values).
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
	time_t created, checked, disconnected; /* 0 = never */
	int credits;
	enum conn_status status;
	char token_hash[65]; /* "" once disconnected */
	char sealed_hash[65];
	/* store bookkeeping */
	int line;            /* line in connections.json, 0 if new */
	bool damaged;        /* then only raw and line are meaningful */
	bool dirty;          /* re-serialise on commit */
	char *raw;           /* the line as read (without its trailing comma) */
	size_t rawlen;
};

struct store_problem {
	char file[PATHS_MAX];
	int line;            /* 0 when not about one line */
	char what[256];      /* plain words */
};

struct store {
	char dir[PATHS_MAX], registry[PATHS_MAX], sealed_dir[PATHS_MAX],
		history_dir[PATHS_MAX], lock_path[PATHS_MAX];
	int lock_fd;         /* -1 when not locked */
	bool writable;       /* false while the first line is damaged */
	struct conn *v;      /* entries in file order, damaged ones included */
	size_t n;
	struct store_problem *problems;
	size_t nproblems;
};

/* Finds the data folder (creating folders 0700), with lock takes the lock
 * (waiting up to 15 s for another onramp), then loads the registry. A
 * missing registry is an empty one. Damage is recorded in st->problems, not
 * returned as an error; -1 only when the registry cannot be used at all. */
int store_open(struct store *st, bool lock, struct onr_error *err);
/* How long store_open(lock) waits for another onramp before it fails with
 * store.busy: 15 s by default; 0 makes it a single try, for callers that
 * wait in their own event loop instead (core/session/session.c). */
long store_lock_patience(long ms); /* returns the old value */
/* Writes the registry atomically; needs the lock. */
int store_commit(struct store *st, struct onr_error *err);
void store_close(struct store *st); /* unlocks and frees */

/* The usable entry with this id, or NULL. */
struct conn *store_find(struct store *st, const char *id);
/* Is there a damaged line that mentions this id? */
bool store_damaged_mentions(const struct store *st, const char *id);
/* Appends a new entry (dirty) and returns it; fields are zero/NULL. */
struct conn *store_add(struct store *st);
void store_remove(struct store *st, struct conn *c);
/* A new unique id (not in the registry, its lines, sealed/ or history/). */
int store_new_id(struct store *st, char id[16], struct onr_error *err);
bool store_id_valid(const char *id);

/* Sealed files. write: atomic, 0600; hash = BLAKE2b of box. read: checks the
 * header, id and hash (also against want_hash when non-empty); damage gives
 * store.sealed_damaged naming the file. destroy: overwrite then unlink. */
int store_sealed_path(const struct store *st, const char *id, char *out, size_t size);
int store_sealed_write(struct store *st, const char *id, const unsigned char *box, size_t len,
		       char hash[65], struct onr_error *err);
int store_sealed_read(struct store *st, const char *id, const char *want_hash, unsigned char **box,
		      size_t *len, struct onr_error *err);
int store_sealed_destroy(struct store *st, const char *id, struct onr_error *err);

int store_history_path(const struct store *st, const char *id, char *out, size_t size);
int store_history_create(struct store *st, const char *id, struct onr_error *err);
int store_history_remove(struct store *st, const char *id, struct onr_error *err);

/* Fills err (exit EXIT_STORE, code store.damaged) describing st->problems:
 * which file and lines, that the other connections still work, what to do.
 * Returns the number of problems (err untouched when 0). */
size_t store_problems_error(const struct store *st, struct onr_error *err);

/* Helpers shared with lifecycle. */
void conn_free(struct conn *c);
void conn_copy(struct conn *dst, const struct conn *src); /* deep copy, no bookkeeping */
const char *conn_status_name(enum conn_status s);
void store_time_str(time_t t, char out[32]); /* "" for 0 */
#endif
