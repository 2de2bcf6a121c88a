/* config.c: the config file (see config.h). */
#include "config.h"
#include "i18n.h"
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void config_defaults(struct config *cfg, const char *dir)
{
	memset(cfg, 0, sizeof(*cfg));
	str_copy(cfg->dir, sizeof(cfg->dir), dir);
	paths_join(cfg->path, sizeof(cfg->path), dir, "config");
	cfg->credits = 10;
	paths_join(cfg->public_key, sizeof(cfg->public_key), dir, "recipient.pub");
	paths_join(cfg->secret_key, sizeof(cfg->secret_key), dir, "recipient.key");
	cfg->kiosk = false;
	cfg->idle_timeout = 120;
	str_copy(cfg->theme, sizeof(cfg->theme), "default");
}

static void bad(struct onr_error *err, const char *source, int line, const char *msg, const char *fix)
{
	char hint[768];
	str_fmt(hint, sizeof(hint), _("%1$s Edit %2$s, line %3$d, then try again."), fix, source, line);
	error_set(err, EXIT_INPUT, "config", "config.invalid", msg, hint, NULL);
}

/* The message about a bad setting, one whole sentence per problem so that
 * a translation can order it its own way: fmt takes the key, the file and
 * the line (%1$s, %2$s, %3$d). */
#define BAD(fmt, fix) bad(err, source, lineno, str_fmt(msg, sizeof(msg), fmt, key, source, lineno), fix)

static int parse_int(const char *v, long lo, long hi, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < lo || n > hi)
		return -1;
	*out = (int)n;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *yes[] = {"true", "yes", "on", "1"}, *no[] = {"false", "no", "off", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = true, 0;
		if (strcasecmp(v, no[i]) == 0)
			return *out = false, 0;
	}
	return -1;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

int config_parse(struct config *cfg, const char *text, const char *source,
		 struct onr_error *err)
{
	char *copy = xstrdup(text), *line, msg[256];
	int lineno = 0, rc = -1;
	char *p = copy;

