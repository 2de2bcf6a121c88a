/* i18n_text.h: catalog texts through gettext (README "Languages").
 *
 * curated.json's needs, where, field labels and help and per-status hints
 * are data, not msgids in the sources: tools/i18n/curated_texts.py puts
 * those of the entries listed in tools/i18n/curated_translated.txt into the
 * template, and the places that show them call i18n_text. */
#ifndef ONRAMP_I18N_TEXT_H
#define ONRAMP_I18N_TEXT_H
#include <libintl.h>

/* s translated where a catalog has it; NULL and "" stay as they are
 * (gettext("") would answer the catalog's header). */
static inline const char *i18n_text(const char *s)
{
	return s && *s ? gettext(s) : s;
}
#endif
