/* cli_sync.c: shared by the sync commands (see cli_sync.h). */
#include "cli_sync.h"
#include "i18n.h"
#include "print.h"
#include "store.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

int cli_sync_usage(const struct cli_sync *c, const char *msg)
{
	struct cli_args a = *c->args;
	a.json = c->json || c->jsonl;
	return cli_usage(&a, NULL, "%s", msg);
}

int cli_sync_from(struct cli_sync *c, const struct cli_args *a, int *rc)
{
	const char *fd, *tick, *group;
	long n;
	memset(c, 0, sizeof(*c));
	c->args = a;
	c->cmd = a->cmd->name;
	c->pass.fd = -1;
	c->json = cli_flag(a, "--json");
	c->jsonl = cli_flag(a, "--jsonl");
	c->full = cli_flag(a, "--full");
	c->due = cli_flag(a, "--due");
	c->changes = cli_flag(a, "--changes");
	c->since = cli_value(a, "--since");
	c->pass.file = cli_value(a, "--passphrase-file");
	if ((fd = cli_value(a, "--passphrase-fd"))) {
		if (!cli_number(fd, 0, 1000000, &n))
			return *rc = cli_sync_usage(c, _("--passphrase-fd needs a file descriptor number.")), -1;
		c->pass.fd = (int)n;
	}
	if ((tick = cli_value(a, "--tick"))) {
		if (!cli_number(tick, 1, 86400, &n))
			return *rc = cli_sync_usage(c, _("--tick takes a number of seconds from 1 to 86400.")), -1;
		c->tick_s = n;
	}
	if ((group = cli_value(a, "--commit-every"))) {
		if (!cli_number(group, 1, 1000000, &n))
			return *rc = cli_sync_usage(c, _("--commit-every takes a number of orders from 1 to 1000000.")), -1;
		c->group = n;
	}
	if (a->npos > 0)
		c->id = a->pos[0];
	for (int i = 1; i < a->npos; i++) {
		if (c->nrest >= 4)
			return *rc = cli_sync_usage(c, _("Too many words.")), -1;
		c->rest[c->nrest++] = (char *)a->pos[i];
	}
	return 0;
}

static int cached_pass(void *ctx, const char *prompt, char *buf, size_t size)
{
	const struct cli_sync *c = ctx;
	(void)prompt;
	str_copy(buf, size, c->passphrase);
	return (int)strlen(buf);
}

static int read_pass_once(struct cli_sync *c, struct onr_error *err)
{
	size_t len;
	if (c->pass.fd < 0 && !c->pass.file)
		return 0;
	if (seal_pass_read(&c->pass, _("Passphrase of the secret key: "), &c->passphrase, &len, err) != 0)
		return -1;
	c->pass = (struct seal_pass){.fd = -1, .ask = cached_pass, .ctx = c};
	return 0;
}

int cli_sync_open(struct cli_sync *c, struct onr_error *err)
{
	int rc = EXIT_OK;
	if (read_pass_once(c, err) != 0)
		rc = err->exit ? err->exit : EXIT_STORE;
	else if (catalog_load_default(&c->cat, err) < 0 && !c->cat.n)
		rc = err->exit ? err->exit : EXIT_INPUT;
	else if (db_open(&c->db, err) != 0)
		rc = err->exit ? err->exit : EXIT_STORE;
	if (rc != EXIT_OK)
		cli_sync_close(c);
	return rc;
}

void cli_sync_close(struct cli_sync *c)
{
	if (c->passphrase)
		sodium_free(c->passphrase); /* wipes it */
	c->passphrase = NULL;
	db_close(c->db);
	c->db = NULL;
	catalog_free(&c->cat);
}

const char *cli_run_words(enum run_status s)
{
	return s == RUN_SYNCING ? _("still running") : run_status_words(s);
}

void cli_add_time(cJSON *o, const char *key, time_t t)
{
	char s[32];
	store_time_str(t, s);
	if (*s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

cJSON *cli_run_json(const struct db_run *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "run", (double)r->id);
	cJSON_AddStringToObject(o, "connection", r->conn);
	cJSON_AddStringToObject(o, "model", r->model);
	cJSON_AddBoolToObject(o, "full", r->full);
	cJSON_AddStringToObject(o, "status", run_status_name(r->status));
	cli_add_time(o, "started", r->started);
	cli_add_time(o, "finished", r->finished);
	cJSON_AddNumberToObject(o, "added", r->added);
	cJSON_AddNumberToObject(o, "updated", r->updated);
	cJSON_AddNumberToObject(o, "deleted", r->deleted);
	cJSON_AddNumberToObject(o, "pages", r->pages);
	if (r->error_code[0]) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "code", r->error_code);
		cJSON_AddStringToObject(e, "message", r->error_message);
		cJSON_AddItemToObject(o, "error", e);
	}
	return o;
}
