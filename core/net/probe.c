#include "probe.h"
#include "i18n.h"
#include "oauth_flow.h"
#include "auth/auth.h"
#include "errtable.h"
#include "trace.h"
#include "typo.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TICK_MS 100
#define MAX_REDACT 20

struct probe {
	struct loop *loop;
	struct http *http;
	const struct system *sys;
	const struct form *form;
	const struct auth_method *method;
	struct auth_ctx ctx;
	struct http_req req;
	struct http_resp resp;
	struct stage st[STAGE_COUNT];
	struct onr_error err;
	struct probe_opts opts;
	bool done, ok, https, req_live, inspecting;
	struct tls_info tls;
	long long started;
	int tick;
	probe_fn on_change;
	void *arg;
	char host[256];
	char origin[320]; /* scheme://host:port, what a plain-http yes is for */
	bool plain_yes;   /* credentials go out over plain http by the user's yes */
	const char *redact[MAX_REDACT + 1];
};

static const char *const names[] = {"address", "dns", "connect", "tls", "http", "auth"};
static const char *const titles[] = {N_("Check address"), N_("Find server"), N_("Connect"), N_("Secure connection"),
				     N_("Reach the API"), N_("Sign in")};
static const char *const status_names[] = {"pending", "running", "ok", "failed", "skipped"};

const char *stage_name(enum stage_id id) { return names[id]; }
const char *stage_title(enum stage_id id) { return _(titles[id]); }
const char *stage_status_name(enum stage_status s) { return status_names[s]; }
bool probe_done(const struct probe *p) { return p->done; }
bool probe_ok(const struct probe *p) { return p->ok; }
bool probe_verified(const struct probe *p) { return p->ok && p->sys->probe.verifies_credentials; }
const struct stage *probe_stage(const struct probe *p, enum stage_id id) { return &p->st[id]; }
const struct onr_error *probe_error(const struct probe *p) { return &p->err; }
const char *probe_identity(const struct probe *p) { return p->ctx.identity; }
const char *probe_host(const struct probe *p) { return p->host; }
const char *probe_origin(const struct probe *p) { return p->origin; }
bool probe_plain_http(const struct probe *p) { return p->plain_yes; }
void probe_keep_refresh_token(const struct probe *p, struct form *form)
{
	if (p->ctx.refresh.len && form_get(form, "refresh_token"))
		form_set(form, "refresh_token", p->ctx.refresh.p);
}
const char *probe_notice(const struct probe *p) { (void)p; return ""; }
const struct tls_info *probe_tls(const struct probe *p) { return &p->tls; }

bool probe_can_pin(const struct probe *p)
{
	const char *c = p->err.code;
	return p->done && !p->ok && p->tls.have &&
	       (!strcmp(c, "tls.untrusted") || !strcmp(c, "tls.expired") || !strcmp(c, "tls.not_yet_valid"));
}

static void changed(struct probe *p)
{
	if (p->on_change)
		p->on_change(p->arg);
}

static enum stage_id running_stage(const struct probe *p)
{
	for (int i = 0; i < STAGE_COUNT; i++)
		if (p->st[i].status == STAGE_RUNNING)
			return (enum stage_id)i;
	return STAGE_COUNT;
}

static void stage_begin(struct probe *p, enum stage_id id)
{
	p->st[id].status = STAGE_RUNNING;
	p->st[id].started = now_ms();
	trace_note(p->opts.trace, "stage %s: running", names[id]);
}

static void stage_end(struct probe *p, enum stage_id id, enum stage_status s, long ms, const char *detail)
{
	if (p->st[id].status == STAGE_OK || p->st[id].status == STAGE_FAILED)
		return;
	p->st[id].status = s;
	p->st[id].ms = ms >= 0 ? ms : (long)(now_ms() - p->st[id].started);
	if (detail)
		str_clean(p->st[id].detail, sizeof(p->st[id].detail), detail, strlen(detail));
	trace_note(p->opts.trace, "stage %s: %s in %ld ms%s%s", names[id], status_names[s], p->st[id].ms,
		   p->st[id].detail[0] ? ": " : "", p->st[id].detail);
}

