/* invite_use.h: the kiosk takes an invite: `onramp --invite CODE|@FILE`
 * and `onramp connect --invite ...`.
 *
 *   1. the invite's text: @FILE is read; "onr1...." is the invite itself;
 *      a short code is looked up at the platform (config platform_api:
 *      GET /v1/invites/CODE), which also says when it is revoked, expired
 *      or used up;
 *   2. its signature (invite_decode), then the signer against the
 *      platform key this kiosk trusts (platform.pub); on first use the
 *      fingerprint is confirmed (--platform-key, or the ask callback) and
 *      the key is trusted from then on;
 *   3. its expiry.
 * Each refusal has its own code (docs/errors.md, "Invites"). */
#ifndef ONRAMP_INVITE_USE_H
#define ONRAMP_INVITE_USE_H
#include "invite.h"
#include "loop.h"

/* Shows the fingerprint and asks; true when the user confirmed it. */
typedef bool (*invite_ask_fn)(void *ctx, const char *fingerprint, const char *platform);

struct invite_use_opts {
	const char *confirm; /* --platform-key FINGERPRINT, or NULL */
	invite_ask_fn ask;   /* NULL: no one to ask (a script) */
	void *ctx;
};

int invite_take(struct loop *l, const char *arg, const struct invite_use_opts *o, struct invite *out,
		struct onr_error *err);
/* The presets as the session wants them (borrowed from inv). */
size_t invite_presets(const struct invite *inv, const struct preset **out);
#endif
