/* Unit tests: what the Manage screen reads and says about a connection's
 * syncs and webhooks: a connection's failing deliveries from the outbox
 * (store/db_outbox.h), their words and the endpoints' (webhooks/wh_status.h),
 * the advice after a run (sync/advice.h) and short times (timefmt.h). */
#include "t.h"
#include "iso.h"
#include "errtable.h"
#include "lifecycle.h"
#include "store/db_outbox.h"
#include "store/db_webhooks.h"
#include "sync/advice.h"
#include "timefmt.h"
#include "util.h"
#include "webhooks/wh_status.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void connect_one(char id[16])
{
	struct onr_error err;
	unsigned char *s = sodium_malloc(16);
	char *t = sodium_malloc(LIFECYCLE_TOKEN_MAX);
	memcpy(s, "{\"p\":\"x\"}", 10);
	struct conn_new c = {.system = "tryton", .credits = 1, .secret_json = s, .secret_len = 9};
	CHECK(lifecycle_connect(&c, id, t, NULL, 0, &err) == 0);
	sodium_free(s);
	sodium_free(t);
}

static void add_endpoint(struct db *db, const char *id)
{
	struct onr_error err;
	unsigned char sealed[4] = {1, 2, 3, 4};
	struct db_endpoint e = {
		.url = "http://127.0.0.1:9/hook", .events = "", .secret = sealed, .secret_len = 4, .created = 1000};
	str_copy(e.id, sizeof(e.id), id);
	CHECK(db_endpoint_add(db, &e, &err) == 0);
}

/* Claims every due delivery and ends each attempt with outcome. */
static void attempt_all(struct db *db, enum db_outcome outcome, const char *error)
{
	struct onr_error err;
	struct db_delivery *v;
	size_t n;
	CHECK(db_deliveries_claim(db, 4000000000000LL, 1000, 50, &v, &n, &err) == 0);
	for (size_t i = 0; i < n; i++) {
		struct db_attempt a = {.outcome = outcome,
				       .next_at_ms = 4000000000000LL + 60000,
				       .http_status = 500,
				       .error = error,
				       .now = 1000};
		CHECK(db_delivery_done(db, &v[i], &a, &err) == 0);
		db_delivery_free(&v[i]);
	}
	free(v);
}

static void test_failing_list(void)
{
	char a[16], b[16];
	struct onr_error err;
	struct db *db;
	struct db_failing *v;
	size_t n;
	long total = -1;
	int freed;

	iso_begin("outbox");
	CHECK(db_open(&db, &err) == 0);
	add_endpoint(db, "wh_test0001");
	connect_one(a); /* connection.created for a */
	CHECK(db_failing_list(db, a, 10, &v, &n, &total, &err) == 0);
	CHECK(n == 0 && total == 0); /* waiting to be sent is not failing */
	free(v);
	attempt_all(db, DB_RETRY, "not a 2xx answer");
	connect_one(b);
	CHECK(db_begin(db, &err) == 0);
	CHECK(db_conn_disconnect(db, a, 2000, &freed, &err) == 0);
	CHECK(db_commit(db, &err) == 0);
	attempt_all(db, DB_GAVE_UP, "\x1b[2Jgone"); /* a's disconnect, b's create, a's create again */
	CHECK(db_failing_list(db, a, 10, &v, &n, &total, &err) == 0);
	CHECK(n == 2 && total == 2);
	if (n == 2) {
		CHECK_STR(v[0].type, "connection.disconnected"); /* newest first */
		CHECK(v[0].gave_up && v[0].attempts == 1 && v[0].last_status == 500);
		CHECK(strncmp(v[0].eid, "evt_", 4) == 0);
		CHECK_STR(v[0].endpoint, "wh_test0001");
		CHECK_STR(v[1].type, "connection.created");
	}
	free(v);
	CHECK(db_failing_list(db, a, 1, &v, &n, &total, &err) == 0);
	CHECK(n == 1 && total == 2); /* at most max, and the count of all */
	free(v);
	CHECK(db_failing_list(db, b, 10, &v, &n, &total, &err) == 0);
	CHECK(n == 1 && total == 1 && !strcmp(v[0].type, "connection.created")); /* only b's own */
	free(v);
	db_close(db);
	iso_end();
}

