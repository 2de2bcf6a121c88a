#include "form.h"
#include "i18n.h"
#include "util.h"
#include "utf8.h"
#include <ctype.h>
#include "curl_dl.h"
#include <stdlib.h>
#include <string.h>

struct form *form_new(const struct system *sys)
{
	struct form *form = xcalloc(1, sizeof(*form));
	form->sys = sys;
	form->n = sys->nfields;
	form->f = xcalloc(form->n + 1, sizeof(*form->f));
	for (size_t i = 0; i < form->n; i++) {
		form->f[i].def = &sys->fields[i];
		secbuf_init(&form->f[i].value, FORM_VALUE_MAX);
		secbuf_adds(&form->f[i].value, sys->fields[i].def);
		form->f[i].cursor = form->f[i].value.len;
	}
	form_check(form, false);
	return form;
}

void form_free(struct form *form)
{
	if (!form)
		return;
	for (size_t i = 0; i < form->n; i++)
		secbuf_free(&form->f[i].value);
	free(form->f);
	free(form);
}

struct form *form_copy(const struct form *src)
{
	struct form *form = form_new(src->sys);
	for (size_t i = 0; i < form->n; i++) {
		secbuf_clear(&form->f[i].value);
		secbuf_add(&form->f[i].value, src->f[i].value.p, src->f[i].value.len);
		form->f[i].locked = src->f[i].locked;
	}
	return form;
}

void form_reset(struct form *form)
{
	for (size_t i = 0; i < form->n; i++) {
		struct form_field *ff = &form->f[i];
		if (ff->locked)
			continue;
		secbuf_clear(&ff->value);
		secbuf_adds(&ff->value, ff->def->def);
		ff->cursor = ff->value.len;
		ff->touched = false;
	}
	form->focus = 0;
	form->reveal = false;
	form_focus_next(form, 0);
	form_check(form, false);
}

void form_wipe_secrets(struct form *form)
{
	for (size_t i = 0; i < form->n; i++) {
		struct form_field *ff = &form->f[i];
		if (!ff->def->secret || ff->locked)
			continue;
		secbuf_clear(&ff->value);
		ff->cursor = 0;
		ff->touched = false;
		form_check_field(ff);
	}
	form->reveal = false;
}

struct form_field *form_get(struct form *form, const char *key)
{
	for (size_t i = 0; i < form->n; i++)
		if (!strcmp(form->f[i].def->key, key))
			return &form->f[i];
	return NULL;
}

const char *form_value(const struct form *form, const char *key)
{
	struct form_field *ff = form_get((struct form *)form, key);
	return ff ? ff->value.p : NULL;
}

int form_set(struct form *form, const char *key, const char *value)
{
	struct form_field *ff = form_get(form, key);
	if (!ff)
		return -1;
	secbuf_clear(&ff->value);
	secbuf_adds(&ff->value, value);
	ff->cursor = ff->value.len;
	ff->touched = true;
	form_check_field(ff);
	return ff->value.overflow ? -1 : 0;
}

void form_lock(struct form *form, const char *key)
{
	struct form_field *ff = form_get(form, key);
	if (ff)
		ff->locked = true;
	if (form->focus < form->n && form->f[form->focus].locked)
		form_focus_next(form, 1);
}

static struct form_field *focused(struct form *form)
{
	if (form->focus >= form->n || form->f[form->focus].locked)
		return NULL;
	return &form->f[form->focus];
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void form_insert(struct form *form, const char *text, size_t len)
{
	struct form_field *ff = focused(form);
	struct secbuf *v;
	if (!ff)
		return;
	if (len > 1) { /* a paste: the blanks around a copied value are never part of it */
		while (len && blank(*text))
			text++, len--;
		while (len && blank(text[len - 1]))
			len--;
	}
	v = &ff->value;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c < 0x20 || c == 0x7f || v->len + 2 > v->cap)
			continue;
		memmove(v->p + ff->cursor + 1, v->p + ff->cursor, v->len - ff->cursor + 1);
		v->p[ff->cursor++] = (char)c;
		v->len++;
	}
	ff->touched = true;
	form_check_field(ff);
}

