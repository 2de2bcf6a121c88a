/* api.c: the API's routes (see api.h). One request is handled whole inside
 * one call from the event loop: the database reads are short (an index
 * range of at most API_LIMIT_MAX rows), and nothing waits on the network. */
#include "api/api.h"
#include "api/api_json.h"
#include "api/api_auth.h"
#include "api/api_kiosk.h"
#include "api/cursor.h"
#include "lifecycle.h"
#include "store/db_api.h"
#include "util.h"
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* Pages answered before, given again while the database has not changed
 * (db_api_version): a poller asking for the same page does not cost a
 * query each time, nor a copy (the MHD response itself is kept and queued
 * again). The token is still checked on every request, against the same
 * version (api_auth.h). */
#define PAGE_CACHE 8
#define PAGE_CACHE_MAX (1024 * 1024)

struct cached_page {
	char key[160];
	long long version[2];
	struct MHD_Response *resp;
};

/* docs/openapi.json (core/api/openapi_blob.S) */
extern const char api_openapi_json[], api_openapi_json_end[];

struct api {
	struct db *db;
	struct agent *agent;
	struct rate rate;
	struct rate anon; /* the routes without a connection token, per address */
	struct auth_memo memo;
	long requests, errors, cache_hits;
	struct cached_page cache[PAGE_CACHE];
	int cache_next;
};

struct ctx {
	struct api *a;
	const struct httpd_req *r;
	char conn[16], hash[65];
	long long version[2]; /* the database's, when the request came */
};

typedef enum MHD_Result (*route_fn)(struct ctx *c, const char *rest);

static enum MHD_Result fail(struct ctx *c, unsigned status, const char *code, const char *msg)
{
	c->a->errors++;
	return httpd_error(c->r->c, status, code, msg);
}

static enum MHD_Result store_failed(struct ctx *c)
{
	return fail(c, 500, "store.failed", "The service could not read its database. Try again.");
}

static enum MHD_Result send_buf(struct ctx *c, unsigned status, struct buf *b)
{
	enum MHD_Result rc = httpd_reply(c->r->c, status, "application/json", b->data ? b->data : "",
					 b->len, NULL, NULL);
	buf_free(b);
	return rc;
}

static const char *arg(struct ctx *c, const char *name)
{
	return MHD_lookup_connection_value(c->r->c, MHD_GET_ARGUMENT_KIND, name);
}

struct known {
	const char *const *names;
	const char *bad;
};

static enum MHD_Result check_key(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct known *k = cls;
	(void)kind;
	(void)value;
	for (size_t i = 0; k->names[i]; i++)
		if (!strcmp(k->names[i], key))
			return MHD_YES;
	k->bad = key;
	return MHD_NO;
}

/* Every query parameter must be one the route knows: a typo is a 400, not
 * a silently ignored filter. */
static bool only_known(struct ctx *c, const char *const *names)
{
	struct known k = {names, NULL};
	MHD_get_connection_values(c->r->c, MHD_GET_ARGUMENT_KIND, check_key, &k);
	return !k.bad;
}

/* "true"/"false" (absent: def); -1 for anything else. */
static int arg_bool(struct ctx *c, const char *name, bool def)
{
	const char *v = arg(c, name);
	if (!v)
		return def;
	return !strcmp(v, "true") ? 1 : !strcmp(v, "false") ? 0 : -1;
}

static int arg_limit(struct ctx *c)
{
	const char *v = arg(c, "limit");
	char *end;
	long n;
	if (!v)
		return API_LIMIT_DEFAULT;
	n = strtol(v, &end, 10);
	return *v && !*end && n >= 1 && n <= API_LIMIT_MAX ? (int)n : -1;
}

struct page {
	struct buf b;
	int n;
	long long last;
	bool remote_data;
};

static int add_rec(void *arg_, const struct rec *r)
{
	struct page *p = arg_;
	buf_adds(&p->b, p->n++ ? "," : "");
	api_json_record(&p->b, r, p->remote_data);
	p->last = r->seq;
	return 0;
}

