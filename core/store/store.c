/* store.c: the registry, sealed files and history folders (see store.h). */
#include "store.h"
#include "seal.h"
#include "util.h"
#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#define HEADER "{\"format\":\"onramp-connections\",\"version\":1,\"connections\":["
#define FOOTER "]}"
#define CHECK_TAG ",\"check\":\""
#define SEALED_MAGIC "onramp-sealed 1"
#define REGISTRY_MAX (64u << 20)
#define SEALED_MAX (16u << 20)
#define LOCK_WAIT_MS 15000

static const char id_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

/* --- small helpers ------------------------------------------------------ */

const char *conn_status_name(enum conn_status s)
{
	return s == CONN_ACTIVE ? "active" : "disconnected";
}

void store_time_str(time_t t, char out[32])
{
	struct tm tm;
	out[0] = 0;
	if (t > 0 && gmtime_r(&t, &tm))
		strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int parse_time(const char *s, time_t *out)
{
	struct tm tm = {0};
	int n = 0;
	*out = 0;
	if (!*s)
		return 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, &n) != 6 || n != (int)strlen(s) || tm.tm_mon < 1 ||
	    tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = timegm(&tm);
	return *out > 0 ? 0 : -1;
}

bool store_id_valid(const char *id)
{
	size_t i;
	if (!id)
		return false;
	for (i = 0; id[i]; i++)
		if (i >= 15 || !((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'z')))
			return false;
	return i > 0;
}

void conn_free(struct conn *c)
{
	if (!c)
		return;
	free(c->system);
	free(c->url);
	free(c->user);
	free(c->public_json);
	for (size_t i = 0; i < c->npins; i++)
		free(c->pins[i]);
	free(c->pins);
	free(c->cafile);
	free(c->schedule);
	free(c->raw);
	memset(c, 0, sizeof(*c));
}

static char *dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

void conn_copy(struct conn *dst, const struct conn *src)
{
	*dst = *src;
	dst->system = dup0(src->system);
	dst->url = dup0(src->url);
	dst->user = dup0(src->user);
	dst->public_json = xstrdup(src->public_json ? src->public_json : "{}");
	dst->pins = src->npins ? xcalloc(src->npins, sizeof(char *)) : NULL;
	for (size_t i = 0; i < src->npins; i++)
		dst->pins[i] = dup0(src->pins[i]);
	dst->cafile = dup0(src->cafile);
	dst->schedule = dup0(src->schedule);
	dst->raw = NULL;
	dst->dirty = false;
	dst->line = src->line;
}

static void problem(struct store *st, const char *file, int line, const char *what)
{
	st->problems = xrealloc(st->problems, (st->nproblems + 1) * sizeof(*st->problems));
	struct store_problem *p = &st->problems[st->nproblems++];
	str_copy(p->file, sizeof(p->file), file);
	p->line = line;
	str_copy(p->what, sizeof(p->what), what);
}

static void store_err(struct onr_error *err, const char *code, const char *msg, const char *hint)
{
	error_set(err, EXIT_STORE, "store", code, msg, hint, NULL);
}

/* --- lock --------------------------------------------------------------- */

static long lock_patience_ms = LOCK_WAIT_MS;

long store_lock_patience(long ms)
{
	long old = lock_patience_ms;
	lock_patience_ms = ms < 0 ? 0 : ms;
	return old;
}

static void busy_error(const struct store *st, struct onr_error *err)
{
	char hint[768];
	str_fmt(hint, sizeof(hint),
		"Wait until the other onramp has finished, then try again. If no other onramp "
		"is running, a stuck process may hold \"%s\": end it.", st->lock_path);
	store_err(err, "store.busy", "Another onramp is changing the connections right now.", hint);
}

/* One try for the lock: 1 when another onramp holds it. */
static int try_lock(int fd, const struct store *st, struct onr_error *err)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno == EWOULDBLOCK || errno == EINTR)
		return 1;
	paths_error(err, "lock", st->lock_path, errno);
	return -1;
}

/* A process with an event loop sets the patience to 0 and waits in its
 * loop (core/session/session.c), so its screen never freezes; one-shot commands
 * without a loop keep the old wait of up to LOCK_WAIT_MS. */