/* Byte length of the UTF-8 character before / at the cursor. */
static size_t char_before(const struct form_field *ff)
{
	return ff->cursor ? ff->cursor - utf8_prev(ff->value.p, ff->cursor) : 0;
}

static size_t char_at(const struct form_field *ff)
{
	if (ff->cursor >= ff->value.len)
		return 0;
	return utf8_next(ff->value.p, ff->value.len, ff->cursor) - ff->cursor;
}

static void remove_bytes(struct form_field *ff, size_t at, size_t n)
{
	struct secbuf *v = &ff->value;
	memmove(v->p + at, v->p + at + n, v->len - at - n + 1);
	v->len -= n;
	ff->touched = true;
	form_check_field(ff);
}

void form_backspace(struct form *form)
{
	struct form_field *ff = focused(form);
	size_t n = ff ? char_before(ff) : 0;
	if (n) {
		ff->cursor -= n;
		remove_bytes(ff, ff->cursor, n);
	}
}

void form_delete(struct form *form)
{
	struct form_field *ff = focused(form);
	size_t n = ff ? char_at(ff) : 0;
	if (n)
		remove_bytes(ff, ff->cursor, n);
}

void form_cursor(struct form *form, int delta)
{
	struct form_field *ff = focused(form);
	for (; ff && delta < 0 && ff->cursor > 0; delta++)
		ff->cursor -= char_before(ff);
	for (; ff && delta > 0 && ff->cursor < ff->value.len; delta--)
		ff->cursor += char_at(ff);
}

void form_home(struct form *form)
{
	struct form_field *ff = focused(form);
	if (ff)
		ff->cursor = 0;
}

void form_end(struct form *form)
{
	struct form_field *ff = focused(form);
	if (ff)
		ff->cursor = ff->value.len;
}

void form_kill_line(struct form *form)
{
	struct form_field *ff = focused(form);
	if (ff && ff->value.len) {
		secbuf_clear(&ff->value);
		ff->cursor = 0;
		ff->touched = true;
		form_check_field(ff);
	}
}

/* Focus cycles over the unlocked fields and the [Connect] button (index n). */
void form_focus_next(struct form *form, int delta)
{
	size_t slots = form->n + 1;
	size_t step = delta < 0 ? slots - 1 : 1;
	if (delta)
		form->focus = (form->focus + step) % slots;
	for (size_t tries = 0; tries < slots && form->focus < form->n && form->f[form->focus].locked; tries++)
		form->focus = (form->focus + step) % slots;
}

void form_focus_first_empty(struct form *form)
{
	for (size_t i = 0; i < form->n; i++)
		if (!form->f[i].locked && !form->f[i].value.len) {
			form->focus = i;
			return;
		}
	form_focus_next(form, 0);
}

int form_next_needed(const struct form *form)
{
	/* forward only: past the last one, Enter submits and the check says
	 * what is missing */
	for (size_t i = form->focus + 1; i < form->n; i++)
		if (!form->f[i].locked && form->f[i].def->required && !form->f[i].value.len)
			return (int)i;
	return -1;
}

bool url_scheme_missing(const char *url)
{
	return *url && !strstr(url, "://");
}

/* A user name or password inside an address would be stored and shown in
 * plain text: the form has fields for them, which are sealed. */
#define USERINFO_PROBLEM \
	N_("Leave the user name and password out of the address: type them in the User name and Password fields instead")
static bool has_userinfo(CURLU *u)
{
	char *user = NULL, *pass = NULL;
	bool yes = curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
		   curl_url_get(u, CURLUPART_PASSWORD, &pass, 0) == CURLUE_OK;
	curl_free(user);
	curl_free(pass);
	return yes;
}

/* Bytes below 0x20 and DEL: a line break in a value sent as a header
 * would start a header of its own. */
