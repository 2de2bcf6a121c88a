/* src.h: the hash that lets a sync skip an order it already stored from the
 * same source bytes, before any tree, model or scrubbed copy is made.
 *
 * It is BLAKE2b keyed with the connection's own derived secret
 * (lifecycle_open_keyed), over SYNC_SRC_VERSION, the reader's name, the
 * connection's public settings and the order's bytes as the source sent
 * them, 128 bits as hex (records.src_hash, schema 6). The key matters:
 * the bytes are not scrubbed, and a record that echoes a password would
 * otherwise give anyone holding the database a hash to test guesses
 * against. The key is never stored and lives in protected memory. */
#ifndef ONRAMP_SYNC_SRC_H
#define ONRAMP_SYNC_SRC_H
#include <stdbool.h>
#include <stddef.h>

/* Bump when a reader's mapping or the unified record's JSON changes: each
 * stored hash then differs, and the next sync builds and compares every
 * order once (writing only those whose unified record changed). */
#define SYNC_SRC_VERSION "1"
#define SYNC_SRC_HEX 33

struct sync_src;
/* NULL when memory is short (the sync then skips nothing). key is
 * LIFECYCLE_KEY_BYTES; version is SYNC_SRC_VERSION outside tests. */
struct sync_src *sync_src_new(const unsigned char *key, const char *version, const char *reader,
			      const char *settings);
void sync_src_hash(const struct sync_src *s, const char *bytes, size_t len, char hex[SYNC_SRC_HEX]);
void sync_src_free(struct sync_src *s);

/* The hashes stored for a connection's live orders, read once at the start
 * of a run (db_records_src_each), with their remote ids when asked (full
 * runs mark skipped orders seen). One look-up an order costs no query. */
struct src_known;
struct src_known *src_known_new(bool ids);
void src_known_add(struct src_known *k, const char *hex, const char *remote_id);
/* NULL when hex is not known; else its remote id ("" without ids). */
const char *src_known_find(const struct src_known *k, const char *hex);
size_t src_known_count(const struct src_known *k);
void src_known_free(struct src_known *k);
#endif
