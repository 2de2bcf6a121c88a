/* catalog.c: loads systems from our JSON schema (CATALOG.md) into structs.
 * Loading is strict about shape, so a bad drop-in file is reported with its
 * name and line instead of turning into odd behaviour later. */
#include "catalog.h"
#include "i18n.h"
#include "util.h"
#include "auth/registry.h"
#include "json_arena.h"
#include <cJSON.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

extern const char catalog_curated_json[], catalog_curated_json_end[];
extern const char catalog_generated_json[], catalog_generated_json_end[];

static char *jstr(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return xstrdup(cJSON_IsString(v) ? v->valuestring : "");
}

static bool jbool(const cJSON *obj, const char *key, bool def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : def;
}

static int jint(const cJSON *obj, const char *key, int def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? v->valueint : def;
}

static char **jstrings(const cJSON *obj, const char *key, size_t *n)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key), *it;
	char **out = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *));
	*n = 0;
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it))
			out[(*n)++] = xstrdup(it->valuestring);
	return out;
}

static enum field_kind kind_of(const char *s)
{
	if (!strcmp(s, "url"))
		return FIELD_URL;
	if (!strcmp(s, "number"))
		return FIELD_NUMBER;
	if (!strcmp(s, "email"))
		return FIELD_EMAIL;
	return FIELD_TEXT;
}

static void field_parse(struct field *f, const cJSON *j)
{
	char *kind = jstr(j, "kind");
	f->key = jstr(j, "key");
	f->label = jstr(j, "label");
	f->placeholder = jstr(j, "placeholder");
	f->help = jstr(j, "help");
	f->def = jstr(j, "default");
	f->kind = kind_of(kind);
	f->required = jbool(j, "required", false);
	f->secret = jbool(j, "secret", false);
	free(kind);
}

static void auth_parse(struct auth_spec *a, const cJSON *j)
{
	if (cJSON_IsString(j)) { /* shorthand: "auth": "tryton" */
		memset(a, 0, sizeof(*a));
		a->method = xstrdup(j->valuestring);
		j = NULL;
	} else {
		a->method = jstr(j, "method");
	}
	a->user = jstr(j, "user");
	a->password = jstr(j, "password");
	a->name = jstr(j, "name");
	a->value = jstr(j, "value");
	a->token = jstr(j, "token");
	a->token_url = jstr(j, "token_url");
	a->client_id = jstr(j, "client_id");
	a->client_secret = jstr(j, "client_secret");
	a->scope = jstr(j, "scope");
	a->authorize_url = jstr(j, "authorize_url");
	a->authorize_params = jstr(j, "authorize_params");
	a->device_url = jstr(j, "device_url");
	a->client_auth = jstr(j, "client_auth");
	a->service = jstr(j, "service");
	a->region = jstr(j, "region");
}

static void probe_parse(struct probe_spec *p, const cJSON *j)
{
	const cJSON *hdrs = cJSON_GetObjectItemCaseSensitive(j, "headers"), *h;
	char *verifies = jstr(j, "verifies");
	p->url = jstr(j, "url");
	p->method = jstr(j, "method");
	p->identity = jstr(j, "identity");
	p->verifies_credentials = strcmp(verifies, "server") != 0;
	free(verifies);
	p->headers = xcalloc((size_t)cJSON_GetArraySize(hdrs) + 1, sizeof(*p->headers));
	p->nheaders = 0;
	cJSON_ArrayForEach(h, hdrs) {
		if (!cJSON_IsString(h))
			continue;
		p->headers[p->nheaders].name = xstrdup(h->string);
		p->headers[p->nheaders].value = xstrdup(h->valuestring);
		p->nheaders++;
	}
}

static struct hint *pairs_parse(const cJSON *j, size_t *n)
{
	const cJSON *h;
	struct hint *out = xcalloc((size_t)cJSON_GetArraySize(j) + 1, sizeof(*out));
	*n = 0;
	cJSON_ArrayForEach(h, j) {
		if (!cJSON_IsString(h))
			continue;
		out[*n].key = xstrdup(h->string);
		out[*n].text = xstrdup(h->valuestring);
		(*n)++;
	}
	return out;
}