static bool bad_query(struct ctx *c, struct db_page_q *q)
{
	static const char *const names[] = {"limit", "cursor", "modified_after", "status",
					    "include_deleted", NULL};
	const char *cur = arg(c, "cursor"), *mod = arg(c, "modified_after"), *st = arg(c, "status");
	int del = arg_bool(c, "include_deleted", false);

	q->conn = c->conn;
	q->limit = arg_limit(c);
	q->status = st;
	q->include_deleted = del == 1;
	q->modified_after = mod ? api_parse_time(mod) : 0;
	return !only_known(c, names) || q->limit < 0 || del < 0 || q->modified_after < 0 ||
	       (cur && cursor_decode(cur, &q->after_seq) != 0) || (st && (!*st || strlen(st) > 32));
}

static void page_key(const struct db_page_q *q, char key[160])
{
	str_fmt(key, 160, "%s|%d|%lld|%lld|%d|%s", q->conn, q->limit, q->after_seq,
		(long long)q->modified_after, q->include_deleted, q->status ? q->status : "");
}

static struct cached_page *cache_find(struct ctx *c, const char *key)
{
	struct api *a = c->a;
	for (int i = 0; i < PAGE_CACHE; i++)
		if (a->cache[i].resp && !strcmp(a->cache[i].key, key) &&
		    !memcmp(a->cache[i].version, c->version, sizeof(c->version)))
			return &a->cache[i];
	return NULL;
}

/* Kept under the version the request started at: a commit between then
 * and the read makes it a miss next time, never a stale hit. */
static void cache_put(struct ctx *c, const char *key, const struct buf *b)
{
	struct api *a = c->a;
	struct cached_page *e = &a->cache[a->cache_next];
	struct MHD_Response *r;
	if (b->len > PAGE_CACHE_MAX || !(r = httpd_response("application/json", b->data, b->len, NULL, NULL)))
		return;
	a->cache_next = (a->cache_next + 1) % PAGE_CACHE;
	if (e->resp)
		MHD_destroy_response(e->resp); /* a queued copy lives on until sent */
	str_copy(e->key, sizeof(e->key), key);
	memcpy(e->version, c->version, sizeof(e->version));
	e->resp = r;
}

static enum MHD_Result list_orders(struct ctx *c, const char *rest)
{
	struct db_page_q q = {0};
	struct page p = {.n = 0};
	struct onr_error err;
	struct cached_page *hit;
	char next[CURSOR_MAX], key[160];
	(void)rest;

	if (bad_query(c, &q))
		return fail(c, 400, "request.bad_parameter",
			    "A query parameter is unknown or malformed (limit 1-500, cursor from next_cursor, "
			    "modified_after as 2026-03-01 or 2026-03-01T08:00:00Z, include_deleted true|false).");
	page_key(&q, key);
	if ((hit = cache_find(c, key))) {
		c->a->cache_hits++;
		return httpd_reply_with(c->r->c, 200, hit->resp);
	}
	p.last = q.after_seq;
	buf_init(&p.b);
	buf_adds(&p.b, "{\"data\":[");
	if (db_api_page(c->a->db, &q, add_rec, &p, &err) != 0) {
		buf_free(&p.b);
		return store_failed(c);
	}
	/* next_cursor always says where to go on from; has_more says whether
	 * there is more now (a poller keeps the cursor and asks again later) */
	cursor_encode(p.last, next);
	buf_addf(&p.b, "],\"next_cursor\":\"%s\",\"has_more\":%s}", next, p.n == q.limit ? "true" : "false");
	cache_put(c, key, &p.b);
	return send_buf(c, 200, &p.b);
}

static enum MHD_Result get_order(struct ctx *c, const char *id)
{
	static const char *const names[] = {"include_remote_data", NULL};
	struct page p = {.n = 0};
	struct onr_error err;
	int raw = arg_bool(c, "include_remote_data", false), rc;

