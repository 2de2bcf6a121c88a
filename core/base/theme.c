#include "i18n.h"
#include "theme.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef ONRAMP_DATADIR
#define ONRAMP_DATADIR "/usr/local/share/onramp"
#endif

static const char *const role_names[ROLE_COUNT] = {
	"normal", "title", "selected", "match", "label", "invalid",
	"help", "ok", "fail", "muted", "button", "border"};
static const char *const color_names[] = {"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", NULL};

/* Built in so an installed binary works with no theme files at all. */
static const char builtin_default[] =
	"normal = default default\n title = white blue bold\n selected = black cyan\n"
	"match = yellow default bold\n label = default default bold\n invalid = red default bold\n"
	"help = black white\n ok = green default bold\n fail = red default bold\n"
	"muted = default default dim\n button = black green bold\n border = blue default\n";
static const char builtin_high_contrast[] =
	"normal = white black\n title = black yellow bold\n selected = black white bold\n"
	"match = yellow black bold underline\n label = white black bold\n invalid = yellow black bold underline\n"
	"help = black white bold\n ok = green black bold\n fail = yellow black bold\n"
	"muted = white black\n button = black yellow bold\n border = white black\n";
static const char builtin_mono[] =
	"normal = default default\n title = default default bold reverse\n selected = default default reverse\n"
	"match = default default bold underline\n label = default default bold\n invalid = default default bold underline\n"
	"help = default default reverse\n ok = default default bold\n fail = default default bold\n"
	"muted = default default\n button = default default reverse bold\n border = default default\n";

const char *theme_role_name(enum role r)
{
	return role_names[r];
}

static int parse_color(const char *s, short *out)
{
	char *end;
	long n;
	if (!strcasecmp(s, "default")) {
		*out = -1;
		return 0;
	}
	for (int i = 0; color_names[i]; i++)
		if (!strcasecmp(s, color_names[i])) {
			*out = (short)i;
			return 0;
		}
	n = strtol(s, &end, 10);
	if (*s && !*end && n >= 0 && n <= 255) {
		*out = (short)n;
		return 0;
	}
	return -1;
}

static int parse_attr(const char *s)
{
	static const char *const names[] = {"bold", "dim", "reverse", "underline"};
	for (int i = 0; i < 4; i++)
		if (!strcasecmp(s, names[i]))
			return 1 << i;
	return -1;
}

static int bad_line(struct onr_error *err, const char *source, int line, const char *why)
{
	char msg[256];
	str_fmt(msg, sizeof(msg), _("The theme %1$s has a mistake on line %2$d: %3$s."), source, line, _(why));
	error_set(err, EXIT_INPUT, "", "theme.invalid", msg,
		  _("Each line reads: role = foreground background [bold dim reverse underline]. Fix the line or pick another theme with --theme."), NULL);
	return -1;
}

static int parse_line(struct theme *t, char *line, const char *source, int n, struct onr_error *err)
{
	char *eq = strchr(line, '='), *tok, *save;
	int r, words = 0;
	struct theme_style st = {-1, -1, 0};
	if (!eq)
		return bad_line(err, source, n, N_("no '='"));
	*eq = 0;
	tok = strtok_r(line, " \t", &save);
	for (r = 0; r < ROLE_COUNT && tok; r++)
		if (!strcmp(tok, role_names[r]))
			break;
	if (!tok || r == ROLE_COUNT)
		return bad_line(err, source, n, N_("unknown role"));
	for (tok = strtok_r(eq + 1, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save), words++) {
		int a;
		if (words == 0 && parse_color(tok, &st.fg) == 0)
			continue;
		if (words == 1 && parse_color(tok, &st.bg) == 0)
			continue;
		if (words < 2 || (a = parse_attr(tok)) < 0)
			return bad_line(err, source, n, N_("unknown color or attribute"));
		st.attrs |= a;
	}
	if (words < 2)
		return bad_line(err, source, n, N_("needs a foreground and a background"));
	t->role[r] = st;
	return 0;
}

int theme_parse(struct theme *t, const char *text, const char *source, struct onr_error *err)
{
	char *copy = xstrdup(text), *line = copy;
	int n = 0, rc = 0;
	/* line by line, blank ones included, so errors name the right line */
	while (line && !rc) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		n++;
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line && *line != '#' && *line != '\r')
			rc = parse_line(t, line, source, n, err);
		line = next;
	}
	free(copy);
	return rc;
}

static char *find_file(const char *name)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char path[1024];
	char *text;
	if (strchr(name, '/'))
		return NULL; /* a name, not a path */
	if (xdg && *xdg)
		str_fmt(path, sizeof(path), "%s/onramp/themes/%s.theme", xdg, name);
	else
		str_fmt(path, sizeof(path), "%s/.config/onramp/themes/%s.theme", home ? home : ".", name);
	if ((text = file_read(path, NULL)))
		return text;
	str_fmt(path, sizeof(path), "%s/themes/%s.theme", ONRAMP_DATADIR, name);
	return file_read(path, NULL);
}

int theme_load(struct theme *t, const char *name, struct onr_error *err)
{
	char *text;
	int rc;
	memset(t, 0, sizeof(*t));
	theme_parse(t, builtin_default, "(built-in)", err);
	str_copy(t->name, sizeof(t->name), name);
	if ((text = find_file(name))) {
		rc = theme_parse(t, text, name, err);
		free(text);
		return rc;
	}
	if (!strcmp(name, "default"))
		return 0;
	if (!strcmp(name, "high-contrast"))
		return theme_parse(t, builtin_high_contrast, name, err);
	if (!strcmp(name, "mono"))
		return theme_parse(t, builtin_mono, name, err);
	char msg[200];
	str_fmt(msg, sizeof(msg), _("There is no theme called \"%s\"."), name);
	error_set(err, EXIT_USAGE, "", "theme.unknown", msg,
		  _("Use default, high-contrast or mono, or put NAME.theme in ~/.config/onramp/themes/."), NULL);
	return -1;
}
