/* rd_impl.h: the read's state, shared by runtime.c (network) and emit.c
 * (records, warnings, offline use). Readers see only reader.h. */
#ifndef ONRAMP_RD_IMPL_H
#define ONRAMP_RD_IMPL_H
#include "auth/auth.h"
#include "data/reader.h"
#include "data/seen.h"

#define RD_MAX_REDACT 20
#define RD_MAX_WARNINGS 200

struct rd {
	const struct reader *r;
	const struct system *sys;
	const struct form *form;
	struct rd_opts opts;
	void *state;
	rd_record_fn on_record;
	rd_warn_fn on_warn;
	rd_done_fn on_done;
	void *arg;
	/* network */
	struct loop *loop;
	struct http *http;
	const struct auth_method *method;
	struct auth_ctx ctx;
	struct http_req req;
	struct http_resp resp;
	bool req_live, signing_in, done, failed, first;
	int retries, retry_timer, deadline_timer, empty_run;
	char host[256];     /* of the current data request, for messages */
	char *next;         /* the next page's link, absolute */
	const char *redact[RD_MAX_REDACT + 1];
	struct onr_error err;
	/* records */
	struct seen records, requests, warned;
	long count, emitted_page;
	int pages, warnings;
	bool full; /* limit reached */
};

/* Resets the per-read bookkeeping that emit.c owns. */
void rd_common_init(struct rd *rd, const struct reader *r, const struct rd_opts *opts, rd_record_fn on_record,
		    rd_warn_fn on_warn, void *arg);
void rd_common_free(struct rd *rd);
#endif
