/* connect.h: the last step of a connection, for the connect session
 * (session.h): split the form into public facts and secrets, seal, store. */
#ifndef ONRAMP_CONNECT_H
#define ONRAMP_CONNECT_H
#include "error.h"
#include "form.h"
#include "secbuf.h"

struct connect_result {
	char id[16];
	struct secbuf token; /* shown once, then wiped */
	char where[512];     /* the registry file the connection was saved in */
};

/* The form split as every connection keeps it: the public fields as a
 * JSON text (malloc'd), the secrets as a JSON object in secure memory, and
 * the address and user name shown in lists (borrowed from the form). */
struct connect_parts {
	char *pub;
	struct secbuf secrets;
	const char *url, *user;
};
void connect_parts(const struct form *form, struct connect_parts *p);
void connect_parts_free(struct connect_parts *p);

/* Fails before any network work when the credit pool cannot afford sys. */
int connect_precheck(const struct system *sys, struct onr_error *err);
/* out->token is initialised here; free it with connect_result_free.
 * plain_http: the user's yes to plain http for this scheme://host:port
 * (probe_origin), kept with the connection, or NULL. */
int connect_store(const struct form *form, const char *pin, const char *cafile, const char *plain_http,
		  struct connect_result *out, struct onr_error *err);
/* A re-check's credentials, sealed again over connection id's (a rotated
 * refresh token must not be lost). */
int connect_reseal(const struct form *form, const char *id, const char *plain_http, struct onr_error *err);
void connect_result_free(struct connect_result *out);
#endif
