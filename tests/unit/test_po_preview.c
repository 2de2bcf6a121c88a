/* The done screen's preview: the first page read with the credentials
 * still in memory (the form), against the real Tryton when it runs. */
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
	struct data_preview *p = data_preview_start(l, sys, f, NULL, NULL, NULL, NULL), out;
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

static struct form *tryton_form(const char *password)
{
	char url[64];
	struct form *f = form_new(sys_of("tryton"));
	str_fmt(url, sizeof(url), "http://127.0.0.1:%s", getenv("ONRAMP_T_TRYTON"));
	form_set(f, "url", url);
	form_set(f, "database", "onramp_test");
	form_set(f, "username", "admin");
	form_set(f, "password", password);
	return f;
}

static void no_reader(void)
{
	const struct system *sys = sys_of("upkeep");
	struct form *f = form_new(sys);
	struct data_preview *p = data_preview_start(NULL, sys, f, NULL, NULL, NULL, NULL);
	CHECK(p->done && p->no_reader && !p->rd);
	CHECK_STR(p->headline, "onramp can't read purchase orders from UpKeep yet.");
	data_preview_free(p);
	form_free(f);
}

static void tryton_in_memory(void)
{
	const char *pw = getenv("ONRAMP_T_TRYTON_PASSWORD");
	if (!pw || !getenv("ONRAMP_T_TRYTON")) {
		fprintf(stderr, "  skipped: no Tryton server\n");
		return;
	}
	struct form *f = tryton_form(pw);
	struct data_preview p = run(f->sys, f);
	CHECK(p.done && !p.failed);
	CHECK(!strncmp(p.headline, "Read ", 5) && strstr(p.headline, " from Tryton"));
	CHECK(p.nrows == (p.count < PREVIEW_ROWS ? p.count : PREVIEW_ROWS));
	form_free(f);
	f = tryton_form("not-the-password");
	p = run(f->sys, f);
	CHECK(p.done && p.failed && p.count == 0);
	CHECK_STR(p.err.code, "auth.wrong_login");
	form_free(f);
}

static void done(void)
{
	catalog_free(&cat);
	memset(&cat, 0, sizeof(cat));
}

T_SUITE(po_preview) = {
	{"no_reader", no_reader},
	{"tryton_in_memory", tryton_in_memory},
	{"cleanup", done},
	{0},
};
