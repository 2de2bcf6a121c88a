/* device_flow.h: signing in on another device, the OAuth 2.0 device
 * authorization grant (RFC 8628), for catalog entries whose oauth2_code
 * sign-in names a "device_url" (the provider's device authorization
 * endpoint). A kiosk has no browser: the user opens the short address on
 * a phone (a QR code of it, core/base/qr.h) and types the code shown.
 *
 *   1. POST device_url: client_id, scope -> device_code, user_code,
 *      verification_uri (Google and Zoho: verification_url), optional
 *      verification_uri_complete, expires_in, interval (default 5 s);
 *   2. POST token_url every interval seconds: grant_type
 *      urn:ietf:params:oauth:grant-type:device_code, device_code,
 *      client_id (and client_secret when the form has one). The answers:
 *        authorization_pending   keep waiting
 *        slow_down               wait 5 s longer from now on (RFC 8628 3.5)
 *        expired_token, expired  the code ran out: auth.device.expired
 *        access_denied,          the user said no on the phone:
 *        authorization_declined  auth.device.denied (Microsoft's name)
 *        anything else           auth.device.failed with the provider's words
 *      or tokens: the refresh token goes into the form's refresh_token
 *      field (secret), and the oauth2_code module's refresh path checks it.
 *   Each failure says how to start over (R on the failed screen: a new code).
 *
 * ONRAMP_DEVICE_SCALE (0 to 1) shrinks the waits, for tests. */
#ifndef ONRAMP_DEVICE_FLOW_H
#define ONRAMP_DEVICE_FLOW_H
#include <stdbool.h>
#include "catalog.h"
#include "error.h"
#include "form.h"
#include "http_call.h"
#include "loop.h"

enum device_state { DEVICE_ASKING, DEVICE_WAITING, DEVICE_DONE, DEVICE_FAILED };

struct device_flow {
	enum device_state state;
	char user_code[64];
	char verification_uri[512];           /* what the user opens (cleaned) */
	char verification_uri_complete[1024]; /* with the code in it, or "" */
	int interval_s, polls;
	bool slowed;          /* the provider said slow_down */
	long long expires_at; /* now_ms() clock */
	struct onr_error err; /* DEVICE_FAILED */
	/* private */
	struct form *form;
	const struct system *sys;
	struct http_call call;
	char device_code[1024]; /* not the user's secret, but kept off screen */
	double scale;
	void (*on_change)(void *arg);
	void *arg;
};

bool device_flow_supported(const struct system *sys);
/* Starts step 1; on_change runs at every change of state (DONE: the
 * refresh token is in the form; FAILED: err says why). */
int device_flow_begin(struct device_flow *f, const struct system *sys, struct form *form, struct loop *l,
		      void (*on_change)(void *arg), void *arg, struct onr_error *err);
void device_flow_end(struct device_flow *f);
/* Seconds until the code runs out (0 when it has). */
int device_flow_left_s(const struct device_flow *f);
#endif