	if (!only_known(c, names) || raw < 0 || !*id || strlen(id) > 256)
		return fail(c, 400, "request.bad_parameter", "Use /v1/purchase-orders/ID[?include_remote_data=true].");
	p.remote_data = raw == 1;
	buf_init(&p.b);
	rc = db_api_record(c->a->db, c->conn, id, add_rec, &p, &err);
	if (rc != 0) {
		buf_free(&p.b);
		return rc == 1 ? fail(c, 404, "request.not_found", "There is no purchase order with that id.")
			       : store_failed(c);
	}
	return send_buf(c, 200, &p.b);
}

/* The connection's last run, if any (have = false when none). */
static int last_run(struct ctx *c, struct db_run *run, bool *have)
{
	struct db_run *v = NULL;
	size_t n = 0;
	struct onr_error err;
	if (db_runs_list(c->a->db, c->conn, 1, &v, &n, &err) != 0)
		return -1;
	*have = n > 0;
	if (n)
		*run = v[0];
	free(v);
	return 0;
}

/* The connection and its last run, for a route without parameters;
 * false when the request is answered already (bad input, store failure). */
static bool load_conn(struct ctx *c, struct conn *k, struct db_run *run, bool *have,
		      enum MHD_Result *rc)
{
	static const char *const none[] = {NULL};
	struct onr_error err;
	if (!only_known(c, none)) {
		*rc = fail(c, 400, "request.bad_parameter", "This route takes no query parameters.");
		return false;
	}
	if (db_conn_get(c->a->db, c->conn, k, &err) != 0) {
		*rc = store_failed(c);
		return false;
	}
	if (last_run(c, run, have) != 0) {
		conn_free(k);
		*rc = store_failed(c);
		return false;
	}
	return true;
}

/* Writes a connection route's answer from the connection and its last
 * run (have: there is one). */
typedef void (*conn_writer)(struct buf *b, const struct conn *k, const struct db_run *run, bool have);

static enum MHD_Result conn_route(struct ctx *c, conn_writer write)
{
	enum MHD_Result rc = MHD_NO;
	struct conn k;
	struct db_run run;
	bool have;
	struct buf b;

	if (!load_conn(c, &k, &run, &have, &rc))
		return rc;
	buf_init(&b);
	write(&b, &k, &run, have);
	conn_free(&k);
	return send_buf(c, 200, &b);
}

static void write_connection(struct buf *b, const struct conn *k, const struct db_run *run, bool have)
{
	buf_addf(b, "{\"id\":\"%s\",\"system\":", k->id);
	api_json_string(b, k->system);
	buf_addf(b, ",\"status\":\"%s\",\"created\":", conn_status_name(k->status));
	api_json_time(b, k->created);
	buf_adds(b, ",\"schedule\":");
	api_json_string(b, k->schedule);
	buf_adds(b, ",\"next_sync\":");
	api_json_time(b, k->next_sync);
	buf_adds(b, ",\"needs_attention\":");
	api_json_string(b, k->attention);
	buf_adds(b, ",\"last_sync\":");
	api_json_time(b, have ? run->finished : 0);
	/* The user's yes to sending the password unencrypted, as `list --json`
	 * gives it: a platform should see what its connection allows. */
	buf_adds(b, ",\"plain_http\":");
	if (k->plain_http && *k->plain_http) {
		buf_adds(b, "{\"address\":");
		api_json_string(b, k->plain_http);
		buf_adds(b, ",\"allowed\":");
		api_json_time(b, k->plain_http_at);
		buf_adds(b, "}");
	} else {
		buf_adds(b, "null");
	}
	buf_adds(b, "}");
}

static enum MHD_Result get_connection(struct ctx *c, const char *rest)
{
	(void)rest;
	return conn_route(c, write_connection);
}

/* Merge's six words: SYNCING, DONE, FAILED, PARTIALLY_SYNCED, and PAUSED
 * (active, no schedule) or DISABLED (not active). */
static const char *sync_word(const struct conn *k, const struct db_run *run, bool have)
{
	if (k->status != CONN_ACTIVE)
		return "DISABLED";
	if (have && run->status == RUN_SYNCING)
		return "SYNCING";
	if (!*k->schedule)
		return "PAUSED";
	if (!have || run->status == RUN_CANCELLED)
		return "DONE";
	return run_status_name(run->status);
}

