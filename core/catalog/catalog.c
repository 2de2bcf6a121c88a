/* catalog.c: loads systems from our JSON schema (CATALOG.md) into structs.
 * Loading is strict about shape, so a bad drop-in file is reported with its
 * name and line instead of turning into odd behaviour later. */
#include "catalog.h"
#include "i18n_text.h"
#include "i18n.h"
#include "util.h"
#include "auth/registry.h"
#include "catalog_scan.h"
#include "dropin_cache.h"
#include "fasthash.h"
#include "json_arena.h"
#include <cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
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

/* A JSON object of strings ("headers", "body", "hints", ...), in its
 * order; members that are not strings are left out. */
static struct str_pair *pairs_parse(const cJSON *obj, size_t *n)
{
	const cJSON *h;
	struct str_pair *t = xcalloc((size_t)cJSON_GetArraySize(obj) + 1, sizeof(*t));
	*n = 0;
	cJSON_ArrayForEach(h, obj) {
		if (!cJSON_IsString(h))
			continue;
		t[*n].name = xstrdup(h->string);
		t[*n].value = xstrdup(h->valuestring);
		(*n)++;
	}
	return t;
}

static void pairs_free(struct str_pair *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].name);
		free(t[i].value);
	}
	free(t);
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
	a->token_path = jstr(j, "token_path");
	a->prefix = jstr(j, "prefix");
	a->body = pairs_parse(cJSON_GetObjectItemCaseSensitive(j, "body"), &a->nbody);
	a->headers = pairs_parse(cJSON_GetObjectItemCaseSensitive(j, "headers"), &a->nheaders);
}

static void probe_parse(struct probe_spec *p, const cJSON *j)
{
	char *verifies = jstr(j, "verifies");
	p->url = jstr(j, "url");
	p->method = jstr(j, "method");
	p->identity = jstr(j, "identity");
	p->verifies_credentials = strcmp(verifies, "server") != 0;
	free(verifies);
	p->headers = pairs_parse(cJSON_GetObjectItemCaseSensitive(j, "headers"), &p->nheaders);
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
	s->parsed = true;
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
	if (!s->parsed) /* a stub owns nothing */
		return;
	char *strs[] = {s->id, s->name, s->vendor, s->category, s->needs, s->where, s->base_url,
			a->method, a->user, a->password, a->name, a->value, a->token, a->token_url,
			a->client_id, a->client_secret, a->scope, a->authorize_url, a->authorize_params, a->device_url, a->client_auth,
			a->service, a->region, a->token_path, a->prefix, s->probe.url, s->probe.method, s->probe.identity};
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(strs[i]);
	strv_free(s->aliases, s->naliases);
	strv_free(s->guide, s->nguide);
	pairs_free(s->probe.headers, s->probe.nheaders);
	pairs_free(a->body, a->nbody);
	pairs_free(a->headers, a->nheaders);
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

/* Ids are looked up through a small open-addressing hash: loading the
 * catalog must stay linear as it grows past thousands of systems. */
static size_t id_hash(const char *id)
{
	size_t h = 14695981039346656037u;
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211u;
	/* FNV's low bits barely differ for ids that differ in their last
	 * digits (`dropin-1` .. `dropin-1000000`): mixed, or the linear
	 * probing below walks long runs (a third of a million-entry start) */
	h ^= h >> 32;
	h *= 0x9e3779b97f4a7c15u;
	return h ^ h >> 29;
}

/* A slot holds the entry's index + 1 in its low 32 bits and the id's
 * hash in the high ones, so a probe compares ids only when hashes agree
 * (a million-entry drop-in file is a million lookups at load). */
#define SLOT_INDEX(v) ((size_t)((v) & 0xffffffffu))
#define SLOT_HASH(h) ((size_t)(h) & ~(size_t)0xffffffffu)

static size_t *id_slot(const struct catalog *cat, const char *id)
{
	size_t mask = cat->nslots - 1, h = id_hash(id);
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		size_t v = cat->slots[i];
		if (!v || ((v & ~(size_t)0xffffffffu) == SLOT_HASH(h) && !strcmp(cat->systems[SLOT_INDEX(v) - 1].id, id)))
			return &cat->slots[i];
	}
}

static size_t slot_value(const char *id, size_t index)
{
	return SLOT_HASH(id_hash(id)) | (index + 1);
}

static void index_grow(struct catalog *cat)
{
	free(cat->slots);
	cat->nslots = cat->nslots ? cat->nslots * 2 : 1024;
	cat->slots = xcalloc(cat->nslots, sizeof(size_t));
	for (size_t i = 0; i < cat->n; i++)
		*id_slot(cat, cat->systems[i].id) = slot_value(cat->systems[i].id, i);
}

void catalog_reserve(struct catalog *cat, size_t n)
{
	if (n > cat->cap) {
		cat->cap = n;
		cat->systems = xrealloc(cat->systems, cat->cap * sizeof(*cat->systems));
	}
	while ((n + 1) * 2 > cat->nslots)
		index_grow(cat);
}

