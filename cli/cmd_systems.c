/* `onramp systems`: the catalog, searched and ranked like the wizard's list
 * (core/catalog/SEARCH.md), as a table, as JSON, or as bare names (`--filter`, the
 * fzf --filter / fzy -e shape, also over any list given with --input). */
#include "commands.h"
#include "i18n.h"
#include "device_flow.h"
#include "catalog.h"
#include "catalog_index.h"
#include "data/reader.h"
#include "print.h"
#include "search.h"
#include "systems_stats.h"
#include "util.h"
#include "utf8.h"
#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct cli_opt systems_cli_opts[] = {
	{"--json", NULL, N_("print an array of catalog entries with their fields")},
	{"--limit", "N", N_("print at most N systems")},
	{"--category", "NAME", N_("only this category (ERP, Accounting, CMMS/EAM, ...)")},
	{"--filter", "QUERY", N_("print only names, one per line, best first")},
	{"--input", "FILE", N_("with --filter: rank the lines of FILE instead (- reads stdin)")},
	{"--stats", NULL, N_("print the counts: by category, by check, industrial")},
	{NULL},
};

struct systems_opts {
	const char *category, *filter, *input;
	char query[1024];
	bool json, has_filter, stats;
	size_t limit;
};

static int usage_error(const struct cli_args *a, const char *message, const char *hint)
{
	return cli_usage(a, hint, "%s", message);
}

/* The words of the query, joined by spaces. */
static void join_query(const struct cli_args *a, struct systems_opts *o)
{
	for (int i = 0; i < a->npos; i++) {
		size_t len = strlen(o->query);
		if (len)
			str_copy(o->query + len, sizeof(o->query) - len, " ");
		len = strlen(o->query);
		str_copy(o->query + len, sizeof(o->query) - len, a->pos[i]);
	}
}

/* Options that do not go together. */
static int check_combination(const struct cli_args *a, const struct systems_opts *o)
{
	if (o->has_filter && o->query[0])
		return usage_error(a, _("Give the query either with --filter or on its own, not both."),
				   _("For example: onramp systems --filter sap"));
	if (o->input && !o->has_filter)
		return usage_error(a, _("--input needs --filter."),
				   _("For example: onramp systems --filter sap --input names.txt"));
	if (o->has_filter && (o->json || o->limit))
		return usage_error(a, _("--filter prints names only; it takes no --json or --limit."),
				   _("Use onramp systems QUERY --json for whole entries."));
	if (o->input && o->category)
		return usage_error(a, _("--category does not apply to a list read with --input."),
				   _("Leave out --category, or leave out --input to search the catalog."));
	return 0;
}

static int parse(const struct cli_args *a, struct systems_opts *o)
{
	const char *limit = cli_value(a, "--limit");
	long n = 0;
	o->json = cli_flag(a, "--json");
	o->stats = cli_flag(a, "--stats");
	o->category = cli_value(a, "--category");
	o->filter = cli_value(a, "--filter");
	o->has_filter = o->filter != NULL;
	o->input = cli_value(a, "--input");
	if (limit && !cli_number(limit, 1, 1000000000, &n))
		return usage_error(a, _("--limit needs a whole number of 1 or more."),
				   _("For example: onramp systems erp --limit 10"));
	o->limit = limit ? (size_t)n : 0;
	join_query(a, o);
	return check_combination(a, o);
}

/* ---- output ---------------------------------------------------------------- */

static char outbuf[1 << 16];
static size_t outlen;

