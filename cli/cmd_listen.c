/* cmd_listen.c: `onramp webhooks listen`: the reference receiver
 * (core/webhooks/receiver.h), with the polling fallback
 * (core/webhooks/wh_poll.h), in one event loop. */
#include "commands.h"
#include "i18n.h"
#include "cli_sync.h"
#include "paths.h"
#include "print.h"
#include "util.h"
#include "webhooks/wh_poll.h"
#include "webhooks/receiver.h"
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LISTEN_KEYS 4

struct listen {
	const char *listen, *secret_file, *db, *exec, *api, *token_file;
	long poll_s;
	bool status;
	char dbpath[PATHS_MAX];
	struct wh_key *keys[LISTEN_KEYS];
	size_t nkeys;
	char *token;
};

static volatile sig_atomic_t stop_flag;

static void on_stop(void *arg, int signo)
{
	(void)arg;
	(void)signo;
	stop_flag = 1;
}

static void log_line(void *arg, const char *line)
{
	(void)arg;
	fprintf(stderr, _("onramp webhooks listen: %s\n"), line);
}

static int parse(struct listen *o, const struct cli_args *a)
{
	long n;
	o->listen = cli_value(a, "--listen");
	o->secret_file = cli_value(a, "--secret-file");
	o->db = cli_value(a, "--db");
	o->exec = cli_value(a, "--exec");
	o->api = cli_value(a, "--api");
	o->token_file = cli_value(a, "--token-file");
	o->status = cli_flag(a, "--status");
	if (cli_value(a, "--poll")) {
		if (!cli_number(cli_value(a, "--poll"), 1, 86400 * 7, &n))
			return -1;
		o->poll_s = n;
	}
	return 0;
}

/* Every line of the secret file that is a key (sodium_malloc'd). */
static int load_keys(struct listen *o, struct onr_error *err)
{
	char *text = NULL, *save = NULL;
	size_t len;
	if (!o->secret_file || paths_read(o->secret_file, 64 * 1024, true, &text, &len, err) != 0) {
		if (!text && o->secret_file)
			paths_error(err, 2, _("Could not read \"%s\"."), o->secret_file);
		return -1;
	}
	for (char *line = strtok_r(text, "\r\n", &save); line && o->nkeys < LISTEN_KEYS;
	     line = strtok_r(NULL, "\r\n", &save)) {
		struct wh_key *k = wh_key_parse(line, strlen(line));
		if (k)
			o->keys[o->nkeys++] = k;
	}
	sodium_free(text);
	if (o->nkeys)
		return 0;
	error_set(err, EXIT_INPUT, "listen", "listen.no_secret", _("The secret file holds no webhook secret."),
		  _("Put the whsec_... secret that onramp webhooks add printed in it, one a line."), NULL);
	return -1;
}

static int read_token(struct listen *o, struct onr_error *err)
{
	size_t len;
	if (!o->api)
		return 0;
	if (!o->token_file || paths_read(o->token_file, 1024, true, &o->token, &len, err) != 0) {
		error_set(err, EXIT_USAGE, "listen", "listen.token", _("--api needs --token-file with the connection's token."),
			  _("Write the token that onramp connect printed to a file readable only by you."), NULL);
		return -1;
	}
	o->token[strcspn(o->token, " \r\n")] = 0;
	return 0;
}

static void on_polled(void *arg, int added, const char *error)
{
	struct receiver *rv = arg;
	if (error)
		fprintf(stderr, _("onramp webhooks listen: polling the API: %s\n"), error);
	if (added)
		receiver_kick(rv);
}

static int serve(struct listen *o, struct inbox *ib, struct onr_error *err)
{
	struct loop *l = loop_new();
	struct receiver_opts ro = {o->keys, o->nkeys, o->exec, log_line, NULL};
	struct receiver *rv = receiver_new(l, ib, &ro);
	struct httpd_opts ho = {
		.listen = o->listen ? o->listen : "127.0.0.1:8471", .body_max = 256 * 1024, .parking = true};
	struct httpd *h = httpd_start(l, &ho, receiver_handle, rv, err);
	struct poll *p = NULL;

	if (!h) {
		receiver_free(rv);
		loop_free(l);
		return err->exit ? err->exit : EXIT_NETWORK;
	}
	printf(_("onramp webhooks listen: listening on http://%.*s:%u\n"),
	       (int)(strrchr(ho.listen, ':') - ho.listen), ho.listen, httpd_port(h));
	fflush(stdout);
	if (o->api)
		p = poll_new(l, ib, o->api, o->token, (o->poll_s ? o->poll_s : 60) * 1000L, on_polled, rv);
	loop_on_signal(l, SIGINT, on_stop, NULL);
	loop_on_signal(l, SIGTERM, on_stop, NULL);
	while (!stop_flag)
		loop_once(l, 1000);
	poll_free(p);
	receiver_flush(rv);
	httpd_free(h);
	receiver_free(rv);
	loop_free(l);
	return EXIT_OK;
}

