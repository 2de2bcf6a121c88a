/* registry.h: what onramp knows about each sign-in method, read from the
 * one list in methods.h. Names only, no module code, so the catalog (and
 * the build's catalog index tool, which links no auth module) can ask
 * whether a method is implemented; auth_find (auth.h) gives the module. */
#ifndef ONRAMP_AUTH_REGISTRY_H
#define ONRAMP_AUTH_REGISTRY_H
#include <stdbool.h>
#include <stddef.h>

struct auth_method_info {
	const char *name;        /* as catalog entries name it: "oauth2_cc" */
	bool implemented;        /* a module in core/auth/ signs in with it */
	bool any_product;        /* a generic scheme, not one product's own */
	const char *description; /* plain words: "an API key in a request header" */
};

/* Every known method, in methods.h's order; *n is set to the count. */
const struct auth_method_info *auth_methods(size_t *n);
/* The row for name, or NULL for a method nobody has heard of. */
const struct auth_method_info *auth_method_info(const char *name);
bool auth_method_implemented(const char *name);
#endif
