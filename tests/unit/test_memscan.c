/* Unit test: after a sign-in with a password, no copy of it is left in
 * this process's memory: onramp's own buffers are wiped, and libcurl
 * allocates through wiping functions (curl_global_init_mem, issue 12).
 * The scan reads every private writable mapping (heap, anonymous, stack)
 * for the password and for the base64 of user:password. The needles are
 * kept masked, so the scanner holds no copy of its own. */
#include "t.h"
#include "catalog.h"
#include "form.h"
#include "probe_run.h"
#include "util.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#define MASK 0x5a

static const char systems[] =
	"{\"version\":1,\"systems\":["
	"{\"id\":\"raw\",\"name\":\"Raw\",\"auth\":{\"method\":\"basic\",\"user\":\"{username}\",\"password\":\"{password}\"},"
	" \"fields\":[{\"key\":\"url\",\"kind\":\"url\"},{\"key\":\"username\"},{\"key\":\"password\",\"secret\":true}],"
	" \"probe\":{\"url\":\"{url}\"}}]}";

/* Occurrences of the masked needle m (n bytes) in [p, end). */
__attribute__((no_sanitize("address", "undefined"))) static int count_in(const volatile uint8_t *p,
									  const volatile uint8_t *end,
									  const uint8_t *m, size_t n)
{
	int found = 0;
	for (; p + n <= end; p++) {
		if (p[0] != (uint8_t)(m[0] ^ MASK))
			continue;
		size_t i = 1;
		while (i < n && p[i] == (uint8_t)(m[i] ^ MASK))
			i++;
		found += i == n;
	}
	return found;
}

static int scan(const uint8_t *m, size_t n)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long a, b;
		char perms[8], path[256] = "";
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255[^\n]", &a, &b, perms, path) < 3)
			continue;
		/* private writable memory, no file behind it; ASan's shadow and
		 * reserved spaces are far larger and never hold data */
		if (strcmp(perms, "rw-p") || (path[0] && path[0] != '[') || !strcmp(path, "[vvar]") ||
		    b - a > (64ul << 20))
			continue;
		found += count_in((const uint8_t *)a, (const uint8_t *)b, m, n);
	}
	fclose(f);
	return found;
}

static void masked(uint8_t *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(s[i] ^ MASK);
}

/* Signs in to url with a fresh random password; counts what is left of
 * it (the password, base64 of user:password) once everything is freed. */
static void signin_leftovers(const char *url, const struct probe_opts *o, int *a, int *b)
{
	struct catalog cat = {0};
	struct onr_error err;
	char pw[32];
	uint8_t mpw[32], mb64[64];
	/* the password, made here so that no literal of it exists */
	randombytes_buf(pw, 12);
	for (int i = 0; i < 12; i++)
		pw[i] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"[(uint8_t)pw[i] % 57];
	pw[12] = 0;
	masked(mpw, pw, 12);
	char up[64], b64[64];
	snprintf(up, sizeof(up), "memscan:%s", pw);
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)up, strlen(up), sodium_base64_VARIANT_ORIGINAL);
	size_t blen = strlen(b64) - 4; /* the end may carry padding */
	masked(mb64, b64, blen);
	sodium_memzero(up, sizeof(up));
	sodium_memzero(b64, sizeof(b64));

	CHECK(catalog_add_json(&cat, systems, strlen(systems), "test", &err) == 0);
	struct form *f = form_new(catalog_find(&cat, "raw"));
	form_set(f, "url", url);
	form_set(f, "username", "memscan");
	form_set(f, "password", pw);
	sodium_memzero(pw, sizeof(pw));
	struct result r = probe_run(f, o, false);
	CHECK(r.st[STAGE_HTTP] == STAGE_OK); /* the request went out with the password */
	form_free(f);
	catalog_free(&cat);
	*a = scan(mpw, 12);
	*b = scan(mb64, blen);
}

static void test_no_copies_after_signin(void)
{
	char url[160], ca[256];
	int a, b;
	const char *path = "/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/$metadata";
	snprintf(url, sizeof(url), "http://127.0.0.1:%s%s", getenv("ONRAMP_T_HTTP") ? getenv("ONRAMP_T_HTTP") : "1", path);
	signin_leftovers(url, NULL, &a, &b);
	printf("# plain http: %d copies of the password, %d of base64(user:password) left\n", a, b);
	CHECK(a == 0);
	CHECK(b == 0);
	/* over TLS, OpenSSL's own buffers are not ours to wipe: measured and
	 * reported (README, "Secrets"), not required */
	struct probe_opts o = {0};
	snprintf(ca, sizeof(ca), "%s/ca.pem", getenv("ONRAMP_T_CERTS") ? getenv("ONRAMP_T_CERTS") : ".");
	o.cafile = ca;
	snprintf(url, sizeof(url), "https://localhost:%s%s", getenv("ONRAMP_T_TLS_GOOD") ? getenv("ONRAMP_T_TLS_GOOD") : "1", path);
	signin_leftovers(url, &o, &a, &b);
	printf("# https: %d copies of the password, %d of base64(user:password) left\n", a, b);
}

T_SUITE_SERVERS(memscan) = {
	{"no_copies_after_signin", test_no_copies_after_signin},
	{0},
};
