/* Unit tests: values an older onramp stored (a line break in a field, a
 * user name and password inside the address) are never sent: the readers
 * refuse them before any request (issue 12). */
#include "t.h"
#include "iso.h"
#include "catalog.h"
#include "data/open.h"
#include "form.h"
#include "http.h"
#include "lifecycle.h"
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "paths.h"
#include <sodium.h>

/* A Tryton connection with password "pw" at url (plain_http: its kept yes,
 * or NULL); the id in id. */
static int connect_tryton(const char *url, const char *public_json, const char *plain_http, char id[16],
			  struct onr_error *err)
{
	unsigned char *s = sodium_malloc(32);
	char *t = sodium_malloc(LIFECYCLE_TOKEN_MAX);
	int n = snprintf((char *)s, 32, "{\"password\":\"pw\"}");
	struct conn_new cn = {.system = "tryton", .credits = 1, .url = url, .user = "admin",
			      .public_json = public_json, .secret_json = s, .secret_len = (size_t)n,
			      .plain_http = plain_http};
	int rc = lifecycle_connect(&cn, id, t, NULL, 0, err);
	sodium_free(s);
	sodium_free(t);
	return rc;
}

static int open_with(const char *public_json, struct onr_error *err)
{
	struct catalog cat = {0};
	struct form *form = NULL;
	struct conn info;
	char id[16];
	CHECK(catalog_load_builtin(&cat, err) == 0);
	CHECK(connect_tryton("https://erp.example", public_json, NULL, id, err) == 0);
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
	/* a data folder others can read is closed again when onramp opens it */
	snprintf(dir, sizeof(dir), "%s/data/onramp", iso_dir);
	chmod(dir, 0755);
	CHECK(lifecycle_list(&l, &err) == 0);
	CHECK(iso_mode(dir) == 0700);
	conn_list_free(&l);
	if (getuid() == 0) { /* only root can give a folder away */
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

/* The yes to plain http is for one scheme://host:port: the address is
 * normalised (host case, the default port written out), loopback needs
 * none, and any other host, port or scheme is refused without it. */
static void test_plain_http_origin(void)
{
	char o[320];
	CHECK(http_origin("http://ERP.Example.com/api?x=1", o, sizeof(o)));
	CHECK_STR(o, "http://erp.example.com:80");
	CHECK(http_origin("http://erp.example.com:8069", o, sizeof(o)));
	CHECK_STR(o, "http://erp.example.com:8069");
	CHECK(http_origin("http://[fd00::2]:81/x", o, sizeof(o)));
	CHECK_STR(o, "http://[fd00::2]:81");
	CHECK(!http_origin("not an address", o, sizeof(o)) && !o[0]);
	CHECK(!http_plain_refused("https://erp.example.com", NULL));
	CHECK(!http_plain_refused("http://127.0.0.1:9/x", NULL));
	CHECK(!http_plain_refused("http://localhost:9/x", NULL));
	CHECK(!http_plain_refused("http://[::1]:9/x", NULL));
	CHECK(http_plain_refused("http://erp.example.com/x", NULL));
	CHECK(!http_plain_refused("http://ERP.example.com/jsonrpc", "http://erp.example.com:80"));
	CHECK(http_plain_refused("http://erp.example.com:8080/x", "http://erp.example.com:80"));
	CHECK(http_plain_refused("http://erp2.example.com/x", "http://erp.example.com:80"));
	CHECK(http_plain_refused("http://0.0.0.0:9/x", "http://erp.example.com:80"));
}

/* Kept with the connection: connect stores it with its date, a re-check
 * that used a yes for a new address replaces it, and the same one keeps
 * its first date. */
static void test_plain_http_kept(void)
{
	static const char pw[] = "{\"password\":\"pw\"}";
	struct onr_error err;
	struct conn c;
	char id[16];
	iso_begin("plain_http");
	CHECK(connect_tryton("http://erp.example.com", NULL, "http://erp.example.com:80", id, &err) == 0);
	CHECK(lifecycle_get(id, &c, &err) == 0);
	CHECK_STR(c.plain_http, "http://erp.example.com:80");
	CHECK(c.plain_http_at >= c.created && c.plain_http_at > 0);
	time_t first = c.plain_http_at;
	conn_free(&c);
	sleep(1);
	CHECK(lifecycle_reseal(id, (const unsigned char *)pw, sizeof(pw) - 1, "http://erp.example.com:80", &err) == 0);
	CHECK(lifecycle_get(id, &c, &err) == 0);
	CHECK(c.plain_http_at == first); /* the same yes: its first date */
	conn_free(&c);
	CHECK(lifecycle_reseal(id, (const unsigned char *)pw, sizeof(pw) - 1, "http://erp.example.com:8080", &err) == 0);
	CHECK(lifecycle_get(id, &c, &err) == 0);
	CHECK_STR(c.plain_http, "http://erp.example.com:8080");
	CHECK(c.plain_http_at > first);
	conn_free(&c);
	CHECK(connect_tryton("http://erp.example.com", NULL, NULL, id, &err) == 0);
	CHECK(lifecycle_get(id, &c, &err) == 0);
	CHECK_STR(c.plain_http, "");
	CHECK(c.plain_http_at == 0);
	conn_free(&c);
	iso_end();
}

T_SUITE(harden) = {
	{"plain_http_origin", test_plain_http_origin},
	{"plain_http_kept", test_plain_http_kept},
	{"key_and_folder_owner", test_key_and_folder_owner},
	{"stored_unsafe", test_stored_unsafe},
	{0},
};