static int take_lock(struct store *st, struct onr_error *err)
{
	long long deadline = now_ms() + lock_patience_ms;
	int fd = open(st->lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600), rc;

	if (fd < 0) {
		paths_error(err, "open the lock file", st->lock_path, errno);
		return -1;
	}
	while ((rc = try_lock(fd, st, err)) == 1 && now_ms() < deadline)
		usleep(5000 + randombytes_uniform(5000));
	if (rc != 0) {
		if (rc == 1)
			busy_error(st, err);
		close(fd);
		return -1;
	}
	st->lock_fd = fd;
	return 0;
}

/* With the lock held no one else is writing: temporary files are left over
 * from an onramp that was killed mid-write. */
static void sweep_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATHS_MAX];
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp.") &&
		    paths_join(path, sizeof(path), dir, e->d_name) == 0)
			unlink(path);
	}
	closedir(d);
}

/* --- registry lines ----------------------------------------------------- */

static const char *jstr(const cJSON *o, const char *key, bool *ok, bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!v)
		return required ? (*ok = false, "") : "";
	if (!cJSON_IsString(v)) {
		*ok = false;
		return "";
	}
	return v->valuestring;
}

/* Parses one entry line into c. Returns 0, or -1 with what filled. */
static int parse_entry(const char *line, size_t len, struct conn *c, char *what, size_t wsize)
{
	const char *tag = NULL, *p;
	char hex[SEAL_HASH_HEX];
	size_t tl = strlen(CHECK_TAG);
	cJSON *o;
	bool ok = true;

	for (p = line; (p = strstr(p, CHECK_TAG)) != NULL; p++)
		tag = p;
	if (!tag || (size_t)(line + len - tag) != tl + 64 + 2 || tag[tl + 64] != '"' ||
	    tag[tl + 65] != '}') {
		str_copy(what, wsize, "the line is cut or changed: it does not end with its check");
		return -1;
	}
	seal_hash_hex(line, (size_t)(tag - line), hex);
	if (memcmp(hex, tag + tl, 64) != 0) {
		str_copy(what, wsize, "its check does not match: the line was changed or damaged");
		return -1;
	}
	o = cJSON_ParseWithLength(line, len);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		str_copy(what, wsize, "it is not valid JSON");
		return -1;
	}
	const char *id = jstr(o, "id", &ok, true);
	const char *status = jstr(o, "status", &ok, true);
	const cJSON *credits = cJSON_GetObjectItemCaseSensitive(o, "credits");
	const cJSON *pins = cJSON_GetObjectItemCaseSensitive(o, "pins");
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(o, "fields");
	const char *th = jstr(o, "token_hash", &ok, false), *sh = jstr(o, "sealed", &ok, false);

	memset(c, 0, sizeof(*c));
	if (!ok || !store_id_valid(id)) {
		str_copy(what, wsize, "its id or a text field is missing or not text");
		goto bad;
	}
	str_copy(c->id, sizeof(c->id), id);
	c->system = xstrdup(jstr(o, "system", &ok, true));
	c->url = xstrdup(jstr(o, "url", &ok, false));
	c->user = xstrdup(jstr(o, "user", &ok, false));
	c->cafile = xstrdup(jstr(o, "cafile", &ok, false));
	c->schedule = xstrdup(jstr(o, "schedule", &ok, false));
	if (!ok || !c->system[0]) {
		str_copy(what, wsize, "its system or a text field is missing or not text");
		goto bad;
	}
	if (strcmp(status, "active") == 0)
		c->status = CONN_ACTIVE;
	else if (strcmp(status, "disconnected") == 0)
		c->status = CONN_DISCONNECTED;
	else {
		str_copy(what, wsize, "its status is neither active nor disconnected");
		goto bad;
	}
	if (!cJSON_IsNumber(credits) || credits->valuedouble < 0 || credits->valuedouble > 1000 ||
	    credits->valuedouble != (int)credits->valuedouble) {
		str_copy(what, wsize, "its credits are not a whole number");
		goto bad;
	}
	c->credits = (int)credits->valuedouble;
	if (parse_time(jstr(o, "created", &ok, true), &c->created) != 0 || !c->created ||
	    parse_time(jstr(o, "checked", &ok, false), &c->checked) != 0 ||
	    parse_time(jstr(o, "disconnected", &ok, false), &c->disconnected) != 0 || !ok) {
		str_copy(what, wsize, "a date in it is not of the form YYYY-MM-DDTHH:MM:SSZ");
		goto bad;
	}
	if ((*th && !seal_hex_ok(th)) || (c->status == CONN_ACTIVE && !*th) || (*sh && !seal_hex_ok(sh))) {
		str_copy(what, wsize, "its token or sealed-file hash is malformed");
		goto bad;
	}
	if (c->status == CONN_ACTIVE)
		str_copy(c->token_hash, sizeof(c->token_hash), th);
	str_copy(c->sealed_hash, sizeof(c->sealed_hash), sh);
	if (pins) {
		const cJSON *pin;
		if (!cJSON_IsArray(pins)) {
			str_copy(what, wsize, "its pins are not a list");
			goto bad;
		}
		c->pins = xcalloc((size_t)cJSON_GetArraySize(pins) + 1, sizeof(char *));
		cJSON_ArrayForEach(pin, pins) {
			if (!cJSON_IsString(pin)) {
				str_copy(what, wsize, "a pin in it is not text");
				goto bad;
			}
			c->pins[c->npins++] = xstrdup(pin->valuestring);
		}
	}
	if (fields && !cJSON_IsObject(fields)) {
		str_copy(what, wsize, "its fields are not an object");
		goto bad;
	}
	c->public_json = fields ? cJSON_PrintUnformatted(fields) : xstrdup("{}");
	if (!c->public_json)
		c->public_json = xstrdup("{}");
	cJSON_Delete(o);
	return 0;
