/* catalog.h: the systems onramp can connect, loaded from JSON (CATALOG.md). */
#ifndef ONRAMP_CATALOG_H
#define ONRAMP_CATALOG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "error.h"

enum field_kind { FIELD_TEXT, FIELD_URL, FIELD_NUMBER, FIELD_EMAIL };

struct field {
	char *key, *label, *placeholder, *help, *def;
	enum field_kind kind;
	bool required, secret;
};


/* One member of a JSON object of strings, in the order written: a header
 * or body member and its template with {field} placeholders, or a hint's
 * key (HTTP status "403" or error code "auth.forbidden") and its text. */
struct str_pair {
	char *name, *value;
};

struct auth_spec {
	char *method; /* "basic", "header", "bearer", "oauth2_cc", "tryton", "odoo", ... */
	char *user, *password;            /* basic */
	char *name, *value;               /* header */
	char *token;                      /* bearer */
	char *token_url, *client_id, *client_secret, *scope; /* oauth2_cc */
	char *authorize_url, *authorize_params; /* oauth2_code: the browser sign-in */
	char *device_url;  /* oauth2_code: RFC 8628 device authorization endpoint ("" = none) */
	char *client_auth; /* "basic": the client signs in with HTTP Basic, not form fields */
	char *service, *region;           /* aws_sigv4: the signing scope */
	/* json_login: the login body's members (name -> template), the dotted
	 * path of the token in its answer, and the text before the token in
	 * the header `name` of later calls ("Bearer "). */
	struct str_pair *body;
	size_t nbody;
	char *token_path, *prefix;
	/* oauth2_*: headers the token request carries besides onramp's own
	 * (CartonCloud's Accept-Version), name -> template */
	struct str_pair *headers;
	size_t nheaders;
};

struct probe_spec {
	char *url, *method, *identity;
	bool verifies_credentials;
	struct str_pair *headers;
	size_t nheaders;
};

struct system {
	char *id, *name, *vendor, *category, *needs, *where, *base_url;
	char **aliases;
	size_t naliases;
	char **guide;
	size_t nguide;
	int tier, popular; /* popular: 0 = unranked, 1 = most used */
	bool core, available;
	struct auth_spec auth;
	struct probe_spec probe;
	struct field *fields;
	size_t nfields;
	struct str_pair *hints;
	size_t nhints;
	struct str_pair *error_fields; /* error code -> the field to fix, when it is
				    * not the table's usual one */
	size_t nerror_fields;
	const char *dropin; /* the drop-in file it comes from (the catalog's copy); NULL: built in */
	bool replaces;  /* a drop-in entry that took a built-in one's place */
	/* Read lazily: until an entry is first asked for whole (catalog_at,
	 * catalog_find), it is a stub in which only id, name, vendor,
	 * category, aliases, tier, popular, core, available and auth.method
	 * are set (what the list and search need), borrowed from the catalog,
	 * and src holds its JSON text, which is then parsed alone. */
	const char *src;
	size_t srclen;
	bool parsed;
};

struct cat_block; /* memory the stubs borrow from (catalog.c) */

struct catalog {
	struct system *systems;
	size_t n, cap;
	size_t *slots; /* id hash index: catalog index + 1, 0 = empty */
	size_t nslots; /* a power of two, at least twice n */
	struct cat_block *mem; /* stubs' strings, drop-in texts and paths */
	/* The built-ins are the build's index, in its order (catalog_index.h),
	 * and no drop-in changed them: search can use the saved index. */
	bool indexed;
	/* The drop-in files read, by path and content (0: none): the key of
	 * the cached search index (dropin_cache.h). */
	uint64_t dropin_key;
};

/* Parses one catalog document and appends its systems (later ids replace
 * earlier ones). On failure fills err naming the source and line. */
int catalog_add_json(struct catalog *cat, const char *json, size_t len,
		     const char *source, struct onr_error *err);
/* Loads the embedded catalog, then $XDG_DATA_HOME/onramp/systems.d/ (*.json files).
 * A broken drop-in file is reported in err but the rest still loads.
 * Nothing is parsed whole here: built-ins come from the build's index,
 * drop-in files are scanned into stubs (catalog_scan.h). */
int catalog_load_default(struct catalog *cat, struct onr_error *err);
/* The same for a caller that needs one entry (validate, connect): of the
 * built-ins, only the entry with that id (none if there is none), plus the
 * drop-in files. Making all 1,514 stubs was a few percent of a validate. */
int catalog_load_one(struct catalog *cat, const char *id, struct onr_error *err);
/* Only the embedded catalog, every entry parsed whole from its JSON (what
 * the build's index is made from; the tests compare the two). */
int catalog_load_builtin(struct catalog *cat, struct onr_error *err);
/* The drop-in files' entries, as stubs over the files' texts, which the
 * catalog keeps (catalog_load_default). */
void catalog_add_dropins(struct catalog *cat, struct onr_error *err);
/* n bytes that live as long as the catalog (stubs' strings). */
void *catalog_alloc(struct catalog *cat, size_t n);
/* The catalog keeps a mapping (munmap'ed by catalog_free): what stubs borrow from. */
void catalog_keep_map(struct catalog *cat, void *p, size_t len);
/* Adds stub (its strings must live as long as the catalog) under its id;
 * a later id replaces an earlier one. dropin: the file, NULL if built in. */
void catalog_put_stub(struct catalog *cat, const struct system *stub, const char *dropin);
/* Room for n entries in all, made once: the built-ins' count is known, and
 * growing by doubling moved the entries and rehashed the ids 3 times. */
void catalog_reserve(struct catalog *cat, size_t n);
/* Where sys comes from, in words for its form: "" when built in, else
 * which drop-in file defines it and whether it replaces a built-in entry
 * (issue 12: an override is never silent). */
const char *system_origin(const struct system *sys, char *buf, size_t size);
/* Some *.json file is in the drop-in folder (one readdir, no parsing). */
bool catalog_has_dropins(void);
void catalog_free(struct catalog *cat);

/* Entry i whole: a stub is parsed on first use (the catalog is logically
 * const: only its cache of parsed entries changes). */
const struct system *catalog_at(const struct catalog *cat, size_t i);
/* The entry with this id, whole, or NULL. */
const struct system *catalog_find(const struct catalog *cat, const char *id);
const struct field *system_field(const struct system *sys, const char *key);
int system_field_index(const struct system *sys, const char *key);
/* The auth method is one onramp implements and the entry is available. */
bool system_usable(const struct system *sys);
const char *system_hint(const struct system *sys, const char *key);
/* The catalog's own "field to fix" for an error code, or NULL. */
const char *system_error_field(const struct system *sys, const char *code);
#endif
