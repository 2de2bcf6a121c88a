/* db_api.h: the reads behind `onramp serve`'s API (core/api/), beside
 * db.h: a connection's records in the order of their latest change
 * (records.seq, schema version 2), and one record by id. */
#ifndef ONRAMP_DB_API_H
#define ONRAMP_DB_API_H
#include "store/db.h"

struct db_page_q {
	const char *conn;
	long long after_seq;     /* the cursor: records whose latest change is after it */
	int limit;
	time_t modified_after;   /* 0: any */
	const char *status;      /* the unified status, or NULL */
	bool include_deleted;
};
/* fn gets each record (seq, action, first_seen, last_modified, deleted_at
 * set), in seq order; it returns non-zero to stop. */
int db_api_page(struct db *db, const struct db_page_q *q, db_rec_fn fn, void *arg,
		struct onr_error *err);
/* One record by its remote id or its unified id, with r->raw (the
 * source's record, "" when not kept); 1 when there is none. */
int db_api_record(struct db *db, const char *conn, const char *remote_id, db_rec_fn fn, void *arg,
		  struct onr_error *err);
/* Two numbers that change whenever the database may have changed (a
 * commit by this handle or by another process): answers computed at one
 * version can be given again while it stays. */
void db_api_version(struct db *db, long long v[2]);
/* For `onramp serve`'s handle: a bigger page cache (8 MiB). */
int db_api_tune(struct db *db, struct onr_error *err);
#endif
