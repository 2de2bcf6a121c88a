/* json_arena.h: a JSON parser for large documents read once (a page of
 * orders, the built-in catalog). The tree is made of plain cJSON nodes, so
 * it is walked with the cJSON macros and getters, but all of it lives in
 * one arena: read it, copy from it (cJSON_Duplicate gives a heap tree),
 * never free, detach or move its nodes one by one. json_free drops it
 * whole. What it accepts is what cJSON_ParseWithLength accepts. */
#ifndef ONRAMP_JSON_ARENA_H
#define ONRAMP_JSON_ARENA_H
#include <stdbool.h>
#include <stddef.h>

struct cJSON;

/* NULL when text is not JSON (then *error_at, if given, points near the
 * fault). numbers_as_text: each number becomes a string of "\x01" + its
 * digits as written (data/json.h reads those); otherwise a cJSON number. */
struct cJSON *json_arena_parse(const char *text, size_t len, bool numbers_as_text, const char **error_at);
/* Hands a malloc'd buffer to the next json_arena_parse, which takes it
 * over as the tree's own copy of the text when that text is buf itself
 * and cap is at least its length + JSON_ARENA_PAD (then it parses in
 * place, writing into buf, and frees buf with the tree). json_arena_taken
 * ends the offer: true when the buffer was taken, and so is no longer
 * the caller's. For a page of orders: a 600 KiB copy saved each page. */
#define JSON_ARENA_PAD 32
void json_arena_offer(char *buf, size_t cap);
bool json_arena_taken(void);
/* Whether s lies in the text of the newest tree this thread parsed, from
 * where at least JSON_ARENA_PAD bytes can be read (the copy's padding
 * follows its end): a caller may then compare a member's name with a
 * word-wide memcmp of up to that many bytes, which reads past a shorter
 * name but not past the copy. A hint only: a string anywhere else is
 * compared as usual. */
extern _Thread_local const char *json_arena_lo, *json_arena_hi;
static inline bool json_arena_holds(const char *s)
{
	return s >= json_arena_lo && s < json_arena_hi;
}
/* Frees a tree from json_arena_parse (on the thread that parsed it), or
 * (cJSON_Delete) any heap tree. */
void json_free(struct cJSON *j);
/* The two steps of reading one string, for readers that walk JSON text
 * without a tree (core/catalog/catalog_scan.c). s is just after the
 * opening quote: json_string_end gives its closing quote, or NULL;
 * json_unescape writes the text [s, q) unescaped and NUL-terminated to
 * out (room for q - s + 1 bytes) and returns the end of what it wrote, or
 * NULL for an escape cJSON refuses. */
const char *json_string_end(const char *s, const char *end);
char *json_unescape(const char *s, const char *q, char *out);
#endif
