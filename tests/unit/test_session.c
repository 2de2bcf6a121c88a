/* The connect session (core/session/session.c) driven with no terminal: every
 * step, every failure, cancel at every step, retry with what was typed
 * kept. The network is a small HTTP server on a loopback socket this file
 * makes itself, served from the same event loop as the session, so these
 * tests need no fixture servers (only the certificate case uses the TLS
 * fixture when tests/run-all.sh has started it). */
#include "t.h"
#include "iso.h"
#include "catalog.h"
#include "lifecycle.h"
#include "loop.h"
#include "session.h"
#include "data/preview.h"
#include "store/db.h"
#include "util.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#define PASSWORD "right-Pa55"
#define BASIC_OK "Basic YWxpY2U6cmlnaHQtUGE1NQ==" /* alice:right-Pa55 */
/* One SAP page of purchase orders (read_sap.c), its supplier name with an
 * escape sequence in it. */
#define PO_PATH "/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder"
#define PO_PAGE                                                                                                 \
	"{\"d\":{\"results\":[{\"PurchaseOrder\":\"4500000001\",\"Supplier\":\"17300001\",\"AddressName\":"          \
	"\"Globex \\u001b[31mSupplies\",\"DocumentCurrency\":\"EUR\",\"PurchasingProcessingStatus\":\"02\","          \
	"\"to_PurchaseOrderItem\":{\"results\":[]}}]}}"

/* ---- the loopback server ------------------------------------------------ */

struct srv {
	int fd, port;
	char refresh[32];    /* the one refresh token that works now */
	int rotations;
};
static struct srv srv;

static void reply(int fd, int status, const char *json)
{
	char out[1024];
	int n = snprintf(out, sizeof(out),
			 "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n%s\r\n%s",
			 status, status == 200 ? "OK" : status == 400 ? "Bad Request" : "Unauthorized", strlen(json),
			 status == 401 ? "WWW-Authenticate: Basic realm=\"t\"\r\n" : "", json);
	if (write(fd, out, (size_t)n) < 0)
		perror("reply");
}

/* The token service rotates the refresh token on every use (RFC 6749
 * 6, as many providers do): the old one stops working at once. */
static void token(int fd, const char *req)
{
	char want[64], json[256];
	snprintf(want, sizeof(want), "refresh_token=%s", srv.refresh);
	if (!srv.refresh[0] || !strstr(req, want)) {
		reply(fd, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token was revoked.\"}");
		return;
	}
	snprintf(srv.refresh, sizeof(srv.refresh), "rot-%d", ++srv.rotations);
	snprintf(json, sizeof(json), "{\"access_token\":\"acc-%d\",\"token_type\":\"Bearer\",\"refresh_token\":\"%s\"}",
		 srv.rotations, srv.refresh);
	reply(fd, 200, json);
}

static void route(int fd, const char *req)
{
	char bearer[64];
	snprintf(bearer, sizeof(bearer), "Bearer acc-%d", srv.rotations);
	if (!strncmp(req, "POST /token ", 12))
		token(fd, req);
	else if (!strncmp(req, "GET /me ", 8))
		reply(fd, strstr(req, bearer) ? 200 : 401, "{\"name\":\"Pat\"}");
	else if (!strncmp(req, "GET /api ", 9))
		reply(fd, strstr(req, BASIC_OK) ? 200 : 401, "{\"name\":\"Alice\"}");
	else if (!strncmp(req, "GET " PO_PATH, strlen("GET " PO_PATH)))
		reply(fd, strstr(req, BASIC_OK) ? 200 : 401, PO_PAGE);
	else
		reply(fd, 404, "{}");
}

/* Each client's request is read as it comes, from the same loop as the
 * session (curl sends it only when the loop lets it). */
struct client {
	int fd;
	size_t len;
	char req[8192];
};
static struct client clients[8];
static struct loop *loop;

static bool complete(const char *req)
{
	const char *body = strstr(req, "\r\n\r\n"), *cl = strcasestr(req, "Content-Length:");
	return body && (!cl || cl > body || strlen(body + 4) >= strtoul(cl + 15, NULL, 10));
}

