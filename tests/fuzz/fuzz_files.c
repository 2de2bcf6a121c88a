/* libFuzzer target: the files onramp reads from disk. The first byte picks
 * the file, the rest is its content:
 *   0 a sealed credentials file (sealed/ID.box), with and without the hash
 *     the registry recorded;
 *   1 a public key file;  2 a secret key file (info, then loading it with
 *     a passphrase source that gives none, so Argon2id never runs);
 *   3 the config file;    4 `token check` input against an empty store. */
#include <stdint.h>
#include "fuzz_home.h"
#include "config.h"
#include "lifecycle.h"
#include "seal.h"
#include "store.h"
#include <sodium.h>

static int no_pass(void *ctx, const char *prompt, char *buf, size_t size)
{
	(void)ctx, (void)prompt, (void)buf, (void)size;
	return -1;
}

static void sealed(const uint8_t *d, size_t n)
{
	struct store st;
	struct onr_error err;
	unsigned char *box;
	size_t len;
	char path[512];
	if (store_paths(&st, &err) != 0)
		abort();
	if (store_sealed_path(&st, "fz1", path, sizeof(path)) != 0)
		abort();
	fuzz_spit(path, d, n);
	if (store_sealed_read(&st, "fz1", NULL, &box, &len, &err) == 0)
		free(box);
	if (store_sealed_read(&st, "fz1", "00ff", &box, &len, &err) == 0)
		abort(); /* never the box the registry did not record */
}

static void key(const uint8_t *d, size_t n, bool secret)
{
	char path[512];
	unsigned char pk[SEAL_KEY_BYTES];
	struct onr_error err;
	bool wrapped;
	struct seal_pass pass = {.fd = -1, .ask = no_pass};
	struct seal_keypair *kp = NULL;
	fuzz_path(path, sizeof(path), secret ? "keys/recipient.key" : "keys/recipient.pub");
	fuzz_spit(path, d, n);
	if (!secret) {
		seal_load_public(path, pk, &err);
		return;
	}
	seal_secret_info(path, pk, &wrapped, &err);
	if (seal_load_secret(path, &pass, &kp, &err) == 0)
		seal_keypair_free(kp);
}

static void config(const uint8_t *d, size_t n)
{
	char path[512];
	struct config cfg;
	struct onr_error err;
	fuzz_path(path, sizeof(path), "config/onramp/config");
	fuzz_spit(path, d, n);
	config_load(&cfg, &err);
}

static void token(const uint8_t *d, size_t n)
{
	char id[16], system[64];
	struct onr_error err;
	if (lifecycle_token_check((const char *)d, n, id, system, sizeof(system), &err) == 0)
		abort(); /* the store is empty: no token can be good */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_home();
	if (sodium_init() < 0 || size < 1)
		return 0;
	switch (data[0] % 5) {
	case 0: sealed(data + 1, size - 1); break;
	case 1: key(data + 1, size - 1, false); break;
	case 2: key(data + 1, size - 1, true); break;
	case 3: config(data + 1, size - 1); break;
	default: token(data + 1, size - 1); break;
	}
	return 0;
}
