/* invite_admin.h: invites on the platform: make, list, revoke, and give
 * one out again by its short code (GET /v1/invites/CODE). */
#ifndef ONRAMP_INVITE_ADMIN_H
#define ONRAMP_INVITE_ADMIN_H
#include "invite.h"
#include "store/db_invites.h"

/* Makes, signs and records an invite (the invite key is made on the first
 * one). spec->platform / spec->api / spec->seal_pk NULL: from the config
 * (platform_name, platform_api, the recipient public key). *text gets the
 * whole invite (malloc'd, it holds the delivery secret: wipe it after
 * printing); out the record. */
int invite_create(const struct invite_spec *spec, char **text, struct db_invite *out, struct onr_error *err);
int invite_list(struct db_invite **v, size_t *n, struct onr_error *err);
int invite_revoke(const char *id, struct onr_error *err);

/* Is this invite still usable (not revoked, expired nor used up)? 0, or -1
 * with the code: invite.revoked, invite.expired, invite.used_up. */
int invite_usable(const struct db_invite *i, time_t now, struct onr_error *err);
/* The whole invite again (signed anew) for a short code; 1 when there is
 * no such invite; -1 with err when it is not usable or on failure. */
int invite_give(struct db *db, const char *code, char **text, struct onr_error *err);
/* A human-readable state: active, used up, expired, revoked. */
const char *invite_state(const struct db_invite *i, time_t now);
#endif
