/* api.h: onramp's unified API, served by `onramp serve` (core/api/httpd.h
 * does the HTTP). Every route but /v1/health needs a connection's token and
 * sees only that connection. Answers are JSON; failures are
 * {"error": {"code", "message"}} with these codes:
 *   400 request.bad_parameter    a query parameter is unknown or malformed
 *   401 auth.missing_token | auth.invalid_token
 *   404 not_found                no such route or record
 *   405 method_not_allowed
 *   409 sync.running             POST /v1/sync while one runs
 *   429 rate_limited             with Retry-After (seconds)
 *   500 store.failed             the database failed; the message is generic
 *
 * Routes (docs/api.md has the full description):
 *   GET  /v1/purchase-orders     ?limit (1-500, 100) &cursor &modified_after
 *                                &status &include_deleted=true|false
 *   GET  /v1/purchase-orders/ID  ?include_remote_data=true|false
 *   GET  /v1/connection
 *   GET  /v1/sync-status
 *   POST /v1/sync
 *   POST /v1/disconnect */
#ifndef ONRAMP_API_H
#define ONRAMP_API_H
#include "api/httpd.h"
#include "store/db.h"
#include "sync/agent.h"

#define API_LIMIT_DEFAULT 100
#define API_LIMIT_MAX 500

struct api_opts {
	struct db *db;
	struct agent *agent;   /* runs POST /v1/sync (NULL: 503) */
	double rate_per_s;     /* per token (0: 50) */
	double rate_burst;     /* (0: 100) */
};

struct api;
struct api *api_new(const struct api_opts *o);
void api_free(struct api *a);
/* The httpd_fn of the API (arg: the struct api). */
enum MHD_Result api_handle(void *arg, const struct httpd_req *r);
/* Requests answered so far, and how many of them were errors. */
void api_counts(const struct api *a, long *requests, long *errors);
#endif
