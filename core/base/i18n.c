/* i18n.c: the locale and the message catalogs (i18n.h). */
#include "i18n.h"
#include "util.h"
#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ONRAMP_LOCALEDIR
#define ONRAMP_LOCALEDIR "/usr/local/share/locale"
#endif

const char *const i18n_languages[] = {"en", "de", "es", "fr", "pt_BR", NULL};

static char localedir[PATH_MAX];
static char fixed[32];

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ONRAMP_LOCALEDIR, else the build's folder beside the binary (build/locale
 * for ./onramp and build/onramp-san alike), else the installed one: a
 * program run from its clone speaks the catalogs it was built with. */
static void find_localedir(void)
{
	const char *env = getenv("ONRAMP_LOCALEDIR");
	char exe[PATH_MAX];
	ssize_t n;
	if (env && *env) {
		str_copy(localedir, sizeof(localedir), env);
		return;
	}
	str_copy(localedir, sizeof(localedir), ONRAMP_LOCALEDIR);
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return;
	exe[n] = 0;
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = 0;
	const char *tails[] = {"/locale", "/build/locale"};
	for (size_t i = 0; i < 2; i++) {
		char dir[PATH_MAX + 16];
		str_fmt(dir, sizeof(dir), "%s%s", exe, tails[i]);
		if (is_dir(dir)) {
			str_copy(localedir, sizeof(localedir), dir);
			return;
		}
	}
}

/* The categories onramp uses: characters and screen widths, messages,
 * and the month names of dates (timefmt.c). LC_NUMERIC stays "C" so JSON
 * numbers keep their dot; the others (collation, money, paper, ...) are
 * used nowhere, and setting LC_ALL read all 13 from disk at every start,
 * two lookups each (C.UTF-8, then C.utf8): 7% of `systems --filter`. */
static void use_locale(const char *name)
{
	static const int used[] = {LC_CTYPE, LC_MESSAGES, LC_TIME};
	for (size_t i = 0; i < sizeof(used) / sizeof(used[0]); i++)
		setlocale(used[i], name);
}

void i18n_start(void)
{
	use_locale("");
	find_localedir();
	bindtextdomain("onramp", localedir);
	bind_textdomain_codeset("onramp", "UTF-8");
	textdomain("onramp");
}

bool i18n_valid(const char *lang)
{
	size_t n = strlen(lang);
	if (n < 1 || n >= sizeof(fixed))
		return false;
	for (const char *c = lang; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_' && *c != '@' && *c != '.' && *c != '-')
			return false;
	return true;
}

int i18n_set(const char *lang)
{
	if (!lang || !i18n_valid(lang))
		return -1;
	str_copy(fixed, sizeof(fixed), lang);
	bool english = !strcmp(lang, "en") || !strcmp(lang, "C");
	setenv("LANGUAGE", english ? "C" : lang, 1);
	/* gettext ignores LANGUAGE under the "C" locale (no locale set, or
	 * LANG naming one that is not installed): C.UTF-8 is always there. */
	const char *cur = setlocale(LC_MESSAGES, NULL);
	if (!english && cur && (!strcmp(cur, "C") || !strcmp(cur, "POSIX")))
		use_locale("C.UTF-8");
	/* textdomain() bumps libintl's catalog counter, so texts already
	 * looked up are looked up again in the new language */
	textdomain("onramp");
	return 0;
}

const char *i18n_fixed(void)
{
	return fixed[0] ? fixed : NULL;
}

const char *i18n_current(void)
{
	static char lang[32];
	static const char header[] = ""; /* a variable: xgettext takes no msgid from it */
	/* the catalog in use names its language in its header */
	const char *head = gettext(header), *at = head ? strstr(head, "Language: ") : NULL;
	if (!at)
		return "en";
	at += 10;
	size_t n = strcspn(at, "\n");
	str_fmt(lang, sizeof(lang), "%.*s", (int)(n < sizeof(lang) ? n : sizeof(lang) - 1), at);
	return lang[0] ? lang : "en";
}

const char *i18n_next(void)
{
	const char *cur = i18n_current();
	size_t i = 0;
	while (i18n_languages[i] && strcmp(i18n_languages[i], cur))
		i++;
	const char *next = i18n_languages[i] && i18n_languages[i + 1] ? i18n_languages[i + 1] : i18n_languages[0];
	i18n_set(next);
	return next;
}

const char *i18n_localedir(void)
{
	return localedir;
}