static void out_flush(void)
{
	size_t done = 0;
	while (done < outlen) {
		ssize_t w = write(1, outbuf + done, outlen - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	outlen = 0;
}

static void out_add(const char *p, size_t n)
{
	while (n) {
		size_t room = sizeof(outbuf) - outlen, k = n < room ? n : room;
		memcpy(outbuf + outlen, p, k);
		outlen += k, p += k, n -= k;
		if (outlen == sizeof(outbuf))
			out_flush();
	}
}

static void out_cell(const char *text, size_t cols, bool last)
{
	char clean[512];
	size_t w, n;
	str_clean(clean, sizeof(clean), text ? text : "", text ? strlen(text) : 0);
	n = utf8_fit(clean, sizeof(clean), cols, &w);
	if (clean[n] && n) { /* cut: end with "..." */
		n = utf8_fit(clean, n, cols > 3 ? cols - 3 : 0, &w);
		out_add(clean, n);
		out_add("...", 3);
		w += 3;
	} else {
		out_add(clean, n);
	}
	if (!last)
		for (; w < cols + 2; w++)
			out_add(" ", 1);
}

static size_t text_cols(const char *s, size_t cap)
{
	size_t w;
	utf8_fit(s ? s : "", (size_t)-1, cap, &w);
	return w < cap ? w : cap;
}

/* The models column: what onramp reads from the system ("-": nothing yet). */
static void models_cell(const char *id)
{
	const char *const *m = reader_models(id);
	if (!*m)
		out_add("-", 1);
	for (size_t i = 0; m[i]; i++) {
		if (i)
			out_add(",", 1);
		out_add(m[i], strlen(m[i]));
	}
}

static void print_table(const struct catalog_brief *cat, const size_t *idx, size_t n)
{
	size_t wid = 2, wname = 4, wvendor = 6;
	for (size_t i = 0; i < n; i++) {
		const struct system_brief *s = &cat->systems[idx[i]];
		size_t a = text_cols(s->id, 36), b = text_cols(s->name, 44), c = text_cols(s->vendor, 28);
		wid = a > wid ? a : wid, wname = b > wname ? b : wname, wvendor = c > wvendor ? c : wvendor;
	}
	out_cell(_("ID"), wid, false), out_cell(_("NAME"), wname, false);
	out_cell(_("VENDOR"), wvendor, false), out_cell(_("CATEGORY"), 20, false), out_cell(_("MODELS"), 6, true);
	out_add("\n", 1);
	for (size_t i = 0; i < n; i++) {
		const struct system_brief *s = &cat->systems[idx[i]];
		out_cell(s->id, wid, false), out_cell(s->name, wname, false);
		out_cell(s->vendor, wvendor, false), out_cell(s->category, 20, false);
		models_cell(s->id);
		out_add("\n", 1);
	}
	out_flush();
}

static const char *kind_name(enum field_kind k)
{
	switch (k) {
	case FIELD_URL: return "url";
	case FIELD_NUMBER: return "number";
	case FIELD_EMAIL: return "email";
	default: return "text";
	}
}

static cJSON *system_json(const struct system *s)
{
	cJSON *j = cJSON_CreateObject(), *fields = cJSON_CreateArray();
	cJSON_AddStringToObject(j, "id", s->id);
	cJSON_AddStringToObject(j, "name", s->name);
	cJSON_AddStringToObject(j, "vendor", s->vendor);
	cJSON_AddStringToObject(j, "category", s->category);
	cJSON_AddItemToObject(j, "aliases", s->naliases ? cJSON_CreateStringArray((const char *const *)s->aliases, (int)s->naliases) : cJSON_CreateArray());
	cJSON_AddBoolToObject(j, "core", s->core);
	if (s->popular > 0)
		cJSON_AddNumberToObject(j, "popular", s->popular);
	else
		cJSON_AddNullToObject(j, "popular");
	if (s->dropin) { /* never a silent override (issue 12) */
		char src[1100];
		str_fmt(src, sizeof(src), _("drop-in %s"), s->dropin);
		cJSON_AddStringToObject(j, "source", src);
		cJSON_AddBoolToObject(j, "replaces_builtin", s->replaces);
	} else {
		cJSON_AddStringToObject(j, "source", "built-in");
	}
	cJSON_AddStringToObject(j, "auth", s->auth.method ? s->auth.method : "");
	cJSON_AddNumberToObject(j, "tier", s->tier);
	cJSON_AddBoolToObject(j, "available", system_usable(s));
	cJSON *models = cJSON_AddArrayToObject(j, "models"); /* what onramp orders etc. can read */
	for (const char *const *m = reader_models(s->id); *m; m++)
		cJSON_AddItemToArray(models, cJSON_CreateString(*m));
	cJSON_AddStringToObject(j, "verifies", s->probe.verifies_credentials ? "credentials" : "server");
	cJSON_AddBoolToObject(j, "phone_sign_in", device_flow_supported(s)); /* RFC 8628: kiosks can use it */
	cJSON_AddStringToObject(j, "base_url", s->base_url ? s->base_url : "");
	cJSON_AddStringToObject(j, "needs", s->needs ? s->needs : "");
	cJSON_AddStringToObject(j, "where", s->where ? s->where : "");
	for (size_t i = 0; i < s->nfields; i++) {
		const struct field *f = &s->fields[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "key", f->key);
		cJSON_AddStringToObject(o, "label", f->label);
		cJSON_AddStringToObject(o, "kind", kind_name(f->kind));
		cJSON_AddBoolToObject(o, "required", f->required);
		cJSON_AddBoolToObject(o, "secret", f->secret);
		if (f->def && *f->def)
			cJSON_AddStringToObject(o, "default", f->def);
		else
			cJSON_AddNullToObject(o, "default");
		cJSON_AddStringToObject(o, "help", f->help ? f->help : "");
		if (f->placeholder && *f->placeholder)
			cJSON_AddStringToObject(o, "placeholder", f->placeholder);
		cJSON_AddItemToArray(fields, o);
	}
	cJSON_AddItemToObject(j, "fields", fields);
	return j;
}

/* ---- --filter --input: any list of names ------------------------------------ */

/* The whole file: mapped when it is a regular file, else read. */
static char *input_load(const char *path, size_t *len, bool *mapped)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	struct stat st;
	char *data = NULL;
	size_t cap = 0;

	*len = 0, *mapped = false;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		if (st.st_size == 0) {
			if (fd)
				close(fd);
			return xstrdup("");
		}
		data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (data != MAP_FAILED) {
			if (fd)
				close(fd);
			*len = (size_t)st.st_size, *mapped = true;
			return data;
		}
		data = NULL;
	}
	for (;;) {
		if (*len == cap)
			data = xrealloc(data, (cap = cap ? cap * 2 : 1 << 20));
		ssize_t r = read(fd, data + *len, cap - *len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(data);
			data = NULL;
			break;
		}
		if (r == 0)
			break;
		*len += (size_t)r;
	}
	if (fd)
		close(fd);
	return data;
}

