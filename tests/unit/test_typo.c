/* Likely typos in instance URLs, and the trace's redaction. */
#include "t.h"
#include "catalog.h"
#include "form.h"
#include "trace.h"
#include "typo.h"
#include <string.h>

static void suggests_tld(void)
{
	char s[256];
	typo_suggest_host("erp.acme.lcoal", s, sizeof(s));
	CHECK(strstr(s, "erp.acme.local") != NULL);
	typo_suggest_host("acme.cmo", s, sizeof(s));
	CHECK(strstr(s, "acme.com") != NULL);
	typo_suggest_host("contoso.businesscentral.dynamcs.com", s, sizeof(s));
	CHECK(strstr(s, "dynamics.com") != NULL);
	typo_suggest_host("erp.acme.local", s, sizeof(s));
	CHECK_STR(s, ""); /* right already */
	typo_suggest_host("localhost", s, sizeof(s));
	CHECK_STR(s, "");
	CHECK(typo_distance("netsute", "netsuite") == 1);
	CHECK(typo_distance("ocm", "com") == 1);
}

static void trims_browser_paths(void)
{
	const char *spec = "{\"systems\":[{\"id\":\"t\",\"name\":\"T\",\"auth\":\"basic\",\"fields\":[{\"key\":\"url\",\"kind\":\"url\"}]}]}";
	struct catalog cat = {0};
	struct onr_error err;
	char notice[300];
	catalog_add_json(&cat, spec, strlen(spec), "t", &err);
	struct form *f = form_new(&cat.systems[0]);
	form_set(f, "url", "https://my.s4.example.com:44300/sap/bc/ui2/flp#Shell-home");
	CHECK(typo_tidy_urls(f, notice, sizeof(notice)));
	CHECK_STR(form_value(f, "url"), "https://my.s4.example.com:44300");
	CHECK(strstr(notice, "/sap/bc/ui2/flp#Shell-home") != NULL);
	form_set(f, "url", "https://erp.example.com/odoo");
	CHECK(!typo_tidy_urls(f, notice, sizeof(notice))); /* a sub-path install is kept */
	form_set(f, "url", "https://erp.example.com/web?debug=1#action=5");
	CHECK(typo_tidy_urls(f, notice, sizeof(notice)));
	CHECK_STR(form_value(f, "url"), "https://erp.example.com");
	form_free(f);
	catalog_free(&cat);
}

static void trace_redacts(void)
{
	const char *secrets[] = {"Sup3r-Secret!", NULL};
	char line[256];
	strcpy(line, "Authorization: Basic QUxJQ0U6Rml4dHVyZS1QYTU1IQ==");
	trace_redact_line(line, sizeof(line), secrets);
	CHECK_STR(line, "Authorization: [redacted]");
	strcpy(line, "Cookie: B1SESSION=abc; ROUTEID=.node1");
	trace_redact_line(line, sizeof(line), secrets);
	CHECK(strstr(line, "abc") == NULL);
	strcpy(line, "X-Session-Token: 123456");
	trace_redact_line(line, sizeof(line), secrets);
	CHECK(strstr(line, "123456") == NULL);
	strcpy(line, "GET /api?password=Sup3r-Secret! HTTP/1.1");
	trace_redact_line(line, sizeof(line), secrets);
	CHECK(strstr(line, "Sup3r") == NULL);
	strcpy(line, "Content-Type: application/json");
	trace_redact_line(line, sizeof(line), secrets);
	CHECK_STR(line, "Content-Type: application/json");
}

/* Issue 12: a secret value goes in every encoding that reaches a trace,
 * whatever its parameter is called: raw, percent-encoded (either case of
 * hex), form-encoded, and inside base64 at any alignment (Basic). */
static void trace_redacts_encodings(void)
{
	const char *secrets[] = {"Qk3y/With+Plus=Eq", "pass word&x", NULL};
	char line[512];
	strcpy(line, "GET /v1/items?api=Qk3y%2FWith%2BPlus%3DEq&x=1 HTTP/1.1");
	trace_redact_line(line, sizeof(line), secrets);
	CHECK(strstr(line, "Qk3y") == NULL);
	CHECK(strstr(line, "&x=1") != NULL);
	strcpy(line, "GET /v1/items?api=Qk3y%2fWith%2bPlus%3dEq HTTP/1.1");
	trace_redact_line(line, sizeof(line), secrets);
	CHECK(strstr(line, "Qk3y") == NULL);
	strcpy(line, "* form: user=a&pw=pass+word%26x&next=1");
	trace_redact_line(line, sizeof(line), secrets);
	CHECK(strstr(line, "pass") == NULL);
	CHECK(strstr(line, "next=1") != NULL);
	/* base64 of "alice:pass word&x" and of "bo:pass word&x": the secret at
	 * two alignments, as in a Basic header under another name */
	strcpy(line, "X-Upstream: YWxpY2U6cGFzcyB3b3JkJng=");
	trace_redact_line(line, sizeof(line), secrets);
	CHECK(strstr(line, "cGFzcyB3b3JkJng") == NULL);
	CHECK(strstr(line, "YWxpY2U6") != NULL);
	strcpy(line, "X-Upstream: YWJjOnBhc3Mgd29yZCZ4"); /* "abc:" + it */
	trace_redact_line(line, sizeof(line), secrets);
	CHECK(strstr(line, "c3Mgd29y") == NULL);
	CHECK(strstr(line, "YWJj") != NULL);
	strcpy(line, "X-Upstream: YTpwYXNzIHdvcmQmeA=="); /* "a:" + it */
	trace_redact_line(line, sizeof(line), secrets);
	CHECK(strstr(line, "YXNzIHdv") == NULL);
}

T_SUITE(typo) = {
	{"trace_redacts_encodings", trace_redacts_encodings},
	{"suggests_tld", suggests_tld},
	{"trims_browser_paths", trims_browser_paths},
	{"trace_redacts", trace_redacts},
	{0},
};
