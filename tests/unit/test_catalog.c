/* Catalog loading: the embedded catalog is sound, and a malformed file
 * gives a clear error naming the line. */
#include "t.h"
#include "catalog.h"
#include "alias_pick.h"
#include "auth/auth.h"
#include "form.h"
#include "curl_dl.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void embedded_loads(void)
{
	struct catalog cat;
	struct onr_error err;
	CHECK(catalog_load_default(&cat, &err) == 0);
	CHECK(cat.n >= 40);
	CHECK(catalog_find(&cat, "tryton") != NULL);
	CHECK(catalog_find(&cat, "sap-s4hana-onprem") != NULL);
	CHECK(catalog_find(&cat, "dynamics365-business-central") != NULL);
	CHECK(catalog_find(&cat, "odoo") != NULL);
	CHECK(catalog_find(&cat, "erpnext") != NULL);
	CHECK(catalog_find(&cat, "ibm-maximo") != NULL);
	catalog_free(&cat);
}

static void malformed_names_line(void)
{
	struct catalog cat = {0};
	struct onr_error err;
	const char *bad = "{\n  \"version\": 1,\n  \"systems\": [\n    {\"id\": \"x\",, }\n  ]\n}\n";
	CHECK(catalog_add_json(&cat, bad, strlen(bad), "bad.json", &err) < 0);
	CHECK(strstr(err.message, "bad.json") != NULL);
	CHECK(strstr(err.message, "line 4") != NULL);
	CHECK_STR(err.code, "catalog.invalid");
	CHECK(cat.n == 0);
	catalog_free(&cat);
}

static void entry_without_auth_rejected(void)
{
	struct catalog cat = {0};
	struct onr_error err;
	const char *bad = "{\"systems\": [\n{\"id\": \"ok\", \"name\": \"Ok\", \"auth\": \"basic\"},\n"
			  "{\"id\": \"noauth\", \"name\": \"No auth\"}\n]}";
	CHECK(catalog_add_json(&cat, bad, strlen(bad), "x.json", &err) < 0);
	CHECK(strstr(err.message, "line 3") != NULL);
	CHECK(cat.n == 0); /* a bad file adds nothing */
	catalog_free(&cat);
}

static void later_entry_overrides(void)
{
	struct catalog cat = {0};
	struct onr_error err;
	const char *a = "{\"systems\":[{\"id\":\"s\",\"name\":\"First\",\"auth\":\"basic\"}]}";
	const char *b = "{\"systems\":[{\"id\":\"s\",\"name\":\"Second\",\"auth\":\"basic\"}]}";
	CHECK(catalog_add_json(&cat, a, strlen(a), "a", &err) == 0);
	CHECK(catalog_add_json(&cat, b, strlen(b), "b", &err) == 0);
	CHECK(cat.n == 1);
	CHECK_STR(cat.systems[0].name, "Second");
	catalog_free(&cat);
}

/* Every {placeholder} in a template must name a field of the entry. */
static bool placeholders_ok(const struct system *s, const char *tpl)
{
	for (const char *p = tpl ? strchr(tpl, '{') : NULL; p; p = strchr(p + 1, '{')) {
		const char *close = strchr(p, '}');
		char key[64];
		if (!close || (size_t)(close - p) >= sizeof(key))
			return false;
		memcpy(key, p + 1, (size_t)(close - p - 1));
		key[close - p - 1] = 0;
		if (!system_field(s, key)) {
			fprintf(stderr, "  %s: template names unknown field {%s}\n", s->id, key);
			return false;
		}
	}
	return true;
}

static void every_entry_sound(void)
{
	struct catalog cat;
	struct onr_error err;
	size_t usable = 0, verified = 0;
	CHECK(catalog_load_default(&cat, &err) == 0);
	for (size_t i = 0; i < cat.n; i++) {
		const struct system *s = catalog_at(&cat, i);
		const struct auth_spec *a = &s->auth;
		const char *tpls[] = {s->base_url, s->probe.url, a->user, a->password, a->value, a->token,
				      a->token_url, a->client_id, a->client_secret, a->scope, a->authorize_url,
				      a->authorize_params};
		for (size_t k = 0; k < sizeof(tpls) / sizeof(tpls[0]); k++)
			CHECK(placeholders_ok(s, tpls[k]));
		for (size_t k = 0; k < s->probe.nheaders; k++)
			CHECK(placeholders_ok(s, s->probe.headers[k].value));
		for (size_t k = 0; k < a->nbody; k++)
			CHECK(placeholders_ok(s, a->body[k].value));
		for (size_t j = i + 1; j < cat.n; j++)
			CHECK(strcmp(s->id, cat.systems[j].id) != 0);
		CHECK(s->tier == 1 || s->tier == 2 || s->tier == 4);
		if (s->available && !auth_find(a->method)) {
			T_FAIL("%s: auth method %s is not implemented but the entry is available", s->id, a->method);
		}
		for (size_t f = 0; f < s->nfields; f++)
			if (s->fields[f].kind == FIELD_URL && s->fields[f].def[0])
				CHECK(url_check(s->fields[f].def, NULL, 0));
		if (system_usable(s)) {
			usable++;
			verified += s->probe.verifies_credentials;
		}
	}
	printf("# catalog: %zu systems, %zu usable, %zu verify credentials, %zu check the server only\n",
	       cat.n, usable, verified, usable - verified);
	catalog_free(&cat);
}

/* A cloud platform is one product whose services are aliases (issue 16):
 * the alias a query names fills the Service field; a query that names the
 * product itself, or nothing, fills nothing. */
static void alias_for_query(void)
{
	struct catalog cat = {0};
	struct onr_error err = {0};
	CHECK(catalog_load_builtin(&cat, &err) == 0);
	const struct system *aws = catalog_find(&cat, "aws"), *tryton = catalog_find(&cat, "tryton");
	CHECK(aws && tryton);
	if (aws && tryton) {
		const char *a = system_service_preset(aws, "DynamoDB");
		CHECK(a && !strcasecmp(a, "dynamodb"));
		a = system_service_preset(aws, "dynamo");
		CHECK(a && strstr(a, "DynamoDB") != NULL);               /* a spelled-out name before a code */
		CHECK(system_service_preset(aws, "amazon web") == NULL); /* the product's own name */
		a = system_service_preset(aws, "aws lambda"); /* the name and an alias */
		CHECK(a && strstr(a, "Lambda") != NULL);
		a = system_service_preset(aws, "amazon cloud watch"); /* no alias holds it all */
		CHECK(a && strstr(a, "CloudWatch") != NULL);
		a = system_service_preset(aws, "amazon dynamo");
		CHECK(a && strstr(a, "DynamoDB") != NULL);
		CHECK(system_service_preset(aws, "aws zzqx") == NULL);
		CHECK(system_service_preset(aws, "") == NULL);
		CHECK(system_service_preset(aws, "zzqx") == NULL);
		CHECK(system_service_preset(tryton, "trytond") == NULL); /* no Service field */
		CHECK(system_alias_for_query(tryton, "trytond") != NULL);
	}
	catalog_free(&cat);
}

T_SUITE(catalog) = {
	{"embedded_loads", embedded_loads},
	{"malformed_names_line", malformed_names_line},
	{"entry_without_auth_rejected", entry_without_auth_rejected},
	{"later_entry_overrides", later_entry_overrides},
	{"every_entry_sound", every_entry_sound},
	{"alias_for_query", alias_for_query},
	{0},
};