	while ((line = p) != NULL) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		p = nl ? nl + 1 : NULL;
		lineno++;
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		char *eq = strchr(line, '=');
		if (!eq) {
			str_fmt(msg, sizeof(msg), _("Line %d of %s is not of the form \"key = value\"."),
				lineno, source);
			error_set(err, EXIT_INPUT, "config", "config.invalid", msg,
				  _("Write each setting as \"key = value\" (a line starting with # is a comment), then try again."),
				  NULL);
			goto out;
		}
		*eq = 0;
		char *key = trim(line), *val = eq + 1;
		for (char *h = val; *h; h++) /* an inline comment follows white space */
			if (*h == '#' && (h == val || h[-1] == ' ' || h[-1] == '\t')) {
				*h = 0;
				break;
			}
		val = trim(val);
		if (strcmp(key, "credits") == 0) {
			if (parse_int(val, 0, 1000000, &cfg->credits) != 0) {
				BAD(_("The setting \"%1$s\" in %2$s (line %3$d) is not a whole number from 0 to 1000000."),
				    _("Set the credit pool as a number, e.g. \"credits = 10\"."));
				goto out;
			}
		} else if (strcmp(key, "idle_timeout") == 0) {
			if (parse_int(val, 0, 86400, &cfg->idle_timeout) != 0) {
				BAD(_("The setting \"%1$s\" in %2$s (line %3$d) is not a number of seconds from 0 to 86400."),
				    _("Give seconds, e.g. \"idle_timeout = 120\" (0 turns it off)."));
				goto out;
			}
		} else if (strcmp(key, "kiosk") == 0) {
			if (parse_bool(val, &cfg->kiosk) != 0) {
				BAD(_("The setting \"%1$s\" in %2$s (line %3$d) is neither true nor false."),
				    _("Write \"kiosk = true\" or \"kiosk = false\"."));
				goto out;
			}
		} else if (strcmp(key, "theme") == 0) {
			bool ok = *val && strlen(val) < sizeof(cfg->theme);
			for (const char *c = val; ok && *c; c++)
				ok = isalnum((unsigned char)*c) || *c == '.' || *c == '_' || *c == '-';
			if (!ok) {
				BAD(_("The setting \"%1$s\" in %2$s (line %3$d) is not a theme name."),
				    _("Use a theme name of letters, digits, '.', '_' or '-', e.g. \"theme = default\"."));
				goto out;
			}
			str_copy(cfg->theme, sizeof(cfg->theme), val);
		} else if (strcmp(key, "language") == 0) {
			if (*val && (!i18n_valid(val) || strlen(val) >= sizeof(cfg->language))) {
				BAD(_("The setting \"%1$s\" in %2$s (line %3$d) is not a language name."),
				    _("Use en, de, es, fr or pt_BR, e.g. \"language = de\" (empty: the environment decides)."));
				goto out;
			}
			str_copy(cfg->language, sizeof(cfg->language), val);
		} else if (strcmp(key, "database") == 0) {
			if (strlen(val) >= sizeof(cfg->database)) {
				BAD(_("The setting \"%1$s\" in %2$s (line %3$d) is too long."),
				    _("Give a shorter postgresql:// URL (a service name from pg_service.conf works too)."));
				goto out;
			}
			str_copy(cfg->database, sizeof(cfg->database), val);
		} else if (strcmp(key, "public_key") == 0 || strcmp(key, "secret_key") == 0) {
			bool pub = key[0] == 'p';
			char *dst = pub ? cfg->public_key : cfg->secret_key;
			if (!pub && !*val) {
				dst[0] = 0;
				continue;
			}
			if (!*val || paths_expand(dst, PATHS_MAX, cfg->dir, val) != 0) {
				BAD(*val ? _("The setting \"%1$s\" in %2$s (line %3$d) is too long.")
				    : _("The setting \"%1$s\" in %2$s (line %3$d) is empty."),
				    _("Give the path of the key file, e.g. \"public_key = recipient.pub\" (relative to the config folder)."));
				goto out;
			}
		} else if (strcmp(key, "platform_name") == 0 || strcmp(key, "platform_api") == 0) {
			bool name = key[9] == 'n';
			char *dst = name ? cfg->platform_name : cfg->platform_api;
			size_t size = name ? sizeof(cfg->platform_name) : sizeof(cfg->platform_api);
			if (strlen(val) >= size || (!name && *val && !str_starts(val, "http://") && !str_starts(val, "https://"))) {
				BAD(name ? _("The setting \"%1$s\" in %2$s (line %3$d) is too long.")
				    : _("The setting \"%1$s\" in %2$s (line %3$d) is not an http(s) address."),
				    _("See onramp(1), CONFIG: e.g. \"platform_api = https://platform.example:8470\"."));
				goto out;
			}
			str_copy(dst, size, val);
		}
		/* unknown keys: ignored, a newer onramp may write them */
	}
	if (cfg->kiosk)
		cfg->secret_key[0] = 0; /* a kiosk never opens sealed credentials */
	rc = 0;
out:
	free(copy);
	return rc;
}

static bool forced_kiosk;

void config_force_kiosk(void)
{
	forced_kiosk = true;
}

int config_load(struct config *cfg, struct onr_error *err)
{
	char dir[PATHS_MAX], *text = NULL;
	int rc = 0;

	if (paths_config_dir(dir, sizeof(dir), true, err) != 0)
		return -1;
	config_defaults(cfg, dir);
	rc = paths_read(cfg->path, 1 << 20, false, &text, NULL, err);
	if (rc == 0) {
		rc = config_parse(cfg, text, cfg->path, err);
		free(text);
	}
	if (rc == 1)
		rc = 0; /* no config file: the defaults */
	if (rc == 0 && forced_kiosk) { /* --kiosk: never make, keep or open a secret key */
		cfg->kiosk = true;
		cfg->secret_key[0] = 0;
	}
	return rc;
}