/* The form field to fix, from the table's "@url"/"@secret"/"@user" marks. */
static void resolve_field(struct probe *p)
{
	const struct system *s = p->sys;
	const char *want = p->err.field, *found = NULL;
	static const char *const user_keys[] = {"username", "user", "email", "login", "client_id", NULL};
	const char *own = system_error_field(s, p->err.code);
	if (own && system_field(s, own)) { /* the catalog knows better */
		str_copy(p->err.field, sizeof(p->err.field), own);
		return;
	}
	if (!want[0])
		return;
	for (size_t i = 0; i < s->nfields && !found; i++) {
		const struct field *f = &s->fields[i];
		/* the browser's redirect address is never where a request goes */
		bool server_url = f->kind == FIELD_URL && strcmp(f->key, "redirect_uri") != 0;
		if ((!strcmp(want, "@url") && server_url) || (!strcmp(want, "@secret") && f->secret) ||
		    !strcmp(want, f->key))
			found = f->key;
	}
	for (int k = 0; !found && !strcmp(want, "@user") && user_keys[k]; k++)
		if (system_field(s, user_keys[k]))
			found = user_keys[k];
	if (!found && !strcmp(want, "@url") && (!strcmp(p->err.stage, "dns") || !strcmp(p->err.stage, "connect")))
		/* a fixed vendor address: no typing mistake to look for */
		str_copy(p->err.hint, sizeof(p->err.hint),
			 _("This system's address is fixed, so it is not a typing mistake: this computer may not reach the "
			 "internet, or a firewall or proxy blocks the way. Check the network, or ask your IT team."));
	str_copy(p->err.field, sizeof(p->err.field), found);
}

static void finish(struct probe *p, bool ok)
{
	p->done = true;
	p->ok = ok;
	if (p->tick)
		loop_cancel(p->loop, p->tick);
	p->tick = 0;
	for (int i = 0; i < STAGE_COUNT; i++)
		if (p->st[i].status == STAGE_PENDING || p->st[i].status == STAGE_RUNNING)
			p->st[i].status = STAGE_SKIPPED;
	if (!ok) {
		resolve_field(p);
		trace_note(p->opts.trace, "failed: %s: %s", p->err.code, p->err.message);
	} else {
		trace_note(p->opts.trace, "ok");
	}
	changed(p);
}

static void fail_stage(struct probe *p, enum stage_id id)
{
	/* Failing at a stage means the ones before it worked, even when the
	 * exchange was too quick for a tick to see them finish. */
	for (int i = STAGE_DNS; i < (int)id; i++)
		if (p->st[i].status == STAGE_PENDING || p->st[i].status == STAGE_RUNNING) {
			if (!p->st[i].started)
				p->st[i].started = now_ms();
			stage_end(p, (enum stage_id)i, STAGE_OK, -1, NULL);
		}
	if (p->st[id].status != STAGE_RUNNING || !p->st[id].started)
		p->st[id].started = p->st[id].started ? p->st[id].started : p->started;
	p->st[id].status = STAGE_RUNNING;
	stage_end(p, id, STAGE_FAILED, -1, p->err.tech[0] ? p->err.tech : p->err.message);
	finish(p, false);
}

static enum stage_id stage_by_name(const char *name)
{
	for (int i = 0; i < STAGE_COUNT; i++)
		if (!strcmp(names[i], name))
			return (enum stage_id)i;
	return STAGE_HTTP;
}

static long since(curl_off_t a, curl_off_t b)
{
	return (long)((a - b) / 1000);
}

/* Moves the network stages on from libcurl's timers; called each tick and
 * whenever a transfer ends. */
static void update_stages(struct probe *p)
{
	CURL *e = http_easy(p->http);
	curl_off_t dns = 0, conn = 0, app = 0;
	char *ip = NULL, detail[128];
	long port = 0;

	if (!e || p->ctx.step > 0 || p->inspecting)
		return;
	curl_easy_getinfo(e, CURLINFO_NAMELOOKUP_TIME_T, &dns);
	curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &conn);
	curl_easy_getinfo(e, CURLINFO_APPCONNECT_TIME_T, &app);
	curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip);
	curl_easy_getinfo(e, CURLINFO_PRIMARY_PORT, &port);
	if (p->st[STAGE_DNS].status == STAGE_RUNNING && dns > 0) {
		stage_end(p, STAGE_DNS, STAGE_OK, since(dns, 0), ip && *ip ? ip : NULL);
		stage_begin(p, STAGE_CONNECT);
	}
	if (p->st[STAGE_CONNECT].status == STAGE_RUNNING && conn > 0) {
		str_fmt(detail, sizeof(detail), _("%s port %ld"), ip ? ip : "?", port);
		if (!p->st[STAGE_DNS].detail[0] && ip)
			str_copy(p->st[STAGE_DNS].detail, sizeof(p->st[STAGE_DNS].detail), ip);
		stage_end(p, STAGE_CONNECT, STAGE_OK, since(conn, dns), detail);
		stage_begin(p, p->https ? STAGE_TLS : STAGE_HTTP);
	}
	if (p->st[STAGE_TLS].status == STAGE_RUNNING && app > 0) {
		stage_end(p, STAGE_TLS, STAGE_OK, since(app, conn), _("certificate trusted"));
		stage_begin(p, STAGE_HTTP);
	}
}

