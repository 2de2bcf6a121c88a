/* template.h: fills "{key}" placeholders of catalog templates with form
 * values, into secure memory (a template may carry a secret). */
#ifndef ONRAMP_TEMPLATE_H
#define ONRAMP_TEMPLATE_H
#include "form.h"

/* In URL mode, URL-kind values go in as typed, less a trailing '/', and
 * other values are percent-encoded, so "{database}" cannot change the path.
 * Returns -1 and names the unknown key in missing when a placeholder does
 * not match any field. */
int tpl_render(const char *tpl, const struct form *form, bool url_mode,
	       struct secbuf *out, char *missing, size_t mlen);
#endif