static void on_client(void *arg, int fd, short revents)
{
	struct client *c = arg;
	ssize_t n = read(fd, c->req + c->len, sizeof(c->req) - 1 - c->len);
	(void)revents;
	if (n > 0) {
		c->len += (size_t)n;
		c->req[c->len] = 0;
		if (!complete(c->req) && c->len + 1 < sizeof(c->req))
			return;
		route(fd, c->req);
	}
	loop_watch(loop, fd, 0, NULL, NULL);
	close(fd);
	c->fd = -1;
}

static void on_accept(void *arg, int lfd, short revents)
{
	int fd = accept(lfd, NULL, NULL);
	(void)arg;
	(void)revents;
	for (int i = 0; fd >= 0 && i < 8; i++)
		if (clients[i].fd <= 0) {
			clients[i] = (struct client){.fd = fd};
			loop_watch(loop, fd, POLLIN, on_client, &clients[i]);
			return;
		}
	if (fd >= 0)
		close(fd);
}

/* Closes what the server still holds, between tests. */
static void drop_clients(void)
{
	for (int i = 0; i < 8; i++)
		if (clients[i].fd > 0) {
			loop_watch(loop, clients[i].fd, 0, NULL, NULL);
			close(clients[i].fd);
			clients[i].fd = 0;
		}
}

static int listen_loopback(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 8) < 0)
		abort();
	getsockname(fd, (struct sockaddr *)&a, &al);
	srv.port = ntohs(a.sin_port);
	return fd;
}

/* A port where nothing listens. */
static int closed_port(void)
{
	int keep = srv.port, fd = listen_loopback(), port = srv.port;
	close(fd);
	srv.port = keep;
	return port;
}

/* ---- the session under test ---------------------------------------------- */

static const char systems[] =
	"{\"systems\":["
	"{\"id\":\"loop\",\"name\":\"Loop ERP\",\"tier\":1,\"auth\":{\"method\":\"basic\",\"user\":\"{username}\",\"password\":\"{password}\"},"
	" \"fields\":[{\"key\":\"url\",\"label\":\"Server address\",\"kind\":\"url\",\"required\":true},"
	"  {\"key\":\"username\",\"label\":\"User\",\"required\":true},"
	"  {\"key\":\"password\",\"label\":\"Password\",\"secret\":true,\"required\":true}],"
	" \"probe\":{\"url\":\"{url}/api\",\"verifies\":\"credentials\"}},"
	"{\"id\":\"sap\",\"name\":\"SAP\",\"tier\":1,\"auth\":{\"method\":\"basic\",\"user\":\"{username}\",\"password\":\"{password}\"},"
	" \"fields\":[{\"key\":\"url\",\"kind\":\"url\",\"required\":true},{\"key\":\"client\"},{\"key\":\"username\"},"
	"  {\"key\":\"password\",\"secret\":true}],"
	" \"probe\":{\"url\":\"{url}/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/$metadata\",\"headers\":{\"sap-client\":\"{client}\"}}},"
	"{\"id\":\"sap-s4hana-cloud\",\"name\":\"SAP Cloud\",\"tier\":1,\"base_url\":\"{url}/sap/opu/odata/sap\","
	" \"auth\":{\"method\":\"basic\",\"user\":\"{username}\",\"password\":\"{password}\"},"
	" \"fields\":[{\"key\":\"url\",\"kind\":\"url\",\"required\":true},{\"key\":\"username\",\"required\":true},"
	"  {\"key\":\"password\",\"secret\":true,\"required\":true}],"
	" \"probe\":{\"url\":\"{url}/api\",\"verifies\":\"credentials\"}},"
	"{\"id\":\"rot\",\"name\":\"Rotating\",\"tier\":1,"
	" \"auth\":{\"method\":\"oauth2_code\",\"authorize_url\":\"{url}/authorize\",\"token_url\":\"{url}/token\","
	"  \"client_id\":\"{client_id}\",\"client_secret\":\"{client_secret}\",\"scope\":\"read\"},"
	" \"fields\":[{\"key\":\"url\",\"kind\":\"url\",\"required\":true},{\"key\":\"client_id\",\"required\":true},"
	"  {\"key\":\"client_secret\",\"secret\":true,\"required\":true},{\"key\":\"redirect_uri\",\"kind\":\"url\",\"required\":true},"
	"  {\"key\":\"refresh_token\",\"secret\":true}],"
	" \"probe\":{\"url\":\"{url}/me\",\"verifies\":\"credentials\"}},"
	"{\"id\":\"later\",\"name\":\"Later CMMS\",\"available\":false,\"auth\":{\"method\":\"basic\"},"
	" \"fields\":[{\"key\":\"url\",\"kind\":\"url\"}],\"probe\":{\"url\":\"{url}\"}}"
	"]}";

