/* cli_service.h: what `onramp agent` and `onramp serve` run beside the
 * scheduled syncs in the same event loop: the webhook dispatcher (both),
 * and the API's HTTP server (serve only). */
#ifndef ONRAMP_CLI_SERVICE_H
#define ONRAMP_CLI_SERVICE_H
#include "api/api.h"
#include "api/httpd.h"
#include "cli_sync.h"
#include "sync/agent.h"
#include "webhooks/dispatch.h"

struct cli_serve {
	struct httpd_opts http;
	double rate, burst;
};

struct cli_service {
	struct seal_keypair *kp;
	struct dispatch *disp;
	struct api *api;
	struct httpd *httpd;
};

/* serve NULL: the dispatcher only. Prints the address served on stdout. */
int cli_service_start(struct cli_service *s, struct cli_sync *c, struct loop *l, struct agent *a,
		      const struct cli_serve *serve, struct onr_error *err);
void cli_service_stop(struct cli_service *s);
#endif