static void on_tick(void *arg);

static void check_timeouts(struct probe *p)
{
	enum stage_id id = running_stage(p);
	long long now = now_ms();
	if (id == STAGE_COUNT)
		return;
	if (now - p->st[id].started > p->opts.stage_timeout_ms || now - p->started > p->opts.total_timeout_ms) {
		const struct err_row *row = errtable_for_curl(CURLE_OPERATION_TIMEDOUT, "", names[id]);
		struct err_vars v = {.host = p->host};
		http_abort(p->http);
		errtable_fill(&p->err, row, &v);
		str_fmt(p->err.tech, sizeof(p->err.tech), "no answer after %lld s (%s)", (now - p->st[id].started) / 1000,
			now - p->started > p->opts.total_timeout_ms ? "overall time limit" : "stage time limit");
		fail_stage(p, id == STAGE_AUTH ? STAGE_AUTH : stage_by_name(p->err.stage));
	}
}

static void on_tick(void *arg)
{
	struct probe *p = arg;
	p->tick = loop_after(p->loop, TICK_MS, on_tick, p);
	update_stages(p);
	check_timeouts(p);
	if (!p->done)
		changed(p);
}

static void on_transfer_done(void *arg);

/* The secure-connection stage says what was agreed and with whom. */
static void note_tls(struct probe *p)
{
	char detail[256];
	CURL *e = http_easy(p->http);
	if (!e || !tlsinfo_from_curl(e, &p->tls))
		return;
	str_copy(p->tls.version, sizeof(p->tls.version), p->resp.tls_version);
	str_fmt(detail, sizeof(detail), _("%s%s%s, expires %s"), p->tls.version, p->tls.version[0] ? ", " : "",
		p->tls.subject, p->tls.expire);
	str_clean(p->st[STAGE_TLS].detail, sizeof(p->st[STAGE_TLS].detail), detail, strlen(detail));
}

/* Builds and sends the request for the current auth step. */
static void send_step(struct probe *p)
{
	if (p->req_live)
		http_req_free(&p->req);
	http_req_init(&p->req);
	p->req_live = true;
	p->req.cafile = p->opts.cafile;
	p->req.pin = p->opts.pin;
	p->req.connect_timeout_ms = p->opts.stage_timeout_ms;
	p->req.total_timeout_ms = p->opts.total_timeout_ms;
	if (p->method->build(&p->ctx, &p->req, &p->err) < 0) {
		fail_stage(p, stage_by_name(p->err.stage));
		return;
	}
	trace_note(p->opts.trace, "request %d: %s %s", p->ctx.step + 1, p->req.method, p->host);
	if (http_start(p->http, &p->req, &p->resp, on_transfer_done, p) < 0) {
		auth_fail(&p->err, "network.other", "could not start the transfer");
		fail_stage(p, STAGE_HTTP);
	}
}

static void on_inspected(void *arg)
{
	struct probe *p = arg;
	CURL *e = http_easy(p->http);
	if (e)
		tlsinfo_from_curl(e, &p->tls);
	if (p->tls.have)
		trace_note(p->opts.trace, "certificate: subject %s; issuer %s; valid %s to %s; %s", p->tls.subject,
			   p->tls.issuer, p->tls.start, p->tls.expire, p->tls.pin);
	fail_stage(p, STAGE_TLS);
}

/* A certificate that failed verification is fetched once more, handshake
 * only (no request, no credentials), so the user can see what it is. */
static bool inspect_certificate(struct probe *p)
{
	if (strncmp(p->err.code, "tls.", 4) || !strcmp(p->err.code, "tls.cafile") || !strcmp(p->err.code, "tls.not_tls") ||
	    !strcmp(p->err.code, "tls.handshake") || !strcmp(p->err.code, "tls.timeout") || p->ctx.step > 0)
		return false;
	p->inspecting = true;
	p->req.inspect = true;
	p->req.pin = NULL;
	http_resp_free(&p->resp);
	return http_start(p->http, &p->req, &p->resp, on_inspected, p) == 0;
}

