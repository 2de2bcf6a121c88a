/* invite_key.c: the platform's invite key and the key a kiosk trusts
 * (invite_key.h). */
#include "invite_key.h"
#include "i18n.h"
#include "paths.h"
#include "util.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define KEY_MAGIC "onramp-invite-key 1 "
#define TRUST_MAGIC "onramp-platform-key 1 "

static int key_path(const char *name, char *out, size_t size, struct onr_error *err)
{
	char dir[PATHS_MAX];
	if (paths_config_dir(dir, sizeof(dir), true, err) != 0)
		return -1;
	paths_join(out, size, dir, name);
	return 0;
}

static void damaged(struct onr_error *err, const char *path)
{
	char msg[256];
	str_fmt(msg, sizeof(msg), _("The key file \"%s\" is damaged."), path);
	error_set(err, EXIT_STORE, "invite", "invite.key_damaged", msg,
		  _("Restore it from a backup. Without it, invites made with it can no longer be checked: "
		  "move it away and make new invites."),
		  NULL);
}

/* Reads "MAGIC <base64 of n bytes>" into out (secure when it is a seed).
 * 0, 1 when the file does not exist, -1 with err. */
static int read_line_key(const char *path, const char *magic, unsigned char *out, size_t n, bool secure,
			 struct onr_error *err)
{
	char *text = NULL;
	size_t len = 0, got = 0;
	int rc = paths_read(path, 4096, secure, &text, &len, err);
	if (rc != 0)
		return rc;
	const char *v = str_starts(text, magic) ? text + strlen(magic) : NULL;
	rc = v &&
			     sodium_base642bin(out, n, v, strcspn(v, "\r\n"), NULL, &got, NULL,
					       sodium_base64_VARIANT_ORIGINAL) == 0 &&
			     got == n
		     ? 0
		     : -1;
	if (secure) {
		sodium_memzero(text, len);
		sodium_free(text);
	} else {
		free(text);
	}
	if (rc)
		damaged(err, path);
	return rc;
}

static int write_line_key(const char *path, const char *magic, const unsigned char *key, size_t n, int flags,
			  struct onr_error *err)
{
	char *text = sodium_malloc(256);
	size_t l = strlen(magic);
	int rc;
	if (!text) {
		error_set(err, EXIT_STORE, "seal", "seal.no_memory", _("Could not set aside protected memory for a key."),
			  _("Close other programs and try again."), NULL);
		return -1;
	}
	memcpy(text, magic, l);
	sodium_bin2base64(text + l, 256 - l - 2, key, n, sodium_base64_VARIANT_ORIGINAL);
	l = strlen(text);
	text[l++] = '\n';
	rc = paths_write_atomic(path, text, l, flags, err);
	sodium_free(text);
	return rc;
}

struct invite_key *invite_key_load(bool create, struct onr_error *err)
{
	char path[PATHS_MAX];
	unsigned char *seed;
	struct invite_key *k;
	int rc;
	if (sodium_init() < 0 || key_path("invite.key", path, sizeof(path), err) != 0)
		return NULL;
	if (!(k = sodium_malloc(sizeof(*k))) || !(seed = sodium_malloc(crypto_sign_SEEDBYTES))) {
		if (k)
			sodium_free(k);
		error_set(err, EXIT_STORE, "seal", "seal.no_memory", _("Could not set aside protected memory for a key."),
			  _("Close other programs and try again."), NULL);
		return NULL;
	}
	rc = read_line_key(path, KEY_MAGIC, seed, crypto_sign_SEEDBYTES, true, err);
	if (rc == 1 && create) {
		randombytes_buf(seed, crypto_sign_SEEDBYTES);
		/* never replace one: another onramp may have made it just now */
		rc = write_line_key(path, KEY_MAGIC, seed, crypto_sign_SEEDBYTES, PATHS_NO_REPLACE, err);
		if (rc == 1)
			rc = read_line_key(path, KEY_MAGIC, seed, crypto_sign_SEEDBYTES, true, err);
	} else if (rc == 1) {
		error_set(err, EXIT_STORE, "invite", "invite.no_key",
			  _("This machine has made no invites yet, so it has no invite key."),
			  _("Make one with \"onramp invite create SYSTEM\": the key is made with the first invite."),
			  NULL);
		rc = -1;
	}
	if (rc == 0)
		crypto_sign_seed_keypair(k->pk, k->sk, seed);
	sodium_free(seed);
	if (rc != 0) {
		sodium_free(k);
		return NULL;
	}
	return k;
}

void invite_key_free(struct invite_key *k)
{
	if (k)
		sodium_free(k);
}

void invite_key_secret(const struct invite_key *k, const char *invite_id, unsigned char out[INVITE_SECRET])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, k->sk, crypto_sign_SEEDBYTES, INVITE_SECRET); /* sk starts with the seed */
	crypto_generichash_update(&st, (const unsigned char *)"onramp-delivery-secret:", 23);
	crypto_generichash_update(&st, (const unsigned char *)invite_id, strlen(invite_id));
	crypto_generichash_final(&st, out, INVITE_SECRET);
	sodium_memzero(&st, sizeof(st));
}

int invite_trust_load(unsigned char pk[INVITE_SIGN_PK], struct onr_error *err)
{
	char path[PATHS_MAX];
	if (key_path("platform.pub", path, sizeof(path), err) != 0)
		return -1;
	return read_line_key(path, TRUST_MAGIC, pk, INVITE_SIGN_PK, false, err);
}

int invite_trust_save(const unsigned char pk[INVITE_SIGN_PK], struct onr_error *err)
{
	char path[PATHS_MAX];
	if (key_path("platform.pub", path, sizeof(path), err) != 0)
		return -1;
	return write_line_key(path, TRUST_MAGIC, pk, INVITE_SIGN_PK, PATHS_NO_REPLACE, err) < 0 ? -1 : 0;
}
