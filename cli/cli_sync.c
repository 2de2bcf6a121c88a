/* cli_sync.c: shared by the sync commands (see cli_sync.h). */
#include "cli_sync.h"
#include "report.h"
#include "store.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

int cli_usage(const struct cli_sync *c, const char *msg)
{
	struct onr_error err;
	char hint[96];
	str_fmt(hint, sizeof(hint), "See \"onramp %s --help\".", c->cmd ? c->cmd : "COMMAND");
	error_set(&err, EXIT_USAGE, "usage", "usage.invalid", msg, hint, NULL);
	return report_fail(&err, c->json || c->jsonl);
}

/* One option; 1 when it took the next argument, -1 when unknown. */
static int option(struct cli_sync *c, const char *a, const char *next, const char *allowed)
{
	if (!strcmp(a, "--json") || !strcmp(a, "--jsonl"))
		return (a[6] ? (c->jsonl = true) : (c->json = true)), 0;
	if (!strcmp(a, "--passphrase-file") && next)
		return c->pass.file = next, 1;
	if (!strcmp(a, "--passphrase-fd") && next && *next) {
		char *end;
		long fd = strtol(next, &end, 10);
		if (*end || fd < 0 || fd > 1000000)
			return -1;
		return c->pass.fd = (int)fd, 1;
	}
	if (!str_has_word(allowed, a))
		return -1;
	if (!strcmp(a, "--since"))
		return next ? (c->since = next, 1) : -1;
	if (!strcmp(a, "--tick"))
		return next && (c->tick_s = strtol(next, NULL, 10)) > 0 && c->tick_s <= 86400 ? 1 : -1;
	if (!strcmp(a, "--full"))
		c->full = true;
	else if (!strcmp(a, "--due"))
		c->due = true;
	else if (!strcmp(a, "--changes"))
		c->changes = true;
	return 0;
}

int cli_sync_parse(struct cli_sync *c, int argc, char **argv, const char *allowed,
		   const char *help, int *rc)
{
	char msg[200];
	memset(c, 0, sizeof(*c));
	c->cmd = argv[0];
	c->pass.fd = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(help, stdout);
			return *rc = EXIT_OK, -1;
		}
		if (a[0] == '-' && a[1]) {
			int took = option(c, a, i + 1 < argc ? argv[i + 1] : NULL, allowed);
			if (took < 0) {
				str_fmt(msg, sizeof(msg), "Unexpected option \"%s\" (or it needs a value).", a);
				return *rc = cli_usage(c, msg), -1;
			}
			i += took;
		} else if (!c->id) {
			c->id = a;
		} else if (c->nrest < 4) {
			c->rest[c->nrest++] = argv[i];
		} else {
			return *rc = cli_usage(c, "Too many words."), -1;
		}
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
	if (seal_pass_read(&c->pass, "Passphrase of the secret key: ", &c->passphrase, &len, err) != 0)
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
	static const char *const words[] = {"still running", "done", "failed", "partially synced",
					    "cancelled"};
	return s <= RUN_CANCELLED ? words[s] : "failed";
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