static void pairs_free(struct hint *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(p[i].key);
		free(p[i].text);
	}
	free(p);
}

static void system_parse(struct system *s, const cJSON *j)
{
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(j, "fields"), *f;
	memset(s, 0, sizeof(*s));
	s->id = jstr(j, "id");
	s->name = jstr(j, "name");
	s->vendor = jstr(j, "vendor");
	s->category = jstr(j, "category");
	s->needs = jstr(j, "needs");
	s->where = jstr(j, "where");
	s->base_url = jstr(j, "base_url");
	s->aliases = jstrings(j, "aliases", &s->naliases);
	s->guide = jstrings(j, "guide", &s->nguide);
	s->tier = jint(j, "tier", 1);
	s->popular = jint(j, "popular", 0);
	s->core = jbool(j, "core", false);
	s->available = jbool(j, "available", true);
	auth_parse(&s->auth, cJSON_GetObjectItemCaseSensitive(j, "auth"));
	probe_parse(&s->probe, cJSON_GetObjectItemCaseSensitive(j, "probe"));
	s->hints = pairs_parse(cJSON_GetObjectItemCaseSensitive(j, "hints"), &s->nhints);
	s->error_fields = pairs_parse(cJSON_GetObjectItemCaseSensitive(j, "error_fields"), &s->nerror_fields);
	s->fields = xcalloc((size_t)cJSON_GetArraySize(fields) + 1, sizeof(*s->fields));
	cJSON_ArrayForEach(f, fields)
		if (cJSON_IsObject(f))
			field_parse(&s->fields[s->nfields++], f);
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void system_free(struct system *s)
{
	struct auth_spec *a = &s->auth;
	char *strs[] = {s->id, s->name, s->vendor, s->category, s->needs, s->where, s->base_url,
			a->method, a->user, a->password, a->name, a->value, a->token, a->token_url,
			a->client_id, a->client_secret, a->scope, a->authorize_url, a->authorize_params, a->device_url, a->client_auth,
			a->service, a->region, s->probe.url, s->probe.method, s->probe.identity};
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(strs[i]);
	strv_free(s->aliases, s->naliases);
	strv_free(s->guide, s->nguide);
	for (size_t i = 0; i < s->probe.nheaders; i++) {
		free(s->probe.headers[i].name);
		free(s->probe.headers[i].value);
	}
	free(s->probe.headers);
	free(s->dropin);
	pairs_free(s->hints, s->nhints);
	pairs_free(s->error_fields, s->nerror_fields);
	for (size_t i = 0; i < s->nfields; i++) {
		struct field *f = &s->fields[i];
		free(f->key), free(f->label), free(f->placeholder), free(f->help), free(f->def);
	}
	free(s->fields);
}

/* The 1-based line of byte offset `at`, for "line N" in messages. */
static int line_of(const char *json, const char *at)
{
	int line = 1;
	for (const char *p = json; p < at && *p; p++)
		line += *p == '\n';
	return line;
}

/* Checks one entry's shape; returns a reason or NULL when it is fine. */
static const char *entry_problem(const cJSON *j)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(j, "fields");
	const cJSON *auth = cJSON_GetObjectItemCaseSensitive(j, "auth");
	if (!cJSON_IsObject(j))
		return "an entry is not a JSON object";
	if (!cJSON_IsString(id) || !id->valuestring[0])
		return "an entry has no \"id\"";
	if (!cJSON_IsString(name))
		return "an entry has no \"name\"";
	if (fields && !cJSON_IsArray(fields))
		return "\"fields\" is not a list";
	if (!cJSON_IsObject(auth) && !cJSON_IsString(auth))
		return "an entry has no \"auth\" method";
	return NULL;
}

/* Ids are looked up through a small open-addressing hash: loading the
 * catalog must stay linear as it grows past thousands of systems. */
static size_t id_hash(const char *id)
{
	size_t h = 14695981039346656037u;
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211u;
	return h;
}