bad:
	cJSON_Delete(o);
	conn_free(c);
	return -1;
}

static char *serialize_entry(const struct conn *c)
{
	char t1[32], t2[32], t3[32], hex[SEAL_HASH_HEX];
	cJSON *o = cJSON_CreateObject();
	cJSON *fields = cJSON_Parse(c->public_json ? c->public_json : "{}");

	if (!cJSON_IsObject(fields)) {
		cJSON_Delete(fields);
		fields = cJSON_CreateObject();
	}
	store_time_str(c->created, t1);
	store_time_str(c->checked, t2);
	store_time_str(c->disconnected, t3);
	cJSON_AddStringToObject(o, "id", c->id);
	cJSON_AddStringToObject(o, "system", c->system ? c->system : "");
	cJSON_AddStringToObject(o, "url", c->url ? c->url : "");
	cJSON_AddStringToObject(o, "user", c->user ? c->user : "");
	cJSON_AddStringToObject(o, "status", conn_status_name(c->status));
	cJSON_AddStringToObject(o, "created", t1);
	cJSON_AddStringToObject(o, "checked", t2);
	cJSON_AddStringToObject(o, "disconnected", t3);
	cJSON_AddNumberToObject(o, "credits", c->credits);
	cJSON_AddStringToObject(o, "token_hash", c->status == CONN_ACTIVE ? c->token_hash : "");
	cJSON_AddStringToObject(o, "sealed", c->sealed_hash);
	/* cJSON_CreateStringArray gives NULL for none, not [] */
	cJSON_AddItemToObject(o, "pins", c->npins ? cJSON_CreateStringArray((const char *const *)c->pins, (int)c->npins) : cJSON_CreateArray());
	cJSON_AddStringToObject(o, "cafile", c->cafile ? c->cafile : "");
	cJSON_AddStringToObject(o, "schedule", c->schedule ? c->schedule : "");
	cJSON_AddItemToObject(o, "fields", fields);

	char *body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!body)
		return NULL;
	size_t bl = strlen(body) - 1; /* without the closing brace */
	seal_hash_hex(body, bl, hex);
	char *line = xmalloc(bl + strlen(CHECK_TAG) + 64 + 3);
	memcpy(line, body, bl);
	sprintf(line + bl, "%s%s\"}", CHECK_TAG, hex);
	free(body);
	return line;
}

static int check_header(struct store *st, const char *line, size_t len, struct onr_error *err)
{
	if (len == strlen(HEADER) && memcmp(line, HEADER, len) == 0)
		return 0;
	/* Not ours as written. If it names another version, say so (a newer
	 * onramp wrote it); anything else is damage. */
	char *doc = xmalloc(len + 3);
	memcpy(doc, line, len);
	memcpy(doc + len, FOOTER, 3);
	cJSON *o = cJSON_Parse(doc);
	free(doc);
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, "format");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "version");
	if (cJSON_IsString(f) && strcmp(f->valuestring, "onramp-connections") == 0 && cJSON_IsNumber(v) &&
	    v->valuedouble != STORE_VERSION) {
		char msg[256];
		str_fmt(msg, sizeof(msg), "The connections file \"%s\" has format version %g, which this onramp does not know.",
			st->registry, v->valuedouble);
		store_err(err, "store.version", msg,
			  "It was probably written by a newer onramp. Update onramp on this machine; nothing was changed.");
		cJSON_Delete(o);
		return -1;
	}
	cJSON_Delete(o);
	problem(st, st->registry, 1, "the first line (format and version) is damaged");
	st->writable = false;
	return 0;
}