static int filter_input(const struct systems_opts *o)
{
	size_t len, n;
	bool mapped;
	struct search_line *lines;
	char *data = input_load(o->input, &len, &mapped);

	if (!data) {
		struct onr_error err;
		char msg[512];
		str_fmt(msg, sizeof(msg), _("Could not read the list \"%s\" (%s)."), o->input, strerror(errno));
		error_set(&err, EXIT_INPUT, "", "input.unreadable", msg,
			  _("Check the file name, and that you may read it."), NULL);
		return print_fail(&err, false);
	}
	n = search_lines(data, len, o->filter, &lines);
	for (size_t i = 0; i < n; i++) {
		if (lines[i].len < sizeof(outbuf) - outlen - 1) {
			memcpy(outbuf + outlen, data + lines[i].off, lines[i].len);
			outlen += lines[i].len;
			outbuf[outlen++] = '\n';
		} else {
			out_add(data + lines[i].off, lines[i].len);
			out_add("\n", 1);
		}
	}
	out_flush();
	free(lines);
	if (mapped)
		munmap(data, len);
	else
		free(data);
	return n ? EXIT_OK : EXIT_INPUT;
}

/* ---- the catalog ------------------------------------------------------------ */

static int no_category(const struct cli_args *a, const struct search *s, const char *category)
{
	const char *cats[64];
	size_t n = search_categories(s, cats, 64);
	char msg[256], hint[768];
	str_copy(hint, sizeof(hint), _("The categories are:"));
	str_fmt(msg, sizeof(msg), _("There is no category \"%s\"."), category);
	for (size_t i = 0; i < n && i < 64; i++) {
		size_t l = strlen(hint);
		str_fmt(hint + l, sizeof(hint) - l, "%s %s", i ? "," : "", cats[i]);
	}
	return usage_error(a, msg, hint);
}

static bool category_known(const struct search *s, const char *category)
{
	const char *cats[256];
	size_t n = search_categories(s, cats, 256);
	for (size_t i = 0; i < n && i < 256; i++)
		if (!strcasecmp(cats[i], category))
			return true;
	return false;
}

/* Where the systems come from. Parsing the JSON catalog costs far more than
 * searching it, so names, the table and --filter read the embedded index;
 * --json needs whole entries, and drop-in files are only in the JSON. */
struct source {
	struct catalog cat;
	struct catalog_brief brief;
};

