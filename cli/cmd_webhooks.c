/* cmd_webhooks.c: `onramp webhooks add|list|remove|test|replay`: the
 * endpoints the outbox is delivered to (core/webhooks/dispatch.h does the
 * delivering, inside onramp agent or onramp serve). `listen` is the
 * reference receiver (cli/cmd_listen.c). */
#include "commands.h"
#include "i18n.h"
#include "cli_sync.h"
#include "config.h"
#include "print.h"
#include "store/db_webhooks.h"
#include "util.h"
#include "webhooks/sign.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char *const known_events[] = {
	"connection.created", "connection.reconnected", "connection.disconnected", "connection.needs_attention",
	"sync.completed", "sync.failed", "purchase_order.created", "purchase_order.updated",
	"purchase_order.deleted", "endpoint.disabled", "connection.*", "sync.*", "purchase_order.*",
	"endpoint.*", NULL};

/* "a,b" to ",a,b," with every name known; NULL when one is not. */
static char *events_list(const char *list)
{
	struct buf b;
	char *copy = xstrdup(list), *save = NULL;
	buf_init(&b);
	buf_adds(&b, ",");
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		size_t i = 0;
		while (known_events[i] && strcmp(known_events[i], t))
			i++;
		if (!known_events[i]) {
			free(copy);
			buf_free(&b);
			return NULL;
		}
		buf_addf(&b, "%s,", t);
	}
	free(copy);
	return b.data;
}

static bool url_ok(const char *u)
{
	return (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7)) && strlen(u) < 2000 &&
	       !strpbrk(u, " \t\r\n@");
}

/* The secret sealed to this machine's public key. */
static int seal_secret(const char *secret, struct db_endpoint *e, struct onr_error *err)
{
	struct config cfg;
	unsigned char pk[SEAL_KEY_BYTES];
	if (config_load(&cfg, err) != 0 || seal_ensure_keys(&cfg, err) < 0 ||
	    seal_load_public(cfg.public_key, pk, err) != 0)
		return -1;
	return seal_box(pk, (const unsigned char *)secret, strlen(secret), &e->secret, &e->secret_len,
			err);
}

static int add(struct cli_sync *c, const char *url, const char *events, struct onr_error *err)
{
	struct db_endpoint e = {0};
	struct wh_key *k = NULL;
	char *secret = NULL, *ev = events ? events_list(events) : xstrdup("");
	unsigned char rnd[4];
	int rc = EXIT_STORE;

	if (!url_ok(url) || !ev) {
		free(ev);
		return cli_sync_usage(c, !ev ? _("--events names an unknown event (see --help).")
					      : _("The URL must start with https:// or http:// and carry no user or password."));
	}
	randombytes_buf(rnd, sizeof(rnd));
	str_fmt(e.id, sizeof(e.id), "wh_%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3]);
	e.url = (char *)url;
	e.events = ev;
	e.created = time(NULL);
	if (wh_key_new(&k, &secret) == 0 && seal_secret(secret, &e, err) == 0 &&
	    db_endpoint_add(c->db, &e, err) == 0) {
		rc = EXIT_OK;
		if (c->json) {
			/* printed straight from its sodium_malloc'd buffer (base64:
			 * nothing to escape), never copied into a JSON tree */
			cJSON *u = cJSON_CreateString(url);
			char *ujson = cJSON_PrintUnformatted(u);
			printf("{\"ok\":true,\"id\":\"%s\",\"url\":%s,\"secret\":\"%s\"}\n", e.id,
			       ujson ? ujson : "null", secret);
			free(ujson);
			cJSON_Delete(u);
		} else
			printf(_("Endpoint %s added for %s.\nIts signing secret, shown only now (keep it in the "
			       "receiver's secret file):\n%s\n"), e.id, url, secret);
	}
	wh_key_free(k);
	sodium_free(secret);
	free(e.secret);
	free(ev);
	return rc;
}

static cJSON *endpoint_json(const struct db_endpoint *e)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", e->id);
	cJSON_AddStringToObject(o, "url", e->url);
	cJSON_AddStringToObject(o, "events", e->events);
	cJSON_AddStringToObject(o, "status", e->status);
	cJSON_AddStringToObject(o, "reason", e->reason);
	cli_add_time(o, "created", e->created);
	cli_add_time(o, "failing_since", e->failing_since);
	cJSON_AddNumberToObject(o, "pending", (double)e->pending);
	cJSON_AddNumberToObject(o, "delivered", (double)e->delivered);
	cJSON_AddNumberToObject(o, "failed", (double)e->failed);
	cJSON_AddNumberToObject(o, "last_status", e->last_status);
	cJSON_AddStringToObject(o, "last_error", e->last_error);
	return o;
}