static int load_registry(struct store *st, struct onr_error *err)
{
	char *text, what[256];
	size_t len;
	int rc = paths_read(st->registry, REGISTRY_MAX, false, &text, &len, err);
	bool footer = false;
	int lineno = 0;

	if (rc == 1)
		return 0; /* no registry yet: no connections */
	if (rc < 0)
		return -1;
	if (len == 0) {
		problem(st, st->registry, 1, "the file is empty");
		st->writable = false;
		free(text);
		return 0;
	}
	for (char *p = text, *next; p && *p; p = next) {
		char *nl = memchr(p, '\n', (size_t)(text + len - p));
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		next = nl ? nl + 1 : NULL;
		lineno++;
		while (l && (p[l - 1] == '\r' || p[l - 1] == ' ' || p[l - 1] == '\t'))
			l--;
		if (l && p[l - 1] == ',')
			l--;
		p[l] = 0;
		if (lineno == 1) {
			if (check_header(st, p, l, err) != 0) {
				free(text);
				return -1;
			}
			continue;
		}
		if (l == 0)
			continue;
		if (strcmp(p, FOOTER) == 0) {
			footer = true;
			continue;
		}
		st->v = xrealloc(st->v, (st->n + 1) * sizeof(*st->v));
		struct conn *c = &st->v[st->n];
		if (memchr(p, 0, l)) { /* a NUL byte inside the line */
			str_copy(what, sizeof(what), "it contains a NUL byte");
		} else if (parse_entry(p, l, c, what, sizeof(what)) == 0) {
			struct conn *dup = store_find(st, c->id);
			if (!dup) {
				c->line = lineno;
				c->raw = xstrdup(p);
				c->rawlen = l;
				st->n++;
				continue;
			}
			str_fmt(what, sizeof(what), "it repeats the id %s of line %d", c->id, dup->line);
			conn_free(c);
		}
		/* damaged: kept byte for byte, reported, never used */
		memset(c, 0, sizeof(*c));
		st->n++;
		c->damaged = true;
		c->line = lineno;
		c->raw = xmalloc(l + 1);
		memcpy(c->raw, p, l);
		c->raw[l] = 0;
		c->rawlen = l;
		problem(st, st->registry, lineno, what);
	}
	if (!footer)
		problem(st, st->registry, 0, "the file ends early (its closing \"]}\" line is missing): it may have been cut short");
	free(text);
	return 0;
}

/* --- open / commit / close ---------------------------------------------- */

int store_open(struct store *st, bool lock, struct onr_error *err)
{
	memset(st, 0, sizeof(*st));
	st->lock_fd = -1;
	st->writable = true;
	if (seal_init() != 0) {
		store_err(err, "store.init", "The encryption library could not start.",
			  "Reinstall libsodium, then try again.");
		return -1;
	}
	if (paths_data_dir(st->dir, sizeof(st->dir), true, err) != 0)
		return -1;
	if (paths_join(st->registry, sizeof(st->registry), st->dir, "connections.json") != 0 ||
	    paths_join(st->sealed_dir, sizeof(st->sealed_dir), st->dir, "sealed") != 0 ||
	    paths_join(st->history_dir, sizeof(st->history_dir), st->dir, "history") != 0 ||
	    paths_join(st->lock_path, sizeof(st->lock_path), st->dir, "lock") != 0) {
		paths_error(err, "use the folder", st->dir, ENAMETOOLONG);
		return -1;
	}
	if (paths_mkdirs(st->sealed_dir, true, err) != 0 ||
	    paths_mkdirs(st->history_dir, true, err) != 0)
		return -1;
	if (lock) {
		if (take_lock(st, err) != 0)
			return -1;
		sweep_tmp(st->dir);
		sweep_tmp(st->sealed_dir);
	}
	if (load_registry(st, err) != 0) {
		store_close(st);
		return -1;
	}
	return 0;
}

