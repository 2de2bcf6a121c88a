/* The done screen's preview: the first page read with the credentials
 * still in memory (the form), against the fixture servers. (The e2e test
 * reads real orders through the same runtime, from the store.) */
#include "data/preview.h"
#include <stdlib.h>
#include "t.h"

static struct catalog cat;

static const struct system *sys_of(const char *id)
{
	struct onr_error err;
	if (!cat.n)
		catalog_load_builtin(&cat, &err);
	return catalog_find(&cat, id);
}

/* Runs a preview to its end (20 s at most); what it found, copied out
 * (rd is NULL: the read and its loop are gone). */
static struct data_preview run(const struct system *sys, const struct form *f)
{
	struct loop *l = loop_new();
	struct data_preview *p = data_preview_start(l, sys, f, NULL, NULL, NULL, NULL, NULL), out;
	long long until = now_ms() + 20000;
	while (!p->done && now_ms() < until)
		loop_once(l, 200);
	CHECK(p->done);
	out = *p;
	out.rd = NULL;
	data_preview_free(p); /* before the loop its timers live in */
	loop_free(l);
	return out;
}

/* The SAP S/4HANA entry pointed at the fixture (tests/servers/fixture.py):
 * it signs ALICE in, but serves no purchase orders. */
static struct form *sap_form(const char *password)
{
	char url[64];
	const char *port = getenv("ONRAMP_T_HTTP");
	struct form *f = form_new(sys_of("sap-s4hana-onprem"));
	if (!port)
		T_FAIL("ONRAMP_T_HTTP is not set: run the suite with tests/unit/suite.sh (make unit)");
	str_fmt(url, sizeof(url), "http://127.0.0.1:%s", port ? port : "1");
	form_set(f, "url", url);
	form_set(f, "client", "100");
	form_set(f, "username", "ALICE");
	form_set(f, "password", password);
	return f;
}

static void no_reader(void)
{
	const struct system *sys = sys_of("upkeep");
	struct form *f = form_new(sys);
	struct data_preview *p = data_preview_start(NULL, sys, f, NULL, NULL, NULL, NULL, NULL);
	CHECK(p->done && p->no_reader && !p->rd);
	CHECK_STR(p->headline, "onramp can't read purchase orders from UpKeep yet.");
	data_preview_free(p);
	form_free(f);
}

/* Signed in with the credentials in memory, but no order endpoint: the
 * done screen learns it in the error table's words, before the user leaves. */
static void signed_in_but_no_orders(void)
{
	struct form *f = sap_form("Fixture-Pa55!");
	struct data_preview p = run(f->sys, f);
	CHECK(p.done && p.failed && p.count == 0);
	CHECK_STR(p.err.code, "data.not_found");
	CHECK(strstr(p.err.hint, "API_PURCHASEORDER_PROCESS_SRV") != NULL);
	CHECK_STR(p.headline, "The server has no purchase-order service at this address.");
	form_free(f);
}

static void wrong_password(void)
{
	struct form *f = sap_form("not-the-password");
	struct data_preview p = run(f->sys, f);
	CHECK(p.done && p.failed && p.count == 0);
	CHECK_STR(p.err.code, "auth.rejected");
	form_free(f);
}

static void done(void)
{
	catalog_free(&cat);
	memset(&cat, 0, sizeof(cat));
}

T_SUITE_SERVERS(po_preview) = {
	{"no_reader", no_reader},
	{"signed_in_but_no_orders", signed_in_but_no_orders},
	{"wrong_password", wrong_password},
	{"cleanup", done},
	{0},
};
