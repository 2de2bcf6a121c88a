/* seal.h: the recipient key pair, sealing credentials to it, and API tokens
 * (libsodium; docs/design.md §1 and §3).
 *
 * Key files are text, one "name value" per line after a magic+version line;
 * binary values are standard base64. Unknown names are ignored.
 *
 *   recipient.pub (0600)           recipient.key (0600), not wrapped
 *     onramp-public-key 1            onramp-secret-key 1
 *     public <32 bytes>              public <32 bytes>
 *                                    wrap none
 *                                    secret <32 bytes>
 *
 *   recipient.key wrapped with a passphrase:
 *     onramp-secret-key 1
 *     public <32 bytes>
 *     wrap argon2id13-xsalsa20poly1305
 *     opslimit <crypto_pwhash_OPSLIMIT_MODERATE when made>
 *     memlimit <crypto_pwhash_MEMLIMIT_MODERATE when made>
 *     salt <16 bytes>
 *     nonce <24 bytes>
 *     box <crypto_secretbox of the 32-byte secret key, 48 bytes>
 *
 * The key that opens "box" is crypto_pwhash(Argon2id, passphrase, salt,
 * opslimit, memlimit). Loading checks that the secret key matches "public".
 *
 * Everything secret (secret keys, passphrases, opened plaintexts, tokens)
 * lives in sodium_malloc'd memory and is freed with sodium_free. Failures
 * fill an onr_error with exit EXIT_STORE and stage "seal". */
#ifndef ONRAMP_SEAL_H
#define ONRAMP_SEAL_H
#include <stdbool.h>
#include <stddef.h>
#include "config.h"
#include "error.h"

#define SEAL_KEY_BYTES 32
#define SEAL_PASS_MAX 1024  /* longest passphrase, bytes */
#define SEAL_TOKEN_LEN 47   /* "onr_" + 43 base64url characters */
#define SEAL_HASH_HEX 65    /* BLAKE2b-256 as hex + NUL */

struct seal_keypair { /* sodium_malloc'd */
	unsigned char pk[SEAL_KEY_BYTES];
	unsigned char sk[SEAL_KEY_BYTES];
};

/* Where a passphrase comes from (never argv, never the environment). The
 * first that is set wins: fd >= 0 (first line read from it), file (first
 * line of it), then ask (fills buf with at most size-1 bytes, NUL-terminated,
 * returns the length or -1 when the user cannot be asked; prompt says what
 * for). Zero-initialise and set fd = -1 when unused. */
struct seal_pass {
	int fd;
	const char *file;
	int (*ask)(void *ctx, const char *prompt, char *buf, size_t size);
	void *ctx;
};

int seal_init(void); /* sodium_init once; 0 or -1 */

/* A fresh key pair, or NULL when memory is short. */
struct seal_keypair *seal_keypair_new(void);
void seal_keypair_free(struct seal_keypair *kp);

/* Reads the passphrase from pass into a sodium_malloc'd NUL-terminated
 * buffer (trailing "\n" / "\r\n" dropped). Returns 0, or -1 with err. */
int seal_pass_read(const struct seal_pass *pass, const char *prompt, char **out, size_t *len,
		   struct onr_error *err);

/* Writes the secret key file; wrapped when passlen > 0. flags as for
 * paths_write_atomic (PATHS_NO_REPLACE: returns 1 if the file exists). */
int seal_write_secret(const char *path, const struct seal_keypair *kp, const char *pass,
		      size_t passlen, int flags, struct onr_error *err);
int seal_write_public(const char *path, const unsigned char pk[SEAL_KEY_BYTES], int flags,
		      struct onr_error *err);

/* Loads a public key file. Returns 0, or -1 with err (code seal.no_public_key
 * when the file does not exist, seal.key_damaged when it is not one). */
int seal_load_public(const char *path, unsigned char pk[SEAL_KEY_BYTES], struct onr_error *err);
/* What a secret key file says without opening it: its public key and whether
 * it is wrapped. Returns 0, 1 when it does not exist, -1 with err. */
int seal_secret_info(const char *path, unsigned char pk[SEAL_KEY_BYTES], bool *wrapped,
		     struct onr_error *err);
/* Loads (and, if wrapped, unwraps with a passphrase from pass) a secret key.
 * Codes: seal.no_secret_key, seal.key_damaged, seal.passphrase_needed,
 * seal.passphrase_wrong. */
int seal_load_secret(const char *path, const struct seal_pass *pass, struct seal_keypair **out,
		     struct onr_error *err);

/* First run: on a normal install, makes the key pair at the configured paths
 * when neither file exists (never replaces one: safe against a second
 * onramp doing the same), and restores a missing public key file from the
 * secret key file. Does nothing on a kiosk. Returns 1 when it made a pair,
 * 0 when nothing was needed, -1 on error. */
int seal_ensure_keys(const struct config *cfg, struct onr_error *err);

/* crypto_box_seal: *box is malloc'd (ciphertext is not secret). */
int seal_box(const unsigned char pk[SEAL_KEY_BYTES], const unsigned char *msg, size_t len,
	     unsigned char **box, size_t *boxlen, struct onr_error *err);
/* crypto_box_seal_open: *msg is sodium_malloc'd and NUL-terminated. A box
 * that was changed or sealed to another key fails with seal.open_failed;
 * source names the file in the message. */
int seal_open(const struct seal_keypair *kp, const unsigned char *box, size_t boxlen,
	      const char *source, unsigned char **msg, size_t *len, struct onr_error *err);

/* Token: "onr_" + base64url (no padding) of 32 random bytes; out must hold
 * SEAL_TOKEN_LEN + 1 bytes. Returns 0 or -1. */
int seal_token_mint(char *out, size_t size);
/* BLAKE2b-256 (crypto_generichash) of bytes, as lowercase hex. */
void seal_hash_hex(const void *data, size_t len, char hex[SEAL_HASH_HEX]);
bool seal_hex_ok(const char *s); /* 64 lowercase hex digits */
#endif