static struct catalog cat;
static struct session s;
static bool seen[SESSION_STEP_COUNT];
static int changes;

static void on_change(void *arg)
{
	(void)arg;
	seen[session_step(&s)] = true;
	changes++;
}

static void begin(const char *config, const struct session_opts *o)
{
	struct onr_error err;
	struct session_opts none = {.result_fd = -1};
	iso_begin("session");
	iso_write_config(config ? config : "credits = 100\n");
	if (!cat.n)
		catalog_add_json(&cat, systems, strlen(systems), "test", &err);
	loop = loop_new();
	srv.fd = listen_loopback();
	loop_watch(loop, srv.fd, POLLIN, on_accept, NULL);
	memset(seen, 0, sizeof(seen));
	changes = 0;
	session_init(&s, loop, o ? o : &none, on_change, NULL);
}

static void end(void)
{
	session_free(&s);
	drop_clients();
	loop_watch(loop, srv.fd, 0, NULL, NULL);
	close(srv.fd);
	loop_free(loop);
	iso_end();
}

/* Runs the loop until the session stops (or 20 s pass). */
static void settle(void)
{
	long long deadline = now_ms() + 20000;
	while (session_running(&s) && now_ms() < deadline)
		loop_once(loop, 100);
}

static void fill_loop(const char *password)
{
	char u[64];
	struct form *f = session_form(&s);
	form_set(f, "url", str_fmt(u, sizeof(u), "http://127.0.0.1:%d", srv.port));
	form_set(f, "username", "alice");
	form_set(f, "password", password);
}

static bool choose(const char *id)
{
	return session_choose(&s, catalog_find(&cat, id));
}

static int stored_count(void)
{
	struct conn_list l;
	struct onr_error err;
	int n = lifecycle_list(&l, &err) == 0 ? (int)l.n : -1;
	if (n >= 0)
		conn_list_free(&l);
	return n;
}

/* ---- every step, to the result ---------------------------------------------- */

static void connect_every_step(void)
{
	begin(NULL, NULL);
	CHECK(session_step(&s) == SESSION_CHOOSE);
	CHECK(choose("loop"));
	CHECK(session_step(&s) == SESSION_FORM && !session_failed(&s));
	CHECK(seen[SESSION_FORM]);
	fill_loop(PASSWORD);
	session_submit(&s);
	CHECK(session_step(&s) == SESSION_PROBE && session_running(&s));
	settle();
	CHECK(session_step(&s) == SESSION_RESULT && !session_failed(&s));
	CHECK(seen[SESSION_PROBE] && seen[SESSION_RESULT]);
	CHECK(session_result(&s) && strlen(session_result(&s)->id) == 8);
	CHECK(session_result(&s) && !strncmp(session_result(&s)->token.p, "onr_", 4));
	CHECK(stored_count() == 1);
	CHECK_STR(form_value(session_form(&s), "password"), ""); /* sealed: the typed secret is wiped */
	CHECK(!strcmp(session_step_name(SESSION_KEEP_TOKEN), "keep_token"));
	CHECK(session_preview(&s) == NULL); /* `connect` reads nothing: scripts use `onramp orders` */
	end();
}

/* Runs the loop until the preview has read (or 20 s pass), then once more
 * for its wipe. */
