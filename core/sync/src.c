/* src.h: the keyed hash of an order's source bytes. The hash state made
 * from the key and the parts common to every order is kept (in protected
 * memory: it holds the key's block) and copied for each order. */
#include "sync/src.h"
#include "lifecycle.h"
#include <sodium.h>
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
