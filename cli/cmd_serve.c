/* cmd_serve.c: `onramp serve`: the unified API (core/api/) with the
 * agent's work (due syncs, webhook deliveries) in one process and one
 * event loop. */
#include "commands.h"
#include "cli_service.h"
#include "cli_sync.h"
#include "report.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static const char serve_help[] =
	"usage: onramp serve [--listen 127.0.0.1:8470] [--tls-cert FILE --tls-key FILE]\n"
	"                    [--rate N] [--burst N] [--max-connections N] [--timeout SECONDS]\n"
	"                    [--tick SECONDS] [--passphrase-fd N | --passphrase-file FILE]\n"
	"\n"
	"Serves the synced purchase orders over HTTP to the holder of each connection's\n"
	"token (Authorization: Bearer onr_...; a token sees its own connection only),\n"
	"and does what onramp agent does: scheduled syncs and webhook deliveries.\n"
	"Routes: GET /v1/purchase-orders, /v1/purchase-orders/ID, /v1/connection,\n"
	"/v1/sync-status; POST /v1/sync, /v1/disconnect (docs/api.md).\n"
	"  --rate N, --burst N     requests per second per token (50), and the burst (100);\n"
	"                          above it: 429 with Retry-After\n"
	"  --max-connections N     open connections at most (256)\n"
	"  --timeout SECONDS       a client idle or slower than this is dropped (10)\n"
	"Listening on port 0 picks a free port; the first line printed names it.\n"
	"\n" CLI_EXIT_CODES;

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

int cmd_serve(int argc, char **argv)
{
	struct cli_serve s = {.http = {.listen = "127.0.0.1:8470"}};
	struct cli_sync c;
	struct onr_error err;
	char **rest = xcalloc((size_t)argc + 1, sizeof(char *));
	int n = 0, rc;

	error_clear(&err);
	for (int i = 0; i < argc; i++) {
		int took = i ? serve_option(&s, argv[i], i + 1 < argc ? argv[i + 1] : NULL) : 0;
		if (took < 0) {
			free(rest);
			struct cli_sync u = {.cmd = "serve"};
			return cli_usage(&u, "An option of onramp serve needs a valid value (see --help).");
		}
		if (took)
			i++;
		else
			rest[n++] = argv[i];
	}
	rc = cli_sync_parse(&c, n, rest, "--tick", serve_help, &rc) != 0 ? rc : -1;
	free(rest);
	if (rc >= 0)
		return rc;
	if (c.id)
		return cli_usage(&c, "onramp serve takes no connection id: each token names its own.");
	if (!s.http.cert_file != !s.http.key_file)
		return cli_usage(&c, "--tls-cert and --tls-key go together.");
	c.serve = &s;
	rc = cli_agent_main(&c, &err);
	return rc == EXIT_OK ? rc : (report_fail(&err, false), rc);
}
