/* reader.h: how onramp reads purchase orders from a source system.
 *
 * One reader per source family (read_tryton.c, read_sap.c, read_bc.c, ...),
 * registered with one line in registry.c, the way auth modules are. The
 * runtime (runtime.c) does everything that is the same for every source:
 *
 *   - signs in with the system's auth module (core/auth/), running its
 *     steps like the probe does, from a form that holds the credentials:
 *     right after a check (still in memory) or opened from the store;
 *   - sends the reader's page requests on the one event loop (http.c,
 *     libcurl multi), adding the credentials (see authorize below);
 *   - never follows a redirect; checks every next-page link stays on the
 *     host the user typed (rd_next_url); stops a paging loop (the same
 *     request twice) and an endless stream (max_pages);
 *   - honours 429/503 with Retry-After (bounded), bounds body size (1 MiB a
 *     page, http.h), each request's time and the whole read's time;
 *   - maps every failure through the error table (data/errors.c, then
 *     core/base/errtable.c): 403 on the data endpoint is "Signed in, but this
 *     user may not read purchase orders" plus the reader's forbidden_hint;
 *   - gives each record its stable id, drops a record seen on an earlier
 *     page (with a warning), applies --status and --limit, and hands each
 *     record to the caller one at a time: nothing keeps the whole set.
 *
 * A reader supplies what differs:
 *
 *   request(rd, req, err)  fills req for the next page: url (secbuf),
 *       method, body, headers (Accept etc.); not the credentials. Returns
 *       RD_SEND, RD_DONE (no more pages) or RD_FAIL (err set). The first
 *       call comes after sign-in; rd_first(rd) is true then.
 *   parse(rd, body, len, err)  reads one page's answer (a 2xx body): for
 *       each order it fills a struct po and calls rd_emit (which takes the
 *       po over); says where the next page is with rd_next_url (a link) or
 *       keeps its own offset in its state; returns 0, or -1 with err set
 *       (rd_fail_page gives the usual "not a readable page" error). A
 *       field of the wrong type, a bad number or date is not a failure:
 *       leave the field NULL and rd_warn, keeping the raw value in
 *       remote_data. parse must not need the network, so unit tests and
 *       the fuzz targets (tests/fuzz/fuzz_po_*.c) call it on bytes
 *       through rd_new_offline.
 *   signed_in(rd, resp, err)  optional: sees the last sign-in answer
 *       (Tryton keeps its session from it). 0 or -1.
 *   authorize(rd, req, err)  optional: adds the credentials to a data
 *       request. Default: whatever the auth module puts on its own
 *       checking request (basic user:password, a bearer token, an API key
 *       header, sap-client...), minus that request's URL, body, Accept and
 *       Content-Type. Sources whose credentials sign each URL (NetSuite's
 *       OAuth 1.0a) or live in a session (Tryton) bring their own.
 *   state_size  bytes of zeroed per-read state, at rd_state(rd); free_state
 *       (optional) releases what the state points to.
 *   forbidden_hint  what to grant when the data endpoint answers 403, e.g.
 *       "the role with authorization object S_SERVICE for
 *       API_PURCHASEORDER_PROCESS_SRV".
 *   service  what must be installed or activated when the data endpoint
 *       answers 404 ("the OData service API_PURCHASEORDER_PROCESS_SRV").
 *   systems  the catalog ids this reader serves (NULL-terminated).
 *   parse_item, fanout  optional, for lists that hold only each record's
 *       key or link (NetSuite, ERPNext): parse() names each record's URL
 *       with rd_fetch; after the page the runtime GETs them, up to fanout
 *       at a time (default 4) side by side on the one curl multi handle,
 *       signed by authorize like pages, and hands each answer to
 *       parse_item(rd, body, len, err) in the order they were named.
 *
 * Readers see the form through rd_field (form values, secrets included:
 * never copy them out of secure memory) and rd_render (a catalog template
 * such as the system's base_url, "{url}/sap/opu/odata/sap").
 */
#ifndef ONRAMP_READER_H
#define ONRAMP_READER_H
#include <stdbool.h>
#include <stdio.h>
#include "catalog.h"
#include "error.h"
#include "form.h"
#include "http.h"
#include "loop.h"
#include "data/po.h"

