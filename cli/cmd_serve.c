/* cmd_serve.c: `onramp serve`: the unified API (core/api/) with the
 * agent's work (due syncs, webhook deliveries) in one process and one
 * event loop. */
#include "commands.h"
#include "i18n.h"
#include "cli_service.h"
#include "cli_sync.h"
#include "print.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

/* One serve option; 1 when it took its value, 0 when not ours, -1 bad. */
static int serve_option(struct cli_serve *s, const char *a, const char *v)
{
	char *end;
	double n;
	if (strcmp(a, "--listen") && strcmp(a, "--tls-cert") && strcmp(a, "--tls-key") &&
	    strcmp(a, "--rate") && strcmp(a, "--burst") && strcmp(a, "--max-connections") &&
	    strcmp(a, "--timeout"))
		return 0;
	if (!v)
		return -1;
	if (!strcmp(a, "--listen"))
		return s->http.listen = v, 1;
	if (!strcmp(a, "--tls-cert"))
		return s->http.cert_file = v, 1;
	if (!strcmp(a, "--tls-key"))
		return s->http.key_file = v, 1;
	n = strtod(v, &end);
	if (*end || end == v || n < 1 || n > 1e6)
		return -1;
	if (!strcmp(a, "--rate"))
		s->rate = n;
	else if (!strcmp(a, "--burst"))
		s->burst = n;
	else if (!strcmp(a, "--max-connections"))
		s->http.conn_limit = (unsigned)n;
	else
		s->http.timeout_s = (unsigned)n;
	return 1;
}

static int run_serve(const struct cli_args *a)
{
	struct cli_serve s = {.http = {.listen = "127.0.0.1:8470"}};

	for (int i = 0; i < a->ngiven; i++)
		if (serve_option(&s, a->given[i].opt->name, a->given[i].value) < 0)
			return cli_usage(a, NULL, _("An option of onramp serve needs a valid value (see --help)."));
	if (!s.http.cert_file != !s.http.key_file)
		return cli_usage(a, NULL, _("--tls-cert and --tls-key go together."));
	return cli_agent_cmd(a, &s);
}

static const struct cli_opt serve_opts[] = {
	{"--listen", "ADDR:PORT", N_("where to listen (127.0.0.1:8470; port 0: any free one)")},
	{"--tls-cert", "FILE", N_("serve HTTPS with this certificate (PEM) ...")},
	{"--tls-key", "FILE", N_("... and this key")},
	{"--rate", "N", N_("requests a second per token (50), then 429")},
	{"--burst", "N", N_("the burst above the rate (100)")},
	{"--max-connections", "N", N_("open connections at most (256)")},
	{"--timeout", "SECONDS", N_("a client idle or slower than this is dropped (10)")},
	CLI_AGENT_OPTS,
	{NULL},
};

const struct cli_command cmd_serve_entry = {
	.name = "serve",
	.args = "nothing",
	.usage = "onramp serve [--listen 127.0.0.1:8470]\n"
		 "             [--tls-cert FILE --tls-key FILE] [--rate N] [--burst N]\n"
		 "             [--max-connections N] [--timeout SECONDS]\n"
		 "             " CLI_AGENT_USAGE,
	.about = N_("Serves the synced purchase orders over HTTP to the holder of each connection's\n"
		 "token (Authorization: Bearer onr_...; a token sees its own connection only),\n"
		 "and does what onramp agent does: scheduled syncs and webhook deliveries.\n"
		 "Routes: GET /v1/purchase-orders, /v1/purchase-orders/ID, /v1/connection,\n"
		 "/v1/sync-status; POST /v1/sync, /v1/disconnect (docs/api.md).\n"
		 "Listening on port 0 picks a free port; the first line printed names it."),
	.opts = serve_opts,
	.min_args = 0,
	.max_args = 0,
	.run = run_serve,
};
