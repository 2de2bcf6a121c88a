/* outbox.h: the kiosk's deliveries that have not reached the platform yet.
 *
 * $XDG_DATA_HOME/onramp/outbox/ID.json (folder 0700, files 0600), one per
 * connection id: the delivery (delivery.h, with where it goes and its
 * HMAC) plus "attempts", "next_at" (ms since the epoch), "last_error" and
 * "refused" (the platform said no for good: kept for the administrator,
 * never sent again). Written atomically and synced before the first try,
 * so a kiosk killed or rebooted between the check and the delivery sends
 * it after the restart; the platform knows a delivery it has already (one
 * connection, one use). The credentials in it are sealed to the platform,
 * and the invite's secret is not in it, so the kiosk can neither read them
 * back nor make another delivery from it. A delivered entry is destroyed
 * (overwritten, then unlinked). */
#ifndef ONRAMP_OUTBOX_H
#define ONRAMP_OUTBOX_H
#include <stdbool.h>
#include "delivery.h"

struct outbox_item {
	struct delivery d;
	int attempts;
	long long next_at;    /* ms since the epoch */
	char last_error[256]; /* cleaned, for --status */
	bool refused;
	long long created;
};
void outbox_items_free(struct outbox_item *v, size_t n);

int outbox_put(const struct outbox_item *it, struct onr_error *err);
/* Every entry, oldest first (damaged files are skipped). */
int outbox_list(struct outbox_item **v, size_t *n, struct onr_error *err);
int outbox_remove(const char *conn_id, struct onr_error *err);
#endif