static void write_sync_status(struct buf *b, const struct conn *k, const struct db_run *run, bool have)
{
	buf_addf(b, "{\"status\":\"%s\",\"last_sync_result\":", sync_word(k, run, have));
	if (have)
		api_json_string(b, run_status_name(run->status));
	else
		buf_adds(b, "null");
	buf_adds(b, ",\"last_sync_start\":");
	api_json_time(b, have ? run->started : 0);
	buf_adds(b, ",\"last_sync_finished\":");
	api_json_time(b, have ? run->finished : 0);
	buf_addf(b, ",\"model\":\"%s\"}", SYNC_MODEL);
}

static enum MHD_Result get_sync_status(struct ctx *c, const char *rest)
{
	(void)rest;
	return conn_route(c, write_sync_status);
}

static enum MHD_Result post_sync(struct ctx *c, const char *rest)
{
	struct onr_error err;
	struct buf b;
	long long run;
	(void)rest;

	if (!c->a->agent)
		return fail(c, 503, "sync.unavailable", "This server does not run syncs.");
	error_clear(&err);
	run = agent_start_now(c->a->agent, c->conn, &err);
	if (run == 0)
		return fail(c, 409, "sync.running", "A sync of this connection is running already.");
	if (run < 0)
		return fail(c, err.exit == EXIT_API ? 503 : 409, err.code, err.message);
	buf_init(&b);
	buf_addf(&b, "{\"status\":\"SYNCING\",\"run_id\":%lld}", run);
	return send_buf(c, 202, &b);
}

static enum MHD_Result post_disconnect(struct ctx *c, const char *rest)
{
	struct onr_error err;
	struct buf b;
	int freed = 0;
	(void)rest;

	if (lifecycle_disconnect(c->conn, &freed, &err) != 0)
		return store_failed(c);
	buf_init(&b);
	buf_addf(&b, "{\"id\":\"%s\",\"status\":\"disconnected\",\"credits_freed\":%d}", c->conn, freed);
	return send_buf(c, 200, &b);
}

static const struct route {
	const char *method, *path;
	bool prefix; /* path ends in "/" and an id follows */
	route_fn fn;
} routes[] = {
	{"GET", "/v1/purchase-orders", false, list_orders},
	{"GET", "/v1/purchase-orders/", true, get_order},
	{"GET", "/v1/connection", false, get_connection},
	{"GET", "/v1/sync-status", false, get_sync_status},
	{"POST", "/v1/sync", false, post_sync},
	{"POST", "/v1/disconnect", false, post_disconnect},
};

static const struct route *find_route(const char *url, const char *method, bool *other_method)
{
	*other_method = false;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route *r = &routes[i];
		size_t n = strlen(r->path);
		bool match = r->prefix ? !strncmp(url, r->path, n) && url[n] && !strchr(url + n, '/')
				       : !strcmp(url, r->path);
		if (match && !strcmp(method, r->method))
			return r;
		*other_method |= match;
	}
	return NULL;
}

static enum MHD_Result reply_const(struct ctx *c, unsigned status, const char *body,
				   const char *header, const char *value)
{
	c->a->errors++;
	return httpd_reply(c->r->c, status, "application/json", body, strlen(body), header, value);
}

/* Token, then rate: an unknown token costs a hash and one index lookup.
 * true when the request may go on; else it is answered (*rc). */
