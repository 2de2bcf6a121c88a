/* wh_status.h: the webhook side of one connection, as the Manage screen
 * shows it: every endpoint (endpoints get the events of all connections)
 * and the deliveries of this connection's events that are failing, each
 * in plain words with the next step (docs/design.md 4). Everything comes
 * from the store (db_webhooks.h, db_outbox.h); nothing here sends. */
#ifndef ONRAMP_WH_STATUS_H
#define ONRAMP_WH_STATUS_H
#include "store/db_outbox.h"
#include "store/db_webhooks.h"

#define WH_STATUS_MAX_FAILING 20

struct wh_status {
	struct db_endpoint *ep;
	size_t nep;
	struct db_failing *fail; /* newest first, at most WH_STATUS_MAX_FAILING */
	size_t nfail;
	long total_failing;     /* all of them */
	long endpoints_failing; /* enabled and failing, or disabled */
};

int wh_status_load(struct db *db, const char *conn, struct wh_status *out, struct onr_error *err);
void wh_status_free(struct wh_status *s);

/* One line each: what is the case (what) and what to do ("" when nothing
 * is to be done). Text that came from a server is cleaned. */
struct wh_words {
	char what[512], todo[384];
	bool bad;
};
void wh_endpoint_words(const struct db_endpoint *e, time_t now, struct wh_words *w);
void wh_failing_words(const struct db_failing *f, time_t now, struct wh_words *w);
#endif
