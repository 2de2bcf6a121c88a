/* One check per row of the error table: each row is reachable by its key
 * (curl code + text + stage, HTTP status, or code) and reads as docs/design.md §4
 * asks: a message, a hint, no placeholder left unfilled. */
#include "t.h"
#include "errtable.h"
#include <string.h>

static void each_row_reachable_and_worded(void)
{
	size_t n;
	const struct err_row *rows = errtable_rows(&n);
	struct err_vars v = {.host = "erp.example.com", .location = "https://x/", .retry = "30", .status = 503};
	for (size_t i = 0; i < n; i++) {
		const struct err_row *r = &rows[i], *found;
		struct onr_error e;
		if (r->curl >= 0)
			found = errtable_for_curl((CURLcode)r->curl, r->match ? r->match : "", r->in);
		else if (r->http)
			found = errtable_for_http(r->http);
		else if (r->curl == -1)
			found = errtable_for_code(r->code);
		else
			found = errtable_for_curl((CURLcode)9999, "", NULL); /* the catch-all */
		if (found != r) {
			T_FAIL("row %zu (%s) is not what its key finds (%s)", i, r->code, found ? found->code : "none");
		}
		errtable_fill(&e, r, &v);
		CHECK(e.message[0] && e.hint[0] && e.code[0] && e.stage[0]);
		CHECK(strchr(e.message, '{') == NULL && strchr(e.hint, '{') == NULL);
		CHECK(strstr(e.message, "Error") != e.message); /* no "Error: -1" */
		CHECK(e.exit >= 2 && e.exit <= 9);
	}
	printf("# error table: %zu rows checked\n", n);
}

static void specific_lookups(void)
{
	CHECK_STR(errtable_for_curl(CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: x", "dns")->code, "dns.not_found");
	CHECK_STR(errtable_for_curl(CURLE_OPERATION_TIMEDOUT, "", "connect")->code, "connect.timeout");
	CHECK_STR(errtable_for_curl(CURLE_OPERATION_TIMEDOUT, "", "http")->code, "http.timeout");
	CHECK_STR(errtable_for_curl(CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem: certificate has expired", "tls")->code, "tls.expired");
	CHECK_STR(errtable_for_curl(CURLE_PEER_FAILED_VERIFICATION, "SSL: no alternative certificate subject name matches target host name 'x'", "tls")->code, "tls.hostname");
	CHECK_STR(errtable_for_curl(CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem: self-signed certificate", "tls")->code, "tls.untrusted");
	CHECK_STR(errtable_for_http(401)->code, "auth.rejected");
	CHECK_STR(errtable_for_http(302)->code, "http.redirect");
	CHECK_STR(errtable_for_http(418)->code, "api.client_error");
	CHECK_STR(errtable_for_http(502)->code, "api.server_error");
	CHECK_STR(errtable_for_http(429)->code, "http.rate_limited");
}

static void retry_after_in_hint(void)
{
	struct onr_error e;
	struct err_vars v = {.retry = "120"};
	errtable_fill(&e, errtable_for_http(429), &v);
	CHECK(strstr(e.hint, "120") != NULL);
}

T_SUITE(errtable) = {
	{"each_row_reachable_and_worded", each_row_reachable_and_worded},
	{"specific_lookups", specific_lookups},
	{"retry_after_in_hint", retry_after_in_hint},
	{0},
};
