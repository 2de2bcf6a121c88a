/* invite_key.h: the two keys of invites, each a one-line text file in the
 * config folder ($XDG_CONFIG_HOME/onramp/, 0600):
 *
 *   invite.key    (the platform)  onramp-invite-key 1 <base64 Ed25519 seed>
 *   platform.pub  (a kiosk)       onramp-platform-key 1 <base64 Ed25519 public key>
 *
 * The platform signs invites with invite.key and derives each invite's
 * delivery secret from it (so it keeps no secret per invite). A kiosk
 * trusts the one platform key in platform.pub: written when its fingerprint
 * is confirmed on first use, and only then. */
#ifndef ONRAMP_INVITE_KEY_H
#define ONRAMP_INVITE_KEY_H
#include <stdbool.h>
#include "error.h"
#include "invite.h"

struct invite_key { /* sodium_malloc'd */
	unsigned char pk[INVITE_SIGN_PK];
	unsigned char sk[64]; /* crypto_sign_SECRETKEYBYTES */
};

/* The platform's key; made on first use when create is true. Returns it
 * (invite_key_free), or NULL with err (invite.no_key when it does not exist
 * and create is false; invite.key_damaged). */
struct invite_key *invite_key_load(bool create, struct onr_error *err);
void invite_key_free(struct invite_key *k);
/* The invite's delivery secret: BLAKE2b keyed with the signing seed over
 * the invite id. */
void invite_key_secret(const struct invite_key *k, const char *invite_id, unsigned char out[INVITE_SECRET]);

/* The platform key a kiosk trusts: 0 with pk, 1 when none yet, -1 (err)
 * when the file is damaged. */
int invite_trust_load(unsigned char pk[INVITE_SIGN_PK], struct onr_error *err);
int invite_trust_save(const unsigned char pk[INVITE_SIGN_PK], struct onr_error *err);
#endif