int store_commit(struct store *st, struct onr_error *err)
{
	struct buf b;
	int rc;

	if (st->lock_fd < 0) {
		store_err(err, "store.internal", "The connections were not locked for writing.",
			  "This is a bug in onramp; please report it.");
		return -1;
	}
	if (!st->writable) {
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), "onramp will not change \"%s\" while its first line is damaged.",
			st->registry);
		str_fmt(hint, sizeof(hint),
			"Restore the file from a backup, or make its first line read exactly %s with a text "
			"editor. The connections in it can still be listed and checked.", HEADER);
		store_err(err, "store.read_only", msg, hint);
		return -1;
	}
	char **lines = xcalloc(st->n ? st->n : 1, sizeof(char *));
	for (size_t i = 0; i < st->n; i++) {
		if (st->v[i].dirty && !st->v[i].damaged) {
			lines[i] = serialize_entry(&st->v[i]);
			if (!lines[i]) {
				for (size_t j = 0; j < i; j++)
					free(lines[j]);
				free(lines);
				store_err(err, "store.internal", "Could not write the connections.",
					  "onramp ran out of memory; close other programs and try again.");
				return -1;
			}
		}
	}
	buf_init(&b);
	buf_adds(&b, HEADER "\n");
	for (size_t i = 0; i < st->n; i++) {
		if (lines[i])
			buf_adds(&b, lines[i]);
		else
			buf_add(&b, st->v[i].raw, st->v[i].rawlen);
		buf_adds(&b, i + 1 < st->n ? ",\n" : "\n");
	}
	buf_adds(&b, FOOTER "\n");
	rc = paths_write_atomic(st->registry, b.data, b.len, 0, err);
	buf_free(&b);
	for (size_t i = 0; i < st->n; i++) {
		if (lines[i] && rc == 0) {
			free(st->v[i].raw);
			st->v[i].raw = lines[i];
			st->v[i].rawlen = strlen(lines[i]);
			st->v[i].dirty = false;
		} else {
			free(lines[i]);
		}
	}
	free(lines);
	return rc;
}

void store_close(struct store *st)
{
	if (st->lock_fd >= 0) {
		flock(st->lock_fd, LOCK_UN);
		close(st->lock_fd);
		st->lock_fd = -1;
	}
	for (size_t i = 0; i < st->n; i++)
		conn_free(&st->v[i]);
	free(st->v);
	free(st->problems);
	st->v = NULL;
	st->problems = NULL;
	st->n = st->nproblems = 0;
}

struct conn *store_find(struct store *st, const char *id)
{
	for (size_t i = 0; i < st->n; i++)
		if (!st->v[i].damaged && strcmp(st->v[i].id, id) == 0)
			return &st->v[i];
	return NULL;
}

bool store_damaged_mentions(const struct store *st, const char *id)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].damaged && st->v[i].raw && strstr(st->v[i].raw, id))
			return true;
	return false;
}

struct conn *store_add(struct store *st)
{
	st->v = xrealloc(st->v, (st->n + 1) * sizeof(*st->v));
	struct conn *c = &st->v[st->n++];
	memset(c, 0, sizeof(*c));
	c->dirty = true;
	return c;
}

void store_remove(struct store *st, struct conn *c)
{
	size_t i = (size_t)(c - st->v);
	if (i >= st->n)
		return;
	conn_free(c);
	memmove(&st->v[i], &st->v[i + 1], (st->n - i - 1) * sizeof(*st->v));
	st->n--;
}

int store_new_id(struct store *st, char id[16], struct onr_error *err)
{
	char path[PATHS_MAX];
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned char r[STORE_ID_LEN];
		randombytes_buf(r, sizeof(r));
		for (int i = 0; i < STORE_ID_LEN; i++)
			id[i] = id_alphabet[r[i] & 31];
		id[STORE_ID_LEN] = 0;
		if (store_find(st, id) || store_damaged_mentions(st, id))
			continue;
		if (store_sealed_path(st, id, path, sizeof(path)) == 0 && access(path, F_OK) == 0)
			continue;
		if (store_history_path(st, id, path, sizeof(path)) == 0 && access(path, F_OK) == 0)
			continue;
		return 0;
	}
	store_err(err, "store.internal", "Could not pick a new connection id.",
		  "This should not happen; please report it.");
	return -1;
}