static const struct data_preview *preview_settle(void)
{
	long long deadline = now_ms() + 20000;
	while (session_preview(&s) && !session_preview(&s)->done && now_ms() < deadline)
		loop_once(loop, 100);
	loop_once(loop, 10);
	return session_preview(&s);
}

/* Connects system id as the TUI and line mode do (o.preview). */
static void connect_with_preview(const char *id)
{
	struct session_opts o = {.result_fd = -1, .preview = true};
	begin(NULL, &o);
	CHECK(choose(id));
	fill_loop(PASSWORD);
	session_submit(&s);
	settle();
	CHECK(session_step(&s) == SESSION_RESULT && !session_failed(&s));
}

/* The preview reads with its own copy of the credentials: the session has
 * wiped the typed ones before the read signs in. */
static void preview_reads_after_the_wipe(void)
{
	const struct data_preview *p;
	connect_with_preview("sap-s4hana-cloud");
	CHECK_STR(form_value(session_form(&s), "password"), "");
	CHECK(session_preview(&s) && !session_preview(&s)->done);
	p = preview_settle();
	CHECK(p && p->done && !p->failed && p->count == 1 && p->nrows == 1);
	if (p && p->nrows) {
		CHECK_STR(p->headline, "Read 1 purchase order from SAP Cloud");
		CHECK_STR(p->rows[0].number, "4500000001");
		CHECK_STR(p->rows[0].supplier, "Globex Supplies"); /* no escape sequence reaches a screen */
		CHECK(p->form == NULL && p->rd == NULL);          /* its credentials are wiped once read */
	}
	end();
}

/* Leaving the done screen closes the session: a read still running stops,
 * and nothing of it is called later. */
static void preview_stops_with_the_session(void)
{
	connect_with_preview("sap-s4hana-cloud");
	CHECK(session_preview(&s) && !session_preview(&s)->done);
	session_close(&s);
	CHECK(session_preview(&s) == NULL);
	changes = 0;
	for (int i = 0; i < 5; i++)
		loop_once(loop, 20);
	CHECK(changes == 0);
	end();
}

static void preview_without_a_reader(void)
{
	const struct data_preview *p;
	connect_with_preview("loop");
	p = session_preview(&s);
	CHECK(p && p->done && p->no_reader);
	if (p)
		CHECK_STR(p->headline, "onramp can't read purchase orders from Loop ERP yet.");
	end();
}

static void validate_stores_nothing(void)
{
	struct session_opts o = {.validate_only = true, .result_fd = -1};
	begin(NULL, &o);
	CHECK(choose("loop"));
	fill_loop(PASSWORD);
	session_submit(&s);
	settle();
	CHECK(session_step(&s) == SESSION_RESULT && !session_failed(&s));
	CHECK(session_result(&s) == NULL);
	CHECK(stored_count() == 0);
	end();
}

/* A pasted browser address loses its page path (typo tidy), with a notice. */
static void typo_tidy_step(void)
{
	char u[96];
	begin(NULL, NULL);
	CHECK(choose("loop"));
	fill_loop(PASSWORD);
	form_set(session_form(&s), "url", str_fmt(u, sizeof(u), "http://127.0.0.1:%d/web/login?db=x", srv.port));
	session_submit(&s);
	settle();
	CHECK(session_notice(&s)[0] != 0);
	CHECK(session_step(&s) == SESSION_RESULT);
	end();
}

/* ---- failures ----------------------------------------------------------------- */

static void unavailable_refused_at_choice(void)
{
	begin(NULL, NULL);
	CHECK(!choose("later"));
	CHECK(session_step(&s) == SESSION_CHOOSE && session_failed(&s));
	CHECK_STR(session_error(&s)->code, "system.unavailable");
	CHECK(session_form(&s) == NULL);
	session_submit(&s); /* nothing to submit: no crash, no probe */
	CHECK(session_probe(&s) == NULL);
	end();
}

