/* invite_use.c: the kiosk takes an invite (invite_use.h). */
#include "invite_use.h"
#include "i18n.h"
#include "config.h"
#include "http.h"
#include "invite_admin.h"
#include "invite_key.h"
#include "paths.h"
#include "util.h"
#include <cJSON.h>
#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

struct fetch {
	bool done;
};

static void fetched(void *arg)
{
	((struct fetch *)arg)->done = true;
}

/* The platform's refusal, in this kiosk's own words. */
static void refused(const char *code, struct onr_error *err)
{
	struct db_invite i = {.uses = 1, .expires = time(NULL) + 60};
	if (!strcmp(code, "invite.revoked"))
		i.revoked = true;
	else if (!strcmp(code, "invite.expired"))
		i.expires = 0;
	else if (!strcmp(code, "invite.used_up"))
		i.used = 1;
	if (invite_usable(&i, time(NULL), err) == 0)
		error_set(err, EXIT_INPUT, "invite", "invite.unknown", _("The platform knows no invite with this code."),
			  _("Check the code for a typing mistake (it looks like ONR-7K2M-QX9P), or ask for a new invite."),
			  NULL);
}

/* The answer to GET /v1/invites/CODE: the invite text, or why not. */
static int read_answer(const struct http_resp *r, const char *api, char **text, struct onr_error *err)
{
	cJSON *j = cJSON_ParseWithLength(r->body.data ? r->body.data : "", r->body.len), *v;
	int rc = -1;
	if (r->code == CURLE_OK && r->status == 200 &&
	    cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(j, "invite"))) {
		*text = xstrdup(v->valuestring);
		sodium_memzero(v->valuestring, strlen(v->valuestring));
		rc = 0;
	} else if (r->code == CURLE_OK && (r->status == 404 || r->status == 410) &&
		   cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "error"),
								       "code"))) {
		refused(v->valuestring, err);
	} else {
		char msg[256];
		str_fmt(msg, sizeof(msg), _("Could not reach the platform at %s to look up the code."), api);
		error_set(err, EXIT_NETWORK, "invite", "invite.unreachable", msg,
			  _("Check this machine's network, and that the platform's onramp serve runs. Or use the whole "
			  "invite (onr1...) instead of the short code."),
			  NULL);
		str_fmt(err->tech, sizeof(err->tech), "curl %d, HTTP %ld: %s", (int)r->code, r->status, r->errbuf);
	}
	cJSON_Delete(j);
	return rc;
}

static int fetch_code(struct loop *l, const char *code, char **text, struct onr_error *err)
{
	struct config cfg;
	struct http_req req;
	struct http_resp resp;
	struct fetch f = {false};
	struct http *h;
	int rc;
	if (config_load(&cfg, err) != 0)
		return -1;
	if (!cfg.platform_api[0]) {
		error_set(err, EXIT_INPUT, "invite", "invite.no_platform",
			  _("A short code needs the platform's address, and this kiosk has none."),
			  _("Set \"platform_api = https://HOST:PORT\" in the config file, or use the whole invite "
			  "(onr1...) or @FILE instead of the code."),
			  NULL);
		return -1;
	}
	h = http_new(l, NULL, NULL);
	http_req_init(&req);
	secbuf_adds(&req.url, cfg.platform_api);
	secbuf_adds(&req.url, cfg.platform_api[strlen(cfg.platform_api) - 1] == '/' ? "v1/invites/" : "/v1/invites/");
	secbuf_adds(&req.url, code);
	req.total_timeout_ms = 15000;
	if (http_start(h, &req, &resp, fetched, &f) != 0)
		f.done = true, resp.code = CURLE_FAILED_INIT;
	while (!f.done)
		loop_once(l, 1000);
	rc = read_answer(&resp, cfg.platform_api, text, err);
	http_resp_free(&resp);
	http_req_free(&req);
	http_free(h);
	return rc;
}

/* The invite's text from the argument: @FILE, the invite, or a code. */
static int invite_text(struct loop *l, const char *arg, char **text, struct onr_error *err)
{
	char code[INVITE_CODE_LEN];
	size_t len;
	if (arg[0] == '@') {
		int rc = paths_read(arg + 1, INVITE_MAX, false, text, &len, err);
		if (rc == 1)
			paths_error(err, ENOENT, _("Could not read the invite file \"%s\"."), arg + 1);
		return rc ? -1 : 0;
	}
	if (invite_is_code(arg, code))
		return fetch_code(l, code, text, err);
	*text = xstrdup(arg);
	return 0;
}

/* Step 2: the signer, confirmed on first use. */
static int check_signer(const struct invite *inv, const struct invite_use_opts *o, struct onr_error *err)
{
	unsigned char trusted[INVITE_SIGN_PK];
	char fp[INVITE_FP_LEN];
	const char *confirm = o->confirm;
	bool first = false;
	int have = invite_trust_load(trusted, err);
	if (have < 0)
		return -1;
	invite_fingerprint(inv->sign_pk, fp);
	if (have == 1 && !confirm && o->ask && o->ask(o->ctx, fp, inv->platform))
		confirm = fp;
	if (invite_check_key(inv, have == 0 ? trusted : NULL, confirm, &first, err) != 0)
		return -1;
	return first ? invite_trust_save(inv->sign_pk, err) : 0;
}

int invite_take(struct loop *l, const char *arg, const struct invite_use_opts *o, struct invite *out,
		struct onr_error *err)
{
	char *text = NULL;
	int rc = invite_text(l, arg, &text, err);
	if (rc == 0)
		rc = invite_decode(text, out, err);
	if (text) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
	if (rc == 0 && (check_signer(out, o, err) != 0 || invite_check_time(out, time(NULL), err) != 0)) {
		invite_free(out);
		rc = -1;
	}
	return rc;
}

size_t invite_presets(const struct invite *inv, const struct preset **out)
{
	*out = inv->presets;
	return inv->npresets;
}
