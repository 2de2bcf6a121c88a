/* relay_flow.h: the kiosk's side of the sign-in relay (relay.h has the
 * whole story). It asks the platform for a handle, shows its start link
 * (upper case where it can: a smaller QR code), and polls its status every
 * second, so the screen shows each stage as it happens. The credentials
 * never come here: when the platform has made the connection, the flow
 * ends CONNECTED with its id. */
#ifndef ONRAMP_RELAY_FLOW_H
#define ONRAMP_RELAY_FLOW_H
#include <stdbool.h>
#include "error.h"
#include "form.h"
#include "http_call.h"
#include "invite.h"
#include "loop.h"

enum relay_state { RELAY_ASKING, RELAY_WAITING, RELAY_OPENED, RELAY_CHECKING, RELAY_CONNECTED, RELAY_FAILED };

struct relay_flow {
	enum relay_state state;
	char start[512];   /* the link the phone opens */
	char qr[512];      /* the same, upper case when that keeps it valid */
	char message[256]; /* the platform's words for the stage (cleaned) */
	char conn_id[16];
	struct onr_error err; /* RELAY_FAILED */
	/* private */
	const struct invite *inv;
	char handle[16];
	struct http_call call;
	void (*on_change)(void *arg);
	void *arg;
};

/* The kiosk's form for a relay: the app's client secret stays on the
 * platform, so the form's required secret fields are filled with a
 * placeholder and locked (they are never sent nor sealed). */
void relay_form_prepare(struct form *form);
int relay_flow_begin(struct relay_flow *f, const struct invite *inv, const struct form *form, struct loop *l,
		     void (*on_change)(void *arg), void *arg, struct onr_error *err);
void relay_flow_end(struct relay_flow *f);
#endif