static void input_problem_is_the_next_question(void)
{
	const char *problem;
	begin(NULL, NULL);
	CHECK(choose("loop"));
	fill_loop("");
	session_submit(&s);
	CHECK(session_step(&s) == SESSION_FORM && session_failed(&s));
	CHECK_STR(session_error(&s)->code, "input.invalid");
	CHECK_STR(session_error(&s)->field, "password");
	CHECK(session_question(&s, &problem) == 2 && !*problem); /* empty: asked, not blamed */
	cJSON *q = session_question_json(&s);
	CHECK(q && !strcmp(cJSON_GetObjectItem(cJSON_GetObjectItem(q, "question"), "field")->valuestring, "password"));
	cJSON_Delete(q);
	form_set(session_form(&s), "password", PASSWORD);
	form_set(session_form(&s), "url", "not a url");
	session_submit(&s);
	CHECK(session_question(&s, &problem) == 0 && *problem); /* a wrong value: its problem */
	CHECK(session_probe(&s) == NULL);
	end();
}

static void credit_pool_full(void)
{
	begin("credits = 0\n", NULL);
	CHECK(choose("loop"));
	CHECK(!session_affordable(&s));
	CHECK(session_step(&s) == SESSION_CREDITS && session_failed(&s));
	fill_loop(PASSWORD);
	session_submit(&s);
	CHECK(session_step(&s) == SESSION_CREDITS && session_failed(&s));
	CHECK_STR(session_error(&s)->code, "store.credits");
	CHECK(session_probe(&s) == NULL); /* refused before any network work */
	end();
}

static void network_failure_then_retry_keeps_values(void)
{
	char u[64];
	begin(NULL, NULL);
	CHECK(choose("loop"));
	fill_loop(PASSWORD);
	form_set(session_form(&s), "url", str_fmt(u, sizeof(u), "http://127.0.0.1:%d", closed_port()));
	session_submit(&s);
	settle();
	CHECK(session_step(&s) == SESSION_PROBE && session_failed(&s));
	CHECK_STR(session_error(&s)->code, "connect.refused");
	CHECK(session_edit(&s) == 0); /* back on the address */
	CHECK(session_step(&s) == SESSION_FORM && !session_failed(&s));
	CHECK_STR(form_value(session_form(&s), "url"), u);
	CHECK_STR(form_value(session_form(&s), "password"), PASSWORD);
	form_set(session_form(&s), "url", str_fmt(u, sizeof(u), "http://127.0.0.1:%d", srv.port));
	session_submit(&s);
	settle();
	CHECK(session_step(&s) == SESSION_RESULT);
	end();
}

static void auth_rejected_then_fixed(void)
{
	begin(NULL, NULL);
	CHECK(choose("loop"));
	fill_loop("wrong");
	session_submit(&s);
	settle();
	CHECK(session_step(&s) == SESSION_PROBE && session_failed(&s));
	CHECK_STR(session_error(&s)->code, "auth.rejected");
	CHECK(session_edit(&s) == 2);
	CHECK_STR(form_value(session_form(&s), "username"), "alice");
	form_set(session_form(&s), "password", PASSWORD);
	session_submit(&s);
	settle();
	CHECK(session_step(&s) == SESSION_RESULT);
	CHECK(stored_count() == 1);
	end();
}

/* An early failure (a system that cannot even build its request) is
 * reported from the loop: the crash of issue 11 came from a report made
 * before the caller held the probe. */
static void failure_before_the_network(void)
{
	begin(NULL, NULL);
	CHECK(choose("loop"));
	fill_loop(PASSWORD);
	form_set(session_form(&s), "url", "http://exa mple.com");
	session_submit(&s);
	settle();
	CHECK(session_failed(&s));
	CHECK(session_step(&s) == SESSION_FORM || session_step(&s) == SESSION_PROBE);
	end();
}

