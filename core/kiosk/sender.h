/* sender.h: the kiosk side of a delivery. kiosk_prepare seals a checked
 * form to the invite's platform and puts it in the outbox (outbox.h); the
 * sender, inside the event loop, sends what the outbox holds:
 *
 *   201 or 200         delivered: the entry is destroyed
 *   400 401 404 409 410 refused for good (used up, revoked, ...): kept,
 *                      marked refused, never sent again
 *   anything else      (no answer, 5xx, 429) tried again after 2 s, 4 s,
 *                      8 s, ... at most 10 minutes apart, with jitter
 *
 * ONRAMP_OUTBOX_SCALE (0 to 1) shrinks the waits, for tests. */
#ifndef ONRAMP_SENDER_H
#define ONRAMP_SENDER_H
#include <stdbool.h>
#include "form.h"
#include "invite.h"
#include "loop.h"

/* Seals the form's secrets to the invite's platform (envelope as in
 * store.h) under a new connection id, signs the delivery with the
 * invite's secret and writes it to the outbox, synced. */
int kiosk_prepare(const struct form *form, const struct invite *inv, const char *pin, const char *plain_http,
		  char id[16], struct onr_error *err);

enum send_state { SEND_UNKNOWN, SEND_WAITING, SEND_SENDING, SEND_DELIVERED, SEND_REFUSED };

struct sender;
typedef void (*sender_fn)(void *arg);
struct sender *sender_new(struct loop *l, sender_fn on_change, void *arg);
void sender_free(struct sender *s);
/* Sends every entry once, due or not (onramp --status --deliver), then
 * is idle. */
void sender_now(struct sender *s);
/* Looks at the outbox now (after kiosk_prepare). */
void sender_kick(struct sender *s);
/* What became of connection id's delivery, as this process saw it; why
 * gets the platform's or the network's words for WAITING and REFUSED. */
enum send_state sender_state(const struct sender *s, const char *id, char *why, size_t whylen);
/* Nothing is being sent and nothing is due now (a pass is over). */
bool sender_idle(const struct sender *s);

/* What a frontend says after a check from an invite: a headline and a
 * detail, in the same words everywhere (the done screen, line mode).
 * final: nothing more will change while this process waits. */
struct session;
struct kiosk_words {
	char head[200], detail[400];
	bool ok, final;
};
void kiosk_words(const struct session *s, struct kiosk_words *w);
#endif
