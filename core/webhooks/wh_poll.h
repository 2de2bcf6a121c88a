/* wh_poll.h: the receiver's fallback for missed webhooks: it reads
 * GET {api}/v1/purchase-orders?cursor= with the connection's token at
 * start and then every interval, and queues each record change it has not
 * applied yet into the inbox as a "purchase_order.polled" event (id
 * poll_<connection>_<record>_<seq>), so a change is processed once whether
 * its webhook arrived or not. The cursor is kept in the inbox. */
#ifndef ONRAMP_POLL_H
#define ONRAMP_POLL_H
#include "loop.h"
#include "webhooks/inbox.h"

struct poll;
typedef void (*poll_fn)(void *arg, int added, const char *error);
/* token: sodium_malloc'd, borrowed (lives longer). done after each round. */
struct poll *poll_new(struct loop *l, struct inbox *ib, const char *api, const char *token,
		      long interval_ms, poll_fn done, void *arg);
void poll_free(struct poll *p);
#endif