static void tls_untrusted_pin_success(void)
{
	char u[96];
	const char *port = getenv("ONRAMP_T_TLS_SELF");
	bool can_pin = false;
	CHECK(port != NULL); /* T_SUITE_SERVERS: the runner starts the fixtures */
	if (!port)
		return;
	begin(NULL, NULL);
	CHECK(choose("sap"));
	form_set(session_form(&s), "url", str_fmt(u, sizeof(u), "https://127.0.0.1:%s", port));
	form_set(session_form(&s), "client", "100");
	form_set(session_form(&s), "username", "ALICE");
	form_set(session_form(&s), "password", "Fixture-Pa55!");
	session_submit(&s);
	settle();
	CHECK(session_step(&s) == SESSION_TRUST && session_failed(&s));
	CHECK_STR(session_error(&s)->code, "tls.untrusted");
	CHECK(session_trust_choices(&s, &can_pin) && can_pin);
	session_trust_pin(&s);
	settle();
	CHECK(session_step(&s) == SESSION_RESULT);
	struct conn c;
	struct onr_error err;
	if (session_result(&s) && lifecycle_get(session_result(&s)->id, &c, &err) == 0) {
		CHECK(c.npins == 1 && !strncmp(c.pins[0], "sha256//", 8)); /* the pin is stored with it */
		conn_free(&c);
	} else {
		CHECK(!"stored");
	}
	end();
}

static void cafile_unreadable(void)
{
	char why[160] = "";
	begin(NULL, NULL);
	CHECK(choose("loop"));
	CHECK(!session_use_cafile(&s, "/nonexistent/ca.pem", why, sizeof(why)));
	CHECK(why[0]);
	end();
}

/* ---- cancel at every step ------------------------------------------------------- */

static void cancel_in_form_and_probe(void)
{
	begin(NULL, NULL);
	CHECK(choose("loop"));
	fill_loop(PASSWORD);
	session_cancel(&s); /* nothing runs: stays on the form */
	CHECK(session_step(&s) == SESSION_FORM && !session_failed(&s));
	loop_watch(loop, srv.fd, 0, NULL, NULL); /* the server never answers now */
	session_submit(&s);
	for (int i = 0; i < 3; i++)
		loop_once(loop, 50);
	CHECK(session_running(&s) && session_step(&s) == SESSION_PROBE);
	session_cancel(&s);
	CHECK(session_step(&s) == SESSION_FORM && !session_running(&s) && session_probe(&s) == NULL);
	CHECK_STR(form_value(session_form(&s), "password"), PASSWORD);
	CHECK(stored_count() == 0);
	loop_watch(loop, srv.fd, POLLIN, on_accept, NULL);
	session_submit(&s); /* and a retry after the cancel works */
	settle();
	CHECK(session_step(&s) == SESSION_RESULT);
	end();
}

static void fill_rot(int redirect_port, const char *refresh)
{
	char u[64];
	struct form *f = session_form(&s);
	form_set(f, "url", str_fmt(u, sizeof(u), "http://127.0.0.1:%d", srv.port));
	form_set(f, "client_id", "app");
	form_set(f, "client_secret", "app-secret");
	form_set(f, "redirect_uri", str_fmt(u, sizeof(u), "http://127.0.0.1:%d/callback", redirect_port));
	form_set(f, "refresh_token", refresh);
}

static void cancel_sign_in(void)
{
	begin(NULL, NULL);
	CHECK(choose("rot"));
	fill_rot(closed_port(), "");
	session_submit(&s);
	CHECK(session_step(&s) == SESSION_SIGN_IN && session_running(&s));
	CHECK(session_oauth(&s) != NULL);
	CHECK(!session_paste(&s, "nonsense", 8)); /* not an answer: still waiting */
	CHECK(session_step(&s) == SESSION_SIGN_IN);
	session_cancel(&s);
	CHECK(session_step(&s) == SESSION_FORM && session_oauth(&s) == NULL);
	CHECK_STR(form_value(session_form(&s), "client_secret"), "app-secret");
	end();
}

/* After any failure, cancel goes back to the form with every value, and
 * the failure's field is the next question. */
