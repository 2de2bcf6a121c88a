#include "account.h"
#include "util.h"
#include <cJSON.h>
#include <string.h>

/* Field keys that name a place on the system, most telling first (the
 * catalog's keys: CATALOG.md). The user name is the connection's own
 * `user` (connect.c picks it from the form). */
static const char *const where_keys[] = {
	"database", "company_db", "company", "company_id", "client", "tenant", "tenant_id", "environment",
	"environment_id", "account", "account_id", "account_name", "realm", "org", "org_id", "workspace",
	"site_id", "store_id", "firm_id", "subdomain", "instance", NULL};

/* The first where-field with a value: "onramp_test", "100" (an SAP
 * client). */
static void where_part(const struct conn *c, const struct system *sys, char *out, size_t size)
{
	cJSON *pub = cJSON_Parse(c->public_json && *c->public_json ? c->public_json : "{}");
	out[0] = 0;
	for (int k = 0; where_keys[k] && !out[0] && sys; k++) {
		const struct field *f = system_field(sys, where_keys[k]);
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(pub, where_keys[k]);
		if (f && !f->secret && cJSON_IsString(v))
			str_clean(out, size, v->valuestring, strlen(v->valuestring));
	}
	cJSON_Delete(pub);
}

void conn_account(const struct conn *c, const struct system *sys, char *out, size_t size)
{
	char where[160], who[96] = "";
	where_part(c, sys, where, sizeof(where));
	if (c->user)
		str_clean(who, sizeof(who), c->user, strlen(c->user));
	str_fmt(out, size, "%s%s%s", where, where[0] && who[0] ? ", " : "", who);
}

void conn_label(const struct conn *c, const struct system *sys, char *out, size_t size)
{
	char acc[256];
	conn_account(c, sys, acc, sizeof(acc));
	if (acc[0])
		str_fmt(out, size, "%s (%s)", c->system, acc);
	else
		str_copy(out, size, c->system);
}