static void curl_failed(struct probe *p)
{
	enum stage_id at = running_stage(p);
	const struct err_row *row = errtable_for_curl(p->resp.code, p->resp.errbuf, at < STAGE_COUNT ? names[at] : NULL);
	char suggest[400];
	typo_suggest_host(p->host, suggest, sizeof(suggest));
	struct err_vars v = {.host = p->host, .suggest = suggest};
	/* with a company CA file, "untrusted" means that file does not vouch
	 * for the server: its own words, not those for having none */
	if (p->opts.cafile && p->opts.cafile[0] && !strcmp(row->code, "tls.untrusted"))
		row = errtable_for_code("tls.cafile_mismatch");
	errtable_fill(&p->err, row, &v);
	str_fmt(p->err.tech, sizeof(p->err.tech), "curl %d: %s", (int)p->resp.code,
		p->resp.errbuf[0] ? p->resp.errbuf : curl_easy_strerror(p->resp.code));
	if (inspect_certificate(p))
		return;
	/* Later steps (a token service, then the API) fail in "Sign in". */
	fail_stage(p, p->ctx.step > 0 ? STAGE_AUTH : stage_by_name(row->stage));
}

static void http_reached(struct probe *p)
{
	char detail[160];
	if (p->st[STAGE_HTTP].status != STAGE_RUNNING)
		return;
	for (int i = STAGE_DNS; i < STAGE_HTTP; i++) /* a fast exchange skips ticks */
		if (p->st[i].status == STAGE_RUNNING || (p->st[i].status == STAGE_PENDING && (i != STAGE_TLS || p->https)))
			stage_end(p, (enum stage_id)i, STAGE_OK, 0, NULL);
	str_fmt(detail, sizeof(detail), "HTTP %ld%s%s", p->resp.status, p->resp.server[0] ? ", " : "", p->resp.server);
	stage_end(p, STAGE_HTTP, STAGE_OK, -1, detail);
	stage_begin(p, STAGE_AUTH);
}

static void on_transfer_done(void *arg)
{
	struct probe *p = arg;
	enum auth_verdict v;

	update_stages(p);
	if (p->resp.code != CURLE_OK) {
		curl_failed(p);
		return;
	}
	if (p->ctx.step == 0 && p->https)
		note_tls(p);
	if (p->ctx.step == 0) {
		if (p->st[STAGE_HTTP].status == STAGE_PENDING)
			stage_begin(p, STAGE_HTTP);
		http_reached(p);
	}
	v = p->method->judge(&p->ctx, &p->resp, &p->err);
	http_resp_free(&p->resp);
	if (v == AUTH_NEXT) {
		p->ctx.step++;
		send_step(p);
		return;
	}
	if (v == AUTH_FAIL) {
		enum stage_id at = stage_by_name(p->err.stage);
		if (at == STAGE_HTTP && p->ctx.step == 0) /* undo: the API was not reached after all */
			p->st[STAGE_HTTP].status = STAGE_RUNNING;
		fail_stage(p, at < STAGE_HTTP ? STAGE_AUTH : at);
		return;
	}
	char detail[200];
	if (!p->sys->probe.verifies_credentials)
		str_copy(detail, sizeof(detail), _("server answered; credentials NOT verified (no check known for this system)"));
	else if (p->ctx.identity[0])
		str_fmt(detail, sizeof(detail), _("credentials verified: signed in as %s"), p->ctx.identity);
	else
		str_copy(detail, sizeof(detail), _("credentials verified"));
	stage_end(p, STAGE_AUTH, STAGE_OK, -1, detail);
	finish(p, true);
}

/* Step 0's URL decides the host named in messages and whether TLS runs. */
/* This computer itself: plain http to it never crosses a network. */
static bool check_address(struct probe *p)
{
	char why[160];
	CURLU *u;
	char *host = NULL;
	if (!url_check(p->req.url.p, why, sizeof(why))) {
		error_set(&p->err, EXIT_INPUT, "address", "address.invalid", _("The server address is not a valid web address."),
			  why, "@url");
		return false;
	}
	u = curl_url();
	curl_url_set(u, CURLUPART_URL, p->req.url.p, 0);
	curl_url_get(u, CURLUPART_HOST, &host, 0);
	/* A name with letters beyond ASCII may be a look-alike (a Cyrillic
	 * "а" in аpple.com): wherever it is named, its xn-- form goes too. */
	http_idn_shown(host ? host : "", p->host, sizeof(p->host));
	http_origin(p->req.url.p, p->origin, sizeof(p->origin));
	curl_free(host);
	curl_url_cleanup(u);
	p->https = str_starts(p->req.url.p, "https:");
	p->plain_yes = !p->https && !http_host_loopback(p->host);
	if (p->plain_yes && !p->opts.allow_plain_http &&
	    !(p->opts.plain_http_origin && !strcmp(p->opts.plain_http_origin, p->origin))) {
		char msg[256];
		p->plain_yes = false;
		str_fmt(msg, sizeof(msg),
			_("The password would cross the network unencrypted: \"%s\" is reached with http://, not https://."),
			p->host);
		error_set(&p->err, EXIT_INPUT, "address", "address.plain_http", msg,
			  _("Nothing was sent. Use the server's https:// address if it has one. To send the credentials "
			  "unencrypted anyway, say so with --allow-plain-http (onramp, validate or connect)."),
			  "@url");
		return false;
	}
	return true;
}

