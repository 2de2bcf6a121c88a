/* libFuzzer target: every auth module's answer parser (judge), fed what a
 * hostile server could send: Tryton and Odoo JSON-RPC, OAuth token answers
 * and AADSTS bodies, SAP, B1, NetSuite, AWS, UpKeep, and the plain
 * methods. Input: byte 0 picks the method (methods.h order), bytes 1-3 the
 * HTTP status of each step, then up to three answers separated by 0xff;
 * an answer's first line is also given as every header the modules read
 * (Set-Cookie, WWW-Authenticate, Location, the captured one). Each step
 * builds its request first, as the probe does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "catalog.h"
#include "curl_dl.h"
#include "form.h"
#include "oauth_flow.h"
#include "util.h"
#include <sodium.h>

static const char *const methods[] = {
#define AUTH_METHOD(name, reach, keys, description) #name,
#define AUTH_UNAVAILABLE(name, description)
#include "methods.h"
#undef AUTH_METHOD
#undef AUTH_UNAVAILABLE
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))
static const long statuses[] = {200, 201, 204, 302, 400, 401, 403, 404, 429, 500, 503, 0};

static struct catalog cat;
static const struct system *sys_of[NMETHODS];
static struct form *form_of[NMETHODS];

static void init(void)
{
	struct onr_error err;
	if (sodium_init() < 0 || curl_dl_load(&err) != 0 || catalog_load_builtin(&cat, &err) != 0)
		abort();
	for (size_t m = 0; m < NMETHODS; m++) {
		for (size_t i = 0; i < cat.n && !sys_of[m]; i++)
			if (cat.systems[i].auth.method && !strcmp(cat.systems[i].auth.method, methods[m]))
				sys_of[m] = &cat.systems[i];
		if (!sys_of[m])
			continue;
		struct form *f = form_new(sys_of[m]);
		for (size_t k = 0; k < f->n; k++)
			form_set(f, f->f[k].def->key,
				 f->f[k].def->kind == FIELD_URL ? "https://erp.example.com" : "fuzz-value");
		form_of[m] = f;
	}
}

static void header(char *dst, size_t size, const char *line, size_t len)
{
	str_copy(dst, size, "");
	if (len >= size)
		len = size - 1;
	memcpy(dst, line, len);
	dst[len] = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready++)
		init();
	if (size < 4)
		return 0;
	size_t m = data[0] % NMETHODS;
	const struct auth_method *am = auth_find(methods[m]);
	if (!am || !form_of[m])
		return 0;
	struct auth_ctx ctx = {.sys = sys_of[m], .form = form_of[m]};
	struct oauth_grant grant;
	secbuf_init(&ctx.token, 8192);
	secbuf_init(&ctx.refresh, 4096);
	secbuf_init(&grant.code, 2048);
	secbuf_init(&grant.verifier, 256);
	secbuf_adds(&grant.code, "fuzz-code");
	secbuf_adds(&grant.verifier, "fuzz-verifier-0123456789012345678901234567890123");
	str_copy(grant.redirect_uri, sizeof(grant.redirect_uri), "http://127.0.0.1:9/cb");
	ctx.grant = &grant;
	const uint8_t *p = data + 4, *end = data + size;
	for (int step = 0; step < 3; step++) {
		struct http_req req;
		struct http_resp resp;
		struct onr_error err;
		const uint8_t *sep = memchr(p, 0xff, (size_t)(end - p));
		const uint8_t *stop = sep ? sep : end;
		ctx.step = step;
		http_req_init(&req);
		int built = am->build(&ctx, &req, &err);
		memset(&resp, 0, sizeof(resp));
		buf_init(&resp.body);
		if (built == 0) {
			const uint8_t *nl = memchr(p, '\n', (size_t)(stop - p));
			size_t hl = nl ? (size_t)(nl - p) : (size_t)(stop - p);
			resp.status = statuses[data[1 + step] % (sizeof(statuses) / sizeof(statuses[0]))];
			buf_add(&resp.body, (const char *)p, (size_t)(stop - p));
			header(resp.www_auth, sizeof(resp.www_auth), (const char *)p, hl);
			header(resp.set_cookie, sizeof(resp.set_cookie), (const char *)p, hl);
			header(resp.location, sizeof(resp.location), (const char *)p, hl);
			header(resp.captured, sizeof(resp.captured), (const char *)p, hl);
			header(resp.retry_after, sizeof(resp.retry_after), (const char *)p, hl);
			str_copy(resp.content_type, sizeof(resp.content_type),
				 data[1 + step] & 0x80 ? "text/html" : "application/json");
			resp.capture = req.capture;
		}
		enum auth_verdict v = built == 0 ? am->judge(&ctx, &resp, &err) : AUTH_FAIL;
		http_resp_free(&resp);
		http_req_free(&req);
		if (v != AUTH_NEXT || !sep)
			break;
		p = sep + 1;
	}
	secbuf_free(&ctx.token);
	secbuf_free(&ctx.refresh);
	secbuf_free(&grant.code);
	secbuf_free(&grant.verifier);
	return 0;
}