static void cancel_after_failures(void)
{
	const char *problem;
	begin(NULL, NULL);
	CHECK(choose("loop"));
	fill_loop("wrong");
	session_submit(&s);
	settle();
	CHECK(session_question(&s, &problem) == 2 && *problem); /* the password, with the reason */
	cJSON *q = session_question_json(&s);
	CHECK(q && cJSON_IsString(cJSON_GetObjectItem(cJSON_GetObjectItem(q, "question"), "error")));
	cJSON_Delete(q);
	session_cancel(&s);
	CHECK(session_step(&s) == SESSION_FORM && !session_failed(&s) && session_probe(&s) == NULL);
	CHECK_STR(form_value(session_form(&s), "password"), "wrong");
	iso_write_config("credits = 0\n");
	session_submit(&s);
	CHECK(session_step(&s) == SESSION_CREDITS && session_failed(&s));
	session_cancel(&s);
	CHECK(session_step(&s) == SESSION_FORM && !session_failed(&s));
	CHECK_STR(form_value(session_form(&s), "username"), "alice");
	session_close(&s);
	CHECK(session_step(&s) == SESSION_CHOOSE && session_form(&s) == NULL);
	end();
}

/* Holds the store's write lock as another onramp would: a write
 * transaction open on the database (core/store/db.h). */
static struct db *hold_lock(void)
{
	struct db *db = NULL;
	struct onr_error err;
	CHECK(db_open(&db, &err) == 0 && db_begin(db, &err) == 0);
	return db;
}

static void release_lock(struct db *db)
{
	db_rollback(db);
	db_close(db);
}

static void store_waits_in_the_loop(void)
{
	struct db *lock;
	long long t0;
	begin(NULL, NULL);
	CHECK(choose("loop"));
	fill_loop(PASSWORD);
	CHECK(stored_count() == 0); /* makes the data folder */
	lock = hold_lock();
	session_submit(&s);
	t0 = now_ms();
	while (!session_waiting_for_lock(&s) && now_ms() - t0 < 10000)
		loop_once(loop, 50);
	CHECK(session_waiting_for_lock(&s) && session_running(&s));
	loop_once(loop, 100); /* the loop keeps turning: nothing blocks */
	CHECK(now_ms() - t0 < 5000);
	release_lock(lock); /* the other onramp is done */
	settle();
	CHECK(session_step(&s) == SESSION_RESULT);
	CHECK(stored_count() == 1);
	end();
}

static void cancel_while_waiting_for_the_lock(void)
{
	struct db *lock;
	long long t0;
	begin(NULL, NULL);
	CHECK(choose("loop"));
	fill_loop(PASSWORD);
	CHECK(stored_count() == 0);
	lock = hold_lock();
	session_submit(&s);
	t0 = now_ms();
	while (!session_waiting_for_lock(&s) && now_ms() - t0 < 10000)
		loop_once(loop, 50);
	session_cancel(&s);
	CHECK(session_step(&s) == SESSION_FORM && !session_running(&s));
	release_lock(lock);
	for (int i = 0; i < 3; i++)
		loop_once(loop, 60); /* no timer left to store anything */
	CHECK(stored_count() == 0);
	end();
}

static void lock_wait_gives_up(void)
{
	struct session_opts o = {.result_fd = -1, .lock_wait_ms = 200};
	struct db *lock;
	begin(NULL, &o);
	CHECK(choose("loop"));
	fill_loop(PASSWORD);
	CHECK(stored_count() == 0);
	lock = hold_lock();
	session_submit(&s);
	settle();
	CHECK(session_step(&s) == SESSION_STORE && session_failed(&s));
	CHECK_STR(session_error(&s)->code, "store.busy");
	release_lock(lock);
	session_submit(&s); /* retry: the values were kept */
	settle();
	CHECK(session_step(&s) == SESSION_RESULT);
	end();
}

/* ---- the refresh token a provider rotates --------------------------------------- */

static void sealed_refresh(const char *id, char *out, size_t size)
{
	struct seal_pass none = {.fd = -1};
	struct onr_error err;
	unsigned char *secret = NULL;
	size_t len;
	out[0] = 0;
	if (lifecycle_open(id, &none, &secret, &len, NULL, &err) != 0)
		return;
	cJSON *j = cJSON_Parse((const char *)secret);
	cJSON *r = cJSON_GetObjectItem(j, "refresh_token");
	str_copy(out, size, cJSON_IsString(r) ? r->valuestring : "");
	cJSON_Delete(j);
	sodium_free(secret);
}

