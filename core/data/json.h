/* json.h: reading server JSON without losing digits. cJSON turns numbers
 * into doubles, which would change "99999999999999.99"; json_parse_exact
 * keeps every number's text in a string marked with a leading \x01, so
 * the digits arrive exactly as sent. The getters below read both marked
 * numbers and plain strings; json_unmark turns marks back into numbers
 * before a record's remote_data is written. */
#ifndef ONRAMP_DATA_JSON_H
#define ONRAMP_DATA_JSON_H
#include <stdbool.h>
#include <stddef.h>
#include "data/decimal.h"
#include "json_arena.h"
#include <cJSON.h>
#include <string.h>

struct cJSON;

/* NULL when body is not JSON. The tree lives in one arena (json_arena.h:
 * read or copy it, never free, detach or move its nodes); json_free
 * drops it whole. */
struct cJSON *json_parse_exact(const char *body, size_t len);
/* Restores marked numbers as JSON numbers (raw text), in place. */
void json_unmark(struct cJSON *j);

/* obj[key], or NULL; a dotted path walks objects ("item.code"). */
const struct cJSON *json_at(const struct cJSON *obj, const char *path);
/* obj[key] for one key, dots and all (no path: cheaper, for the members
 * of every order); NULL when obj is no object or has no such member. */
const struct cJSON *json_get(const struct cJSON *obj, const char *key);
/* A cursor over one object's members, for a reader that asks for many of
 * them: each search starts after the member found last and wraps round,
 * so members asked for in about the order the source writes them are
 * found in a step or two (json_at scans from the first member each time:
 * a tenth of reading a page). {obj, NULL} to start. */
struct json_cur {
	const struct cJSON *obj, *at;
};
/* Whether a member's name s is key, len its length. Inline with key a
 * literal: a name in a page's text (json_arena_holds) is compared in a
 * few word compares of len + 1 bytes, its NUL included, with no call. */
static inline bool json_key_is(const char *s, const char *key, size_t len)
{
	if (len < JSON_ARENA_PAD && json_arena_holds(s))
		return !memcmp(s, key, len + 1);
	return s[0] == key[0] && !strcmp(s, key);
}
/* json_cur_get's search past the members it tried inline: from `from`
 * (the first it did not try; NULL: it reached the last member) to the
 * end, then from the first member up to the one it tried first. */
#define JSON_CUR_STEPS 10
const struct cJSON *json_cur_find(struct json_cur *c, const char *key, const struct cJSON *from);
static inline const struct cJSON *json_cur_get(struct json_cur *c, const char *key)
{
	/* inline, the usual cases: one of the next few members (a reader
	 * asks in the source's order, passing over the members it does not
	 * read: Business Central's orders have 31, of which 14 are read).
	 * Together with json_cur_find, every member is tried once, from the
	 * one after the member found last round to it. */
	const size_t len = strlen(key);
	const cJSON *n = c->at ? c->at->next : c->obj && (c->obj->type & 0xFF) == cJSON_Object ? c->obj->child : NULL;
	for (int i = 0; i < JSON_CUR_STEPS && n; i++, n = n->next)
		if (n->string && json_key_is(n->string, key, len)) {
			c->at = n;
			return n;
		}
	return json_cur_find(c, key, n);
}
/* The text of a string, marked number or bool; NULL for null, "",
 * objects and arrays. Not cleaned: po_set cleans. Inline: it runs for
 * each field of each order. */
static inline const char *json_text(const struct cJSON *j)
{
	if (!j)
		return NULL;
	if ((j->type & 0xFF) == cJSON_True)
		return "true";
	if ((j->type & 0xFF) == cJSON_False)
		return "false";
	if ((j->type & 0xFF) != cJSON_String || !j->valuestring || !j->valuestring[0])
		return NULL;
	const char *s = j->valuestring;
	return s[0] == '\x01' ? (s[1] ? s + 1 : NULL) : s;
}
/* A number or decimal string: DEC_OK, DEC_SYNTAX (wrong type or not a
 * number), DEC_RANGE; missing, null and "" give DEC_SYNTAX with *empty. */
int json_dec(const struct cJSON *j, struct dec *out, bool *empty);

/* Dates as sources send them -> ISO 8601. Accepted: "2026-03-02",
 * "2026-03-02T10:00:00[.fff](Z|+hh:mm)", "2026-03-02 10:00:00[.ffffff]"
 * (taken as UTC), and OData V2's "/Date(ms[+-mmmm])/". date_only gives
 * "2026-03-02", otherwise "2026-03-02T10:00:00Z" in UTC. The length
 * written, or 0 (false) when the text is none of those. */
size_t json_date(const char *in, bool date_only, char *out, size_t size);
/* From calendar parts (Tryton's date and datetime objects). */
bool json_date_parts(int y, int mo, int d, int h, int mi, int s, bool date_only, char *out, size_t size);
#endif
