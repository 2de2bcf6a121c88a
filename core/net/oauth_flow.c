#include "oauth_flow.h"
#include "i18n.h"
#include "auth/auth.h"
#include "oauth_listen.h"
#include "util.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* base64url without padding of n random bytes: the state and the PKCE
 * verifier (RFC 7636 4.1 asks for 43 to 128 such characters). */
static void random_b64url(char *out, size_t outlen, size_t n)
{
	unsigned char raw[48];
	randombytes_buf(raw, n);
	sodium_bin2base64(out, outlen, raw, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void oauth_pkce_challenge(const char *verifier, char *out, size_t outlen)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
	sodium_bin2base64(out, outlen, h, sizeof(h), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static void add_param(struct secbuf *u, const char *name, const char *value)
{
	secbuf_adds(u, strchr(u->p, '?') ? "&" : "?");
	secbuf_adds(u, name);
	secbuf_adds(u, "=");
	auth_add_escaped(u, value);
}

static int render(const char *tpl, const char *fallback, const struct form *form, bool url_mode, struct secbuf *out,
		  struct onr_error *err)
{
	struct auth_ctx ctx = {.sys = form->sys, .form = form};
	return auth_render_or(&ctx, tpl, fallback, url_mode, out, err);
}

/* The sign-in address: authorize_url plus the RFC 6749 4.1.1 parameters,
 * PKCE, and any extra ones the catalog names (e.g. access_type=offline,
 * which Google needs before it hands out a refresh token). */
static int build_auth_url(struct oauth_flow *f, const struct system *sys, const struct form *form,
			  struct onr_error *err)
{
	const struct auth_spec *a = &sys->auth;
	struct secbuf u, v;
	char challenge[64];
	int rc = -1;
	secbuf_init(&u, 8192);
	secbuf_init(&v, 2048);
	if (render(a->authorize_url, "", form, true, &u, err) < 0 || render(a->client_id, "{client_id}", form, false, &v, err) < 0)
		goto out;
	add_param(&u, "response_type", "code");
	add_param(&u, "client_id", v.p);
	add_param(&u, "redirect_uri", f->grant.redirect_uri);
	secbuf_clear(&v);
	if (a->scope[0] && render(a->scope, "", form, false, &v, err) == 0 && v.len)
		add_param(&u, "scope", v.p);
	add_param(&u, "state", f->state);
	oauth_pkce_challenge(f->grant.verifier.p, challenge, sizeof(challenge));
	add_param(&u, "code_challenge", challenge);
	add_param(&u, "code_challenge_method", "S256");
	secbuf_clear(&v);
	if (a->authorize_params[0] && render(a->authorize_params, "", form, false, &v, err) == 0 && v.len) {
		secbuf_adds(&u, "&");
		secbuf_adds(&u, v.p);
	}
	if (u.overflow || !u.p[0]) {
		auth_fail(err, "address.template", "the sign-in address is empty or too long");
		goto out;
	}
	f->auth_url = xstrdup(u.p);
	rc = 0;
out:
	secbuf_free(&u);
	secbuf_free(&v);
	return rc;
}

bool oauth_needs_browser(const struct form *form)
{
	const char *refresh = form_value(form, "refresh_token");
	return !strcmp(form->sys->auth.method, "oauth2_code") && !(refresh && refresh[0]);
}

int oauth_flow_begin(struct oauth_flow *f, const struct system *sys, const struct form *form, struct loop *l,
		     void (*on_answer)(void *arg), void *arg, struct onr_error *err)
{
	const char *redirect = form_value(form, "redirect_uri");
	memset(f, 0, sizeof(*f));
	f->on_answer = on_answer;
	f->arg = arg;
	secbuf_init(&f->grant.code, 2048);
	secbuf_init(&f->grant.verifier, 64);
	random_b64url(f->grant.verifier.p, f->grant.verifier.cap, 32);
	f->grant.verifier.len = strlen(f->grant.verifier.p);
	random_b64url(f->state, sizeof(f->state), 16);
	str_copy(f->grant.redirect_uri, sizeof(f->grant.redirect_uri),
		 redirect && redirect[0] ? redirect : OAUTH_DEFAULT_REDIRECT);
	if (build_auth_url(f, sys, form, err) < 0) {
		oauth_flow_end(f);
		return -1;
	}
	f->listener = oauth_listen_start(l, f, f->listen_note, sizeof(f->listen_note));
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decodes a query value ('+' is a space there). Not
 * curl_easy_unescape: its result is ordinary heap memory, and the value
 * here is the sign-in code, which stays in secure memory. */
static void pct_decode(const char *s, size_t n, struct secbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		secbuf_add(out, &c, 1);
	}
}

/* Finds name in a query string and decodes its value into out. */
static bool query_get(const char *q, size_t len, const char *name, struct secbuf *out)
{
	size_t nlen = strlen(name);
	const char *end = q + len;
	for (const char *p = q; p < end;) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		if ((size_t)(stop - p) > nlen && !memcmp(p, name, nlen) && p[nlen] == '=') {
			secbuf_clear(out);
			pct_decode(p + nlen + 1, (size_t)(stop - p) - nlen - 1, out);
			return true;
		}
		p = stop + 1;
	}
	return false;
}

/* An error answer (RFC 6749 4.1.2.1) in plain words. */
static void answer_error(struct oauth_flow *f, const char *error, const char *desc)
{
	char e[64], d[160];
	str_clean(e, sizeof(e), error, strlen(error));
	str_clean(d, sizeof(d), desc, strlen(desc));
	if (!strcmp(error, "access_denied"))
		str_fmt(f->problem, sizeof(f->problem),
			_("Access was not allowed in the browser. Open the address again and choose Allow (or Accept)."));
	else
		str_fmt(f->problem, sizeof(f->problem), _("The sign-in service answered \"%s\"%s%s. Check the app's settings, then open the address again."),
			e, d[0] ? ": " : "", d);
}

bool oauth_flow_state_ok(const struct oauth_flow *f, const char *query, size_t len)
{
	struct secbuf st;
	secbuf_init(&st, 512);
	bool ok = query_get(query, len, "state", &st) && !st.overflow && !strcmp(st.p, f->state);
	secbuf_free(&st);
	return ok;
}

bool oauth_flow_answer(struct oauth_flow *f, const char *query, size_t len)
{
	struct secbuf v, d;
	bool ok = false;
	secbuf_init(&v, 2048);
	secbuf_init(&d, 512);
	f->problem[0] = 0;
	if (!oauth_flow_state_ok(f, query, len)) {
		/* the state ties every answer, errors too, to this attempt
		 * (RFC 6749 10.12): without it any page could word the screen */
		str_copy(f->problem, sizeof(f->problem),
			 _("This answer belongs to another sign-in attempt. Open the address shown here again."));
	} else if (query_get(query, len, "error", &v)) {
		query_get(query, len, "error_description", &d);
		answer_error(f, v.p, d.p);
	} else if (!query_get(query, len, "code", &v) || !v.len) {
		str_copy(f->problem, sizeof(f->problem),
			 _("This address has no sign-in code in it. After signing in, copy the whole address from the browser's address bar."));
	} else if (v.overflow) {
		str_copy(f->problem, sizeof(f->problem), _("The sign-in code is too long to be real. Copy the address again."));
	} else {
		secbuf_clear(&f->grant.code);
		secbuf_adds(&f->grant.code, v.p);
		f->have_code = true;
		ok = true;
	}
	secbuf_free(&v);
	secbuf_free(&d);
	return ok;
}

/* Some sign-in services show the code on a page instead of redirecting;
 * the PKCE verifier still ties it to this attempt. */
static bool take_bare_code(struct oauth_flow *f, const char *text, size_t len)
{
	/* an address without its query, or a word too short to be a code */
	bool junk = memmem(text, len, "://", 3) != NULL || len < 10;
	for (size_t i = 0; i < len && !junk; i++)
		junk = (unsigned char)text[i] <= ' ';
	if (junk) {
		str_copy(f->problem, sizeof(f->problem),
			 _("This address has no sign-in code in it. After signing in, copy the whole address from the browser's address bar."));
		return false;
	}
	secbuf_clear(&f->grant.code);
	secbuf_add(&f->grant.code, text, len);
	f->problem[0] = 0;
	f->have_code = !f->grant.code.overflow;
	return f->have_code;
}

bool oauth_flow_paste(struct oauth_flow *f, const char *text, size_t len)
{
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	while (len && *text == ' ')
		text++, len--;
	const char *q = memchr(text, '?', len);
	const char *hash;
	if (q) {
		len -= (size_t)(q + 1 - text);
		text = q + 1;
	}
	if ((hash = memchr(text, '#', len)))
		len = (size_t)(hash - text);
	if (!len) {
		str_copy(f->problem, sizeof(f->problem), _("Paste the address the browser ended on after you signed in."));
		return false;
	}
	if (!q && !memchr(text, '=', len))
		return take_bare_code(f, text, len);
	return oauth_flow_answer(f, text, len);
}

void oauth_flow_stop_listening(struct oauth_flow *f)
{
	oauth_listen_stop(f->listener);
	f->listener = NULL;
}

void oauth_flow_end(struct oauth_flow *f)
{
	oauth_flow_stop_listening(f);
	if (f->grant.code.p)
		secbuf_free(&f->grant.code);
	if (f->grant.verifier.p)
		secbuf_free(&f->grant.verifier);
	free(f->auth_url);
	f->auth_url = NULL;
	sodium_memzero(f->state, sizeof(f->state));
	f->have_code = false;
}
