/* cli_service.c: see cli_service.h. */
#include "cli_service.h"
#include "i18n.h"
#include "config.h"
#include "relay.h"
#include "store/db_api.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ONRAMP_WEBHOOK_SCALE shrinks the retry schedule for tests (not a secret,
 * so the environment is fine). */
static double retry_scale(void)
{
	const char *v = getenv("ONRAMP_WEBHOOK_SCALE");
	double s = v ? strtod(v, NULL) : 1.0;
	return s > 0 && s <= 1.0 ? s : 1.0;
}

int cli_service_start(struct cli_service *s, struct cli_sync *c, struct loop *l, struct agent *a,
		      const struct cli_serve *serve, struct onr_error *err)
{
	struct config cfg;
	struct dispatch_opts dop = {.scale = retry_scale(), .tick_ms = retry_scale() < 1 ? 200 : 1000};

	memset(s, 0, sizeof(*s));
	if (config_load(&cfg, err) != 0 || seal_load_secret(cfg.secret_key, &c->pass, &s->kp, err) != 0)
		return err->exit ? err->exit : EXIT_STORE;
	s->disp = dispatch_new(l, c->db, s->kp, &dop);
	if (!serve)
		return EXIT_OK;
	db_api_tune(c->db, err);
	struct api_opts ao = {.db = c->db, .agent = a, .rate_per_s = serve->rate, .rate_burst = serve->burst};
	s->api = api_new(&ao);
	relay_setup(l, c->db, s->kp); /* the kiosks' sign-in relay (core/kiosk/relay.h) */
	if (!(s->httpd = httpd_start(l, &serve->http, api_handle, s->api, err))) {
		cli_service_stop(s);
		return err->exit ? err->exit : EXIT_NETWORK;
	}
	printf(_("onramp serve: listening on %s://%.*s:%u\n"), serve->http.cert_file ? "https" : "http",
	       (int)(strrchr(serve->http.listen, ':') - serve->http.listen), serve->http.listen,
	       httpd_port(s->httpd));
	fflush(stdout);
	return EXIT_OK;
}

void cli_service_stop(struct cli_service *s)
{
	httpd_free(s->httpd);
	api_free(s->api);
	relay_shutdown();
	dispatch_free(s->disp);
	seal_keypair_free(s->kp);
	memset(s, 0, sizeof(*s));
}