static bool authorize(struct ctx *c, enum MHD_Result *rc)
{
	const char *h = MHD_lookup_connection_value(c->r->c, MHD_HEADER_KIND, "Authorization");
	struct onr_error err;
	char retry[16];
	int found, after = 1;

	db_api_version(c->a->db, c->version);
	found = api_token_check(c->a->db, &c->a->memo, c->version, h, c->conn, c->hash, &err);

	if (found < 0) {
		*rc = store_failed(c);
		return false;
	}
	if (found == 1) {
		*rc = reply_const(c, 401, h ? "{\"error\":{\"code\":\"auth.invalid_token\",\"message\":"
					    "\"The token is not valid: unknown, rotated, or its connection was disconnected.\"}}"
					  : "{\"error\":{\"code\":\"auth.missing_token\",\"message\":"
					    "\"Send the connection's token as Authorization: Bearer onr_...\"}}",
				  "WWW-Authenticate", "Bearer");
		return false;
	}
	if (rate_take(&c->a->rate, c->hash, now_ms(), &after))
		return true;
	str_fmt(retry, sizeof(retry), "%d", after);
	*rc = reply_const(c, 429, "{\"error\":{\"code\":\"rate_limited\",\"message\":"
			  "\"Too many requests for this token. Retry after Retry-After seconds.\"}}",
			  "Retry-After", retry);
	return false;
}

/* The invite, delivery and sign-in relay routes answer without a
 * connection token, so their limit is per client address: someone guessing
 * invite codes or relay handles gets 429s long before a guess is likely. */
static bool anon_allowed(struct ctx *c, enum MHD_Result *rc)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c->r->c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char who[65] = "?", retry[16];
	int after = 1;
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, who, sizeof(who));
	if (rate_take(&c->a->anon, who, now_ms(), &after))
		return true;
	str_fmt(retry, sizeof(retry), "%d", after);
	*rc = reply_const(c, 429, "{\"error\":{\"code\":\"rate_limited\",\"message\":"
			  "\"Too many requests from this address. Retry after Retry-After seconds.\"}}",
			  "Retry-After", retry);
	return false;
}

static bool anon_route(const char *url)
{
	return str_starts(url, "/v1/invites/") || str_starts(url, "/v1/oauth/") ||
	       !strcmp(url, "/v1/connections");
}

enum MHD_Result api_handle(void *arg, const struct httpd_req *r)
{
	struct ctx c = {.a = arg, .r = r};
	enum MHD_Result rc = MHD_NO;
	const struct route *rt;
	bool other;

	c.a->requests++;
	if (!strcmp(r->url, "/v1/health"))
		return httpd_reply(r->c, 200, "application/json", "{\"ok\":true}", 11, NULL, NULL);
	if (!strcmp(r->url, "/v1/openapi.json") && !strcmp(r->method, "GET"))
		return httpd_reply(r->c, 200, "application/json", api_openapi_json,
				   (size_t)(api_openapi_json_end - api_openapi_json), NULL, NULL);
	if (anon_route(r->url) && !anon_allowed(&c, &rc))
		return rc;
	if (api_kiosk_route(c.a->db, r, &rc)) /* invites and deliveries: no connection token */
		return rc;
	rt = find_route(r->url, r->method, &other);
	if (!rt)
		return other ? fail(&c, 405, "request.method_not_allowed", "That method is not allowed on this route.")
			     : fail(&c, 404, "request.not_found", "There is no such route. See /v1/purchase-orders.");
	if (!authorize(&c, &rc))
		return rc;
	return rt->fn(&c, r->url + strlen(rt->path));
}

struct api *api_new(const struct api_opts *o)
{
	struct api *a = xcalloc(1, sizeof(*a));
	a->db = o->db;
	a->agent = o->agent;
	rate_init(&a->rate, o->rate_per_s > 0 ? o->rate_per_s : 50, o->rate_burst > 0 ? o->rate_burst : 100);
	/* a kiosk polls its sign-in every second or two: 10/s is far above it */
	rate_init(&a->anon, a->rate.per_s < 10 ? a->rate.per_s : 10, a->rate.burst < 30 ? a->rate.burst : 30);
	return a;
}

void api_free(struct api *a)
{
	if (!a)
		return;
	for (int i = 0; i < PAGE_CACHE; i++)
		if (a->cache[i].resp)
			MHD_destroy_response(a->cache[i].resp);
	free(a);
}

void api_counts(const struct api *a, long *requests, long *errors)
{
	*requests = a->requests;
	*errors = a->errors;
}