/* The slot of e's id, made room for first. */
static size_t *slot_for(struct catalog *cat, const char *id)
{
	if ((cat->n + 1) * 2 > cat->nslots)
		index_grow(cat);
	return id_slot(cat, id);
}

/* Where a new entry goes: a fresh place, or the place of the entry with
 * the same id, which it replaces (later sources override). */
static struct system *place_for(struct catalog *cat, const char *id, const char *dropin, bool *replaces)
{
	size_t *slot = slot_for(cat, id);
	*replaces = false;
	if (*slot) {
		struct system *s = &cat->systems[SLOT_INDEX(*slot) - 1];
		*replaces = dropin && (s->replaces || !s->dropin);
		system_free(s);
		return s;
	}
	if (cat->n == cat->cap) {
		cat->cap = cat->cap ? cat->cap * 2 : 256;
		cat->systems = xrealloc(cat->systems, cat->cap * sizeof(*cat->systems));
	}
	*slot = slot_value(id, cat->n++);
	return &cat->systems[cat->n - 1];
}

/* dropin: the file's path (the catalog's copy), NULL for a built-in entry. */
static void catalog_put(struct catalog *cat, const cJSON *j, const struct system *stub, const char *dropin)
{
	bool replaces;
	struct system *s = place_for(cat, cJSON_GetObjectItemCaseSensitive(j, "id")->valuestring, dropin, &replaces);
	system_parse(s, j);
	s->src = stub->src;
	s->srclen = stub->srclen;
	s->dropin = dropin;
	s->replaces = replaces;
}

void catalog_put_stub(struct catalog *cat, const struct system *stub, const char *dropin)
{
	bool replaces;
	struct system *s = place_for(cat, stub->id, dropin, &replaces);
	*s = *stub;
	s->parsed = false;
	s->dropin = dropin;
	s->replaces = replaces;
}

/* ---- memory the stubs borrow from -------------------------------------- */

struct cat_block {
	struct cat_block *next;
	void *mapped; /* a drop-in file's text, mapped (mapped_len bytes) */
	size_t mapped_len, used, cap;
	_Alignas(max_align_t) char data[];
};

