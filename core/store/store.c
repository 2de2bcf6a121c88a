/* store.c: sealed files and the reader of the legacy registry (see store.h). */
#include "store.h"
#include "i18n.h"
#include "db.h"
#include "seal.h"
#include "util.h"
#include <cJSON.h>
#include <sodium.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#define HEADER "{\"format\":\"onramp-connections\",\"version\":1,\"connections\":["
#define FOOTER "]}"
#define CHECK_TAG ",\"check\":\""
#define SEALED_MAGIC "onramp-sealed 1"
#define REGISTRY_MAX (64u << 20)
#define SEALED_MAX (16u << 20)

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
	free(c->plain_http);
	free(c->schedule);
	free(c->attention);
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
	dst->plain_http = dup0(src->plain_http);
	dst->schedule = dup0(src->schedule);
	dst->attention = dup0(src->attention);
	dst->raw = NULL;
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

/* --- temporary files ------------------------------------------------- */

/* A temporary file is ".NAME.tmp.PID.RANDOM" (paths_write_atomic): it is
 * left over when its process is gone. */
void store_sweep_tmp(const struct store *st)
{
	DIR *d = opendir(st->sealed_dir);
	struct dirent *e;
	char path[PATHS_MAX];
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		const char *t = e->d_name[0] == '.' ? strstr(e->d_name, ".tmp.") : NULL;
		long pid = t ? strtol(t + 5, NULL, 10) : 0;
		if (pid > 0 && kill((pid_t)pid, 0) != 0 && errno == ESRCH &&
		    paths_join(path, sizeof(path), st->sealed_dir, e->d_name) == 0)
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

/* A line ends with its own check, the hash of what comes before it: a cut
 * or edited line is caught before its JSON is believed. NULL when it holds. */
static const char *entry_check(const char *line, size_t len)
{
	const char *tag = NULL;
	char hex[SEAL_HASH_HEX];
	size_t tl = strlen(CHECK_TAG);
	for (const char *p = line; (p = strstr(p, CHECK_TAG)) != NULL; p++)
		tag = p;
	if (!tag || (size_t)(line + len - tag) != tl + 64 + 2 || tag[tl + 64] != '"' || tag[tl + 65] != '}')
		return "the line is cut or changed: it does not end with its check";
	seal_hash_hex(line, (size_t)(tag - line), hex);
	if (memcmp(hex, tag + tl, 64) != 0)
		return "its check does not match: the line was changed or damaged";
	return NULL;
}

/* The entry's texts: id, system, address, user, CA file, schedule, status. */
static const char *entry_texts(const cJSON *o, struct conn *c)
{
	bool ok = true;
	const char *id = jstr(o, "id", &ok, true), *status = jstr(o, "status", &ok, true);
	if (!ok || !store_id_valid(id))
		return "its id or a text field is missing or not text";
	str_copy(c->id, sizeof(c->id), id);
	c->system = xstrdup(jstr(o, "system", &ok, true));
	c->url = xstrdup(jstr(o, "url", &ok, false));
	c->user = xstrdup(jstr(o, "user", &ok, false));
	c->cafile = xstrdup(jstr(o, "cafile", &ok, false));
	c->schedule = xstrdup(jstr(o, "schedule", &ok, false));
	if (!ok || !c->system[0])
		return "its system or a text field is missing or not text";
	if (strcmp(status, "active") == 0)
		c->status = CONN_ACTIVE;
	else if (strcmp(status, "disconnected") == 0)
		c->status = CONN_DISCONNECTED;
	else
		return "its status is neither active nor disconnected";
	return NULL;
}

/* Credits, dates and the two hashes (an active entry must have its token's). */
static const char *entry_state(const cJSON *o, struct conn *c)
{
	bool ok = true;
	const cJSON *credits = cJSON_GetObjectItemCaseSensitive(o, "credits");
	const char *th = jstr(o, "token_hash", &ok, false), *sh = jstr(o, "sealed", &ok, false);
	if (!ok)
		return "its id or a text field is missing or not text";
	if (!cJSON_IsNumber(credits) || credits->valuedouble < 0 || credits->valuedouble > 1000 ||
	    credits->valuedouble != (int)credits->valuedouble)
		return "its credits are not a whole number";
	c->credits = (int)credits->valuedouble;
	if (parse_time(jstr(o, "created", &ok, true), &c->created) != 0 || !c->created ||
	    parse_time(jstr(o, "checked", &ok, false), &c->checked) != 0 ||
	    parse_time(jstr(o, "disconnected", &ok, false), &c->disconnected) != 0 || !ok)
		return "a date in it is not of the form YYYY-MM-DDTHH:MM:SSZ";
	if ((*th && !seal_hex_ok(th)) || (c->status == CONN_ACTIVE && !*th) || (*sh && !seal_hex_ok(sh)))
		return "its token or sealed-file hash is malformed";
	if (c->status == CONN_ACTIVE)
		str_copy(c->token_hash, sizeof(c->token_hash), th);
	str_copy(c->sealed_hash, sizeof(c->sealed_hash), sh);
	return NULL;
}

/* The pinned certificates and the public (non-secret) form fields. */
static const char *entry_lists(const cJSON *o, struct conn *c)
{
	const cJSON *pins = cJSON_GetObjectItemCaseSensitive(o, "pins");
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(o, "fields"), *pin;
	if (pins && !cJSON_IsArray(pins))
		return "its pins are not a list";
	if (pins)
		c->pins = xcalloc((size_t)cJSON_GetArraySize(pins) + 1, sizeof(char *));
	cJSON_ArrayForEach(pin, pins) {
		if (!cJSON_IsString(pin))
			return "a pin in it is not text";
		c->pins[c->npins++] = xstrdup(pin->valuestring);
	}
	if (fields && !cJSON_IsObject(fields))
		return "its fields are not an object";
	c->public_json = fields ? cJSON_PrintUnformatted(fields) : NULL;
	if (!c->public_json)
		c->public_json = xstrdup("{}");
	return NULL;
}

/* Parses one entry line into c. Returns 0, or -1 with what filled. */
static int parse_entry(const char *line, size_t len, struct conn *c, char *what, size_t wsize)
{
	const char *why = entry_check(line, len);
	cJSON *o = why ? NULL : cJSON_ParseWithLength(line, len);
	if (!why && !cJSON_IsObject(o))
		why = "it is not valid JSON";
	else if (!why) {
		memset(c, 0, sizeof(*c));
		if ((why = entry_texts(o, c)) || (why = entry_state(o, c)) || (why = entry_lists(o, c)))
			conn_free(c);
	}
	cJSON_Delete(o);
	if (why)
		str_copy(what, wsize, why);
	return why ? -1 : 0;
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
		str_fmt(msg, sizeof(msg), _("The connections file \"%s\" has format version %g, which this onramp does not know."),
			st->registry, v->valuedouble);
		store_err(err, "store.version", msg,
			  _("It was probably written by a newer onramp. Update onramp on this machine; nothing was changed."));
		cJSON_Delete(o);
		return -1;
	}
	cJSON_Delete(o);
	problem(st, st->registry, 1, "the first line (format and version) is damaged");
	return 0;
}

