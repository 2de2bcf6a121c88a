/* open.h: a stored connection back as a filled form, for a later read:
 * the public fields from the registry, the secrets opened from their seal
 * (which needs the secret key: a kiosk cannot). Secrets go straight from
 * the opened seal into the form's secure buffers; nothing else holds them. */
#ifndef ONRAMP_DATA_OPEN_H
#define ONRAMP_DATA_OPEN_H
#include "catalog.h"
#include "form.h"
#include "seal.h"
#include "store.h"

/* *form (form_free it) for connection id; info gets the entry (conn_free).
 * Fails for an unknown id, a disconnected connection, a system no longer
 * in the catalog, or a seal this machine cannot open. */
int data_open_form(const char *id, const struct seal_pass *pass, const struct catalog *cat, struct form **form,
		   struct conn *info, struct onr_error *err);
/* The same, and *key: the connection's own derived secret
 * (lifecycle_open_keyed; sodium_free it). */
int data_open_form_keyed(const char *id, const struct seal_pass *pass, const struct catalog *cat,
			 struct form **form, struct conn *info, unsigned char **key, struct onr_error *err);
/* The same for a caller with no catalog yet: *cat (empty; catalog_free
 * it) gets only the connection's system, plus the drop-in files
 * (catalog_load_one): making all 1,540 entries was a few percent of a
 * read's start. */
int data_open_form_one(const char *id, const struct seal_pass *pass, struct catalog *cat, struct form **form,
		       struct conn *info, struct onr_error *err);
/* Sets each "key":"value" member of a flat JSON object of strings into
 * form, decoding escapes in secure memory. -1 when it is not such an object. */
int data_form_secrets(struct form *form, const char *json, size_t len);
#endif