static size_t *id_slot(const struct catalog *cat, const char *id)
{
	size_t mask = cat->nslots - 1;
	for (size_t i = id_hash(id) & mask;; i = (i + 1) & mask)
		if (!cat->slots[i] || !strcmp(cat->systems[cat->slots[i] - 1].id, id))
			return &cat->slots[i];
}

static void index_grow(struct catalog *cat)
{
	free(cat->slots);
	cat->nslots = cat->nslots ? cat->nslots * 2 : 1024;
	cat->slots = xcalloc(cat->nslots, sizeof(size_t));
	for (size_t i = 0; i < cat->n; i++)
		*id_slot(cat, cat->systems[i].id) = i + 1;
}

/* dropin: the file's path for a drop-in entry, NULL for a built-in one. */
static void catalog_put(struct catalog *cat, const cJSON *j, const char *dropin)
{
	const char *id = cJSON_GetObjectItemCaseSensitive(j, "id")->valuestring;
	size_t *slot;
	if ((cat->n + 1) * 2 > cat->nslots)
		index_grow(cat);
	slot = id_slot(cat, id);
	if (*slot) { /* later sources override */
		struct system *s = &cat->systems[*slot - 1];
		bool replaces = dropin && (s->replaces || !s->dropin);
		system_free(s);
		system_parse(s, j);
		s->dropin = dropin ? xstrdup(dropin) : NULL;
		s->replaces = replaces;
		return;
	}
	if (cat->n == cat->cap) {
		cat->cap = cat->cap ? cat->cap * 2 : 256;
		cat->systems = xrealloc(cat->systems, cat->cap * sizeof(*cat->systems));
	}
	system_parse(&cat->systems[cat->n], j);
	cat->systems[cat->n].dropin = dropin ? xstrdup(dropin) : NULL;
	*slot = ++cat->n;
}

const char *system_origin(const struct system *sys, char *buf, size_t size)
{
	/* the file's name only: the line must fit a form's width; `systems
	 * --json` gives the whole path */
	const char *name = sys->dropin ? strrchr(sys->dropin, '/') : NULL;
	name = name ? name + 1 : sys->dropin;
	if (!sys->dropin)
		str_copy(buf, size, "");
	else if (sys->replaces)
		str_fmt(buf, size, _("Replaces the built-in entry: defined by the drop-in file %s."), name);
	else
		str_fmt(buf, size, _("Defined by the drop-in file %s."), name);
	return buf;
}

static int bad_catalog(struct onr_error *err, const char *source, int line, const char *why)
{
	char msg[256], hint[512];
	str_fmt(msg, sizeof(msg), "The system list %s could not be read (line %d: %s).", source, line, why);
	str_fmt(hint, sizeof(hint), "Fix or remove %s, then start onramp again. The built-in systems are not affected.", source);
	error_set(err, EXIT_INPUT, "catalog", "catalog.invalid", msg, hint, NULL);
	return -1;
}

static int add_json(struct catalog *cat, const char *json, size_t len, const char *source,
		    const char *dropin, struct onr_error *err);

int catalog_add_json(struct catalog *cat, const char *json, size_t len,
		     const char *source, struct onr_error *err)
{
	return add_json(cat, json, len, source, NULL, err);
}

static int add_json(struct catalog *cat, const char *json, size_t len, const char *source,
		    const char *dropin, struct onr_error *err)
{
	const char *at = NULL;
	/* the arena parser: every command loads 2.4 MB of built-in catalog,
	 * and cJSON's malloc per value made that some 40 ms of each start */
	cJSON *doc = json_arena_parse(json, len, false, &at);
	const cJSON *systems, *j;

	if (!doc)
		return bad_catalog(err, source, line_of(json, at ? at : json + len), "the JSON is malformed");
	systems = cJSON_GetObjectItemCaseSensitive(doc, "systems");
	if (!cJSON_IsArray(systems)) {
		json_free(doc);
		return bad_catalog(err, source, 1, "there is no \"systems\" list");
	}
	/* Check every entry first so a bad file adds nothing at all. */
	cJSON_ArrayForEach(j, systems) {
		const char *why = entry_problem(j);
		if (why) {
			/* cJSON keeps no offsets; find the entry's id in the text instead */
			const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
			const char *where = cJSON_IsString(id) ? strstr(json, id->valuestring) : NULL;
			int line = where ? line_of(json, where) : 1;
			json_free(doc);
			return bad_catalog(err, source, line, why);
		}
	}
	cJSON_ArrayForEach(j, systems)
		catalog_put(cat, j, dropin);
	json_free(doc);
	return 0;
}

