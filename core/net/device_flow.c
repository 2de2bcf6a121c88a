/* device_flow.c: the device authorization grant (device_flow.h). */
#include "device_flow.h"
#include "i18n.h"
#include "auth/auth.h"
#include "util.h"
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define GRANT "urn:ietf:params:oauth:grant-type:device_code"

bool device_flow_supported(const struct system *sys)
{
	return sys && sys->auth.device_url && sys->auth.device_url[0] && !strcmp(sys->auth.method, "oauth2_code");
}

static int render(struct device_flow *f, const char *tpl, const char *fallback, bool url_mode, struct secbuf *out,
		  struct onr_error *err)
{
	struct auth_ctx ctx = {.sys = f->sys, .form = f->form};
	return auth_render_or(&ctx, tpl, fallback, url_mode, out, err);
}

static void param(struct secbuf *b, const char *name, const char *value)
{
	if (b->len)
		secbuf_adds(b, "&");
	secbuf_adds(b, name);
	secbuf_adds(b, "=");
	auth_add_escaped(b, value);
}

static void device_fail(struct device_flow *f, const char *code, const char *msg, const char *hint, const char *tech)
{
	f->state = DEVICE_FAILED;
	error_set(&f->err, EXIT_AUTH, "auth", code, msg, hint, NULL);
	str_clean(f->err.tech, sizeof(f->err.tech), tech ? tech : "", tech ? strlen(tech) : 0);
	f->on_change(f->arg);
}

/* client_id (and the client secret, when there is one: Google wants it
 * for polling) into the body. */
static int client(struct device_flow *f, struct secbuf *body, struct onr_error *err)
{
	const struct auth_spec *a = &f->sys->auth;
	const char *given = form_value(f->form, "client_secret");
	struct secbuf v;
	int rc;
	secbuf_init(&v, 2048);
	rc = render(f, a->client_id, "{client_id}", false, &v, err);
	if (rc == 0)
		param(body, "client_id", v.p);
	secbuf_clear(&v);
	if (rc == 0 && given && given[0] && (rc = render(f, "{client_secret}", "", false, &v, err)) == 0)
		param(body, "client_secret", v.p);
	secbuf_free(&v);
	return rc;
}

static void answered(void *arg);

static int post(struct device_flow *f, const char *url_tpl, bool poll, struct onr_error *err)
{
	struct http_req *req = &f->call.req;
	int rc;
	http_call_begin(&f->call);
	req->method = "POST";
	rc = render(f, url_tpl, "", true, &req->url, err);
	if (rc == 0 && poll) {
		param(&req->body, "grant_type", GRANT);
		param(&req->body, "device_code", f->device_code);
	} else if (rc == 0 && f->sys->auth.scope[0]) {
		struct secbuf v;
		secbuf_init(&v, 2048);
		if ((rc = render(f, f->sys->auth.scope, "", false, &v, err)) == 0 && v.len)
			param(&req->body, "scope", v.p);
		secbuf_free(&v);
	}
	if (rc == 0)
		rc = client(f, &req->body, err);
	http_req_header(req, "Content-Type", "application/x-www-form-urlencoded");
	http_req_header(req, "Accept", "application/json");
	if (rc != 0) {
		http_req_free(req);
	} else if (http_call_send(&f->call, answered, f) != 0) {
		error_set(err, EXIT_AUTH, "auth", "auth.device.failed", _("Could not start the sign-in request."),
			  _("Start over (R)."), NULL);
		rc = -1;
	}
	return rc;
}

static void poll_now(void *arg)
{
	struct device_flow *f = arg;
	struct onr_error err;
	f->call.timer = 0;
	if (now_ms() >= f->expires_at) {
		device_fail(f, "auth.device.expired",
			    _("The sign-in code ran out before the sign-in on the phone finished."),
			    _("Start over (R) for a new code, and finish the sign-in on the phone within the time shown."),
			    "expires_in passed");
		return;
	}
	f->polls++;
	if (post(f, f->sys->auth.token_url, true, &err) != 0)
		device_fail(f, err.code, err.message, err.hint, err.tech);
}

static void wait_poll(struct device_flow *f)
{
	http_call_after(&f->call, (long)(f->interval_s * 1000 * f->scale), poll_now, f);
}

static const char *str_item(cJSON *j, const char *name)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Step 1's answer: the code to show. */
static void take_codes(struct device_flow *f, cJSON *j)
{
	const char *dc = str_item(j, "device_code"), *uc = str_item(j, "user_code");
	const char *uri = str_item(j, "verification_uri"), *complete = str_item(j, "verification_uri_complete");
	cJSON *exp = cJSON_GetObjectItemCaseSensitive(j, "expires_in"),
	      *iv = cJSON_GetObjectItemCaseSensitive(j, "interval");
	if (!uri)
		uri = str_item(j, "verification_url"); /* Google, Zoho */
	if (!dc || !uc || !uri || strlen(dc) >= sizeof(f->device_code) || !str_starts(uri, "http")) {
		device_fail(f, "auth.device.failed", _("The provider's answer to the sign-in request is not usable."),
			    _("Check the client ID, and that the app allows signing in on another device."),
			    "no device_code, user_code or verification_uri");
		return;
	}
	str_copy(f->device_code, sizeof(f->device_code), dc);
	str_clean(f->user_code, sizeof(f->user_code), uc, strlen(uc));
	str_clean(f->verification_uri, sizeof(f->verification_uri), uri, strlen(uri));
	if (complete && str_starts(complete, "http"))
		str_clean(f->verification_uri_complete, sizeof(f->verification_uri_complete), complete,
			  strlen(complete));
	f->interval_s = cJSON_IsNumber(iv) && iv->valueint > 0 && iv->valueint < 600 ? iv->valueint : 5;
	f->expires_at = now_ms() +
			(long long)((cJSON_IsNumber(exp) && exp->valueint > 0 ? exp->valueint : 600) * 1000 * f->scale);
	f->state = DEVICE_WAITING;
	f->on_change(f->arg);
	wait_poll(f);
}

