/* oauth_listen.h: the loopback listener of the browser sign-in (RFC 8252
 * 7.3). When the redirect address is http://127.0.0.1:PORT/PATH or
 * http://localhost:PORT/PATH, the browser's final request comes here; it
 * is read inside the event loop, answered with a short page, and handed
 * to oauth_flow_answer(). */
#ifndef ONRAMP_OAUTH_LISTEN_H
#define ONRAMP_OAUTH_LISTEN_H
#include "loop.h"
#include <stdbool.h>
#include <stddef.h>

struct oauth_flow;
struct oauth_listener;

/* NULL when the redirect address is not on this computer or the port is
 * taken; note then says so in plain words (else where it listens). */
struct oauth_listener *oauth_listen_start(struct loop *l, struct oauth_flow *f, char *note, size_t notelen);
void oauth_listen_stop(struct oauth_listener *ls);
/* The request head's query string when it is "GET PATH?QUERY ..." (NULL
 * without one); *ours says whether it asked for path at all. Cuts head
 * after the target. Apart for the fuzzer (tests/fuzz/fuzz_oauth.c). */
const char *oauth_listen_query(char *head, const char *path, bool *ours);
#endif
