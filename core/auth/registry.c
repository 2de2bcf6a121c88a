/* registry.c: the table of sign-in methods, made from methods.h. */
#include "auth/registry.h"
#include <string.h>

#define ANY_PRODUCT true
#define ONE_PRODUCT false
#define AUTH_METHOD(name, reach, keys, description) {#name, true, reach, description},
#define AUTH_UNAVAILABLE(name, description) {#name, false, false, description},
static const struct auth_method_info rows[] = {
#include "auth/methods.h"
};
#undef AUTH_METHOD
#undef AUTH_UNAVAILABLE

const struct auth_method_info *auth_methods(size_t *n)
{
	*n = sizeof(rows) / sizeof(rows[0]);
	return rows;
}

const struct auth_method_info *auth_method_info(const char *name)
{
	for (size_t i = 0; name && i < sizeof(rows) / sizeof(rows[0]); i++)
		if (!strcmp(rows[i].name, name))
			return &rows[i];
	return NULL;
}

bool auth_method_implemented(const char *name)
{
	const struct auth_method_info *m = auth_method_info(name);
	return m && m->implemented;
}