/* The provider's error text, for the quieter line. */
static void error_words(cJSON *j, const char *error, char *out, size_t size)
{
	const char *d = str_item(j, "error_description");
	str_fmt(out, size, "%s%s%.180s", error, d ? ": " : "", d ? d : "");
}

/* Step 2's answer: wait, slow down, tokens, or a failure. */
static void take_poll(struct device_flow *f, cJSON *j, long status)
{
	const char *error = str_item(j, "error"), *rt = str_item(j, "refresh_token");
	char tech[240];
	if (!error && status == 200 && str_item(j, "access_token")) {
		if (!rt || form_set(f->form, "refresh_token", rt) < 0) {
			device_fail(f, "auth.device.no_refresh",
				    _("The provider signed you in but gave no refresh token, so the "
				    "connection could not be kept."),
				    _("Ask the app's administrator to allow offline access "
				    "(the scope offline_access)."),
				    "no refresh_token in the token answer");
			return;
		}
		f->state = DEVICE_DONE;
		f->on_change(f->arg);
		return;
	}
	if (error && !strcmp(error, "authorization_pending")) {
		wait_poll(f);
	} else if (error && !strcmp(error, "slow_down")) {
		f->interval_s += 5;
		f->slowed = true;
		f->on_change(f->arg);
		wait_poll(f);
	} else if (error && (!strcmp(error, "expired_token") || !strcmp(error, "expired"))) {
		error_words(j, error, tech, sizeof(tech));
		device_fail(f, "auth.device.expired",
			    _("The sign-in code ran out before the sign-in on the phone finished."),
			    _("Start over (R) for a new code, and finish the sign-in on the phone within the time shown."),
			    tech);
	} else if (error && (!strcmp(error, "access_denied") || !strcmp(error, "authorization_declined"))) {
		error_words(j, error, tech, sizeof(tech));
		device_fail(f, "auth.device.denied", _("The sign-in was declined on the phone."),
			    _("If that was a mistake, start over (R) and choose Allow or Accept on the phone."), tech);
	} else {
		if (error)
			error_words(j, error, tech, sizeof(tech));
		else
			str_fmt(tech, sizeof(tech), "HTTP %ld without an OAuth error", status);
		device_fail(
			f, "auth.device.failed", _("The provider refused the sign-in on another device."),
			_("The app may not allow it (\"Allow public client flows\" at Microsoft; \"TVs and Limited Input "
			"devices\" at Google), or a company policy blocks it. Start over (R), or ask the app's "
			"administrator."),
			tech);
	}
}

static void answered(void *arg)
{
	struct device_flow *f = arg;
	const struct http_resp *r = &f->call.resp;
	cJSON *j = cJSON_ParseWithLength(r->body.data ? r->body.data : "", r->body.len);
	bool asking = f->state == DEVICE_ASKING;
	long status = r->status;
	CURLcode code = r->code;
	char tech[240];
	str_fmt(tech, sizeof(tech), "curl %d: %s", (int)code, r->errbuf);
	http_call_done(&f->call); /* wipes the answer: it may hold tokens */
	if (code != CURLE_OK)
		device_fail(f, "auth.device.failed", _("Could not reach the provider's sign-in service."),
			    _("Check this machine's network, then start over (R)."), tech);
	else if (!cJSON_IsObject(j))
		device_fail(f, "auth.device.failed", _("The provider's sign-in service did not answer in JSON."),
			    _("Check the address in the catalog entry, then start over (R)."), "not a JSON object");
	else if (asking && status != 200)
		take_poll(f, j, status); /* its error words: invalid_client and the like */
	else if (asking)
		take_codes(f, j);
	else
		take_poll(f, j, status);
	/* the tree may hold the tokens: wipe its strings */
	cJSON *it;
	cJSON_ArrayForEach (it, j)
		if (cJSON_IsString(it))
			sodium_memzero(it->valuestring, strlen(it->valuestring));
	cJSON_Delete(j);
}

int device_flow_begin(struct device_flow *f, const struct system *sys, struct form *form, struct loop *l,
		      void (*on_change)(void *arg), void *arg, struct onr_error *err)
{
	const char *v = getenv("ONRAMP_DEVICE_SCALE");
	memset(f, 0, sizeof(*f));
	f->sys = sys;
	f->form = form;
	f->on_change = on_change;
	f->arg = arg;
	f->scale = v && strtod(v, NULL) > 0 && strtod(v, NULL) <= 1 ? strtod(v, NULL) : 1.0;
	http_call_init(&f->call, l);
	f->state = DEVICE_ASKING;
	if (post(f, sys->auth.device_url, false, err) != 0) {
		device_flow_end(f);
		return -1;
	}
	return 0;
}

void device_flow_end(struct device_flow *f)
{
	http_call_end(&f->call);
	sodium_memzero(f->device_code, sizeof(f->device_code));
}

int device_flow_left_s(const struct device_flow *f)
{
	long long left = f->expires_at - now_ms();
	return left > 0 ? (int)(left / 1000 / (f->scale > 0 ? f->scale : 1)) : 0;
}
