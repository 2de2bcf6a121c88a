/* Unit tests: values an older onramp stored (a line break in a field, a
 * user name and password inside the address) are never sent: the readers
 * refuse them before any request (issue 12). */
#include "t.h"
#include "iso.h"
#include "catalog.h"
#include "data/open.h"
#include "form.h"
#include "lifecycle.h"
#include <string.h>
#include <sodium.h>

static int open_with(const char *public_json, struct onr_error *err)
{
	struct catalog cat = {0};
	struct form *form = NULL;
	struct conn info;
	char id[16];
	unsigned char *s = sodium_malloc(32);
	char *t = sodium_malloc(LIFECYCLE_TOKEN_MAX);
	int n = snprintf((char *)s, 32, "{\"password\":\"pw\"}");
	struct conn_new cn = {.system = "tryton", .credits = 1, .url = "https://erp.example",
			      .user = "admin", .public_json = public_json, .secret_json = s,
			      .secret_len = (size_t)n};
	CHECK(catalog_load_builtin(&cat, err) == 0);
	CHECK(lifecycle_connect(&cn, id, t, NULL, 0, err) == 0);
	sodium_free(s);
	sodium_free(t);
	int rc = data_open_form(id, NULL, &cat, &form, &info, err);
	if (rc == 0) {
		form_free(form);
		conn_free(&info);
	}
	catalog_free(&cat);
	return rc;
}

static void test_stored_unsafe(void)
{
	struct onr_error err;
	iso_begin("unsafe");
	CHECK(open_with("{\"url\":\"https://erp.example\",\"database\":\"prod\",\"username\":\"admin\"}", &err) == 0);
	CHECK(open_with("{\"url\":\"https://erp.example\",\"database\":\"prod\\r\\nX-Injected: yes\"}", &err) == -1);
	CHECK_STR(err.code, "data.unsafe_value");
	CHECK_STR(err.tech, "database");
	CHECK(open_with("{\"url\":\"http://admin:Pass@erp.example\",\"database\":\"prod\"}", &err) == -1);
	CHECK_STR(err.code, "data.unsafe_value");
	CHECK_STR(err.tech, "url");
	CHECK(strstr(err.message, "Pass") == NULL);
	iso_end();
}

T_SUITE(unsafe) = {
	{"stored_unsafe", test_stored_unsafe},
	{0},
};