static int list(struct cli_sync *c, struct onr_error *err)
{
	struct db_endpoint *v;
	size_t n;
	cJSON *a;
	if (db_endpoint_list(c->db, &v, &n, err) != 0)
		return EXIT_STORE;
	a = cJSON_CreateArray();
	if (!c->json && n)
		print_head(stdout, (const struct print_col[]){{N_("ID"), 12, false, 1},
							    {N_("STATUS"), 9, false, 1},
							    {N_("PENDING"), 7, true, 1},
							    {N_("DELIVERED"), 9, true, 1},
							    {N_("FAILED"), 6, true, 1},
							    {N_("HTTP"), 4, true, 2},
							    {N_("URL"), 0, false, 0},
							    {NULL}});
	for (size_t i = 0; i < n; i++) {
		if (c->json)
			cJSON_AddItemToArray(a, endpoint_json(&v[i]));
		else
			printf("%-12s %-9s %7ld %9ld %6ld %4d  %s%s%s\n", v[i].id, v[i].status, v[i].pending,
			       v[i].delivered, v[i].failed, v[i].last_status, v[i].url, *v[i].reason ? "  " : "",
			       *v[i].reason ? _(v[i].reason) : ""); /* stored as dispatch.c marked it */
		db_endpoint_free(&v[i]);
	}
	free(v);
	if (c->json)
		print_json(a);
	else
		cJSON_Delete(a);
	if (!c->json && !n)
		puts(_("No webhook endpoints. Add one with: onramp webhooks add URL"));
	return EXIT_OK;
}

static int not_found(bool json, const char *what, const char *id)
{
	struct onr_error err;
	char msg[160];
	str_fmt(msg, sizeof(msg), _("There is no %s \"%s\"."), what, id);
	error_set(&err, EXIT_INPUT, "webhooks", "webhooks.not_found", msg,
		  _("\"onramp webhooks list\" shows the endpoints; event ids are in the receiver's log."), NULL);
	return print_fail(&err, json);
}

static int remove_one(struct cli_sync *c, const char *id, struct onr_error *err)
{
	int rc = db_endpoint_remove(c->db, id, err);
	if (rc < 0)
		return EXIT_STORE;
	if (rc == 1)
		return not_found(c->json, _("webhook endpoint"), id);
	printf(c->json ? "{\"ok\":true}\n" : _("Endpoint %s removed; its pending deliveries are dropped.\n"), id);
	return EXIT_OK;
}

/* After a 410 or 5 days of failures: deliveries start again (what failed
 * meanwhile can be sent with replay). */
static int enable(struct cli_sync *c, const char *id, struct onr_error *err)
{
	int rc = db_endpoint_set(c->db, id, "enabled", "", err);
	if (rc < 0)
		return EXIT_STORE;
	if (rc == 1)
		return not_found(c->json, _("webhook endpoint"), id);
	printf(c->json ? "{\"ok\":true}\n" : _("Endpoint %s enabled again.\n"), id);
	return EXIT_OK;
}

static int test(struct cli_sync *c, const char *id, struct onr_error *err)
{
	char eid[40] = "";
	if (db_event_test(c->db, id, time(NULL), eid, err) != 0)
		return EXIT_STORE;
	if (c->json)
		printf("{\"ok\":true,\"event_id\":\"%s\"}\n", eid);
	else
		printf(_("Test event %s queued for %s; onramp agent or serve delivers it "
		       "(onramp webhooks list shows the answer).\n"), eid, id);
	return EXIT_OK;
}

