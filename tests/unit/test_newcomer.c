/* test_newcomer.c: the words a newcomer meets (issue 11): which answers
 * say "This server does not look like X" (core/auth/foreign.c), and the
 * account beside the system on Manage (core/session/account.c). */
#include "t.h"
#include "auth/auth.h"
#include "catalog.h"
#include "session/account.h"
#include "store.h"
#include "util.h"
#include <string.h>

static struct catalog cat;

static const struct system *sys_of(const char *id)
{
	struct onr_error err;
	if (!cat.n)
		CHECK(catalog_load_builtin(&cat, &err) == 0);
	return catalog_find(&cat, id);
}

/* An answer with status, Server header, content type and body. */
static struct http_resp answer(long status, const char *server, const char *type, const char *body)
{
	struct http_resp r;
	memset(&r, 0, sizeof(r));
	r.status = status;
	str_copy(r.server, sizeof(r.server), server);
	str_copy(r.content_type, sizeof(r.content_type), type);
	buf_init(&r.body);
	buf_add(&r.body, body, strlen(body) + 1);
	r.body.len--;
	return r;
}

/* Is resp, to a check of system id, called foreign? The hint then holds want. */
static bool foreign(const char *id, struct http_resp r, const char *want)
{
	struct auth_ctx ctx = {.sys = sys_of(id)};
	struct onr_error err;
	bool f = ctx.sys && auth_answer_foreign(&ctx, &r);
	if (f) {
		error_clear(&err);
		auth_fail_foreign(&ctx, &r, &err);
		CHECK_STR(err.code, "server.not_this_system");
		CHECK(strstr(err.message, "does not look like") != NULL);
		if (want && !strstr(err.hint, want))
			T_FAIL("hint \"%s\" lacks \"%s\"", err.hint, want);
	}
	buf_free(&r.body);
	return f;
}

static const char *page = "<!DOCTYPE html><html><head><title>Acme\n Intranet</title></head><body>hi</body></html>";

static void plain_web_server(void)
{
	CHECK(foreign("erpnext", answer(404, "nginx/1.22.1", "text/html", "<html><head><title>404 Not Found</title>"),
		      "A plain web server (nginx) answered that it has no such page (HTTP 404)"));
	CHECK(foreign("tryton", answer(501, "SimpleHTTP/0.6 Python/3.11.7", "text/html", page),
		      "cannot take a sign-in at all (HTTP 501)"));
	CHECK(foreign("jd-edwards", answer(200, "", "text/html; charset=utf-8", page),
		      "answered with a web page (\"Acme Intranet\")"));
	/* an API's own 404 (JSON) from behind nginx: the error table says it */
	CHECK(!foreign("erpnext", answer(404, "nginx", "application/json", "{\"exc_type\":\"DoesNotExist\"}"), NULL));
	/* a 404 page from an application server is not known to be another product */
	CHECK(!foreign("erpnext", answer(404, "Werkzeug/2.2.2", "text/html", "<html>"), NULL));
	/* 401 and 500 are left to the error table */
	CHECK(!foreign("jd-edwards", answer(401, "nginx", "text/html", page), NULL));
	CHECK(!foreign("jd-edwards", answer(500, "Apache", "text/html", page), NULL));
	/* a check that reaches only the server (Dynamics GP): a plain web
	 * server's page is not it either, but an API's 404 is */
	CHECK(foreign("dynamics-gp", answer(404, "SimpleHTTP/0.6 Python/3.11.7", "text/html", page), NULL));
	CHECK(foreign("qad-adaptive-erp", answer(200, "nginx", "text/html", page), "(\"Acme Intranet\")"));
	CHECK(!foreign("qad-adaptive-erp", answer(200, "Jetty(9.4)", "text/html", page), NULL));
	CHECK(!foreign("dynamics-gp", answer(404, "Microsoft-HTTPAPI/2.0", "text/html", page), NULL));
	/* a JSON 200 is a sign-in that passed */
	CHECK(!foreign("jd-edwards", answer(200, "nginx", "application/json", "{\"ok\":1}"), NULL));
}

static void names_the_system(void)
{
	/* the system's own page or server is never called another one */
	CHECK(!foreign("sap-s4hana-onprem",
		       answer(404, "Apache", "text/html", "<title>SAP NetWeaver Application Server</title>"), NULL));
	CHECK(!foreign("jd-edwards", answer(200, "", "text/html", "<title>JD Edwards EnterpriseOne Sign In</title>"), NULL));
	CHECK(!foreign("erpnext", answer(404, "nginx", "text/html", "<title>ERPNext: page not found</title>"), NULL));
}

static void slash_redirect(void)
{
	struct http_resp r = answer(308, "Werkzeug/2.2.2", "text/html", "<html>");
	str_copy(r.location, sizeof(r.location), "http://127.0.0.1:8000/jsonrpc/");
	CHECK(foreign("odoo", r, "sent us to the same address with a \"/\" added (http://127.0.0.1:8000/jsonrpc/)"));
	r = answer(302, "nginx", "text/html", "<html>");
	str_copy(r.location, sizeof(r.location), "https://sso.example.com/login");
	CHECK(!foreign("odoo", r, NULL)); /* a redirect elsewhere: the error table's words */
}

static void account_words(void)
{
	struct conn c;
	char out[256];
	memset(&c, 0, sizeof(c));
	str_copy(c.id, sizeof(c.id), "abcd1234");
	c.system = (char *)"tryton";
	c.user = (char *)"admin";
	c.public_json = (char *)"{\"url\":\"http://erp:8000\",\"database\":\"prod\",\"username\":\"admin\"}";
	conn_label(&c, sys_of("tryton"), out, sizeof(out));
	CHECK_STR(out, "tryton (prod, admin)");
	/* only the place and the user show, whatever else was stored */
	c.public_json = (char *)"{\"database\":\"prod\",\"password\":\"Sekr1t\"}";
	c.user = (char *)"";
	conn_account(&c, sys_of("tryton"), out, sizeof(out));
	CHECK_STR(out, "prod");
	/* control characters never reach the screen */
	c.public_json = (char *)"{\"client\":\"1\\u001b[2J00\"}";
	c.system = (char *)"sap-s4hana-onprem";
	c.user = (char *)"ALICE";
	conn_account(&c, sys_of("sap-s4hana-onprem"), out, sizeof(out));
	CHECK(!strchr(out, 0x1b));
	/* no longer in the catalog: the user alone */
	conn_label(&c, NULL, out, sizeof(out));
	CHECK_STR(out, "sap-s4hana-onprem (ALICE)");
	c.user = (char *)"";
	conn_label(&c, NULL, out, sizeof(out));
	CHECK_STR(out, "sap-s4hana-onprem");
	catalog_free(&cat);
	memset(&cat, 0, sizeof(cat));
}

T_SUITE(newcomer) = {
	{"a plain web server is not the system", plain_web_server},
	{"a page or server naming the system is the system", names_the_system},
	{"another application's slash redirect", slash_redirect},
	{"the account beside the system, never a secret", account_words},
	{0},
};
