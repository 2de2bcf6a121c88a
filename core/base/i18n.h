/* i18n.h: every text a person reads goes through gettext (glibc's libintl,
 * text domain "onramp"; catalogs in po/, README "Languages").
 *
 *   _("text")              translated now
 *   N_("text")             only marked, for tables; translate at use: _(row->text)
 *   NG_("one", "many", n)  plural forms (ngettext)
 *
 * core/ marks and translates but never prints. Stable things are never
 * wrapped: JSON field names, error codes, exit codes, command names. Where a
 * translation may need another word order, the msgid uses %1$s, %2$d. */
#ifndef ONRAMP_I18N_H
#define ONRAMP_I18N_H
#include <libintl.h>
#include <stdbool.h>

#define _(s) gettext(s)
#define N_(s) s
#define NG_(s, p, n) ngettext(s, p, n)

/* The languages with a catalog, English first (the F-key switch cycles
 * through them). */
extern const char *const i18n_languages[];

/* Once, at start: the locale from LANGUAGE, LC_ALL, LC_MESSAGES and LANG
 * (LC_NUMERIC stays "C": JSON numbers keep their dot), and the catalogs
 * from the build's locale folder, else the installed one. */
void i18n_start(void);
/* Fixes the language (--lang, the config's `language`, the F-key switch):
 * LANGUAGE=lang, with no restart. "en" (or "C") is English. Returns -1
 * when lang is not a language name. */
int i18n_set(const char *lang);
/* The language fixed by i18n_set, or NULL when the environment decides. */
const char *i18n_fixed(void);
/* The language now in use ("en" when no catalog answers). */
const char *i18n_current(void);
/* Switches to the next language of i18n_languages (the F3 key) and
 * returns it. */
const char *i18n_next(void);
/* The folder the catalogs are read from. */
const char *i18n_localedir(void);
/* True when lang looks like a language name: ll, ll_CC, ll@variant. */
bool i18n_valid(const char *lang);
#endif