static bool has_control(const char *v)
{
	for (; *v; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return true;
	return false;
}

const char *url_hide_userinfo(const char *url, char *out, size_t size)
{
	const char *auth = strstr(url, "://"), *end, *at = NULL;
	if (!auth) {
		str_copy(out, size, url);
		return out;
	}
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	for (const char *p = auth; p < end; p++)
		if (*p == '@')
			at = p; /* the last one: a password may hold '@' */
	if (at)
		str_fmt(out, size, "%.*s***%s", (int)(auth - url), url, at);
	else
		str_copy(out, size, url);
	return out;
}

bool url_check(const char *url, char *why, size_t whylen)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, full[FORM_VALUE_MAX + 16];
	bool ok = false;
	const char *reason = _("This is not a web address. Type it like https://erp.example.com");
	CURLUcode rc;

	/* an address without its scheme gets https:// when the check starts
	 * (typo_tidy_urls says so): judge it as it will be */
	str_fmt(full, sizeof(full), "%s%s", url_scheme_missing(url) ? "https://" : "", url);
	rc = u ? curl_url_set(u, CURLUPART_URL, full, CURLU_NON_SUPPORT_SCHEME) : CURLUE_OUT_OF_MEMORY;
	if (rc == CURLUE_OK) {
		curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
		curl_url_get(u, CURLUPART_HOST, &host, 0);
		curl_url_get(u, CURLUPART_PORT, &port, 0);
		if (!scheme || (strcmp(scheme, "http") && strcmp(scheme, "https")))
			reason = _("The address must start with https:// (or http://)");
		else if (!host || !*host)
			reason = _("The address has no server name after https://");
		else if (port && atol(port) < 1)
			reason = _("The port (after the colon) must be a number from 1 to 65535");
		else if (has_userinfo(u))
			reason = _(USERINFO_PROBLEM);
		else
			ok = true;
	} else if (rc == CURLUE_BAD_PORT_NUMBER) {
		reason = _("The port (after the colon) must be a number from 1 to 65535");
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	if (why)
		str_copy(why, whylen, ok ? "" : reason);
	return ok;
}

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

void form_check_field(struct form_field *ff)
{
	const char *v = ff->value.p;
	ff->problem[0] = 0;
	if (!*v) {
		if (ff->def->required && ff->touched)
			str_copy(ff->problem, sizeof(ff->problem), _("This field is required"));
		return;
	}
	if (has_control(v)) {
		str_copy(ff->problem, sizeof(ff->problem),
			 _("This has a line break, a tab or another control character: type it again without them"));
		return;
	}
	switch (ff->def->kind) {
	case FIELD_URL:
		url_check(v, ff->problem, sizeof(ff->problem));
		break;
	case FIELD_NUMBER:
		if (!all_digits(v))
			str_copy(ff->problem, sizeof(ff->problem), _("Only digits 0-9 go here"));
		break;
	case FIELD_EMAIL:
		if (!strchr(v, '@') || !strchr(strchr(v, '@'), '.'))
			str_copy(ff->problem, sizeof(ff->problem), _("This should look like name@example.com"));
		break;
	case FIELD_TEXT:
		break;
	}
}

void form_check(struct form *form, bool touch_all)
{
	for (size_t i = 0; i < form->n; i++) {
		if (touch_all)
			form->f[i].touched = true;
		form_check_field(&form->f[i]);
	}
}

int form_unsafe(const struct form *form)
{
	for (size_t i = 0; i < form->n; i++) {
		const char *v = form->f[i].value.p;
		if (has_control(v) || (form->f[i].def->kind == FIELD_URL && *v && strstr(v, "@") &&
				       !url_check(v, NULL, 0)))
			return (int)i;
	}
	return -1;
}

int form_first_problem(const struct form *form)
{
	for (size_t i = 0; i < form->n; i++)
		if (form->f[i].problem[0])
			return (int)i;
	return -1;
}