static void connect_and_recheck_keep_the_rotated_token(void)
{
	char id[16], kept[64];
	begin(NULL, NULL);
	str_copy(srv.refresh, sizeof(srv.refresh), "first-refresh");
	srv.rotations = 0;
	CHECK(choose("rot"));
	fill_rot(closed_port(), "first-refresh");
	session_submit(&s);
	CHECK(session_step(&s) == SESSION_PROBE); /* a refresh token: no browser */
	settle();
	CHECK(session_step(&s) == SESSION_RESULT);
	if (session_failed(&s))
		fprintf(stderr, "  %s: %s (%s)\n", session_error(&s)->code, session_error(&s)->message, session_error(&s)->tech);
	str_copy(id, sizeof(id), session_result(&s) ? session_result(&s)->id : "");
	sealed_refresh(id, kept, sizeof(kept));
	CHECK_STR(kept, "rot-1"); /* the rotated one, not the typed one */
	session_close(&s);
	CHECK(session_recheck(&s, catalog_find(&cat, "rot"), id));
	settle();
	CHECK(session_step(&s) == SESSION_RESULT && !session_failed(&s));
	sealed_refresh(id, kept, sizeof(kept));
	CHECK_STR(kept, "rot-2"); /* the re-check sealed the next one */
	CHECK(stored_count() == 1); /* a re-check makes no new connection */
	session_close(&s);
	CHECK(session_recheck(&s, catalog_find(&cat, "rot"), id)); /* and that one works */
	settle();
	CHECK(session_step(&s) == SESSION_RESULT);
	end();
}

static void recheck_cancel_wipes(void)
{
	begin(NULL, NULL);
	CHECK(!session_recheck(&s, catalog_find(&cat, "loop"), "zzzzzzzz"));
	CHECK(session_failed(&s) && session_step(&s) == SESSION_CHOOSE);
	CHECK_STR(session_error(&s)->code, "store.not_found");
	CHECK(choose("loop"));
	fill_loop(PASSWORD);
	session_submit(&s);
	settle();
	char id[16];
	str_copy(id, sizeof(id), session_result(&s)->id);
	session_close(&s);
	loop_watch(loop, srv.fd, 0, NULL, NULL);
	CHECK(session_recheck(&s, catalog_find(&cat, "loop"), id));
	CHECK(session_running(&s) && session_recheck_id(&s)[0]);
	session_cancel(&s); /* the opened credentials go at once */
	CHECK(session_form(&s) == NULL && session_step(&s) == SESSION_CHOOSE);
	end();
}

T_SUITE_SERVERS(session) = {
	{"connect_every_step", connect_every_step},
	{"preview_reads_after_the_wipe", preview_reads_after_the_wipe},
	{"preview_without_a_reader", preview_without_a_reader},
	{"preview_stops_with_the_session", preview_stops_with_the_session},
	{"validate_stores_nothing", validate_stores_nothing},
	{"typo_tidy_step", typo_tidy_step},
	{"unavailable_refused_at_choice", unavailable_refused_at_choice},
	{"input_problem_is_the_next_question", input_problem_is_the_next_question},
	{"credit_pool_full", credit_pool_full},
	{"network_failure_then_retry_keeps_values", network_failure_then_retry_keeps_values},
	{"auth_rejected_then_fixed", auth_rejected_then_fixed},
	{"failure_before_the_network", failure_before_the_network},
	{"tls_untrusted_pin_success", tls_untrusted_pin_success},
	{"cafile_unreadable", cafile_unreadable},
	{"cancel_in_form_and_probe", cancel_in_form_and_probe},
	{"cancel_sign_in", cancel_sign_in},
	{"cancel_after_failures", cancel_after_failures},
	{"store_waits_in_the_loop", store_waits_in_the_loop},
	{"cancel_while_waiting_for_the_lock", cancel_while_waiting_for_the_lock},
	{"lock_wait_gives_up", lock_wait_gives_up},
	{"connect_and_recheck_keep_the_rotated_token", connect_and_recheck_keep_the_rotated_token},
	{"recheck_cancel_wipes", recheck_cancel_wipes},
	{0},
};