struct rd;

enum rd_next { RD_SEND, RD_DONE, RD_FAIL };

struct reader {
	const char *name;
	const char *const *systems;
	const char *forbidden_hint;
	size_t state_size;
	enum rd_next (*request)(struct rd *rd, struct http_req *req, struct onr_error *err);
	int (*parse)(struct rd *rd, const char *body, size_t len, struct onr_error *err);
	int (*signed_in)(struct rd *rd, const struct http_resp *resp, struct onr_error *err);
	int (*authorize)(struct rd *rd, struct http_req *req, struct onr_error *err);
	void (*free_state)(void *state);
	const char *service;
	int (*parse_item)(struct rd *rd, const char *body, size_t len, struct onr_error *err);
	int fanout;
	/* Optional: the top-level member of a page that lists its orders
	 * ("value"), when each order is built from its element alone and
	 * parse gives rd_keep_raw that very element (no lines or names read
	 * by other requests). A sync may then skip an order it already stored
	 * from the same bytes before any tree or model is made (rd_set_src);
	 * parse must pass over elements that are not objects (null). */
	const char *list_key;
	/* Optional, with list_key: the top-level member holding the next
	 * page's link ("@odata.nextLink"). A sync finds it while it looks for
	 * the orders' bytes and calls next_early(rd, link) before hashing them,
	 * so the reader can ask for the next page at once (rd_next_url and
	 * rd_prefetch, when this is a page whose link it follows); its parse
	 * later gives the same link again. */
	const char *next_key;
	void (*next_early)(struct rd *rd, const char *link);
};

/* --- for readers ---------------------------------------------------------- */
void *rd_state(struct rd *rd);
bool rd_first(const struct rd *rd);      /* no page requested yet */
int rd_page_size(const struct rd *rd);   /* records a page, for $top/limit */
const char *rd_since(const struct rd *rd); /* "2026-03-01T00:00:00Z", or NULL */
const char *rd_field(const struct rd *rd, const char *key);
/* Renders a catalog template ({field} placeholders) into out, URL mode. */
int rd_render(struct rd *rd, const char *tpl, struct secbuf *out, struct onr_error *err);
const struct system *rd_system(const struct rd *rd);
/* The whole form, for auth modules' helpers that sign each request
 * (netsuite_sign); secrets inside stay in secure memory. */
const struct form *rd_form(const struct rd *rd);
/* Hands a finished order over (po_finish is called here); *po is empty after. */
void rd_emit(struct rd *rd, struct po *po);
/* The next page's link, relative or absolute; it must stay on the host of
 * the current request, else the read fails with data.next_other_host.
 * Not calling it means: no link (the reader pages by itself, or it was the
 * last page). */
void rd_next_url(struct rd *rd, const char *url);
/* Names one record's own URL (relative or absolute, same host rule as
 * rd_next_url), fetched after this page; see parse_item. */
void rd_fetch(struct rd *rd, const char *url);
/* Optional, from parse(): what request() needs for the next page is known
 * now (the link given to rd_next_url, or the reader's own offset). The
 * runtime builds that request and sends it at once, so page N+1 is on its
 * way while page N's orders are built; request() is then called during
 * parse(), once per page as always. Not for readers with parse_item. */
void rd_prefetch(struct rd *rd);
/* The link rd_next_url kept, or NULL; a reader's request() sends it. */
const char *rd_next(const struct rd *rd);
/* A warning about one record or value, shown once per kind of problem
 * and record; fmt names the record ("PO-1001: unknown currency ..."). */