static struct conn *find(struct store *st, const char *id)
{
	for (size_t i = 0; i < st->n; i++)
		if (!st->v[i].damaged && strcmp(st->v[i].id, id) == 0)
			return &st->v[i];
	return NULL;
}

/* Takes line (len bytes, NUL at len) as an entry when it is one whose check
 * verifies and whose id is not taken: 1 taken, 0 not (what says why). */
static int take_entry(struct store *st, const char *line, size_t len, int lineno, char *what,
		      size_t wsize)
{
	struct conn c;
	if (memchr(line, 0, len)) {
		str_copy(what, wsize, "it contains a NUL byte");
		return 0;
	}
	if (parse_entry(line, len, &c, what, wsize) != 0)
		return 0;
	struct conn *dup = find(st, c.id);
	if (dup) {
		str_fmt(what, wsize, "it repeats the id %s of line %d", c.id, dup->line);
		conn_free(&c);
		return 0;
	}
	c.line = lineno;
	c.raw = xmalloc(len + 1);
	memcpy(c.raw, line, len);
	c.raw[len] = 0;
	c.rawlen = len;
	st->v = xrealloc(st->v, (st->n + 1) * sizeof(*st->v));
	st->v[st->n++] = c;
	return 1;
}

/* The whole entries inside a damaged line: each span from a '{' to the end
 * of a check that verifies (two lines whose newline was flipped, an entry
 * behind a NUL run or garbage). Each tag tries a few starts, earliest
 * first, within the longest entry there could be; *tries bounds the work
 * for the whole file, so a file of garbage costs little. */
