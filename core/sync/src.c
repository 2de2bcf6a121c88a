/* src.h: the keyed hash of an order's source bytes. The hash state made
 * from the key and the parts common to every order is kept (in protected
 * memory: it holds the key's block) and copied for each order. */
#include "sync/src.h"
#include "lifecycle.h"
#include "util.h"
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct sync_src {
	crypto_generichash_state base;
};

static void part(crypto_generichash_state *st, const char *s)
{
	/* with its NUL: no two lists of parts run together alike */
	crypto_generichash_update(st, (const unsigned char *)(s ? s : ""), strlen(s ? s : "") + 1);
}

struct sync_src *sync_src_new(const unsigned char *key, const char *version, const char *reader,
			      const char *settings)
{
	struct sync_src *s;
	if (!key || !(s = sodium_malloc(sizeof(*s))))
		return NULL;
	crypto_generichash_init(&s->base, key, LIFECYCLE_KEY_BYTES, 16);
	part(&s->base, version);
	part(&s->base, reader);
	part(&s->base, settings);
	return s;
}

void sync_src_hash(const struct sync_src *s, const char *bytes, size_t len, char hex[SYNC_SRC_HEX])
{
	crypto_generichash_state st = s->base;
	unsigned char h[16];
	crypto_generichash_update(&st, (const unsigned char *)bytes, len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_memzero(&st, sizeof(st));
	sodium_bin2hex(hex, SYNC_SRC_HEX, h, sizeof(h));
}

void sync_src_free(struct sync_src *s)
{
	if (s)
		sodium_free(s); /* wipes it */
}

/* Open addressing over the hashes' own bits (they are uniform), half full
 * at most; the remote ids side by side in one buffer. */
struct src_slot {
	unsigned char h[16];
	uint32_t id; /* offset in ids + 1; 0 = empty slot */
};

struct src_known {
	struct src_slot *slot;
	size_t cap, n;
	bool keep_ids;
	char *ids;
	size_t ids_len, ids_cap;
};

struct src_known *src_known_new(bool ids)
{
	struct src_known *k = xcalloc(1, sizeof(*k));
	k->keep_ids = ids;
	k->ids = xstrdup(""); /* offset 0: "" for every order without ids */
	k->ids_len = k->ids_cap = 1;
	return k;
}

static size_t slot_of(const struct src_known *k, const unsigned char h[16])
{
	uint64_t v;
	size_t i;
	memcpy(&v, h, sizeof(v));
	for (i = (size_t)v & (k->cap - 1); k->slot[i].id && memcmp(k->slot[i].h, h, 16) != 0;)
		i = (i + 1) & (k->cap - 1);
	return i;
}

static void grow(struct src_known *k)
{
	struct src_slot *old = k->slot;
	size_t n = k->cap;
	k->cap = n ? n * 2 : 1024;
	k->slot = xcalloc(k->cap, sizeof(*k->slot));
	for (size_t i = 0; i < n; i++)
		if (old[i].id)
			k->slot[slot_of(k, old[i].h)] = old[i];
	free(old);
}

static bool unhex(const char *hex, unsigned char h[16])
{
	size_t len = 0;
	return sodium_hex2bin(h, 16, hex, strlen(hex), NULL, &len, NULL) == 0 && len == 16;
}

void src_known_add(struct src_known *k, const char *hex, const char *remote_id)
{
	unsigned char h[16];
	size_t i, l;
	if (!unhex(hex, h))
		return;
	if (2 * (k->n + 1) > k->cap)
		grow(k);
	i = slot_of(k, h);
	if (k->slot[i].id)
		return;
	memcpy(k->slot[i].h, h, 16);
	k->slot[i].id = 1;
	if (k->keep_ids && remote_id && *remote_id && k->ids_len < UINT32_MAX / 2) {
		l = strlen(remote_id) + 1;
		if (k->ids_len + l > k->ids_cap)
			k->ids = xrealloc(k->ids, k->ids_cap = (k->ids_len + l) * 2);
		memcpy(k->ids + k->ids_len, remote_id, l);
		k->slot[i].id = (uint32_t)k->ids_len + 1;
		k->ids_len += l;
	}
	k->n++;
}

const char *src_known_find(const struct src_known *k, const char *hex)
{
	unsigned char h[16];
	size_t i;
	if (!k || !k->n || !unhex(hex, h))
		return NULL;
	i = slot_of(k, h);
	return k->slot[i].id ? k->ids + k->slot[i].id - 1 : NULL;
}

size_t src_known_count(const struct src_known *k)
{
	return k ? k->n : 0;
}

void src_known_free(struct src_known *k)
{
	if (!k)
		return;
	free(k->slot);
	free(k->ids);
	free(k);
}
