/* session_impl.h: what the session's files share (session.c,
 * session_oauth.c, session_store.c); frontends use session.h only. */
#ifndef ONRAMP_SESSION_IMPL_H
#define ONRAMP_SESSION_IMPL_H
#include "session.h"

void session_changed(struct session *s);
/* Fails at step; e (may be NULL: s->err is already filled) is copied. */
void session_fail(struct session *s, enum session_step step, const struct onr_error *e);
void session_stop(struct session *s);
void session_start_probe(struct session *s);
void session_probe_done(struct session *s);

/* seal and store (session_store.c) */
void session_store_begin(struct session *s);
void session_store_stop(struct session *s);

/* the browser sign-in (session_oauth.c) */
bool session_oauth_needed(const struct session *s);
/* An invite with a relay: the browser sign-in goes through its platform. */
bool session_relays(const struct session *s);
void session_oauth_begin(struct session *s);
void session_oauth_drop(struct session *s);
/* The code for the next check, or NULL. */
const struct oauth_grant *session_oauth_grant(const struct session *s);
#endif