#define SALVAGE_SPAN_MAX (256u << 10)
static int salvage_spans(struct store *st, const char *line, size_t l, int lineno, int *tries)
{
	size_t tl = strlen(CHECK_TAG), from = 0;
	char what[256];
	int found = 0;
	for (size_t t = 0; t + tl + 66 <= l && *tries > 0; t++) {
		if (memcmp(line + t, CHECK_TAG, tl) != 0 || line[t + tl + 64] != '"' ||
		    line[t + tl + 65] != '}')
			continue;
		size_t end = t + tl + 66;
		int n = 0;
		for (size_t s = t > from + SALVAGE_SPAN_MAX ? t - SALVAGE_SPAN_MAX : from;
		     s < t && n < 32 && *tries > 0; s++) {
			if (line[s] != '{')
				continue;
			n++;
			(*tries)--;
			char *span = xmalloc(end - s + 1);
			memcpy(span, line + s, end - s);
			span[end - s] = 0;
			int ok = take_entry(st, span, end - s, lineno, what, sizeof(what));
			free(span);
			if (ok) {
				from = end;
				found++;
				break;
			}
		}
	}
	return found;
}

/* A line with one flipped bit is put right by its own check: a BLAKE2b
 * match after flipping it back cannot happen by chance. When the line
 * still ends with ,"check":"HEX"} the bit is in the part the check covers:
 * each flip costs one hash of that part, and only a match is parsed.
 * Otherwise the bit is in that ending: each of its bits is tried. A NUL
 * byte in the line must be the flipped one. Lines of ordinary length only,
 * and a few per file, so a file of garbage costs little. */
#define REPAIR_MAX 4096
#define REPAIR_LINES 64
/* What a flipped bit in the covered part must hash to: the check as bytes,
 * and BLAKE2b's state after each whole FLIP_CHUNK of the line, so each try
 * hashes only from the chunk of the flipped byte on (the digest is the
 * same as hashing the whole part; half the work on average). */
#define FLIP_CHUNK 64
struct flip_hash {
	unsigned char want[32];
	crypto_generichash_state *pre;
};

/* false when hex is not 64 lowercase hex digits: no hash can match it. */
static bool flip_hash_init(struct flip_hash *fh, const char *line, size_t body, const char *hex)
{
	size_t n = body / FLIP_CHUNK + 1;
	for (size_t i = 0; i < 64; i++)
		if (!((hex[i] >= '0' && hex[i] <= '9') || (hex[i] >= 'a' && hex[i] <= 'f')))
			return false;
	if (seal_init() != 0 || sodium_hex2bin(fh->want, sizeof(fh->want), hex, 64, NULL, NULL, NULL) != 0 ||
	    posix_memalign((void **)&fh->pre, 64, n * sizeof(*fh->pre)) != 0)
		return false;
	crypto_generichash_init(&fh->pre[0], NULL, 0, sizeof(fh->want));
	for (size_t k = 1; k < n; k++) {
		fh->pre[k] = fh->pre[k - 1];
		crypto_generichash_update(&fh->pre[k], (const unsigned char *)line + (k - 1) * FLIP_CHUNK,
					  FLIP_CHUNK);
	}
	return true;
}

static bool flip_hash_match(const struct flip_hash *fh, const char *line, size_t body, size_t i)
{
	size_t k = i / FLIP_CHUNK;
	unsigned char got[32];
	crypto_generichash_state st = fh->pre[k];
	crypto_generichash_update(&st, (const unsigned char *)line + k * FLIP_CHUNK, body - k * FLIP_CHUNK);
	crypto_generichash_final(&st, got, sizeof(got));
	return !memcmp(got, fh->want, sizeof(got));
}

/* Can take_entry accept line with its body as it is? Only if it ends with
 * the tag, the check of the body and "}: parse_entry's first test, without
 * its search and hash (want: the body's hash as hex), so a flip in the
 * ending that cannot help costs a few compares instead of a parse. */
static bool tail_can_match(const char *line, size_t l, size_t body, const char *want)
{
	size_t tl = strlen(CHECK_TAG);
	return !memcmp(line + body, CHECK_TAG, tl) && !memcmp(line + body + tl, want, 64) &&
	       line[l - 2] == '"' && line[l - 1] == '}';
}

/* Tries the 8 flips of byte i: fh (the body's bits, matched by hash before
 * the parse), want (a bit of the ending, body's hash as hex), or neither (a
 * NUL byte: each flip is parsed). */
