/* rec_hash.c: the hash that tells a changed record from an unchanged one
 * (sync_hash, see sync.h). It is the BLAKE2b of the record's JSON with
 * its volatile members removed, as cJSON prints that object compactly:
 * that is how the first stored hashes were made, so it must never change,
 * or every stored record would look changed once.
 *
 * Re-parsing and re-printing each record cost more than writing it to the
 * database, so the usual case skips it: po_to_json's output is already
 * compact and needs no re-escaping, and the volatile members are cut out
 * of the text as it is hashed. Anything else (white space, numbers,
 * \u escapes, which cJSON may print differently) takes the slow path. */
#include "sync/sync.h"
#include "seal.h"
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Fields that change without the order changing: when it was read, and
 * the source record with its own timestamps. */
static const char *const volatile_fields[] = {"updated_at", "remote_data", NULL};

static int hash_slow(const char *json, char hex[65])
{
	cJSON *o = cJSON_Parse(json);
	char *canon;
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return -1;
	}
	for (int i = 0; volatile_fields[i]; i++)
		cJSON_DeleteItemFromObjectCaseSensitive(o, volatile_fields[i]);
	/* po_to_json writes its fields in one fixed order: no sorting needed */
	canon = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!canon)
		return -1;
	seal_hash_hex(canon, strlen(canon), hex);
	free(canon);
	return 0;
}

/* The end of the string that starts at p ('"'), or NULL. With plain, only
 * \" and \\ may occur (cJSON prints those the same). */
static const char *string_end(const char *p, bool plain)
{
	for (p++; *p; p++) {
		if (*p == '"')
			return p + 1;
		if (plain && (unsigned char)*p < 0x20)
			return NULL; /* cJSON would print it escaped */
		if (*p == '\\') {
			if (!p[1] || (plain && p[1] != '"' && p[1] != '\\'))
				return NULL;
			p++;
		}
	}
	return NULL;
}

/* The end of the value at p, or NULL. plain: strings, null, objects and
 * arrays only, written compactly (what cJSON prints back unchanged). */
static const char *value_end(const char *p, bool plain)
{
	int depth = 0;
	if (!*p || strchr(",:}]", *p) || (plain && !strchr("\"{[n", *p)))
		return NULL;
	do {
		if (*p == '"') {
			if (!(p = string_end(p, plain)))
				return NULL;
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			depth--;
		else if (strncmp(p, "null", 4) == 0)
			p += 3;
		else if (plain ? !(*p == ',' || *p == ':') : !*p)
			return NULL;
		if (depth < 0)
			return NULL;
		p++;
	} while (depth > 0);
	return p;
}

/* Which volatile field key (a "...": at p) names, once each; -1: none. */
static int volatile_key(const char *p, const char *key_end, unsigned *cut)
{
	for (int i = 0; volatile_fields[i]; i++) {
		size_t n = strlen(volatile_fields[i]);
		if (!(*cut & 1u << i) && (size_t)(key_end - p) == n + 2 && memcmp(p + 1, volatile_fields[i], n) == 0)
			return i;
	}
	return -1;
}

/* Hashes the object's members one by one, leaving out the volatile ones;
 * 1 when the text is not what the fast path knows. */
static int hash_fast(const char *json, char hex[65])
{
	crypto_generichash_state st;
	unsigned char h[32];
	unsigned cut = 0;
	bool first = true;
	const char *p = json;

	if (*p++ != '{' || seal_init() != 0)
		return 1;
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)"{", 1);
	while (*p != '}') {
		const char *key = p, *key_end, *end;
		int v;
		if (*p != '"' || !(key_end = string_end(p, true)) || *key_end != ':')
			return 1;
		v = volatile_key(key, key_end, &cut);
		if (!(end = value_end(key_end + 1, v < 0)) || (*end != ',' && *end != '}'))
			return 1;
		if (v >= 0) {
			cut |= 1u << v;
		} else {
			if (!first)
				crypto_generichash_update(&st, (const unsigned char *)",", 1);
			crypto_generichash_update(&st, (const unsigned char *)key, (size_t)(end - key));
			first = false;
		}
		p = *end == ',' ? end + 1 : end;
		if (*end == ',' && *p == '}')
			return 1; /* a trailing comma is not JSON */
	}
	if (p[1])
		return 1;
	crypto_generichash_update(&st, (const unsigned char *)"}", 1);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, 65, h, sizeof(h));
	return 0;
}

int sync_hash(const char *json, char hex[65])
{
	int rc = json ? hash_fast(json, hex) : -1;
	return rc == 1 ? hash_slow(json, hex) : rc;
}
