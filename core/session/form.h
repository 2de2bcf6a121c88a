/* form.h: the connection-details form of one system: values, cursor,
 * focus and the live field checks. Every value lives in secure memory,
 * because which fields are secret is data, not code. */
#ifndef ONRAMP_FORM_H
#define ONRAMP_FORM_H
#include "catalog.h"
#include "secbuf.h"

#define FORM_VALUE_MAX 1024

struct form_field {
	const struct field *def;
	struct secbuf value;
	size_t cursor;     /* byte offset in value */
	bool locked;       /* preset by the caller; cannot be edited */
	bool touched;      /* edited: only then is "required" shown */
	char problem[320]; /* "" when the value passes its checks (a longer language fits) */
};

struct form {
	const struct system *sys;
	struct form_field *f;
	size_t n;
	size_t focus; /* index of a field, or n for the [Connect] button */
	bool reveal;  /* secrets shown in clear */
};

struct form *form_new(const struct system *sys);
/* Wipes every value, then frees. */
void form_free(struct form *form);
/* Every value again, in secure memory of its own: for a read that goes on
 * after the form is wiped (the done screen's preview, data/preview.h). */
struct form *form_copy(const struct form *src);
/* Empties every secret field (a kiosk after a failed check: the next
 * person cannot reveal the last one's password). */
void form_wipe_secrets(struct form *form);
/* Empties every unlocked field back to its default (kiosk idle timeout). */
void form_reset(struct form *form);

int form_set(struct form *form, const char *key, const char *value);
void form_lock(struct form *form, const char *key);
const char *form_value(const struct form *form, const char *key);
struct form_field *form_get(struct form *form, const char *key);

/* Editing the focused field. Inserted text drops control characters, so
 * a pasted line break cannot sneak into a URL, and a paste (more than one
 * byte at once) loses the blanks around it. */
void form_insert(struct form *form, const char *text, size_t len);
void form_backspace(struct form *form);
void form_delete(struct form *form);
void form_cursor(struct form *form, int delta); /* by characters */
void form_home(struct form *form);
void form_end(struct form *form);
void form_kill_line(struct form *form);
void form_focus_next(struct form *form, int delta); /* skips locked fields */
/* Focus the first unlocked field still empty (after a prefill). */
void form_focus_first_empty(struct form *form);

/* Enter's next stop: the next unlocked required field still empty after
 * the focused one (defaults and presets are skipped), or -1 when there is
 * none and Enter submits (which points at anything still missing). */
int form_next_needed(const struct form *form);

/* Runs the checks of one field or all; touch_all marks every field as
 * touched (on submit) so missing required values are shown. */
void form_check_field(struct form_field *ff);
void form_check(struct form *form, bool touch_all);
/* The first field whose value must never be sent or stored, whatever
 * else is wrong: a control byte in it, or a URL with a user name or
 * password inside (also for stored values, which skip the live checks);
 * -1 when none. */
int form_unsafe(const struct form *form);
/* The first field with a problem, or -1. */
int form_first_problem(const struct form *form);

/* Checks a URL with libcurl's parser: http(s) and a host. Writes the
 * reason into why (may be NULL). */
bool url_check(const char *url, char *why, size_t whylen);
/* A value typed without "scheme://" ("erp.acme.local:8000"): the check
 * adds https:// to it. */
bool url_scheme_missing(const char *url);
/* url with any user name and password in it replaced by "***" (for
 * showing values an older onramp stored; new ones are refused). */
const char *url_hide_userinfo(const char *url, char *out, size_t size);
#endif