/* --- sealed files ------------------------------------------------------- */

int store_sealed_path(const struct store *st, const char *id, char *out, size_t size)
{
	char name[32];
	if (!store_id_valid(id))
		return -1;
	str_fmt(name, sizeof(name), "%s.box", id);
	return paths_join(out, size, st->sealed_dir, name);
}

int store_history_path(const struct store *st, const char *id, char *out, size_t size)
{
	if (!store_id_valid(id))
		return -1;
	return paths_join(out, size, st->history_dir, id);
}

int store_sealed_write(struct store *st, const char *id, const unsigned char *box, size_t len,
		       char hash[65], struct onr_error *err)
{
	char path[PATHS_MAX];
	struct buf b;
	size_t b64len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64;
	int rc;

	if (store_sealed_path(st, id, path, sizeof(path)) != 0) {
		paths_error(err, "write the sealed credentials of", id, EINVAL);
		return -1;
	}
	seal_hash_hex(box, len, hash);
	b64 = xmalloc(b64len);
	sodium_bin2base64(b64, b64len, box, len, sodium_base64_VARIANT_ORIGINAL);
	buf_init(&b);
	buf_addf(&b, "%s\nid %s\nblake2b %s\nbox ", SEALED_MAGIC, id, hash);
	buf_adds(&b, b64);
	buf_adds(&b, "\n");
	free(b64);
	rc = paths_write_atomic(path, b.data, b.len, 0, err);
	buf_free(&b);
	return rc;
}

static void sealed_damaged(struct onr_error *err, const char *path, const char *id, const char *what)
{
	char msg[256], hint[768];
	str_fmt(msg, sizeof(msg), "The sealed credentials file \"%s\" is damaged or was changed.", path);
	str_fmt(hint, sizeof(hint),
		"The other connections are not affected. Restore this file from a backup, or disconnect "
		"this connection (onramp disconnect %s) and connect the system again.", id);
	store_err(err, "store.sealed_damaged", msg, hint);
	str_copy(err->tech, sizeof(err->tech), what);
}

int store_sealed_read(struct store *st, const char *id, const char *want_hash, unsigned char **box,
		      size_t *len, struct onr_error *err)
{
	char path[PATHS_MAX], *text, hex[SEAL_HASH_HEX], idline[32], *p;
	size_t tlen, maxbin, got;
	int rc;

	*box = NULL;
	*len = 0;
	if (store_sealed_path(st, id, path, sizeof(path)) != 0) {
		paths_error(err, "read the sealed credentials of", id, EINVAL);
		return -1;
	}
	rc = paths_read(path, SEALED_MAX, false, &text, &tlen, err);
	if (rc == 1) {
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), "The sealed credentials of connection %s are missing (\"%s\").", id,
			path);
		str_fmt(hint, sizeof(hint),
			"Restore the file from a backup, or disconnect this connection (onramp disconnect %s) "
			"and connect the system again.", id);
		store_err(err, "store.sealed_missing", msg, hint);
		return -1;
	}
	if (rc < 0)
		return -1;
	str_fmt(idline, sizeof(idline), "\nid %s\nblake2b ", id);
	if (strncmp(text, "onramp-sealed ", 14) == 0 && strncmp(text, SEALED_MAGIC "\n", 16) != 0 &&
	    text[14] >= '2' && text[14] <= '9' && text[15] == '\n') {
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), "The sealed credentials file \"%s\" has format version %c, which this onramp does not know.",
			path, text[14]);
		str_fmt(hint, sizeof(hint),
			"It was probably written by a newer onramp: update onramp on this machine. If not, the "
			"file is damaged: restore it from a backup, or disconnect this connection (onramp "
			"disconnect %s) and connect the system again.", id);
		store_err(err, "store.sealed_version", msg, hint);
		free(text);
		return -1;
	}
	if (strncmp(text, SEALED_MAGIC, 15) != 0 || strncmp(text + 15, idline, strlen(idline)) != 0) {
		sealed_damaged(err, path, id, "header or id line wrong");
		free(text);
		return -1;
	}
	p = text + 15 + strlen(idline);
	if (tlen < (size_t)(p - text) + 64 + 5 || strncmp(p + 64, "\nbox ", 5) != 0) {
		sealed_damaged(err, path, id, "hash or box line missing");
		free(text);
		return -1;
	}
	memcpy(hex, p, 64);
	hex[64] = 0;
	p += 64 + 5;
	size_t b64len = tlen - (size_t)(p - text);
	while (b64len && (p[b64len - 1] == '\n' || p[b64len - 1] == '\r'))
		b64len--;
	maxbin = b64len / 4 * 3 + 3;
	*box = xmalloc(maxbin);
	if (sodium_base642bin(*box, maxbin, p, b64len, NULL, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0) {
		sealed_damaged(err, path, id, "box is not valid base64");
		goto bad;
	}
	char actual[SEAL_HASH_HEX];
	seal_hash_hex(*box, got, actual);
	if (strcmp(actual, hex) != 0) {
		sealed_damaged(err, path, id, "BLAKE2b of the box does not match its header");
		goto bad;
	}
	if (want_hash && *want_hash && strcmp(actual, want_hash) != 0) {
		sealed_damaged(err, path, id, "the box is not the one the registry recorded");
		goto bad;
	}
	free(text);
	*len = got;
	return 0;
bad:
	free(text);
	free(*box);
	*box = NULL;
	return -1;
}

