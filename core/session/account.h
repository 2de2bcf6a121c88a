/* account.h: the words that tell two connections to one system apart on
 * the Manage screen (issue 11 item 13): where on the system it signs in
 * (the database, company, tenant, SAP client...) and as whom. They come
 * only from the connection's public fields, never from a secret. */
#ifndef ONRAMP_ACCOUNT_H
#define ONRAMP_ACCOUNT_H
#include <stddef.h>
#include "catalog.h"
#include "store.h"

/* "onramp_test, admin", "100, ALICE" (an SAP client and user), "admin", or "" when the
 * connection has neither. sys may be NULL (no longer in the catalog):
 * then only the user name. Control characters are dropped. */
void conn_account(const struct conn *c, const struct system *sys, char *out, size_t size);
/* The system with its account: "tryton (onramp_test, admin)", or only
 * "tryton". */
void conn_label(const struct conn *c, const struct system *sys, char *out, size_t size);
#endif