static int replay(struct cli_sync *c, const char *eid, const char *endpoint, struct onr_error *err)
{
	long long seq;
	int rc = db_event_find(c->db, eid, &seq, err), n = 0;
	if (rc < 0)
		return EXIT_STORE;
	if (rc == 1)
		return not_found(c->json, "event", eid);
	if (db_event_replay(c->db, seq, endpoint ? endpoint : "", time(NULL), &n, err) != 0)
		return EXIT_STORE;
	if (c->json)
		printf("{\"ok\":true,\"deliveries\":%d}\n", n);
	else
		printf(NG_("Event %s queued again for %d endpoint.\n", "Event %s queued again for %d endpoints.\n", n), eid, n);
	return EXIT_OK;
}

static int run_sub(struct cli_sync *c, const char *sub, const char *arg, const char *events,
		   const char *endpoint, struct onr_error *err)
{
	bool need = strcmp(sub, "list") != 0;
	if (need == !arg)
		return cli_sync_usage(c, _("Usage: onramp webhooks add URL | list | remove ID | test ID | replay EVENT_ID."));
	if (!strcmp(sub, "add"))
		return add(c, arg, events, err);
	if (!strcmp(sub, "list"))
		return list(c, err);
	if (!strcmp(sub, "remove"))
		return remove_one(c, arg, err);
	if (!strcmp(sub, "enable"))
		return enable(c, arg, err);
	if (!strcmp(sub, "test"))
		return test(c, arg, err);
	if (!strcmp(sub, "replay"))
		return replay(c, arg, endpoint, err);
	return cli_sync_usage(c, _("Unknown subcommand: use add, list, remove, test, replay or listen."));
}

static int run_webhooks(const struct cli_args *a)
{
	struct cli_sync c;
	struct onr_error err;
	const char *events = cli_value(a, "--events"), *endpoint = cli_value(a, "--endpoint");
	int rc;

	error_clear(&err);
	if (cli_sync_from(&c, a, &rc) != 0)
		return rc;
	if (!c.id || c.nrest > 1)
		return cli_sync_usage(&c, _("Usage: onramp webhooks add URL | list | remove ID | test ID | replay EVENT_ID."));
	if (db_open(&c.db, &err) != 0)
		return print_fail(&err, c.json);
	rc = run_sub(&c, c.id, c.nrest ? c.rest[0] : NULL, events, endpoint, &err);
	if (rc == EXIT_STORE && err.exit)
		print_fail(&err, c.json);
	db_close(c.db);
	return rc;
}

static const struct cli_opt webhooks_opts[] = {
	{"--events", "LIST", N_("add: only these events (comma-separated; PREFIX.* too)")},
	{"--endpoint", "ID", N_("replay: to this endpoint only")},
	CLI_SYNC_OUT_OPTS,
	{NULL},
};

/* "onramp webhooks listen ..." goes to cmd_webhooks_listen_entry
 * (cli/main.c), which has options of its own. */
const struct cli_command cmd_webhooks_entry = {
	.name = "webhooks",
	.args = N_("a subcommand"),
	.usage = N_("onramp webhooks add URL [--events LIST] [--json]\n"
		 "onramp webhooks list [--json]\n"
		 "onramp webhooks remove ID | enable ID | test ID\n"
		 "onramp webhooks replay EVENT_ID [--endpoint ID]\n"
		 "onramp webhooks listen --secret-file F ...   the reference receiver"),
	.about = N_("Endpoints get every event (or those of --events: a comma-separated list of\n"
		 "connection.created, connection.reconnected, connection.disconnected,\n"
		 "connection.needs_attention, sync.completed, sync.failed,\n"
		 "purchase_order.created, purchase_order.updated, purchase_order.deleted,\n"
		 "endpoint.disabled, or PREFIX.* such as purchase_order.*), signed as\n"
		 "Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature).\n"
		 "add prints the endpoint's secret (whsec_...) once; it is kept sealed. onramp\n"
		 "agent or onramp serve delivers them: now, then 5 s, 5 min, 30 min, 2 h, 5 h,\n"
		 "10 h, 14 h, 20 h and 24 h later; 410 or 5 days of failures disable the endpoint\n"
		 "(enable turns it on again). list shows each\n"
		 "endpoint's pending, delivered and failed deliveries and its last answer."),
	.opts = webhooks_opts,
	.min_args = 0,
	.max_args = 2,
	.run = run_webhooks,
};
