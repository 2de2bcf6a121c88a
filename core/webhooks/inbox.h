/* inbox.h: the reference receiver's own SQLite file. A webhook is
 * answered 2xx only after its row here is committed (synchronous=FULL),
 * and the webhook-id is the primary key, so a retry of a delivered event
 * (the sender never saw our 2xx: we were killed between commit and answer)
 * is recognised and not processed twice.
 *
 *   inbox(webhook_id PK, received, type, body, conn_id, rid, seq,
 *         state: queued | done | failed | stale, error)
 *   applied(conn_id, model, rid, seq)   the newest seq processed per record
 *   counters(name PK, value)            received, duplicates, bad_signature,
 *                                       processed, process_failures, out_of_order,
 *                                       polled
 *   meta(key PK, value)                 the polling cursor */
#ifndef ONRAMP_INBOX_H
#define ONRAMP_INBOX_H
#include <stdbool.h>
#include <sqlite3.h>
#include "error.h"

#define INBOX_STMTS 16

struct inbox {
	sqlite3 *h;
	int depth;   /* inbox_begin calls not yet ended */
	bool doomed; /* an inner inbox_rollback: the outermost end rolls back */
	struct {
		const char *sql;
		sqlite3_stmt *s;
	} stmt[INBOX_STMTS]; /* prepared once per open inbox (inbox.c) */
};

struct inbox_event {
	char id[80], type[64], conn[16], rid[128];
	long long seq;     /* of the record's change (purchase_order.*), else 0 */
	char *body;        /* malloc'd */
};

int inbox_open(struct inbox *ib, const char *path, struct onr_error *err);
void inbox_close(struct inbox *ib);
/* Transactions nest: only the outermost begin and commit reach SQLite,
 * so a receiver can gather many webhooks into one commit (one fsync: group
 * commit) and the writes below join it. A commit after an inner rollback
 * rolls everything back and returns -1. */
int inbox_begin(struct inbox *ib);
int inbox_commit(struct inbox *ib);
void inbox_rollback(struct inbox *ib);
/* In one transaction (or the open one): the event queued and "received"
 * counted, or, when its id is known, "duplicates" counted. *dup says which. */
int inbox_put(struct inbox *ib, const char *id, const char *body, size_t len, bool *dup);
int inbox_count(struct inbox *ib, const char *name, long long by);
/* The oldest queued event; 1 when none. */
int inbox_next(struct inbox *ib, struct inbox_event *ev);
void inbox_event_free(struct inbox_event *ev);
/* Is ev older than (or as old as) what was applied for its record? */
bool inbox_stale(struct inbox *ib, const struct inbox_event *ev);
/* In one transaction (or the open one): ev's state (done, failed,
 * stale), its record's seq when done, the matching counter. */
int inbox_finish(struct inbox *ib, const struct inbox_event *ev, const char *state,
		 const char *error);
/* name value lines ("received 12\n...") into a malloc'd string. */
char *inbox_counters(struct inbox *ib, bool prometheus);
int inbox_meta_get(struct inbox *ib, const char *key, char *out, size_t size);
int inbox_meta_set(struct inbox *ib, const char *key, const char *value);
#endif