static void collect_secrets(struct probe *p)
{
	int n = 0;
	for (size_t i = 0; i < p->form->n && n < MAX_REDACT - 4; i++)
		if (p->form->f[i].def->secret && p->form->f[i].value.len)
			p->redact[n++] = p->form->f[i].value.p;
	p->redact[n++] = p->ctx.token.p; /* an access token, once there is one */
	p->redact[n++] = p->ctx.refresh.p;
	if (p->ctx.grant) { /* the browser's code and the PKCE verifier */
		p->redact[n++] = p->ctx.grant->code.p;
		p->redact[n++] = p->ctx.grant->verifier.p;
	}
	p->redact[n] = NULL;
}

/* A failure found inside probe_start is reported from the loop, like every
 * other change: the caller has not got the probe back yet (issue 11: the
 * wizard's callback saw no probe and crashed). */
static void report_late(void *arg)
{
	struct probe *p = arg;
	p->tick = 0;
	changed(p);
}

static struct probe *started(struct probe *p, probe_fn on_change)
{
	p->on_change = on_change;
	if (p->done)
		p->tick = loop_after(p->loop, 0, report_late, p);
	return p;
}

struct probe *probe_start(struct loop *l, const struct system *sys, const struct form *form,
			  const struct probe_opts *opts, probe_fn on_change, void *arg)
{
	struct probe *p = xcalloc(1, sizeof(*p));
	p->loop = l;
	p->sys = sys;
	p->form = form;
	p->arg = arg; /* on_change only once the caller holds p: see started() */
	if (opts)
		p->opts = *opts;
	if (!p->opts.stage_timeout_ms)
		p->opts.stage_timeout_ms = 15000;
	if (!p->opts.total_timeout_ms)
		p->opts.total_timeout_ms = 45000;
	p->ctx.sys = sys;
	p->ctx.form = form;
	secbuf_init(&p->ctx.token, 8192);
	secbuf_init(&p->ctx.refresh, 4096);
	p->ctx.grant = p->opts.grant;
	collect_secrets(p);
	p->started = now_ms();
	p->method = auth_find(sys->auth.method);
	stage_begin(p, STAGE_ADDRESS);
	if (curl_dl_load(&p->err) < 0) { /* no libcurl: the check cannot start */
		fail_stage(p, STAGE_ADDRESS);
		return p;
	}
	p->http = http_new(l, p->opts.trace, p->redact);
	if (!p->method || !sys->available) {
		error_set(&p->err, EXIT_INPUT, "address", "system.unavailable",
			  _("Connecting to this system is not available in onramp yet."),
			  _("Its sign-in method is still being built. Pick another system, or ask support when it is planned."), NULL);
		fail_stage(p, STAGE_ADDRESS);
		return started(p, on_change);
	}
	http_req_init(&p->req);
	p->req_live = true;
	if (p->method->build(&p->ctx, &p->req, &p->err) < 0 || !check_address(p)) {
		fail_stage(p, STAGE_ADDRESS);
		return started(p, on_change);
	}
	stage_end(p, STAGE_ADDRESS, STAGE_OK, -1, p->host);
	if (!p->https)
		stage_end(p, STAGE_TLS, STAGE_SKIPPED, 0, _("plain http: not encrypted"));
	stage_begin(p, STAGE_DNS);
	p->tick = loop_after(l, TICK_MS, on_tick, p);
	send_step(p);
	return started(p, on_change);
}

void probe_free(struct probe *p)
{
	if (!p)
		return;
	if (p->tick)
		loop_cancel(p->loop, p->tick);
	http_free(p->http);
	http_resp_free(&p->resp);
	if (p->req_live)
		http_req_free(&p->req);
	secbuf_free(&p->ctx.token);
	secbuf_free(&p->ctx.refresh);
	free(p);
}