static int source_open(struct source *src, bool whole, bool json)
{
	struct onr_error err;
	memset(src, 0, sizeof(*src));
	if (!whole && !catalog_has_dropins() && catalog_brief_builtin(&src->brief) == 0)
		return 0;
	if (catalog_load_default(&src->cat, &err) < 0)
		return print_fail(&err, json);
	if (err.code[0]) /* a broken drop-in file: say so, go on with the rest */
		print_error_text(stderr, &err);
	catalog_brief_from_catalog(&src->brief, &src->cat);
	return 0;
}

static void source_close(struct source *src)
{
	catalog_brief_free(&src->brief);
	catalog_free(&src->cat);
}

static void print_names(const struct catalog_brief *b, const size_t *idx, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = b->systems[idx[i]].name;
		out_add(name, strlen(name));
		out_add("\n", 1);
	}
	out_flush();
}

static void print_entries(const struct catalog *cat, const size_t *idx, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, system_json(catalog_at(cat, idx[i])));
	print_json(arr);
}

static void no_match(const char *query)
{
	struct onr_error err;
	char msg[1200];
	str_fmt(msg, sizeof(msg), _("No system matches \"%s\"."), query);
	error_set(&err, EXIT_INPUT, "", "search.no_match", msg,
		  _("Check the spelling or type fewer letters. \"onramp systems\" alone lists them all."),
		  NULL);
	print_error_text(stderr, &err);
}

static int list_systems(const struct systems_opts *o, const struct source *src, struct search *s)
{
	size_t n = src->brief.n, total, shown;
	size_t *idx = xmalloc((n + 1) * sizeof(*idx));

	total = search_run(s, o->has_filter ? o->filter : o->query, o->category, NULL, 0, idx, n);
	shown = total < n ? total : n;
	if (o->limit && shown > o->limit)
		shown = o->limit;
	if (o->has_filter)
		print_names(&src->brief, idx, shown);
	else if (o->json)
		print_entries(&src->cat, idx, shown);
	else if (shown) {
		if (search_needs_typo(s, idx[0], o->query))
			printf(_("No exact match for \"%s\"; did you mean %s?\n"), o->query, src->brief.systems[idx[0]].name), fflush(stdout);
		print_table(&src->brief, idx, shown);
	}
	else
		no_match(o->query);
	free(idx);
	return shown ? EXIT_OK : EXIT_INPUT;
}

static int run_systems(const struct cli_args *a)
{
	struct systems_opts o = {0};
	struct source src;
	struct search *s;
	int rc = parse(a, &o);

	if (rc)
		return rc;
	if (o.input)
		return filter_input(&o);
	if ((rc = source_open(&src, o.json || o.stats, o.json)) != 0)
		return rc;
	if (o.stats) {
		systems_stats_print(&src.cat);
		source_close(&src);
		return EXIT_OK;
	}
	/* with drop-in files, the index they cached (dropin_cache.h) */
	s = src.cat.dropin_key ? catalog_search_new(&src.cat) : search_new_brief(&src.brief);
	if (o.category && *o.category && !category_known(s, o.category))
		rc = no_category(a, s, o.category);
	else
		rc = list_systems(&o, &src, s);
	search_free(s);
	source_close(&src);
	return rc;
}

/* Offline: `systems --filter` starts as fast as fzy, without libcurl. */
const struct cli_command cmd_systems_entry = {
	.name = "systems",
	.args = "QUERY",
	.usage = N_("onramp systems [QUERY] [--json] [--limit N] [--category NAME]\n"
		 "onramp systems --filter QUERY [--input FILE] [--category NAME]\n"
		 "onramp systems --stats"),
	.about = N_("Searches the systems onramp can connect, best match first. Type a name the way\n"
		 "you say it: word starts (\"dyn bus\"), initials (\"bc\", \"jde\", \"qbo\"), a vendor\n"
		 "(\"microsoft\"); small typing mistakes and accents do not matter.\n"
		 "Without a QUERY, the most-used systems come first, then the rest by name."),
	.opts = systems_cli_opts,
	.max_args = -1,
	.exits = N_("Exit codes: 0 success, 2 usage, 3 input (nothing matched, or a file could not\n"
		 "be read), 4 network, 5 tls, 6 auth rejected, 7 api or permission,\n"
		 "8 store or seal, 9 cancelled.\n"),
	.flags = CLI_OFFLINE,
	.run = run_systems,
};