static void test_status_load(void)
{
	char a[16];
	struct onr_error err;
	struct db *db;
	struct wh_status s;

	iso_begin("wh_status");
	CHECK(db_open(&db, &err) == 0);
	connect_one(a);
	CHECK(wh_status_load(db, a, &s, &err) == 0);
	CHECK(s.nep == 0 && s.total_failing == 0);
	wh_status_free(&s);
	add_endpoint(db, "wh_test0001");
	add_endpoint(db, "wh_test0002");
	CHECK(db_endpoint_disable(db, "wh_test0002", "410 Gone", 1000, &err) == 0);
	CHECK(db_event_replay(db, 1, "wh_test0001", 1000, &(int){0}, &err) == 0);
	attempt_all(db, DB_RETRY, "not a 2xx answer");
	CHECK(wh_status_load(db, a, &s, &err) == 0);
	CHECK(s.nep == 2 && s.endpoints_failing == 2 && s.total_failing == 1 && s.nfail == 1);
	wh_status_free(&s);
	db_close(db);
	iso_end();
}

static void test_words(void)
{
	struct db_failing f = {.eid = "evt_abc",
			       .type = "sync.completed",
			       .endpoint = "wh_1",
			       .gave_up = true,
			       .attempts = 10,
			       .last_status = 0,
			       .last_error = "refused\x1b]0;title\x07 now"};
	struct db_endpoint e = {
		.id = "wh_1", .url = "http://x/\x1b[31mhook", .status = "disabled", .reason = "410 Gone"};
	struct wh_words w;

	wh_failing_words(&f, 1000, &w);
	CHECK(w.bad && strstr(w.what, "given up after 10 attempts") && strstr(w.what, "no answer (refused now)"));
	CHECK(!strchr(w.what, '\x1b')); /* server text is cleaned */
	CHECK(strstr(w.todo, "onramp webhooks replay evt_abc --endpoint wh_1") != NULL);
	f.gave_up = false;
	f.attempts = 3;
	f.last_status = 500;
	f.next_at_ms = (1000 + 600) * 1000LL;
	wh_failing_words(&f, 1000, &w);
	CHECK(strstr(w.what, "3 attempts failed; last answer: HTTP 500") && strstr(w.todo, "due in 10m"));
	f.next_at_ms = 500 * 1000LL;
	wh_failing_words(&f, 1000, &w);
	CHECK(strstr(w.todo, "due now") && !strstr(w.todo, "replay"));

	wh_endpoint_words(&e, 1000, &w);
	CHECK(w.bad && strstr(w.what, "is disabled: 410 Gone") && strstr(w.todo, "onramp webhooks enable wh_1"));
	CHECK(!strchr(w.what, '\x1b'));
	e.status = "enabled";
	e.failing_since = 900;
	e.last_status = 503;
	e.last_error = "not a 2xx answer";
	wh_endpoint_words(&e, 1000, &w);
	CHECK(w.bad && strstr(w.what, "is failing since") && strstr(w.what, "HTTP 503"));
	e.failing_since = 0;
	e.delivered = 7;
	wh_endpoint_words(&e, 1000, &w);
	CHECK(!w.bad && strstr(w.what, "7 delivered") && !w.todo[0]);
}

static void test_advice(void)
{
	struct db_run r = {.status = RUN_DONE};
	char out[768];
	const struct err_row *row;

	sync_run_advice(&r, "erp", out, sizeof(out));
	CHECK_STR(out, "");
	r.status = RUN_FAILED;
	str_copy(r.error_code, sizeof(r.error_code), "auth.rejected");
	sync_run_advice(&r, "erp", out, sizeof(out));
	row = errtable_for_code("auth.rejected");
	CHECK(row && !strcmp(out, row->hint)); /* the same words the CLI gave */
	/* a hint that needs the failure's own details falls back to words that hold */
	str_copy(r.error_code, sizeof(r.error_code), "data.forbidden");
	sync_run_advice(&r, "erp", out, sizeof(out));
	CHECK(out[0] && !strchr(out, '{'));
	r.status = RUN_CANCELLED;
	str_copy(r.error_code, sizeof(r.error_code), "sync.stopped");
	sync_run_advice(&r, "erp", out, sizeof(out));
	CHECK(strstr(out, "read again by the next sync") != NULL);
}

static void test_time_span(void)
{
	char s[16];
	long cases[][2] = {{-5, 0}, {45, 0}, {600, 0}, {7200, 0}, {3 * 86400, 0}};
	const char *want[] = {"0s", "45s", "10m", "2h", "3d"};
	for (size_t i = 0; i < 5; i++) {
		time_span(cases[i][0], s, sizeof(s));
		CHECK_STR(s, want[i]);
	}
}

T_SUITE(manage_status) = {
	{"outbox: a connection's failing deliveries, newest first, its own only", test_failing_list},
	{"wh_status: endpoints, failing or disabled, and the count", test_status_load},
	{"words: what happened and what to do, server text cleaned", test_words},
	{"advice: the error table's hint by code, or words that hold", test_advice},
	{"time_span: 0s 45s 10m 2h 3d", test_time_span},
	{0},
};
