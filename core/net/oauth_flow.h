/* oauth_flow.h: the browser half of the OAuth2 authorization code flow
 * (RFC 6749 4.1 with PKCE, RFC 7636). It makes the sign-in address, takes
 * the answer the browser brings back, either to a listener on this
 * computer's loopback address (RFC 8252) or pasted by the user when the
 * browser runs elsewhere (over SSH), and checks that the answer belongs to
 * this attempt. The oauth2_code auth module then trades the code for
 * tokens as the probe's first request. */
#ifndef ONRAMP_OAUTH_FLOW_H
#define ONRAMP_OAUTH_FLOW_H
#include "catalog.h"
#include "error.h"
#include "form.h"
#include "loop.h"
#include "secbuf.h"

/* What the token request needs; code and verifier are secrets. */
struct oauth_grant {
	struct secbuf code, verifier;
	char redirect_uri[512];
};

struct oauth_listener;

struct oauth_flow {
	struct oauth_grant grant;
	char state[48];
	char *auth_url;          /* the address to open, malloc'd */
	struct oauth_listener *listener; /* NULL when the browser must be pasted */
	char listen_note[200];   /* why nothing listens, or where it listens */
	bool have_code;
	char problem[240];       /* what was wrong with the last answer */
	void (*on_answer)(void *arg);
	void *arg;
};

/* The system signs in through a browser and no refresh token was given:
 * the browser sign-in has to run before the checks. */
bool oauth_needs_browser(const struct form *form);

/* Starts an attempt: new state and PKCE verifier, the sign-in address
 * from the catalog's authorize_url, and a listener when redirect_uri
 * points at this computer. on_answer runs when a good code arrived. */
int oauth_flow_begin(struct oauth_flow *f, const struct system *sys, const struct form *form, struct loop *l,
		     void (*on_answer)(void *arg), void *arg, struct onr_error *err);
/* Takes what the user pasted: the whole address the browser ended on, or
 * just the code. False with f->problem set when it is not usable. */
bool oauth_flow_paste(struct oauth_flow *f, const char *text, size_t len);
/* Closes the loopback listener (the code is in, or the loop ends). */
void oauth_flow_stop_listening(struct oauth_flow *f);
/* Stops listening and wipes the code and verifier. */
void oauth_flow_end(struct oauth_flow *f);

/* Reads an answer's query string ("code=..&state=.." or an error), as the
 * listener and the paste both get it. Sets have_code or problem. */
bool oauth_flow_answer(struct oauth_flow *f, const char *query, size_t len);
/* Does the query carry this attempt's state? Every answer must, an error
 * answer too; the loopback listener ignores the others. */
bool oauth_flow_state_ok(const struct oauth_flow *f, const char *query, size_t len);

/* code_challenge = base64url(SHA-256(verifier)), method S256; out holds
 * at least 44 bytes. */
void oauth_pkce_challenge(const char *verifier, char *out, size_t outlen);

/* The redirect address onramp listens on when the catalog gives none. */
#define OAUTH_DEFAULT_REDIRECT "http://127.0.0.1:8976/callback"
#endif
