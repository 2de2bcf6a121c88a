/* cmd_sync.c: `onramp sync ID [--full]`, `onramp sync --due` and
 * `onramp agent`: syncs run in one event loop (core/sync/). */
#include "commands.h"
#include "i18n.h"
#include "cli_sync.h"
#include "cli_service.h"
#include "lifecycle.h"
#include "print.h"
#include "report_json.h"
#include "sync/agent.h"
#include "sync/claim.h"
#include "util.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define AGENT_TICK_MS 15000 /* how often the agent looks for due syncs */

static volatile sig_atomic_t stop_flag;

static void on_stop(void *arg, int signo)
{
	(void)arg;
	(void)signo;
	stop_flag = 1;
}

static void on_page(void *arg, struct sync *s)
{
	const struct cli_sync *c = arg;
	if (c->progress) {
		fputc('\r', stderr);
		fprintf(stderr, _("Syncing %s: %ld orders read, %d pages saved "), sync_run(s)->conn,
			sync_records(s), sync_run(s)->pages);
	}
}

/* One line, or with --json one object: the run, "ok", and on failure the
 * full error (the same words as everywhere, hint included). */
static void print_run(struct cli_sync *c, const struct db_run *r, const struct onr_error *err)
{
	if (c->json) {
		cJSON *j = cli_run_json(r);
		/* this run's own figure: orders unchanged by their source bytes */
		cJSON_AddNumberToObject(j, "skipped", r->skipped);
		cJSON_AddBoolToObject(j, "ok", !err);
		if (err) {
			cJSON_DeleteItemFromObjectCaseSensitive(j, "error");
			cJSON_AddItemToObject(j, "error", report_error_json(err));
		}
		print_json(j);
		c->reported = true;
		return;
	}
	if (c->progress)
		fputs("\r\033[K", stderr);
	printf(NG_("%s %s: %s, %d added, %d updated, %d deleted (%d page, %ld s).\n",
		   "%s %s: %s, %d added, %d updated, %d deleted (%d pages, %ld s).\n", r->pages), r->conn,
	       r->full ? _("full sync") : _("sync"), cli_run_words(r->status), r->added, r->updated, r->deleted,
	       r->pages, (long)(r->finished - r->started));
}

/* Runs the loop until done() or a stop signal. */
static void run_loop(struct loop *l, bool (*done)(void *), void *arg, int tick_ms)
{
	loop_on_signal(l, SIGINT, on_stop, NULL);
	loop_on_signal(l, SIGTERM, on_stop, NULL);
	while (!stop_flag && !done(arg))
		loop_once(l, tick_ms);
}

struct one {
	struct sync *s;
	struct sync_claim claim;
};

/* Checked each loop turn: keeps the claim while the run goes on. */
static bool sync_finished(void *arg)
{
	struct one *o = arg;
	sync_claim_keep(&o->claim, time(NULL));
	return sync_done(o->s);
}

static int sync_one(struct cli_sync *c, struct loop *l, struct onr_error *err)
{
	struct sync_opts o = {.full = c->full, .pass = &c->pass, .group = (int)c->group, .on_page = on_page,
			      .arg = c};
	struct one one;
	struct sync *s;
	int rc = sync_claim_take(&one.claim, c->db, c->id, err);

	if (rc != 0)
		return err->exit ? err->exit : EXIT_STORE;
	if (!(s = one.s = sync_start(l, c->db, &c->cat, c->id, &o, err))) {
		sync_claim_end(&one.claim);
		return err->exit ? err->exit : EXIT_STORE;
	}
	run_loop(l, sync_finished, &one, 1000);
	if (!sync_done(s)) {
		sync_free(s); /* Ctrl-C: recorded as stopped */
		sync_claim_end(&one.claim);
		error_set(err, EXIT_CANCELLED, "sync", "cancelled.by_user", _("The sync was cancelled."),
			  _("What was saved before stays; the next sync starts from the last saved point."), NULL);
		return EXIT_CANCELLED;
	}
	print_run(c, sync_run(s), sync_error(s));
	rc = sync_error(s) ? sync_error(s)->exit : EXIT_OK;
	if (rc != EXIT_OK) {
		*err = *sync_error(s);
		rc = rc ? rc : EXIT_API;
	}
	sync_free(s);
	sync_claim_end(&one.claim);
	return rc;
}

struct due {
	struct cli_sync *c;
	struct agent *a;
	int worst;
};

static void on_run(void *arg, struct sync *s, const char *id, const struct onr_error *err)
{
	struct due *d = arg;
	if (s) {
		print_run(d->c, sync_run(s), sync_error(s));
		if (sync_error(s))
			d->worst = sync_error(s)->exit ? sync_error(s)->exit : EXIT_API;
		return;
	}
	fprintf(stderr, _("onramp: %s: %s\n%s\n"), id, err->message, err->hint);
	d->worst = err->exit ? err->exit : EXIT_STORE;
}

static bool agent_done(void *arg)
{
	return agent_idle(((struct due *)arg)->a);
}

static bool never(void *arg)
{
	(void)arg;
	return false;
}

static void tick(void *arg);

static void schedule_tick(struct due *d, struct loop *l)
{
	loop_after(l, d->c->tick_s ? d->c->tick_s * 1000L : AGENT_TICK_MS, tick, d);
}

