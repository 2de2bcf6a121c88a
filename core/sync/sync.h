/* sync.h: one sync run of one connection, inside the one event loop: the
 * connection's reader (core/data/reader.h) reads its purchase orders, and
 * whole pages are written to the database (core/store/db.h), a group of
 * them per transaction (SYNC_GROUP_*).
 *
 * Incremental runs read what changed since the saved high-water mark minus
 * SYNC_LOOKBACK_S (inclusive, so an order saved during the last run is
 * read again rather than missed; unchanged ones write nothing). Readers
 * page by id, not by modified time, so a mark saved mid-run could skip
 * orders on later pages: the mark moves only in the transaction of the
 * last page of a run that read every page, never ahead of its records.
 *
 * Full runs read everything and then mark as deleted what the source no
 * longer returned, only when every page succeeded.
 *
 * A run ends DONE, FAILED (nothing written), PARTIALLY_SYNCED (some pages
 * written, then a failure) or CANCELLED (the connection was disconnected or
 * purged meanwhile: checked every SYNC_CANCEL_POLL_MS and inside each
 * group's transaction, so a page is never written after a disconnect). An
 * auth rejection marks the connection "needs attention". */
#ifndef ONRAMP_SYNC_H
#define ONRAMP_SYNC_H
#include <stdbool.h>
#include <stdio.h>
#include "catalog.h"
#include "error.h"
#include "loop.h"
#include "seal.h"
#include "store/db.h"

#define SYNC_MODEL "purchase_order"
#define SYNC_LOOKBACK_S 300
#define SYNC_FULL_EVERY_S (3 * 86400)
#define SYNC_CANCEL_POLL_MS 200
/* Whole pages are written together once this many orders or this much
 * time has gathered: a commit waits for the disk, so one per page made a
 * first sync wait on the disk most of its time. A crash loses at most the
 * group being gathered, which the next run reads again (the mark moves
 * only at the end of a complete run). */
#define SYNC_GROUP_RECORDS 2000
#define SYNC_GROUP_MS 1000

struct sync;
typedef void (*sync_fn)(void *arg, struct sync *s);

struct sync_opts {
	bool full;
	const struct seal_pass *pass;  /* for a wrapped secret key */
	int page_size;                 /* 0: the reader's default */
	int group;                     /* orders a transaction, 0: SYNC_GROUP_RECORDS */
	FILE *trace;
	sync_fn on_page;               /* after each committed group of pages (may be NULL) */
	sync_fn on_done;               /* once, at the end */
	void *arg;
};

/* Starts a run of connection id. NULL with err when it cannot start: an
 * unknown or disconnected connection, no reader for its system, or sealed
 * credentials this machine cannot open (then a FAILED run is recorded). */
struct sync *sync_start(struct loop *l, struct db *db, const struct catalog *cat, const char *id,
			const struct sync_opts *o, struct onr_error *err);
bool sync_done(const struct sync *s);
const struct db_run *sync_run(const struct sync *s);
long sync_records(const struct sync *s); /* orders read so far */
/* NULL when the run ended DONE. */
const struct onr_error *sync_error(const struct sync *s);
/* Stops a running sync (recorded CANCELLED) and frees it. */
void sync_free(struct sync *s);

/* A connection's syncs at a glance (the Manage screen): its last run, its
 * schedule and next due time, and why it needs attention ("" = fine).
 * can_sync: active, and its system has a reader. "Sync now" is sync_start. */
struct sync_summary {
	bool have_run, can_sync;
	struct db_run last;
	char schedule[16], attention[256];
	time_t next_due;
};
int sync_summary(const char *id, struct sync_summary *out, struct onr_error *err);

/* BLAKE2b (hex) of a unified record with its volatile fields stripped
 * (updated_at, remote_data): the same order read twice hashes the same. */
int sync_hash(const char *json, char hex[65]);

/* Schedules: "15m", "hourly", "daily"; "" = none. */
/* Parses "every 15m" / "every hourly" / "hourly" / "off" into out. */
int schedule_parse(int argc, char **argv, char out[16]);
long schedule_interval(const char *schedule); /* seconds; 0 for none */
/* The default schedule for a system: "hourly" when a reader exists. */
const char *schedule_default(const char *system_id);
/* What a person is told at connect about the default schedule, or NULL
 * when the system gets none (the CLI and line mode say the same). */
const char *schedule_default_sentence(const char *system_id);
#endif
