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

T_SUITE(typo) = {
	{"suggests_tld", suggests_tld},
	{"trims_browser_paths", trims_browser_paths},
	{"trace_redacts", trace_redacts},
	{0},
};
