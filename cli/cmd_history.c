/* cmd_history.c: `onramp history ID`, `onramp syncs ID` and
 * `onramp schedule ID every ...`: what syncs kept, how they went, when
 * they run. history and syncs work on a disconnected connection too: its
 * data stays until purge. */
#include "commands.h"
#include "i18n.h"
#include "cli_sync.h"
#include "data/reader.h"
#include "lifecycle.h"
#include "print.h"
#include "sync/sync.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
	const struct cli_sync *c;
	long n;
	time_t since;
};

static cJSON *rec_json(const struct rec *r, bool change)
{
	cJSON *o = cJSON_CreateObject(), *data = cJSON_Parse(r->json);
	if (change) {
		cJSON_AddNumberToObject(o, "seq", (double)r->seq);
		cli_add_time(o, "at", r->at);
		cJSON_AddStringToObject(o, "action", rec_action_name(r->action));
	}
	cJSON_AddStringToObject(o, "model", r->model);
	cJSON_AddStringToObject(o, "remote_id", r->remote_id);
	if (!change) {
		cJSON_AddStringToObject(o, "last_action", rec_action_name(r->action));
		cli_add_time(o, "first_seen_at", r->first_seen);
		cli_add_time(o, "last_modified_at", r->last_modified);
		cli_add_time(o, "deleted_at", r->deleted_at);
	}
	cJSON_AddStringToObject(o, "raw_status", r->raw_status);
	cJSON_AddStringToObject(o, "hash", r->hash);
	cJSON_AddItemToObject(o, "data", data ? data : cJSON_CreateNull());
	return o;
}

static const struct print_col changes_head[] = {
	{N_("SEQ"), 8, false, 1},	{N_("AT"), 20, false, 1}, {N_("ACTION"), 8, false, 1},
	{N_("NUMBER"), 14, false, 1}, {N_("SYSTEM STATUS"), 0, false, 0}, {NULL}};
static const struct print_col records_head[] = {
	{N_("NUMBER"), 14, false, 1},	      {N_("LAST"), 8, false, 1}, {N_("SYSTEM STATUS"), 14, false, 1},
	{N_("LAST CHANGED"), 20, false, 1}, {NULL}};

static void text_row(const struct rec *r, bool change)
{
	char t[32], num[64] = "-";
	cJSON *d = cJSON_Parse(r->json);
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(d, "number");
	if (cJSON_IsString(n))
		str_clean(num, sizeof(num), n->valuestring, strlen(n->valuestring));
	cJSON_Delete(d);
	if (change) {
		store_time_str(r->at, t);
		printf("%-8lld %-20s %-8s %-14s %s\n", r->seq, t, rec_action_name(r->action), num, r->raw_status);
	} else {
		store_time_str(r->last_modified, t);
		printf("%-14s %-8s %-14s %-20s %s\n", num, rec_action_name(r->action), r->raw_status, t,
		       r->deleted_at ? _("deleted") : "");
	}
}

static int emit(void *arg, const struct rec *r, bool change)
{
	struct out *o = arg;
	if (!change && o->since && r->last_modified < o->since)
		return 0;
	if (o->c->json || o->c->jsonl) {
		cJSON *j = rec_json(r, change);
		char *s = cJSON_PrintUnformatted(j);
		printf("%s%s%s", o->c->json ? (o->n ? ",\n" : "[\n") : "", s ? s : "{}", o->c->jsonl ? "\n" : "");
		free(s);
		cJSON_Delete(j);
	} else {
		if (!o->n)
			print_head(stdout, change ? changes_head : records_head);
		text_row(r, change);
	}
	o->n++;
	return 0;
}

static int emit_record(void *arg, const struct rec *r)
{
	return emit(arg, r, false);
}

static int emit_change(void *arg, const struct rec *r)
{
	return emit(arg, r, true);
}