static bool try_flip(struct store *st, char *line, size_t l, size_t i, int lineno, size_t body,
		     const struct flip_hash *fh, const char *want)
{
	char what[256];
	bool ok = false;
	for (int b = 0; b < 8 && !ok; b++) {
		line[i] ^= (char)(1 << b);
		if (fh)
			ok = flip_hash_match(fh, line, body, i) && take_entry(st, line, l, lineno, what, sizeof(what));
		else if (!want || tail_can_match(line, l, body, want))
			ok = take_entry(st, line, l, lineno, what, sizeof(what));
		line[i] ^= (char)(1 << b);
	}
	return ok;
}

static int repair_bit(struct store *st, char *line, size_t l, int lineno, int *budget)
{
	size_t tl = strlen(CHECK_TAG), tail = tl + 66, body = l - tail;
	const char *nul = memchr(line, 0, l);
	char want[SEAL_HASH_HEX];
	if (l > REPAIR_MAX || l < tail || (*budget)-- <= 0 ||
	    (nul && memchr(nul + 1, 0, l - (size_t)(nul - line) - 1)))
		return 0;
	if (nul)
		return try_flip(st, line, l, (size_t)(nul - line), lineno, 0, NULL, NULL);
	if (!memcmp(line + body, CHECK_TAG, tl) && line[l - 2] == '"' && line[l - 1] == '}') {
		struct flip_hash fh;
		bool found = false;
		if (flip_hash_init(&fh, line, body, line + body + tl)) {
			for (size_t i = 0; i < body && !found; i++)
				found = try_flip(st, line, l, i, lineno, body, &fh, NULL);
			free(fh.pre);
		}
		if (found)
			return 1;
	}
	/* the bit is in the ending: the body is whole, so the line can only
	 * verify with the body's own hash there */
	seal_hash_hex(line, body, want);
	for (size_t i = body; i < l; i++)
		if (try_flip(st, line, l, i, lineno, body, NULL, want))
			return 1;
	return 0;
}

/* How much salvaging one file may cost: lines to repair, span starts. */
#define SALVAGE_TRIES 4096
struct repair_budget {
	int lines, tries;
};

/* A damaged line: whatever whole entries it still holds are read, and the
 * line itself is kept byte for byte (raw, rawlen: as in the file, blanks
 * and comma included), reported, never used. */
static void damaged_line(struct store *st, const char *raw, size_t rawlen, char *work, size_t l,
			 int lineno, const char *why, struct repair_budget *budget)
{
	char what[256];
	int found = salvage_spans(st, work, l, lineno, &budget->tries);
	if (lineno == 1)
		return; /* the header: check_header reported it */
	if (!found)
		found = repair_bit(st, work, l, lineno, &budget->lines);
	st->v = xrealloc(st->v, (st->n + 1) * sizeof(*st->v));
	struct conn *c = &st->v[st->n++];
	memset(c, 0, sizeof(*c));
	c->damaged = true;
	c->line = lineno;
	c->raw = xmalloc(rawlen + 1);
	memcpy(c->raw, raw, rawlen);
	c->raw[rawlen] = 0;
	c->rawlen = rawlen;
	if (found)
		str_fmt(what, sizeof(what), "%s (the entry in it was read whole)", why);
	else
		str_copy(what, sizeof(what), why);
	problem(st, st->registry, lineno, what);
}

/* Reads to the real end of the file: a NUL byte, a cut tail or garbage
 * never hides the lines after it. */
static int load_registry(struct store *st, struct onr_error *err)
{
	char *text, what[256];
	size_t len;
	int rc = paths_read(st->registry, REGISTRY_MAX, false, &text, &len, err);
	bool footer = false;
	int lineno = 0;
	struct repair_budget budget = {REPAIR_LINES, SALVAGE_TRIES};

	if (rc == 1)
		return 1; /* no registry */
	if (rc < 0)
		return -1;
	if (len == 0) {
		problem(st, st->registry, 1, "the file is empty");
		free(text);
		return 0;
	}
	for (const char *p = text, *end = text + len, *next; p < end; p = next) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t full = nl ? (size_t)(nl - p) : (size_t)(end - p), l = full;
		next = nl ? nl + 1 : end;
		lineno++;
		while (l && (p[l - 1] == '\r' || p[l - 1] == ' ' || p[l - 1] == '\t'))
			l--;
		if (l && p[l - 1] == ',')
			l--;
		char *work = xmalloc(l + 1); /* the line for parsing, without its blanks */
		memcpy(work, p, l);
		work[l] = 0;
		if (lineno == 1) {
			size_t np = st->nproblems;
			if (check_header(st, work, l, err) != 0) {
				free(work);
				free(text);
				return -1;
			}
			if (st->nproblems > np)
				damaged_line(st, p, full, work, l, 1, "", &budget);
		} else if (l == 0) {
			/* a blank line */
		} else if (strcmp(work, FOOTER) == 0 && !memchr(p, 0, l)) {
			footer = true;
		} else if (!take_entry(st, work, l, lineno, what, sizeof(what))) {
			damaged_line(st, p, full, work, l, lineno, what, &budget);
		}
		free(work);
	}
	if (!footer)
		problem(st, st->registry, 0, "the file ends early (its closing \"]}\" line is missing): it may have been cut short");
	free(text);
	return 0;
}