static void dropin_dir(char *dir, size_t size)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		str_fmt(dir, size, "%s/onramp/systems.d", xdg);
	else
		str_fmt(dir, size, "%s/.local/share/onramp/systems.d", home ? home : ".");
}

static bool is_json_name(const char *name)
{
	size_t len = strlen(name);
	return len > 5 && !strcmp(name + len - 5, ".json");
}

bool catalog_has_dropins(void)
{
	char dir[1024];
	DIR *d;
	struct dirent *ent;
	bool found = false;

	dropin_dir(dir, sizeof(dir));
	if (!(d = opendir(dir)))
		return false;
	while (!found && (ent = readdir(d)))
		found = is_json_name(ent->d_name);
	closedir(d);
	return found;
}

static void catalog_add_dropins(struct catalog *cat, struct onr_error *err)
{
	char dir[1024], path[1400];
	struct dirent **names;
	int n;

	dropin_dir(dir, sizeof(dir));
	n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (is_json_name(names[i]->d_name)) {
			struct onr_error one;
			size_t len;
			char *text;
			str_fmt(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			text = file_read(path, &len);
			if (text && add_json(cat, text, len, path, path, &one) < 0 && !err->code[0])
				*err = one; /* report the first; keep loading the rest */
			free(text);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

int catalog_load_builtin(struct catalog *cat, struct onr_error *err)
{
	memset(cat, 0, sizeof(*cat));
	error_clear(err);
	/* Generated first, so curated entries with the same id win. */
	if (catalog_add_json(cat, catalog_generated_json,
			     (size_t)(catalog_generated_json_end - catalog_generated_json),
			     "(built-in generated catalog)", err) < 0 ||
	    catalog_add_json(cat, catalog_curated_json,
			     (size_t)(catalog_curated_json_end - catalog_curated_json),
			     "(built-in curated catalog)", err) < 0)
		return -1;
	return 0;
}

int catalog_load_default(struct catalog *cat, struct onr_error *err)
{
	if (catalog_load_builtin(cat, err) < 0)
		return -1;
	catalog_add_dropins(cat, err);
	return 0;
}

void catalog_free(struct catalog *cat)
{
	for (size_t i = 0; i < cat->n; i++)
		system_free(&cat->systems[i]);
	free(cat->systems);
	free(cat->slots);
	memset(cat, 0, sizeof(*cat));
}

const struct system *catalog_find(const struct catalog *cat, const char *id)
{
	size_t *slot = cat->nslots ? id_slot(cat, id) : NULL;
	return slot && *slot ? &cat->systems[*slot - 1] : NULL;
}

int system_field_index(const struct system *sys, const char *key)
{
	for (size_t i = 0; i < sys->nfields; i++)
		if (!strcmp(sys->fields[i].key, key))
			return (int)i;
	return -1;
}

const struct field *system_field(const struct system *sys, const char *key)
{
	int i = system_field_index(sys, key);
	return i < 0 ? NULL : &sys->fields[i];
}

bool system_usable(const struct system *sys)
{
	return sys->available && auth_method_implemented(sys->auth.method);
}

static const char *pairs_find(const struct hint *p, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].key, key))
			return p[i].text;
	return NULL;
}

const char *system_hint(const struct system *sys, const char *key)
{
	return pairs_find(sys->hints, sys->nhints, key);
}

const char *system_error_field(const struct system *sys, const char *code)
{
	return pairs_find(sys->error_fields, sys->nerror_fields, code);
}