void rd_warn(struct rd *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* err for a page that is not what the reader expects (data.bad_page);
 * why goes on the technical line. Returns -1. */
int rd_fail_page(struct onr_error *err, const char *why);
/* Keeps a scrubbed copy of the source record for --raw and syncs (secrets
 * removed: raw.h); without --raw, nothing (the record stays in its page's
 * tree, which the reader frees). */
void rd_keep_raw(struct rd *rd, struct po *po, const struct cJSON *record);

/* --- for callers (cli/cmd_orders.c, the done screen) ---------------------- */
struct rd_opts {
	const char *scope;   /* id namespace: the connection id ("preview" before one exists) */
	const char *since;   /* only orders changed at or after this ISO 8601 time, or NULL */
	int status;          /* an enum po_status to keep, or -1 for all */
	long limit;          /* stop after this many orders; 0 = no limit */
	int page_size;       /* 0 = the reader's default (100) */
	bool first_page;     /* stop after the first page with orders (the done screen's preview) */
	bool raw;            /* keep remote_data */
	int max_pages;       /* 0 = 10000 */
	long request_timeout_ms, total_timeout_ms; /* 0 = 60 s, 30 min */
	const char *cafile, *pin; /* as stored with the connection */
	const char *plain_http;   /* the user's yes to plain http for this scheme://host:port
				   * (stored with the connection), or NULL */
	FILE *trace;
};

typedef void (*rd_record_fn)(void *arg, const struct po *po);
typedef void (*rd_warn_fn)(void *arg, const char *text);
typedef void (*rd_done_fn)(void *arg);
/* Sees the bytes of each element of a page's list before the page is
 * parsed (readers with list_key): 1 = the caller knows this record (it
 * is left out of the parse: no on_record for it), 0 = unknown, hex set to
 * a hash of the bytes that rd_keep_raw puts in the order's src_hash. */
typedef int (*rd_src_fn)(void *arg, const char *bytes, size_t len, char hex[PO_SRC_HEX]);

/* The reader for a catalog id, or NULL (then say "onramp can't read
 * purchase orders from X yet": data.no_reader). */
const struct reader *reader_for(const char *system_id);
/* Every registered reader, NULL-terminated. */
const struct reader *const *reader_all(void);
/* The unified models a catalog entry can be read as: {"purchase_order",
 * NULL} when a reader serves it, else {NULL} (systems --json "models"). */
const char *const *reader_models(const char *system_id);
/* The same in words, for people ("purchase orders"), or NULL when onramp
 * reads nothing from it yet (the TUI list's details pane). */
const char *reader_models_words(const char *system_id);

/* Starts reading; form must outlive the read. on_record gets each order
 * (valid only during the call), on_warn each warning, on_done once at the
 * end (then rd_error tells whether it failed). */
struct rd *rd_start(struct loop *l, const struct reader *r, const struct system *sys, const struct form *form,
		    const struct rd_opts *opts, rd_record_fn on_record, rd_warn_fn on_warn, rd_done_fn on_done,
		    void *arg);
bool rd_done(const struct rd *rd);
/* Before the first page (and with opts.raw): fn sees each record's bytes
 * (rd_src_fn). Readers without list_key ignore it. */
void rd_set_src(struct rd *rd, rd_src_fn fn);
/* For rd_src_fn, of an order it knows (by its remote id): it is in the
 * read's "same order on two pages" check too. false (with that warning)
 * when the read met the id before: leave this copy out. */
bool rd_skipped_once(struct rd *rd, const char *remote_id);
/* NULL when the read succeeded. */
const struct onr_error *rd_error(const struct rd *rd);
long rd_count(const struct rd *rd); /* orders handed to on_record */
int rd_pages(const struct rd *rd);
/* Stops whatever runs and frees everything, wiping credentials. */
void rd_free(struct rd *rd);

/* Without the network: a read whose parse() is fed bytes (unit tests,
 * fuzzing). rd_offline_page parses one body and returns parse's result. */
struct rd *rd_new_offline(const struct reader *r, const struct rd_opts *opts, rd_record_fn on_record,
			  rd_warn_fn on_warn, void *arg);
int rd_offline_page(struct rd *rd, const char *body, size_t len, struct onr_error *err);
/* How many URLs rd_fetch named since the last rd_offline_page, and the
 * i-th; rd_offline_item feeds one record's answer to parse_item. */
size_t rd_offline_fetches(const struct rd *rd);
const char *rd_offline_fetch(const struct rd *rd, size_t i);
int rd_offline_item(struct rd *rd, const char *body, size_t len, struct onr_error *err);
#endif
