/* cmd_invite.c: `onramp invite create|list|revoke|key` on the platform
 * (core/kiosk/invite_admin.h does the work). */
#include "commands.h"
#include "i18n.h"
#include "accept.h"
#include "catalog.h"
#include "config.h"
#include "paths.h"
#include <sodium.h>
#include "invite_admin.h"
#include "invite_key.h"
#include "print.h"
#include "seal.h"
#include "store.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_opt invite_opts[] = {
	{"--preset", "KEY=VALUE", N_("create: fill in a field (not a secret); repeat")},
	{"--lock", "KEY", N_("create: the kiosk cannot change this field; repeat")},
	{"--expires", "DURATION", N_("create: valid 90s, 30m, 12h, 7d (7d)")},
	{"--uses", "N", N_("create: connections it may make (1)")},
	{"--api", "URL", N_("create: this platform's API as kiosks reach it")},
	{"--client-secret-file", "FILE", N_("create: the app secret; sign-ins relay here")},
	{"--json", NULL, N_("one JSON object (create) or array (list)")},
	{NULL},
};

/* "90s", "30m", "12h", "7d" (at most a year) in seconds; -1 when not one. */
static long duration(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10), unit = !strcmp(end, "s")   ? 1
					     : !strcmp(end, "m") ? 60
					     : !strcmp(end, "h") ? 3600
					     : !strcmp(end, "d") ? 86400
								 : 0;
	return end != s && n > 0 && unit && n * unit <= 366L * 86400 ? n * unit : -1;
}

/* The presets and locks, checked against the system's fields. */
static int take_presets(const struct cli_args *a, const struct system *sys, struct preset *list, size_t *n)
{
	for (int i = 0; i < a->ngiven; i++) {
		const char *name = a->given[i].opt->name, *v = a->given[i].value, *eq;
		bool lock = !strcmp(name, "--lock");
		const struct field *f;
		if (!lock && strcmp(name, "--preset"))
			continue;
		eq = lock ? v + strlen(v) : strchr(v, '=');
		if (!eq || eq == v)
			return cli_usage(a, _("For example: --preset url=https://erp.example.com"),
					 _("--preset takes KEY=VALUE."));
		if (*n >= INVITE_MAX_PRESETS)
			return cli_usage(a, NULL, _("Too many --preset and --lock options (at most %d)."),
					 INVITE_MAX_PRESETS);
		char *key = xstrdup(v);
		key[eq - v] = 0;
		list[(*n)++] = (struct preset){key, lock ? NULL : eq + 1, lock};
		if (!(f = system_field(sys, key)))
			return cli_usage(a, _("`onramp systems ID --json` lists the fields."), _("%s has no field \"%s\"."),
					 sys->name, key);
		if (f->secret && !lock)
			return cli_usage(a, _("Secrets are typed at the kiosk, never put in an invite."),
					 _("\"%s\" is a secret and cannot be preset."), key);
	}
	return 0;
}

/* --client-secret-file: the app's client secret of a browser sign-in,
 * sealed to this platform's own key at once (it never leaves it). */
static int relay_secret(const struct cli_args *a, const struct system *sys, const unsigned char **box, size_t *len)
{
	struct onr_error err;
	struct config cfg;
	unsigned char pk[SEAL_KEY_BYTES], *b = NULL;
	char *secret = NULL;
	size_t slen = 0;
	int rc;
	if (strcmp(sys->auth.method, "oauth2_code"))
		return cli_usage(a, NULL,
				 _("--client-secret-file is for systems that sign in in a browser (%s does not)."),
				 sys->id);
	rc = paths_read(cli_value(a, "--client-secret-file"), 4096, true, &secret, &slen, &err);
	if (rc != 0)
		return rc == 1 ? cli_usage(a, NULL, _("The client secret file does not exist."))
			       : print_fail(&err, a->json);
	while (slen && (secret[slen - 1] == '\n' || secret[slen - 1] == '\r'))
		secret[--slen] = 0;
	if (config_load(&cfg, &err) == 0 && seal_ensure_keys(&cfg, &err) >= 0 &&
	    seal_load_public(cfg.public_key, pk, &err) == 0 &&
	    seal_box(pk, (const unsigned char *)secret, slen, &b, len, &err) == 0)
		*box = b;
	else
		rc = print_fail(&err, a->json);
	sodium_free(secret);
	return rc;
}

