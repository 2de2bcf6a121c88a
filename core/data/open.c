#include "data/open.h"
#include "i18n.h"
#include "data/errors.h"
#include "lifecycle.h"
#include "secbuf.h"
#include "util.h"
#include <cJSON.h>
#include <sodium.h>
#include <string.h>

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if ((c | 32) >= 'a' && (c | 32) <= 'f')
			v |= (unsigned)((c | 32) - 'a' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void add_utf8(struct secbuf *b, unsigned cp)
{
	char u[4];
	size_t n = 0;
	if (cp < 0x80) {
		u[n++] = (char)cp;
	} else if (cp < 0x800) {
		u[n++] = (char)(0xc0 | cp >> 6);
		u[n++] = (char)(0x80 | (cp & 63));
	} else if (cp < 0x10000) {
		u[n++] = (char)(0xe0 | cp >> 12);
		u[n++] = (char)(0x80 | ((cp >> 6) & 63));
		u[n++] = (char)(0x80 | (cp & 63));
	} else {
		u[n++] = (char)(0xf0 | cp >> 18);
		u[n++] = (char)(0x80 | ((cp >> 12) & 63));
		u[n++] = (char)(0x80 | ((cp >> 6) & 63));
		u[n++] = (char)(0x80 | (cp & 63));
	}
	secbuf_add(b, u, n);
}

/* One \uXXXX (and its low surrogate); advances *p past it. */
static int unicode_escape(const char **p, const char *end, struct secbuf *out)
{
	unsigned cp, lo;
	if (end - *p < 5 || hex4(*p + 1, &cp) < 0)
		return -1;
	*p += 4;
	if (cp >= 0xd800 && cp < 0xdc00 && end - *p >= 7 && (*p)[1] == '\\' && (*p)[2] == 'u' &&
	    hex4(*p + 3, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		*p += 6;
	}
	add_utf8(out, cp);
	return 0;
}

/* A JSON string starting at *p (after its quote) into out. */
static int string_into(const char **p, const char *end, struct secbuf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	for (; *p < end && **p != '"'; (*p)++) {
		if (**p != '\\') {
			secbuf_add(out, *p, 1);
			continue;
		}
		if (++*p >= end)
			return -1;
		const char *k = strchr(from, **p);
		if (**p == 'u') {
			if (unicode_escape(p, end, out) < 0)
				return -1;
		} else if (k && **p) {
			secbuf_add(out, &to[k - from], 1);
		} else {
			return -1;
		}
	}
	if (*p >= end)
		return -1;
	(*p)++;
	return out->overflow ? -1 : 0;
}

static void skip_ws(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\n' || **p == '\r' || **p == '\t'))
		(*p)++;
}

int data_form_secrets(struct form *form, const char *json, size_t len)
{
	const char *p = json, *end = json + len;
	struct secbuf key, val;
	int rc = -1;
	bool bad = false;
	secbuf_init(&key, 256);
	secbuf_init(&val, FORM_VALUE_MAX + 1);
	skip_ws(&p, end);
	if (p < end && *p++ == '{') {
		for (skip_ws(&p, end); p < end && *p == '"'; skip_ws(&p, end)) {
			p++;
			secbuf_clear(&key);
			secbuf_clear(&val);
			skip_ws(&p, end);
			if (string_into(&p, end, &key) < 0 || (skip_ws(&p, end), p >= end || *p++ != ':') ||
			    (skip_ws(&p, end), p >= end || *p++ != '"') || string_into(&p, end, &val) < 0) {
				bad = true;
				break;
			}
			form_set(form, key.p, val.p);
			skip_ws(&p, end);
			if (p < end && *p == ',')
				p++;
		}
		rc = !bad && p < end && *p == '}' ? 0 : -1;
	}
	secbuf_free(&key);
	secbuf_free(&val);
	return rc;
}

static void set_public(struct form *form, const char *public_json)
{
	cJSON *pub = cJSON_Parse(public_json ? public_json : "{}"), *it;
	cJSON_ArrayForEach(it, pub)
		if (cJSON_IsString(it))
			form_set(form, it->string, it->valuestring);
	cJSON_Delete(pub);
}

int data_open_form(const char *id, const struct seal_pass *pass, const struct catalog *cat, struct form **form,
		   struct conn *info, struct onr_error *err)
{
	return data_open_form_keyed(id, pass, cat, form, info, NULL, err);
}

/* The catalog for the connection's system: cat as given, or, with load,
 * load filled with that one entry (and the drop-ins) now that the system
 * is known. NULL (err set) when a catalog that holds nothing failed. */
static const struct catalog *system_catalog(const struct catalog *cat, struct catalog *load, const char *system,
					    struct onr_error *err)
{
	if (!load)
		return cat;
	if (catalog_load_one(load, system ? system : "", err) < 0 && !load->n)
		return NULL;
	error_clear(err); /* a drop-in file's fault, with the entry there: as catalog_load_default's callers do */
	return load;
}

static int open_form(const char *id, const struct seal_pass *pass, const struct catalog *cat, struct catalog *load,
		     struct form **form, struct conn *info, unsigned char **key, struct onr_error *err)
{
	unsigned char *secret = NULL;
	size_t len = 0;
	const struct system *sys;
	int bad;
	*form = NULL;
	if (lifecycle_open_keyed(id, pass, &secret, &len, info, key, err) != 0)
		return -1;
	if (!(cat = system_catalog(cat, load, info->system, err))) {
		; /* err says what is wrong with the catalog */
	} else if (info->status != CONN_ACTIVE) {
		error_set(err, EXIT_INPUT, "store", "store.disconnected", _("This connection was disconnected."),
			  _("Its credentials are no longer used. Connect the system again to read from it."), NULL);
	} else if (!(sys = catalog_find(cat, info->system))) {
		data_fail(err, "data.unknown_system", NULL, info->system);
	} else {
		*form = form_new(sys);
		set_public(*form, info->public_json);
		if (data_form_secrets(*form, (const char *)secret, len) < 0) {
			form_free(*form);
			*form = NULL;
			data_fail(err, "data.bad_seal", NULL, NULL);
		} else if ((bad = form_unsafe(*form)) >= 0) {
			/* stored by an older onramp: never sent (issue 12) */
			data_fail(err, "data.unsafe_value", NULL, (*form)->f[bad].def->key);
			form_free(*form);
			*form = NULL;
		}
	}
	sodium_free(secret);
	if (!*form) {
		conn_free(info);
		if (key) {
			sodium_free(*key);
			*key = NULL;
		}
	}
	return *form ? 0 : -1;
}

int data_open_form_keyed(const char *id, const struct seal_pass *pass, const struct catalog *cat,
			 struct form **form, struct conn *info, unsigned char **key, struct onr_error *err)
{
	return open_form(id, pass, cat, NULL, form, info, key, err);
}

int data_open_form_one(const char *id, const struct seal_pass *pass, struct catalog *cat, struct form **form,
		       struct conn *info, struct onr_error *err)
{
	return open_form(id, pass, NULL, cat, form, info, NULL, err);
}
