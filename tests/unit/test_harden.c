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
#include <sys/stat.h>
#include <unistd.h>
#include "paths.h"
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
	iso_begin("harden");
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


/* The secret key readable by others is refused, not used silently; so is
 * a data folder that belongs to another user. */
static void test_key_and_folder_owner(void)
{
	struct onr_error err;
	char key[PATHS_MAX], dir[PATHS_MAX];
	unsigned char *secret;
	size_t len;
	iso_begin("harden");
	CHECK(open_with("{\"url\":\"https://erp.example\",\"database\":\"prod\"}", &err) == 0);
	snprintf(key, sizeof(key), "%s/config/onramp/recipient.key", iso_dir);
	struct conn_list l;
	CHECK(lifecycle_list(&l, &err) == 0 && l.n == 1);
	const char *id = l.n ? l.v[0].id : "x";
	CHECK(iso_mode(key) == 0600);
	CHECK(lifecycle_open(id, NULL, &secret, &len, NULL, &err) == 0);
	sodium_free(secret);
	chmod(key, 0644);
	secret = NULL;
	CHECK(lifecycle_open(id, NULL, &secret, &len, NULL, &err) == -1);
	CHECK_STR(err.code, "seal.key_exposed");
	CHECK(strstr(err.message, key) != NULL);
	CHECK(strstr(err.hint, "chmod 600") != NULL);
	chmod(key, 0600);
	CHECK(lifecycle_open(id, NULL, &secret, &len, NULL, &err) == 0);
	sodium_free(secret);
	conn_list_free(&l);
	if (getuid() == 0) { /* only root can give a folder away */
		snprintf(dir, sizeof(dir), "%s/data/onramp", iso_dir);
		CHECK(chown(dir, 65534, 65534) == 0);
		CHECK(lifecycle_list(&l, &err) == -1);
		CHECK_STR(err.code, "store.not_owner");
		CHECK(strstr(err.message, dir) != NULL);
		CHECK(chown(dir, 0, 0) == 0);
		CHECK(lifecycle_list(&l, &err) == 0);
		conn_list_free(&l);
	} else {
		printf("# skipped the folder owner check: not root\n");
	}
	iso_end();
}

T_SUITE(harden) = {
	{"key_and_folder_owner", test_key_and_folder_owner},
	{"stored_unsafe", test_stored_unsafe},
	{0},
};