static void print_created(const struct db_invite *i, const char *text, bool json)
{
	char fp[INVITE_FP_LEN], when[32];
	struct invite inv;
	struct onr_error err;
	if (invite_decode(text, &inv, &err) == 0) {
		invite_fingerprint(inv.sign_pk, fp);
		invite_free(&inv);
	}
	store_time_str(i->expires, when);
	if (json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddBoolToObject(j, "ok", true);
		cJSON_AddStringToObject(j, "id", i->id);
		cJSON_AddStringToObject(j, "code", i->code);
		cJSON *t = cJSON_AddStringToObject(j, "invite", text);
		cJSON_AddStringToObject(j, "system", i->system);
		cJSON_AddStringToObject(j, "expires", when);
		cJSON_AddNumberToObject(j, "uses", i->uses);
		cJSON_AddStringToObject(j, "platform_key", fp);
		char *out = cJSON_PrintUnformatted(j);
		puts(out);
		explicit_bzero(out, strlen(out));
		explicit_bzero(t->valuestring, strlen(t->valuestring));
		free(out);
		cJSON_Delete(j);
		return;
	}
	printf(NG_("Invite %s for %s, valid until %s, for %d connection.\n\n",
		   "Invite %s for %s, valid until %s, for %d connections.\n\n", i->uses),
	       i->id, i->system, when, i->uses);
	printf(_("Short code (the kiosk looks it up at this platform's API):\n  %s\n\n"
	       "The whole invite (for a kiosk that reaches the platform only at the end):\n  %s\n\n"
	       "Platform key fingerprint (a new kiosk confirms it once): %s\n"),
	       i->code, text, fp);
}

static int create(const struct cli_args *a)
{
	struct catalog cat;
	struct onr_error err;
	const struct system *sys;
	struct preset list[INVITE_MAX_PRESETS];
	size_t n = 0;
	long ttl = duration(cli_value(a, "--expires") ? cli_value(a, "--expires") : "7d"), uses = 1;
	struct db_invite out;
	char *text;
	int rc;

	if (a->npos != 2)
		return cli_usage(a, NULL, _("invite create needs the system id: onramp invite create SYSTEM."));
	if (ttl < 0)
		return cli_usage(a, _("For example: --expires 7d (s, m, h or d; at most a year)."),
				 _("--expires takes a duration."));
	if (cli_value(a, "--uses") && !cli_number(cli_value(a, "--uses"), 1, 100000, &uses))
		return cli_usage(a, NULL, _("--uses takes a whole number from 1 to 100000."));
	if (catalog_load_default(&cat, &err) < 0)
		return print_fail(&err, a->json);
	if (!(sys = catalog_find(&cat, a->pos[1]))) {
		catalog_free(&cat);
		return cli_usage(a, _("Find the id with: onramp systems NAME"), _("There is no system with the id \"%s\"."),
				 a->pos[1]);
	}
	if ((rc = take_presets(a, sys, list, &n)) == 0) {
		struct invite_spec spec = {.api = cli_value(a, "--api"),
					   .system = sys->id,
					   .presets = list,
					   .npresets = n,
					   .expires = time(NULL) + ttl,
					   .uses = (int)uses};
		if (cli_value(a, "--client-secret-file") &&
		    (rc = relay_secret(a, sys, &spec.relay_box, &spec.relay_len)) != 0) {
			;
		} else if (invite_create(&spec, &text, &out, &err) != 0) {
			rc = print_fail(&err, a->json);
		} else {
			print_created(&out, text, a->json);
			explicit_bzero(text, strlen(text));
			free(text);
			db_invite_free(&out);
		}
		free((void *)spec.relay_box);
	}
	for (size_t i = 0; i < n; i++)
		free((char *)list[i].key);
	catalog_free(&cat);
	return rc;
}

static int list(const struct cli_args *a)
{
	struct db_invite *v;
	struct onr_error err;
	size_t n;
	time_t now = time(NULL);
	char when[32];
	if (invite_list(&v, &n, &err) != 0)
		return print_fail(&err, a->json);
	cJSON *arr = a->json ? cJSON_CreateArray() : NULL;
	if (!a->json)
	{
		static const struct print_col head[] = {
			{N_("ID"), 22, false, 1},   {N_("CODE"), 15, false, 1},    {N_("SYSTEM"), 20, false, 1},
			{N_("USED"), 9, false, 1}, {N_("EXPIRES"), 20, false, 1}, {N_("STATE"), 0, false, 0},
			{NULL}};
		if (n)
			print_head(stdout, head);
		else
			printf(_("No invites yet. Make one with: onramp invite create SYSTEM\n"));
	}
	for (size_t i = 0; i < n; i++) {
		store_time_str(v[i].expires, when);
		if (!arr) {
			char used[24];
			str_fmt(used, sizeof(used), _("%d of %d"), v[i].used, v[i].uses);
			printf("%-22s %-15s %-20s ", v[i].id, v[i].code, v[i].system);
			print_padded(stdout, used, 9, false); /* "3 de 5" */
			printf(" %-20s %s\n", when, invite_state(&v[i], now));
			continue;
		}
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "id", v[i].id);
		cJSON_AddStringToObject(o, "code", v[i].code);
		cJSON_AddStringToObject(o, "system", v[i].system);
		cJSON_AddNumberToObject(o, "uses", v[i].uses);
		cJSON_AddNumberToObject(o, "used", v[i].used);
		cJSON_AddStringToObject(o, "expires", when);
		cJSON_AddStringToObject(o, "state", invite_state(&v[i], now));
		cJSON_AddItemToArray(arr, o);
	}
	if (arr)
		print_json(arr);
	db_invites_free(v, n);
	return EXIT_OK;
}

