/* auth.h: one module per auth method. A module builds the requests of its
 * sign-in, step by step, and judges each answer. The probe (probe.c) runs
 * the steps and turns the network side into stages. */
#ifndef ONRAMP_AUTH_H
#define ONRAMP_AUTH_H
#include "catalog.h"
#include "error.h"
#include "form.h"
#include "http.h"

struct oauth_grant;

struct auth_ctx {
	const struct system *sys;
	const struct form *form;
	int step;             /* 0 for the first request */
	struct secbuf token;  /* an access token or session from an earlier step */
	struct secbuf refresh; /* an OAuth2 refresh token the token service gave */
	const struct oauth_grant *grant; /* the browser's code (oauth2_code), or NULL */
	char identity[128];   /* who signed in, as the server says */
};

enum auth_verdict { AUTH_NEXT, AUTH_OK, AUTH_FAIL };

struct auth_method {
	const char *name;
	/* Fills req for ctx->step; -1 with err set when it cannot. */
	int (*build)(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err);
	/* Judges the answer to ctx->step. */
	enum auth_verdict (*judge)(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err);
};

/* The module for an implemented method (auth/methods.h), or NULL. */
const struct auth_method *auth_find(const char *name);

/* Whether a catalog-declared body or form member name is a plain word
 * (letters, digits, _): one that is not is refused, never escaped. */
bool auth_member_name_ok(const char *name);
/* base64(HMAC-SHA256(key, msg)) into out (at least 45 bytes); the MAC
 * state is wiped. NetSuite's and hmac_query's signatures. */
void auth_hmac_sha256_b64(const void *key, size_t keylen, const void *msg, size_t msglen, char *out, size_t size);
/* Shared by the modules (auth_common.c). */
int auth_render(struct auth_ctx *ctx, const char *tpl, bool url_mode, struct secbuf *out, struct onr_error *err);
/* Adds the header "name: <prefix><rendered tpl>"; the value may be a
 * secret, so it is built in secure memory. */
int auth_add_header(struct auth_ctx *ctx, struct http_req *req, const char *name, const char *prefix,
		    const char *tpl, struct onr_error *err);
/* Adds each of the catalog's n headers (name -> template) with
 * auth_add_header. */
int auth_add_headers(struct auth_ctx *ctx, struct http_req *req, const struct str_pair *h, size_t n,
		     struct onr_error *err);
/* The catalog probe's URL, method and extra headers. */
int auth_probe_request(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err);
/* The same without the URL: method, the catalog's extra headers, Accept. */
int auth_probe_headers(struct auth_ctx *ctx, struct http_req *req, struct onr_error *err);
/* Judges an answer to the probe request: 2xx is a verified sign-in;
 * anything else goes through the error table. */
enum auth_verdict auth_judge_probe(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err);
/* Fills err from the error table row for code; detail is optional. */
enum auth_verdict auth_fail(struct onr_error *err, const char *code, const char *detail);
/* Failure from an HTTP status via the table, with system hints added. */
enum auth_verdict auth_fail_http(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err);
/* Parses a JSON answer; on failure says whether it was HTML or junk. */
struct cJSON *auth_parse_json(const struct http_resp *resp, struct onr_error *err);
/* The node at a dotted path ("value.0.name"), or NULL. */
const struct cJSON *auth_json_node(const struct cJSON *root, const char *path);
/* Looks up a dotted path ("value.0.name") and copies a string/number. */
bool auth_json_path(const struct cJSON *root, const char *path, char *out, size_t size);
/* Like auth_fail, then adds the catalog's hint for that code, if any. */
/* The server answered, but not as ctx->sys does ("This server does not
 * look like Tryton."): never reported as a wrong password. */
enum auth_verdict auth_fail_not_system(struct auth_ctx *ctx, struct onr_error *err, const char *detail);
enum auth_verdict auth_fail_sys(struct auth_ctx *ctx, struct onr_error *err, const char *code, const char *detail);
/* The answer shows a plain web server or another application's web page,
 * not ctx->sys (foreign.c); auth_fail_foreign says so, with the page's
 * title and the server's name, as server.not_this_system. */
bool auth_answer_foreign(const struct auth_ctx *ctx, const struct http_resp *resp);
enum auth_verdict auth_fail_foreign(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err);
/* Appends v percent-encoded per RFC 3986 (all but A-Z a-z 0-9 - . _ ~). */
void auth_add_escaped(struct secbuf *out, const char *v);
/* The same for n bytes, leaving '/' as it is when keep_slash (a path). */
void auth_add_escaped_n(struct secbuf *out, const char *v, size_t n, bool keep_slash);
/* Appends "&name=<escaped rendered template>" to a form body. */
int auth_form_param(struct auth_ctx *ctx, struct secbuf *body, const char *name, const char *tpl, struct onr_error *err);
/* Renders tpl, or fallback when the catalog left tpl empty. */
int auth_render_or(struct auth_ctx *ctx, const char *tpl, const char *fallback, bool url_mode, struct secbuf *out,
		   struct onr_error *err);
/* Appends "name":"<JSON-escaped rendered template>" to a JSON object body
 * that was opened with "{" (a comma first when a member is already in). */
int auth_json_member(struct auth_ctx *ctx, struct secbuf *body, const char *name, const char *tpl, const char *fallback,
		     struct onr_error *err);

/* The module of each implemented method in methods.h: auth_<name>. */
#define AUTH_METHOD(name, reach, keys, description) extern const struct auth_method auth_##name;
#define AUTH_UNAVAILABLE(name, description)
#include "auth/methods.h"
#undef AUTH_METHOD
#undef AUTH_UNAVAILABLE
#endif