static void tick(void *arg)
{
	struct due *d = arg;
	struct onr_error err;
	if (agent_tick(d->a, &err) != 0)
		fprintf(stderr, _("onramp agent: %s\n%s\n"), err.message, err.hint);
	schedule_tick(d, d->c->loop);
}

/* --due once, or the agent for ever. */
static int run_agent(struct cli_sync *c, struct loop *l, bool forever, struct onr_error *err)
{
	struct due d = {.c = c, .worst = EXIT_OK};
	c->loop = l;
	d.a = agent_new(l, c->db, &c->cat, &c->pass, on_run, &d);
	/* the tests' short claims (seconds): a SIGKILLed agent's work is
	 * taken over within the test's time */
	if (getenv("ONRAMP_LEASE_S"))
		agent_set_lease(d.a, atol(getenv("ONRAMP_LEASE_S")));
	if (agent_tick(d.a, err) != 0) {
		agent_free(d.a);
		return err->exit;
	}
	if (forever) {
		struct cli_service svc;
		int rc = cli_service_start(&svc, c, l, d.a, c->serve, err);
		if (rc != EXIT_OK) {
			agent_free(d.a);
			return rc;
		}
		schedule_tick(&d, l);
		run_loop(l, never, &d, 1000);
		cli_service_stop(&svc);
	} else {
		run_loop(l, agent_done, &d, 1000);
	}
	agent_free(d.a);
	return forever ? EXIT_OK : d.worst;
}

static int run(struct cli_sync *c, bool agent, struct onr_error *err)
{
	struct rlimit none = {0, 0};
	struct loop *l;
	int rc;

	setrlimit(RLIMIT_CORE, &none); /* sealed credentials get opened here */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (!lifecycle_can_open(err))
		return err->exit ? err->exit : EXIT_STORE;
	if ((rc = cli_sync_open(c, err)) != EXIT_OK)
		return rc;
	c->progress = !c->json && !agent && isatty(STDERR_FILENO);
	l = loop_new();
	if (agent || c->due)
		rc = run_agent(c, l, agent, err);
	else
		rc = sync_one(c, l, err);
	loop_free(l);
	cli_sync_close(c);
	return rc;
}

static int run_sync(const struct cli_args *a)
{
	struct cli_sync c;
	struct onr_error err;
	int rc;

	error_clear(&err);
	if (cli_sync_from(&c, a, &rc) != 0)
		return rc;
	if (!c.due == !c.id || (c.due && c.full) || c.nrest)
		return cli_sync_usage(&c, _("Name one connection (onramp sync ID [--full]) or use --due."));
	rc = run(&c, false, &err);
	/* --due said what failed, connection by connection */
	return rc == EXIT_OK || c.reported || (c.due && !err.exit) ? rc : (print_fail(&err, c.json), rc);
}

int cli_agent_cmd(const struct cli_args *a, const struct cli_serve *serve)
{
	struct cli_sync c;
	struct onr_error err;
	int rc;

	error_clear(&err);
	if (cli_sync_from(&c, a, &rc) != 0)
		return rc;
	c.serve = serve;
	rc = run(&c, true, &err);
	return rc == EXIT_OK ? rc : (print_fail(&err, c.json), rc);
}

static int run_agent_cmd(const struct cli_args *a)
{
	return cli_agent_cmd(a, NULL);
}

static const struct cli_opt sync_opts[] = {
	{"--full", NULL, N_("everything; what the system no longer has is deleted")},
	{"--due", NULL, N_("every scheduled sync that is due, once")},
	{"--commit-every", "N", N_("commit whole pages every N orders (2000) or 1 s")},
	CLI_SYNC_OUT_OPTS,
	CLI_SYNC_PASS_OPTS,
	{NULL},
};

const struct cli_command cmd_sync_entry = {
	.name = "sync",
	.args = N_("the connection id"),
	.usage = N_("onramp sync ID [--full] [--json] [--commit-every N]\n"
		 "onramp sync --due [--json]\n"
		 "            (both: [--passphrase-fd N | --passphrase-file FILE])"),
	.about = N_("Syncs a connection's purchase orders into onramp's database now: what changed\n"
		 "since the last sync (5 minutes of overlap), or with --full everything, marking\n"
		 "as deleted what the system no longer has. Every change goes to the history\n"
		 "(onramp history ID --changes). --due runs every scheduled sync that is due,\n"
		 "once (for cron or a systemd timer). Needs the secret key: a kiosk cannot sync."),
	.opts = sync_opts,
	.min_args = 0,
	.max_args = 1,
	.run = run_sync,
};

static const struct cli_opt agent_opts[] = {
	CLI_AGENT_OPTS,
	{NULL},
};

const struct cli_command cmd_agent_entry = {
	.name = "agent",
	.args = "nothing",
	.usage = "onramp agent " CLI_AGENT_USAGE,
	.about = N_("Runs the scheduled syncs as they fall due, several connections at once, and\n"
		 "delivers the webhooks (onramp webhooks --help), until\n"
		 "stopped (SIGTERM or Ctrl-C; a running sync is then recorded as stopped and\n"
		 "resumes from its last saved point next time). A passphrase-protected secret\n"
		 "key is unlocked once at start, from the file or descriptor given (systemd's\n"
		 "LoadCredential= fits), never from the command line or the environment.\n"
		 "--tick: how often it looks for due syncs (default 15 s)."),
	.opts = agent_opts,
	.min_args = 0,
	.max_args = 0,
	.run = run_agent_cmd,
};
