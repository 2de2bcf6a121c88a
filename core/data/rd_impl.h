/* rd_impl.h: the read's state, shared by runtime.c (network) and emit.c
 * (records, warnings, offline use). Readers see only reader.h. */
#ifndef ONRAMP_RD_IMPL_H
#define ONRAMP_RD_IMPL_H
#include "auth/auth.h"
#include "data/reader.h"
#include "data/seen.h"
#include <sodium.h>

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
	struct http_req scratch; /* default_authorize's: the credentials, made once a read */
	bool authorized;         /* scratch holds them (its userpwd and headers) */
	/* the next page, prepared (and sent) while the current one is parsed:
	 * rd_prefetch in runtime.c */
	struct http_req pf_req;
	struct http_resp pf_resp;
	enum { PF_NONE, PF_BUILT, PF_SENT, PF_ANSWERED } pf;
	int pf_next;             /* enum rd_next of the built request */
	struct onr_error pf_err; /* when pf_next is RD_FAIL */
	bool pf_wait;            /* the current page is done; the next answer goes on at once */
	bool req_live, scratch_live, pf_live, signing_in, done, failed, first;
	int retries, retry_timer, deadline_timer, empty_run;
	char host[256];     /* of the current data request, for messages */
	char *next;         /* the next page's link, absolute */
	const char *redact[RD_MAX_REDACT + 1];
	struct onr_error err;
	/* records */
	struct rd_fan *fan; /* records fetched one URL each (fanout.c), or NULL */
	struct raw_ctx *raw_ctx; /* rd_keep_raw's, made at its first record */
	struct seen records, requests, warned;
	long count, emitted_page;
	int pages, warnings;
	bool full; /* limit reached */
	crypto_generichash_state id_prefix; /* emit.c: scope and system hashed, for stable ids */
	bool id_ready;
	/* src_page.c: the page's list elements' hashes, in order */
	rd_src_fn src_fn;
	char (*src_hex)[PO_SRC_HEX];
	long src_n, src_cap;
	char *src_body; /* the page with known records nulled, or NULL */
};

/* Resets the per-read bookkeeping that emit.c owns. */
void rd_common_init(struct rd *rd, const struct reader *r, const struct rd_opts *opts, rd_record_fn on_record,
		    rd_warn_fn on_warn, void *arg);
void rd_common_free(struct rd *rd);

/* runtime.c, for fanout.c */
void rd_req_init(struct rd *rd, struct http_req *req); /* timeouts, CA file, pin */
int rd_authorize(struct rd *rd, struct http_req *req, struct onr_error *err);
/* url made absolute against the current request; NULL (and the read
 * failed with data.next_other_host) when it leaves its host or https. */
char *rd_resolve(struct rd *rd, const char *url);
bool rd_answer_ok(const struct http_resp *resp);
void rd_answer_failed(struct rd *rd); /* fails the read for the answer in rd->resp */
void rd_continue(struct rd *rd);      /* on to the next page */
void rd_finish(struct rd *rd, bool ok);

/* src_page.c: the body parse() gets (body itself, or a copy with the
 * records rd->src_fn knows replaced by null); *outlen its length. */
const char *rd_src_page(struct rd *rd, const char *body, size_t len, size_t *outlen);
/* From rd_keep_raw: record's hash into po->src_hash, when it is an
 * element of this page's list. */
void rd_src_mark(struct rd *rd, struct po *po, const struct cJSON *record);
void rd_src_free(struct rd *rd);

/* fanout.c */
bool rd_fan_pending(const struct rd *rd);
void rd_fan_run(struct rd *rd);
void rd_fan_free(struct rd *rd);
#endif
