/* json_tail.h: a page's next-page link read from the end of its text,
 * before the page is parsed, so that the next request can go out at once
 * (reader.h: early). Only the plain case is read: a last member with a
 * string value holding no escapes; anything else says "not found", and
 * the parse finds the link as always (and overrules this one). */
#ifndef ONRAMP_DATA_JSON_TAIL_H
#define ONRAMP_DATA_JSON_TAIL_H
#include <stdbool.h>
#include <stddef.h>

/* The value of the last member of the object that ends text, when that
 * member is named key and its value is a string without backslashes:
 * *val points into text, *n is its length. depth 1 is the top-level
 * object; depth 2 an object that is the top level's last member (SAP's
 * {"d": {..., "__next": "..."}}). */
bool json_tail_string(const char *text, size_t len, int depth, const char *key, const char **val, size_t *n);
#endif
