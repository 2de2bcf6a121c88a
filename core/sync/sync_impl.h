/* sync_impl.h: what sync.c and sync_end.c share (not for callers). */
#ifndef ONRAMP_SYNC_IMPL_H
#define ONRAMP_SYNC_IMPL_H
#include "sync/sync.h"
#include "sync/src.h"
#include "data/reader.h"
#include "form.h"
#include "store.h"

struct sync {
	struct loop *l;
	struct db *db;
	struct sync_opts o;
	struct rd *rd;
	struct form *form;
	struct conn info;
	struct db_run run;
	struct onr_error err;
	char since[32], max_seen[40];
	struct rec *page;            /* kept orders: whole pages, then the page being read */
	size_t npage, cap;
	size_t page_start;           /* where the page being read starts in page[] */
	int kept_pages;              /* whole pages kept, not written yet */
	long long flushed_ms;        /* when kept pages were last written */
	int page_no, poll_timer, finish_timer;
	long records;
	struct sync_src *src;        /* NULL: the reader has no list_key, or no key */
	struct src_known *known;     /* the hashes stored before this run */
	bool sweep;                  /* a full run over live records: seen ids, then the sweep */
	bool tuned;                  /* db_records_tune done (orders to write came) */
	bool complete;               /* every page was read */
	bool stopping;               /* cancelled, or a write failed: ignore the rest */
	bool write_failed;
	bool finished;
};

/* The run's row (SYNCING), after reaping runs of dead processes. */
int sync_begin_run(struct sync *s, struct onr_error *err);
/* Writes the kept pages (see sync.c): 0, 1 when cancelled, -1 on failure. */
int sync_flush(struct sync *s, bool last);
/* Inside a transaction: the run's end, the next due time, attention. */
int sync_record_end(struct sync *s, time_t now);
/* After a read failed: forgets the orders of a page it did not finish. */
void sync_drop_incomplete(struct sync *s);
/* The reader ended: the last page, then the run's end. */
void sync_finish(struct sync *s);
/* Stops the reader and records the run CANCELLED: the connection was
 * disconnected, or (!disconnected) onramp itself is stopping. */
void sync_cancel_now(struct sync *s, bool disconnected);
/* The run could not start reading: recorded FAILED (s->err). */
void sync_fail_start(struct sync *s);
#endif