int store_sealed_destroy(struct store *st, const char *id, struct onr_error *err)
{
	char path[PATHS_MAX];
	if (store_sealed_path(st, id, path, sizeof(path)) != 0) {
		paths_error(err, "destroy the sealed credentials of", id, EINVAL);
		return -1;
	}
	return paths_destroy(path, err);
}

int store_history_create(struct store *st, const char *id, struct onr_error *err)
{
	char path[PATHS_MAX];
	if (store_history_path(st, id, path, sizeof(path)) != 0) {
		paths_error(err, "create the history folder of", id, EINVAL);
		return -1;
	}
	if (paths_mkdirs(path, true, err) != 0)
		return -1;
	paths_fsync_dir(st->history_dir);
	return 0;
}

int store_history_remove(struct store *st, const char *id, struct onr_error *err)
{
	char path[PATHS_MAX];
	if (store_history_path(st, id, path, sizeof(path)) != 0) {
		paths_error(err, "delete the history folder of", id, EINVAL);
		return -1;
	}
	return paths_remove_tree(path, err);
}

/* --- damage report ------------------------------------------------------ */

size_t store_problems_error(const struct store *st, struct onr_error *err)
{
	char msg[256], hint[768], lines[128] = "";
	size_t nlines = 0;
	bool header = false, cut = false;

	if (!st->nproblems)
		return 0;
	for (size_t i = 0; i < st->nproblems; i++) {
		const struct store_problem *p = &st->problems[i];
		if (p->line == 1)
			header = true;
		else if (p->line == 0)
			cut = true;
		else {
			size_t l = strlen(lines);
			if (l < sizeof(lines) - 16)
				snprintf(lines + l, sizeof(lines) - l, "%s%d", nlines ? ", " : "", p->line);
			nlines++;
		}
	}
	if (nlines)
		str_fmt(msg, sizeof(msg), "%zu connection%s in \"%s\" could not be read (line%s %s).", nlines,
			nlines == 1 ? "" : "s", st->registry, nlines == 1 ? "" : "s", lines);
	else if (header)
		str_fmt(msg, sizeof(msg), "The first line of \"%s\" is damaged.", st->registry);
	else
		str_fmt(msg, sizeof(msg), "The connections file \"%s\" ends early.", st->registry);
	str_fmt(hint, sizeof(hint),
		"%sThe other connections still work. onramp keeps damaged lines exactly as they are and "
		"never overwrites them: restore \"%s\" from a backup, or delete the damaged line%s with a "
		"text editor if you no longer need %s.%s",
		nlines ? "The entry was changed or damaged. " : "", st->registry, nlines == 1 ? "" : "s",
		nlines == 1 ? "that connection" : "those connections",
		header ? " Until the first line is repaired nothing can be changed." :
		cut ? " Connections after the cut may be missing." : "");
	store_err(err, "store.damaged", msg, hint);
	const struct store_problem *first = &st->problems[0];
	if (first->line)
		str_fmt(err->tech, sizeof(err->tech), "%s line %d: %s", first->file, first->line, first->what);
	else
		str_fmt(err->tech, sizeof(err->tech), "%s: %s", first->file, first->what);
	return st->nproblems;
}