static int revoke(const struct cli_args *a)
{
	struct onr_error err;
	if (a->npos != 2)
		return cli_usage(a, NULL, _("invite revoke needs the invite's id or code."));
	if (invite_revoke(a->pos[1], &err) != 0)
		return print_fail(&err, a->json);
	if (a->json)
		printf("{\"ok\":true,\"id\":\"%s\",\"state\":\"revoked\"}\n", a->pos[1]);
	else
		printf(_("Invite %s is revoked: kiosks can no longer use it. Connections made with it stay.\n"),
		       a->pos[1]);
	return EXIT_OK;
}

/* The fingerprint a kiosk's administrator compares on first use. */
static int key(const struct cli_args *a)
{
	struct onr_error err;
	char fp[INVITE_FP_LEN];
	struct invite_key *k = invite_key_load(false, &err);
	if (!k)
		return print_fail(&err, a->json);
	invite_fingerprint(k->pk, fp);
	invite_key_free(k);
	a->json ? printf("{\"platform_key\":\"%s\"}\n", fp) : printf(_("Platform key fingerprint: %s\n"), fp);
	return EXIT_OK;
}

/* The application's token for GET /v1/connections, shown once. */
static int app_token(const struct cli_args *a)
{
	struct onr_error err;
	char tok[SEAL_TOKEN_LEN + 1];
	if (accept_app_token_new(tok, &err) != 0)
		return print_fail(&err, a->json);
	a->json ? printf("{\"app_token\":\"%s\"}\n", tok)
		: printf(_("App token (shown once; it replaces the previous one):\n  %s\n"
			 "The platform's application sends it as Authorization: Bearer ... to GET /v1/connections.\n"),
			 tok);
	explicit_bzero(tok, sizeof(tok));
	return EXIT_OK;
}

static int run_invite(const struct cli_args *a)
{
	const char *sub = a->npos ? a->pos[0] : "";
	if (!strcmp(sub, "create"))
		return create(a);
	if (!strcmp(sub, "list") && a->npos == 1)
		return list(a);
	if (!strcmp(sub, "revoke"))
		return revoke(a);
	if (!strcmp(sub, "key") && a->npos == 1)
		return key(a);
	if (!strcmp(sub, "app-token") && a->npos == 1)
		return app_token(a);
	return cli_usage(a, NULL, _("Use: onramp invite create SYSTEM | list | revoke ID | key | app-token."));
}

const struct cli_command cmd_invite_entry = {
	.name = "invite",
	.args = N_("a subcommand"),
	.usage = N_("onramp invite create SYSTEM [--preset KEY=VALUE]... [--lock KEY]...\n"
		 "              [--expires 7d] [--uses 1] [--api URL] [--json]\n"
		 "              [--client-secret-file FILE]\n"
		 "onramp invite list [--json] | revoke ID | key | app-token"),
	.about = N_("On the platform: an invite lets a kiosk connect SYSTEM for this platform. It is\n"
		 "signed with this platform's invite key and carries the API address, the\n"
		 "sealing key, the presets and locks, the expiry and a delivery secret. create\n"
		 "prints a short code (ONR-XXXX-XXXX) and the whole invite; a kiosk starts with\n"
		 "onramp --invite CODE|@FILE and delivers the sealed result to onramp serve\n"
		 "here. key prints the fingerprint a new kiosk confirms once. app-token prints\n"
		 "the token the platform's application uses for GET /v1/connections (once).\n"
		 "--client-secret-file keeps a browser sign-in's client secret here: the kiosk\n"
		 "then signs in through this platform's relay (/v1/oauth/start/...)."),
	.opts = invite_opts,
	.min_args = 1,
	.max_args = 2,
	.run = run_invite,
};
