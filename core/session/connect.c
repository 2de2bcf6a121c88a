#include "connect.h"
#include "lifecycle.h"
#include "sync/sync.h"
#include "util.h"
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

int connect_precheck(const struct system *sys, struct onr_error *err)
{
	return lifecycle_can_afford(sys->tier, err);
}

/* The public facts: every non-secret field, for `list` and `reconnect`. */
static char *public_json(const struct form *form)
{
	cJSON *o = cJSON_CreateObject();
	char *s;
	for (size_t i = 0; i < form->n; i++)
		if (!form->f[i].def->secret)
			cJSON_AddStringToObject(o, form->f[i].def->key, form->f[i].value.p);
	s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

/* The secrets as a JSON object, built straight into secure memory. */
static void secret_json(const struct form *form, struct secbuf *out)
{
	bool first = true;
	secbuf_adds(out, "{");
	for (size_t i = 0; i < form->n; i++) {
		if (!form->f[i].def->secret)
			continue;
		secbuf_adds(out, first ? "\"" : ",\"");
		secbuf_add_json(out, form->f[i].def->key);
		secbuf_adds(out, "\":\"");
		secbuf_add_json(out, form->f[i].value.p);
		secbuf_adds(out, "\"");
		first = false;
	}
	secbuf_adds(out, "}");
}

static const char *first_value(const struct form *form, const char *const *keys)
{
	for (int i = 0; keys[i]; i++) {
		const char *v = form_value(form, keys[i]);
		if (v && *v)
			return v;
	}
	return "";
}

void connect_parts(const struct form *form, struct connect_parts *p)
{
	static const char *const url_keys[] = {"url", "api_base", "base_url", "instance_url", NULL};
	static const char *const user_keys[] = {"username", "user", "email", "login", "client_id", NULL};
	p->pub = public_json(form);
	secbuf_init(&p->secrets, FORM_VALUE_MAX * (form->n + 1) * 2 + 16);
	secret_json(form, &p->secrets);
	p->url = first_value(form, url_keys);
	p->user = first_value(form, user_keys);
}

void connect_parts_free(struct connect_parts *p)
{
	secbuf_free(&p->secrets);
	free(p->pub);
	p->pub = NULL;
}

int connect_store(const struct form *form, const char *pin, const char *cafile, const char *plain_http,
		  struct connect_result *out, struct onr_error *err)
{
	struct connect_parts parts;
	int rc;

	memset(out, 0, sizeof(*out));
	secbuf_init(&out->token, LIFECYCLE_TOKEN_MAX);
	connect_parts(form, &parts);
	struct conn_new c = {
		.system = form->sys->id,
		.credits = form->sys->tier,
		.url = parts.url,
		.user = parts.user,
		.public_json = parts.pub,
		.secret_json = (const unsigned char *)parts.secrets.p,
		.secret_len = parts.secrets.len,
		.pin = pin ? pin : "",
		.cafile = cafile ? cafile : "",
		.plain_http = plain_http,
		.schedule = schedule_default(form->sys->id), /* hourly when it has a reader */
	};
	rc = lifecycle_connect(&c, out->id, out->token.p, out->where, sizeof(out->where), err);
	out->token.len = strlen(out->token.p);
	connect_parts_free(&parts);
	return rc;
}

int connect_reseal(const struct form *form, const char *id, const char *plain_http, struct onr_error *err)
{
	struct secbuf secrets;
	int rc;
	secbuf_init(&secrets, FORM_VALUE_MAX * (form->n + 1) * 2 + 16);
	secret_json(form, &secrets);
	rc = lifecycle_reseal(id, (const unsigned char *)secrets.p, secrets.len, plain_http, err);
	secbuf_free(&secrets);
	return rc;
}

void connect_result_free(struct connect_result *out)
{
	secbuf_free(&out->token);
}