void *catalog_alloc(struct catalog *cat, size_t n)
{
	struct cat_block *b = cat->mem;
	n = (n + 15) & ~(size_t)15;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > 1024 * 1024 ? n : 1024 * 1024;
		b = xmalloc(sizeof(*b) + cap);
		*b = (struct cat_block){.next = cat->mem, .cap = cap};
		cat->mem = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

void catalog_keep_map(struct catalog *cat, void *p, size_t len)
{
	struct cat_block *b = xmalloc(sizeof(*b));
	*b = (struct cat_block){.next = cat->mem, .mapped = p, .mapped_len = len};
	/* the head keeps taking small allocations: put this one behind it */
	if (cat->mem) {
		b->next = cat->mem->next;
		cat->mem->next = b;
	} else {
		cat->mem = b;
	}
}

static void *arena_of(void *cat, size_t n)
{
	return catalog_alloc(cat, n);
}

/* A stub made whole. Its JSON was checked when it was scanned, so the
 * parse only fails when memory does: then the entry says it is not
 * available rather than offering an empty form. */
static void system_complete(struct system *s)
{
	struct system full;
	cJSON *j = json_arena_parse(s->src, s->srclen, false, NULL);
	cJSON *empty = j ? NULL : cJSON_CreateObject();
	system_parse(&full, j ? j : empty);
	if (!j) {
		free(full.id), free(full.name), free(full.vendor), free(full.category);
		full.id = xstrdup(s->id), full.name = xstrdup(s->name);
		full.vendor = xstrdup(s->vendor), full.category = xstrdup(s->category);
		full.available = false;
	}
	json_free(j ? j : empty);
	full.src = s->src;
	full.srclen = s->srclen;
	full.dropin = s->dropin;
	full.replaces = s->replaces;
	*s = full;
}

const struct system *catalog_at(const struct catalog *cat, size_t i)
{
	struct system *s = (struct system *)&cat->systems[i]; /* the parse cache; see catalog.h */
	if (!s->parsed)
		system_complete(s);
	return s;
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
	str_fmt(msg, sizeof(msg), _("The system list %1$s could not be read (line %2$d: %3$s)."), source, line, _(why));
	str_fmt(hint, sizeof(hint), _("Fix or remove %s, then start onramp again. The built-in systems are not affected."),
		source);
	error_set(err, EXIT_INPUT, "catalog", "catalog.invalid", msg, hint, NULL);
	return -1;
}

/* Every entry whole, parsed with the arena parser. The scan checks the
 * shape first (so a bad file adds nothing at all, and errors name the
 * entry's line) and gives each entry's place in the text. */
int catalog_add_json(struct catalog *cat, const char *json, size_t len,
		     const char *source, struct onr_error *err)
{
	struct catalog scratch = {0};
	struct scan_result r = {0};
	const cJSON *systems, *j;
	cJSON *doc;
	size_t i = 0;

	if (catalog_scan(json, len, arena_of, &scratch, &r) < 0) {
		free(r.stubs), catalog_free(&scratch);
		return bad_catalog(err, source, line_of(json, r.at), r.why);
	}
	doc = json_arena_parse(json, len, false, NULL);
	systems = cJSON_GetObjectItemCaseSensitive(doc, "systems");
	if (cJSON_GetArraySize(systems) != (int)r.n) { /* the two readers disagree: a bug, said plainly */
		json_free(doc), free(r.stubs), catalog_free(&scratch);
		return bad_catalog(err, source, 1, N_("the JSON is malformed"));
	}
	cJSON_ArrayForEach(j, systems)
		catalog_put(cat, j, &r.stubs[i++], NULL);
	json_free(doc), free(r.stubs), catalog_free(&scratch);
	return 0;
}

/* A drop-in file as stubs over its text, mapped, not copied (a big list
 * is read once by the scan, then only an entry at a time). The catalog
 * keeps the mapping when the file is sound. */
static int add_dropin(struct catalog *cat, const char *path, struct onr_error *err)
{
	/* the stubs are scanned straight into the catalog's array, after its
	 * entries, then each is put under its id (no second copy of a
	 * million stubs) */
	struct scan_result r = {.stubs = cat->systems, .n = cat->n, .cap = cat->cap};
	struct stat st = {0};
	char *dropin, *text;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		if (fd >= 0)
			close(fd);
		/* an unreadable file is passed over; an empty one is not a catalog */
		return fd >= 0 && st.st_size == 0 ? bad_catalog(err, path, 1, N_("the JSON is malformed")) : 0;
	}
	/* populated: the scan reads it all at once, so fault it in at once */
	text = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (text == MAP_FAILED)
		return 0;
	size_t len = (size_t)st.st_size;
	/* the same content as a cached scan: its stubs, no scan (dropin_cache.h) */
	uint64_t sum = dropin_sum(text, len);
	bool cached = dropin_cache_read(cat, path, text, len, sum, &r) == 0;
	int rc = cached ? 0 : catalog_scan(text, len, arena_of, cat, &r);
	cat->systems = r.stubs, cat->cap = r.cap;
	if (rc < 0) {
		bad_catalog(err, path, line_of(text, r.at), r.why);
		munmap(text, len);
		return -1;
	}
	if (!cached)
		dropin_cache_write(path, text, len, sum, r.stubs + cat->n, r.n - cat->n);
	uint64_t key[3] = {cat->dropin_key, sum, len};
	cat->dropin_key = fast_hash(key, sizeof(key), fast_hash(path, strlen(path), 2));
	catalog_keep_map(cat, text, len);
	/* the stubs hold copies of what they need: give the scanned pages
	 * back (they are the page cache's; an entry opened later maps its
	 * few pages again), so a big file does not stay resident twice */
	madvise(text, len, MADV_DONTNEED);
	dropin = catalog_alloc(cat, strlen(path) + 1);
	strcpy(dropin, path);
	while ((r.n + 1) * 2 > cat->nslots) /* the id index grown once, not at every doubling */
		index_grow(cat);
	for (size_t i = cat->n; i < r.n; i++) {
		/* a million lookups in a table of 16 MB wait on memory: ask for
		 * the slot a few entries ahead */
		if (i + 8 < r.n)
			__builtin_prefetch(&cat->slots[id_hash(cat->systems[i + 8].id) & (cat->nslots - 1)]);
		struct system stub = cat->systems[i]; /* its place may be taken: cat->n <= i */
		catalog_put_stub(cat, &stub, dropin);
	}
	cat->indexed = false;
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

void catalog_add_dropins(struct catalog *cat, struct onr_error *err)
{
	char dir[1024], path[1400];
	struct dirent **names;
	int n;

	dropin_dir(dir, sizeof(dir));
	n = scandir(dir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (is_json_name(names[i]->d_name)) {
			struct onr_error one;
			str_fmt(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			if (add_dropin(cat, path, &one) < 0 && !err->code[0])
				*err = one; /* report the first; keep loading the rest */
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

void catalog_free(struct catalog *cat)
{
	for (size_t i = 0; i < cat->n; i++)
		system_free(&cat->systems[i]);
	free(cat->systems);
	free(cat->slots);
	for (struct cat_block *b = cat->mem, *next; b; b = next) {
		next = b->next;
		if (b->mapped)
			munmap(b->mapped, b->mapped_len);
		free(b);
	}
	memset(cat, 0, sizeof(*cat));
}

const struct system *catalog_find(const struct catalog *cat, const char *id)
{
	size_t *slot = cat->nslots ? id_slot(cat, id) : NULL;
	return slot && *slot ? catalog_at(cat, SLOT_INDEX(*slot) - 1) : NULL;
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

static const char *pairs_find(const struct str_pair *p, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].name, key))
			return p[i].value;
	return NULL;
}

const char *system_hint(const struct system *sys, const char *key)
{
	return i18n_text(pairs_find(sys->hints, sys->nhints, key));
}

const char *system_error_field(const struct system *sys, const char *code)
{
	return pairs_find(sys->error_fields, sys->nerror_fields, code);
}