static int open_inbox(struct listen *o, struct inbox *ib, struct onr_error *err)
{
	if (o->db)
		str_copy(o->dbpath, sizeof(o->dbpath), o->db);
	else if (paths_data_dir(o->dbpath, sizeof(o->dbpath), true, err) != 0 ||
		 paths_join(o->dbpath, sizeof(o->dbpath), o->dbpath, "receiver.db") != 0)
		return -1;
	return inbox_open(ib, o->dbpath, err);
}

static int run_listen(const struct cli_args *a)
{
	struct listen o = {0};
	struct inbox ib;
	struct onr_error err;
	int rc = EXIT_OK;

	error_clear(&err);
	if (parse(&o, a) != 0)
		return cli_usage(a, NULL, _("--poll takes a number of seconds."));
	if (open_inbox(&o, &ib, &err) != 0)
		return print_fail(&err, false);
	if (o.status) {
		char *c = inbox_counters(&ib, false);
		fputs(c, stdout);
		free(c);
	} else if (load_keys(&o, &err) != 0 || read_token(&o, &err) != 0) {
		rc = print_fail(&err, false);
	} else {
		rc = serve(&o, &ib, &err);
		if (rc != EXIT_OK)
			print_fail(&err, false);
	}
	for (size_t i = 0; i < o.nkeys; i++)
		wh_key_free(o.keys[i]);
	if (o.token)
		sodium_free(o.token);
	inbox_close(&ib);
	return rc;
}

static const struct cli_opt listen_opts[] = {
	{"--secret-file", "F", N_("the webhook secrets (whsec_...), one a line")},
	{"--listen", "ADDR:PORT", N_("where to listen (127.0.0.1:8471)")},
	{"--db", "FILE", N_("its database ($XDG_DATA_HOME/onramp/receiver.db)")},
	{"--exec", "CMD", N_("gets each event's JSON on its standard input")},
	{"--api", "URL", N_("also read the API's change feed ...")},
	{"--token-file", "F", N_("... with the connection's token from F")},
	{"--poll", "SECONDS", N_("... every SECONDS (60)")},
	{"--status", NULL, N_("print the counters and exit")},
	{NULL},
};

/* Not in the table: cli/main.c runs it for "onramp webhooks listen". */
const struct cli_command cmd_webhooks_listen_entry = {
	.name = N_("webhooks listen"),
	.args = "nothing",
	.usage = N_("onramp webhooks listen --secret-file F [--listen 127.0.0.1:8471]\n"
		 "                       [--db FILE] [--exec CMD]\n"
		 "                       [--api URL --token-file F [--poll SECONDS]]\n"
		 "onramp webhooks listen --status [--db FILE]"),
	.about = N_("The reference receiver of onramp's webhooks. It verifies each webhook's\n"
		 "signature (any secret of --secret-file, one whsec_... a line, for rotation;\n"
		 "timestamps within 5 minutes), stores it in its own database and answers 200\n"
		 "right after that commit. Then it processes the events in order: --exec CMD\n"
		 "gets each event's JSON on its standard input (a failure is logged and counted;\n"
		 "the sender is not asked again). A webhook-id seen before is answered 200 and\n"
		 "not processed again; an event about a purchase order older than one already\n"
		 "processed is recorded and skipped. GET /metrics and --status show the\n"
		 "counters: received, duplicates, bad_signature, processed, process_failures,\n"
		 "out_of_order, polled. With --api and --token-file it also reads the API's\n"
		 "change feed at start and every --poll seconds (60), so missed webhooks are\n"
		 "caught up."),
	.opts = listen_opts,
	.min_args = 0,
	.max_args = 0,
	.flags = CLI_HIDDEN,
	.run = run_listen,
};