/* --- paths / close ---------------------------------------------------- */

int store_paths(struct store *st, struct onr_error *err)
{
	memset(st, 0, sizeof(*st));
	if (seal_init() != 0) {
		store_err(err, "store.init", _("The encryption library could not start."),
			  _("Reinstall libsodium, then try again."));
		return -1;
	}
	if (paths_data_dir(st->dir, sizeof(st->dir), true, err) != 0)
		return -1;
	if (paths_join(st->registry, sizeof(st->registry), st->dir, "connections.json") != 0 ||
	    paths_join(st->sealed_dir, sizeof(st->sealed_dir), st->dir, "sealed") != 0) {
		paths_error(err, ENAMETOOLONG, _("Could not use the folder \"%s\"."), st->dir);
		return -1;
	}
	return paths_mkdirs(st->sealed_dir, true, err);
}

int store_legacy_load(struct store *st, struct onr_error *err)
{
	int rc = load_registry(st, err);
	if (rc < 0)
		store_close(st);
	return rc;
}

void store_close(struct store *st)
{
	for (size_t i = 0; i < st->n; i++)
		conn_free(&st->v[i]);
	free(st->v);
	free(st->problems);
	st->v = NULL;
	st->problems = NULL;
	st->n = st->nproblems = 0;
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

int store_sealed_write(struct store *st, const char *id, const unsigned char *box, size_t len,
		       char hash[65], struct onr_error *err)
{
	char path[PATHS_MAX];
	struct buf b;
	size_t b64len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *b64;
	int rc;

	if ((rc = db_sealed_write_shared(id, box, len, hash, err)) != 1)
		return rc; /* a shared database holds them (db_sealed.c) */
	if (store_sealed_path(st, id, path, sizeof(path)) != 0) {
		paths_error(err, EINVAL, _("Could not write the sealed credentials of connection %s."), id);
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
	str_fmt(msg, sizeof(msg), _("The sealed credentials file \"%s\" is damaged or was changed."), path);
	str_fmt(hint, sizeof(hint),
		_("The other connections are not affected. Restore this file from a backup, or disconnect "
		"this connection (onramp disconnect %s) and connect the system again."), id);
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
	if ((rc = db_sealed_read_shared(id, want_hash, box, len, err)) != 1)
		return rc;
	if (store_sealed_path(st, id, path, sizeof(path)) != 0) {
		paths_error(err, EINVAL, _("Could not read the sealed credentials of connection %s."), id);
		return -1;
	}
	rc = paths_read(path, SEALED_MAX, false, &text, &tlen, err);
	if (rc == 1) {
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), _("The sealed credentials of connection %s are missing (\"%s\")."), id,
			path);
		str_fmt(hint, sizeof(hint),
			_("Restore the file from a backup, or disconnect this connection (onramp disconnect %s) "
			"and connect the system again."), id);
		store_err(err, "store.sealed_missing", msg, hint);
		return -1;
	}
	if (rc < 0)
		return -1;
	str_fmt(idline, sizeof(idline), "\nid %s\nblake2b ", id);
	if (strncmp(text, "onramp-sealed ", 14) == 0 && strncmp(text, SEALED_MAGIC "\n", 16) != 0 &&
	    text[14] >= '2' && text[14] <= '9' && text[15] == '\n') {
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), _("The sealed credentials file \"%s\" has format version %c, which this onramp does not know."),
			path, text[14]);
		str_fmt(hint, sizeof(hint),
			_("It was probably written by a newer onramp: update onramp on this machine. If not, the "
			"file is damaged: restore it from a backup, or disconnect this connection (onramp "
			"disconnect %s) and connect the system again."), id);
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
	int rc;
	if ((rc = db_sealed_destroy_shared(id, err)) != 1)
		return rc;
	if (store_sealed_path(st, id, path, sizeof(path)) != 0) {
		paths_error(err, EINVAL, _("Could not destroy the sealed credentials of connection %s."), id);
		return -1;
	}
	return paths_destroy(path, err);
}