/* --since: a seq (digits) or a time. */
static int since_arg(const char *s, long long *seq, time_t *t)
{
	struct tm tm = {0};
	char *end;
	*seq = 0;
	*t = 0;
	if (!s)
		return 0;
	if (*s >= '0' && *s <= '9' && !strchr(s, '-')) {
		*seq = strtoll(s, &end, 10);
		return *end ? -1 : 0;
	}
	if (sscanf(s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return -1;
	sscanf(s + 10, "T%2d:%2d:%2d", &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = timegm(&tm);
	return *t > 0 ? 0 : -1;
}

/* Opens the database and checks the connection exists (active or not). */
static int open_conn(struct cli_sync *c, struct conn *info, struct onr_error *err)
{
	if (!c->id)
		return cli_sync_usage(c, _("Name the connection: its id (onramp list shows them).")), EXIT_USAGE;
	if (lifecycle_get(c->id, info, err) != 0)
		return err->exit;
	if (db_open(&c->db, err) != 0) {
		conn_free(info);
		return err->exit;
	}
	return EXIT_OK;
}

static int run_history(const struct cli_args *a)
{
	struct cli_sync c;
	struct onr_error err;
	struct conn info;
	long long seq;
	int rc;

	error_clear(&err);
	if (cli_sync_from(&c, a, &rc) != 0)
		return rc;
	struct out o = {.c = &c};
	if (since_arg(c.since, &seq, &o.since) != 0 || (seq && !c.changes))
		return cli_sync_usage(&c, _("--since takes a seq (with --changes) or a time: 2026-03-01 or "
					 "2026-03-01T08:00:00Z."));
	if (c.nrest)
		return cli_sync_usage(&c, _("onramp history takes one connection id."));
	if ((rc = open_conn(&c, &info, &err)) != EXIT_OK)
		return rc == EXIT_USAGE ? rc : print_fail(&err, c.json);
	rc = c.changes ? db_history_each(c.db, c.id, seq, o.since, emit_change, &o, &err)
		       : db_records_each(c.db, c.id, emit_record, &o, &err);
	if (c.json && rc == 0)
		fputs(o.n ? "\n]\n" : "[]\n", stdout);
	else if (!c.json && !c.jsonl && rc == 0 && !o.n)
		printf(_("Nothing synced%s yet for %s.\n"), c.since ? _(" in that range") : "", c.id);
	db_close(c.db);
	conn_free(&info);
	return rc == 0 ? EXIT_OK : print_fail(&err, c.json);
}

static void print_runs(const struct conn *info, const struct db_run *v, size_t n)
{
	char t[32];
	store_time_str(info->next_sync, t);
	if (*info->schedule) /* "every 15m", "hourly" or "daily", as scheduled */
		printf(_("%1$s (%2$s): syncs %3$s, next due %4$s\n"), info->id, info->system, info->schedule, t);
	else
		printf(_("%1$s (%2$s): no scheduled syncs\n"), info->id, info->system);
	if (*info->attention)
		printf(_("Needs attention: %s\n"), info->attention);
	if (!n) {
		puts(_("No syncs yet."));
		return;
	}
	static const struct print_col head[] = {
		{N_("RUN"), 6, false, 1},    {N_("STARTED"), 20, false, 1}, {N_("KIND"), 12, false, 1},
		{N_("STATUS"), 17, false, 1}, {N_("ADDED"), 5, true, 1},    {N_("UPDATED"), 7, true, 1},
		{N_("DELETED"), 7, true, 2}, {N_("ERROR"), 0, false, 0},    {NULL}};
	print_head(stdout, head);
	for (size_t i = 0; i < n; i++) {
		store_time_str(v[i].started, t);
		printf("%-6lld %-20s ", v[i].id, t);
		print_padded(stdout, v[i].full ? _("full") : _("incremental"), 12, false);
		printf(" %-17s %5d %7d %7d  %s\n", run_status_name(v[i].status), v[i].added, v[i].updated,
		       v[i].deleted, v[i].error_message);
	}
}

static int run_syncs(const struct cli_args *args)
{
	struct cli_sync c;
	struct onr_error err;
	struct conn info;
	struct db_run *v = NULL;
	size_t n = 0;
	int rc;

	error_clear(&err);
	if (cli_sync_from(&c, args, &rc) != 0)
		return rc;
	if ((rc = open_conn(&c, &info, &err)) != EXIT_OK)
		return rc == EXIT_USAGE ? rc : print_fail(&err, c.json);
	rc = db_runs_list(c.db, c.id, 20, &v, &n, &err);
	if (rc == 0 && c.json) {
		cJSON *a = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(a, cli_run_json(&v[i]));
		print_json(a);
	} else if (rc == 0) {
		print_runs(&info, v, n);
	}
	free(v);
	db_close(c.db);
	conn_free(&info);
	return rc == 0 ? EXIT_OK : print_fail(&err, c.json);
}

/* Can this connection sync here at all? */
static int can_sync(const struct conn *info, struct onr_error *err)
{
	char msg[256];
	if (!reader_for(info->system)) {
		str_fmt(msg, sizeof(msg), _("onramp cannot read purchase orders from %s yet, so it cannot sync it."),
			info->system);
		error_set(err, EXIT_INPUT, "sync", "data.no_reader", msg,
			  _("Its connection works for everything else; syncs come with a reader for it."), NULL);
		return -1;
	}
	if (!lifecycle_can_open(err)) {
		str_copy(err->message, sizeof(err->message),
			 _("This machine cannot sync: it has no secret key to open the sealed credentials (a kiosk)."));
		str_copy(err->hint, sizeof(err->hint),
			 _("Schedule syncs on the machine that holds the secret key, where \"onramp agent\" runs."));
		return -1;
	}
	return 0;
}

static int run_schedule(const struct cli_args *a)
{
	struct cli_sync c;
	struct onr_error err;
	struct conn info;
	char sched[16];
	int rc;

	error_clear(&err);
	if (cli_sync_from(&c, a, &rc) != 0)
		return rc;
	if (!c.id || schedule_parse(c.nrest, c.rest, sched) != 0)
		return cli_sync_usage(&c, _("Say how often: onramp schedule ID every 15m|hourly|daily, or off."));
	if (lifecycle_get(c.id, &info, &err) != 0)
		return print_fail(&err, c.json);
	if ((*sched && can_sync(&info, &err) != 0) || lifecycle_set_schedule(c.id, sched, &err) != 0) {
		conn_free(&info);
		return print_fail(&err, c.json);
	}
	if (c.json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddBoolToObject(j, "ok", true);
		cJSON_AddStringToObject(j, "id", c.id);
		cJSON_AddStringToObject(j, "schedule", sched);
		print_json(j);
	} else if (*sched) {
		printf(_("%s (%s) syncs %s%s. The first sync is due now: \"onramp agent\" runs it, or "
		       "\"onramp sync --due\" from cron.\n"), c.id, info.system, strcmp(sched, "15m") ? "" : _("every "),
		       sched);
	} else {
		printf(_("%s (%s) no longer syncs by itself. \"onramp sync %s\" still syncs it now.\n"), c.id,
		       info.system, c.id);
	}
	conn_free(&info);
	return EXIT_OK;
}

static const struct cli_opt history_opts[] = {
	{"--json", NULL, N_("one JSON array")},
	{"--jsonl", NULL, N_("one JSON object a line")},
	{"--since", "SEQ|TIME", N_("after this seq (with --changes), or changed at or after TIME")},
	{"--changes", NULL, N_("the change log: one entry per change, numbered by seq")},
	{NULL},
};

const struct cli_command cmd_history_entry = {
	.name = "history",
	.flags = CLI_LAZY_NET, /* reads and writes the store only */
	.args = N_("the connection id"),
	.usage = N_("onramp history ID [--json | --jsonl] [--since SEQ|TIME] [--changes]"),
	.about = N_("The purchase orders synced through a connection, as last seen: each with its\n"
		 "last action (added, updated, deleted), when it was first seen and last changed,\n"
		 "and the system's own status. --changes shows the change log instead: one entry\n"
		 "per change, numbered by seq, which only ever grows (--since SEQ continues after\n"
		 "one). --since TIME (2026-03-01 or 2026-03-01T08:00:00Z) keeps what changed at or\n"
		 "after it. Works on a disconnected connection until it is purged."),
	.opts = history_opts,
	.min_args = 0,
	.max_args = 1,
	.run = run_history,
};

static const struct cli_opt syncs_opts[] = {CLI_SYNC_OUT_OPTS, {NULL}};

const struct cli_command cmd_syncs_entry = {
	.name = "syncs",
	.flags = CLI_LAZY_NET, /* reads and writes the store only */
	.args = N_("the connection id"),
	.usage = N_("onramp syncs ID [--json]"),
	.about = N_("The connection's recent sync runs, newest first: when, full or not, status\n"
		 "(SYNCING, DONE, FAILED, PARTIALLY_SYNCED, CANCELLED), what changed and the\n"
		 "error."),
	.opts = syncs_opts,
	.min_args = 0,
	.max_args = 1,
	.run = run_syncs,
};

const struct cli_command cmd_schedule_entry = {
	.name = "schedule",
	.flags = CLI_LAZY_NET, /* reads and writes the store only */
	.args = N_("the connection id and how often"),
	.usage = N_("onramp schedule ID every 15m|hourly|daily | off [--json]"),
	.about = N_("Sets when the connection syncs by itself (\"onramp agent\", or \"onramp sync\n"
		 "--due\" from cron). A new schedule's first sync is due at once. A machine\n"
		 "without the secret key (a kiosk) cannot sync, so it cannot schedule either."),
	.opts = syncs_opts,
	.min_args = 0,
	.max_args = 5,
	.run = run_schedule,
};
