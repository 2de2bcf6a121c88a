/* Unit tests: paths, config, key files, sealing and tokens. */
#include "t.h"
#include "iso.h"
#include "config.h"
#include "paths.h"
#include "seal.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>



/* A pipe whose read end yields s and a newline. */
static int pass_pipe(const char *s)
{
	int fds[2];
	if (pipe(fds) != 0)
		abort();
	if (write(fds[1], s, strlen(s)) < 0 || write(fds[1], "\n", 1) < 0)
		abort();
	close(fds[1]);
	return fds[0];
}

static void flip_byte(const char *path, long off, unsigned char x)
{
	FILE *f = fopen(path, "r+b");
	int c;
	if (!f)
		return;
	fseek(f, off, SEEK_SET);
	c = fgetc(f);
	fseek(f, off, SEEK_SET);
	fputc(c ^ x, f);
	fclose(f);
}

/* --- paths and config --------------------------------------------------- */

static void test_paths_xdg(void)
{
	char dir[PATHS_MAX], want[PATHS_MAX];
	struct onr_error err;

	iso_begin("seal");
	CHECK(paths_data_dir(dir, sizeof(dir), true, &err) == 0);
	snprintf(want, sizeof(want), "%s/data/onramp", iso_dir);
	CHECK_STR(dir, want);
	CHECK(iso_mode(dir) == 0700);
	CHECK(iso_mode(getenv("XDG_DATA_HOME")) == 0700);
	CHECK(paths_config_dir(dir, sizeof(dir), true, &err) == 0);
	snprintf(want, sizeof(want), "%s/config/onramp", iso_dir);
	CHECK_STR(dir, want);
	CHECK(iso_mode(dir) == 0700);
	/* fall back to ~/.local/share and ~/.config; a relative XDG path is ignored */
	unsetenv("XDG_DATA_HOME");
	setenv("XDG_CONFIG_HOME", "relative/path", 1);
	CHECK(paths_data_dir(dir, sizeof(dir), true, &err) == 0);
	snprintf(want, sizeof(want), "%s/.local/share/onramp", iso_dir);
	CHECK_STR(dir, want);
	CHECK(paths_config_dir(dir, sizeof(dir), false, &err) == 0);
	snprintf(want, sizeof(want), "%s/.config/onramp", iso_dir);
	CHECK_STR(dir, want);
	/* a looser onramp folder is tightened: make it 0755 first (it does not
	 * exist yet, nothing above created the fallback folder) */
	CHECK(paths_mkdirs(want, false, &err) == 0);
	CHECK(chmod(want, 0755) == 0);
	CHECK(iso_mode(want) == 0755);
	CHECK(paths_config_dir(dir, sizeof(dir), true, &err) == 0);
	CHECK_STR(dir, want);
	CHECK(iso_mode(dir) == 0700);
	CHECK(paths_join(dir, 8, "/abc", "defgh") == -1);
	CHECK(paths_join(dir, sizeof(dir), "/a/", "b") == 0);
	CHECK_STR(dir, "/a/b");
	iso_end();
}

static void test_paths_atomic(void)
{
	char path[PATHS_MAX];
	struct onr_error err;
	char *text;
	size_t len;

	iso_begin("seal");
	paths_join(path, sizeof(path), iso_dir, "f");
	umask(022);
	CHECK(paths_write_atomic(path, "one", 3, 0, &err) == 0);
	CHECK(iso_mode(path) == 0600);
	CHECK(paths_write_atomic(path, "two", 3, 0, &err) == 0);
	CHECK(paths_write_atomic(path, "three", 5, PATHS_NO_REPLACE, &err) == 1);
	CHECK(paths_read(path, 100, false, &text, &len, &err) == 0);
	CHECK(len == 3 && strcmp(text, "two") == 0);
	free(text);
	CHECK(paths_read(path, 2, false, &text, &len, &err) == -1); /* too large */
	CHECK(strstr(err.message, path) != NULL);
	CHECK(paths_destroy(path, &err) == 0);
	CHECK(access(path, F_OK) != 0);
	CHECK(paths_destroy(path, &err) == 0); /* already gone: fine */
	paths_join(path, sizeof(path), iso_dir, "missing");
	CHECK(paths_read(path, 100, false, &text, &len, &err) == 1);
	iso_end();
}

static void test_config_defaults(void)
{
	struct config cfg;
	struct onr_error err;
	char want[PATHS_MAX];

	iso_begin("seal");
	CHECK(config_load(&cfg, &err) == 0);
	CHECK(cfg.credits == 10);
	CHECK(cfg.idle_timeout == 120);
	CHECK(!cfg.kiosk);
	CHECK_STR(cfg.theme, "default");
	snprintf(want, sizeof(want), "%s/config/onramp/recipient.pub", iso_dir);
	CHECK_STR(cfg.public_key, want);
	snprintf(want, sizeof(want), "%s/config/onramp/recipient.key", iso_dir);
	CHECK_STR(cfg.secret_key, want);
	iso_end();
}

static void test_config_values(void)
{
	struct config cfg;
	struct onr_error err;
	char want[PATHS_MAX];

	iso_begin("seal");
	iso_write_config("# onramp\n\ncredits = 25\n  idle_timeout=30   # half a minute\n"
		     "theme = high-contrast\nfuture_key = whatever\npublic_key = ~/keys/kiosk.pub\n"
		     "secret_key = /abs/recipient.key\n");
	CHECK(config_load(&cfg, &err) == 0);
	CHECK(cfg.credits == 25);
	CHECK(cfg.idle_timeout == 30);
	CHECK_STR(cfg.theme, "high-contrast");
	snprintf(want, sizeof(want), "%s/keys/kiosk.pub", iso_dir);
	CHECK_STR(cfg.public_key, want);
	CHECK_STR(cfg.secret_key, "/abs/recipient.key");
	iso_write_config("kiosk = yes\npublic_key = kiosk.pub\n");
	CHECK(config_load(&cfg, &err) == 0);
	CHECK(cfg.kiosk);
	CHECK_STR(cfg.secret_key, ""); /* a kiosk never opens */
	snprintf(want, sizeof(want), "%s/config/onramp/kiosk.pub", iso_dir);
	CHECK_STR(cfg.public_key, want);
	iso_end();
}

static void test_config_errors(void)
{
	struct config cfg;
	struct onr_error err;

	iso_begin("seal");
	iso_write_config("credits = 10\ncredits = lots\n");
	CHECK(config_load(&cfg, &err) == -1);
	CHECK(err.exit == EXIT_INPUT);
	CHECK_STR(err.code, "config.invalid");
	CHECK(strstr(err.message, "line 2") != NULL);
	CHECK(strstr(err.message, "/config/onramp/config") != NULL);
	CHECK(strstr(err.hint, "credits = 10") != NULL);
	iso_write_config("kiosk = maybe\n");
	CHECK(config_load(&cfg, &err) == -1 && strstr(err.message, "line 1"));
	iso_write_config("\n\njust words\n");
	CHECK(config_load(&cfg, &err) == -1 && strstr(err.message, "Line 3"));
	iso_write_config("idle_timeout = -5\n");
	CHECK(config_load(&cfg, &err) == -1);
	iso_write_config("theme = ../../etc\n");
	CHECK(config_load(&cfg, &err) == -1);
	iso_end();
}

/* --- sealing ------------------------------------------------------------ */

static void test_token(void)
{
	char a[SEAL_TOKEN_LEN + 1], b[SEAL_TOKEN_LEN + 1], h1[SEAL_HASH_HEX], h2[SEAL_HASH_HEX];

	CHECK(seal_token_mint(a, sizeof(a)) == 0);
	CHECK(seal_token_mint(b, sizeof(b)) == 0);
	CHECK(strlen(a) == SEAL_TOKEN_LEN);
	CHECK(strncmp(a, "onr_", 4) == 0);
	CHECK(strcmp(a, b) != 0);
	for (const char *p = a + 4; *p; p++)
		CHECK((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_');
	CHECK(seal_token_mint(a, 10) == -1);
	seal_hash_hex(a, strlen(a), h1);
	seal_hash_hex(a, strlen(a), h2);
	CHECK_STR(h1, h2);
	CHECK(seal_hex_ok(h1));
	seal_hash_hex(b, strlen(b), h2);
	CHECK(strcmp(h1, h2) != 0);
	/* BLAKE2b-256 of "abc" (RFC 7693 parameters, 32-byte digest) */
	seal_hash_hex("abc", 3, h1);
	CHECK_STR(h1, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

static void test_roundtrip(void)
{
	struct seal_keypair *kp = seal_keypair_new();
	const char *msg = "{\"password\":\"s3cret\"}";
	unsigned char *box, *out;
	size_t boxlen, outlen;
	struct onr_error err;

	CHECK(kp != NULL);
	CHECK(seal_box(kp->pk, (const unsigned char *)msg, strlen(msg), &box, &boxlen, &err) == 0);
	CHECK(boxlen == strlen(msg) + crypto_box_SEALBYTES);
	CHECK(memmem(box, boxlen, "s3cret", 6) == NULL);
	CHECK(seal_open(kp, box, boxlen, "x.box", &out, &outlen, &err) == 0);
	CHECK(outlen == strlen(msg) && memcmp(out, msg, outlen) == 0 && out[outlen] == 0);
	sodium_free(out);
	free(box);
	seal_keypair_free(kp);
}

static void test_tampered_box(void)
{
	struct seal_keypair *kp = seal_keypair_new();
	const char *msg = "{\"k\":\"v\"}";
	unsigned char *box, *out;
	size_t boxlen, outlen;
	struct onr_error err;

	CHECK(seal_box(kp->pk, (const unsigned char *)msg, strlen(msg), &box, &boxlen, &err) == 0);
	for (size_t i = 0; i < boxlen; i++) { /* every byte */
		box[i] ^= 0x01;
		CHECK(seal_open(kp, box, boxlen, "/x/ab.box", &out, &outlen, &err) == -1);
		CHECK(out == NULL);
		box[i] ^= 0x01;
	}
	CHECK_STR(err.code, "seal.open_failed");
	CHECK(strstr(err.message, "/x/ab.box") != NULL);
	CHECK(err.exit == EXIT_STORE);
	/* cut short, empty */
	CHECK(seal_open(kp, box, 10, "x", &out, &outlen, &err) == -1);
	CHECK(seal_open(kp, box, 0, "x", &out, &outlen, &err) == -1);
	free(box);
	seal_keypair_free(kp);
}

static void test_wrong_key(void)
{
	struct seal_keypair *a = seal_keypair_new(), *b = seal_keypair_new();
	unsigned char *box, *out;
	size_t boxlen, outlen;
	struct onr_error err;

	CHECK(seal_box(a->pk, (const unsigned char *)"{}", 2, &box, &boxlen, &err) == 0);
	CHECK(seal_open(b, box, boxlen, "x", &out, &outlen, &err) == -1);
	CHECK_STR(err.code, "seal.open_failed");
	free(box);
	seal_keypair_free(a);
	seal_keypair_free(b);
}

static void test_key_files(void)
{
	struct seal_keypair *kp = seal_keypair_new(), *back = NULL;
	unsigned char pk[SEAL_KEY_BYTES];
	char sk_path[PATHS_MAX], pk_path[PATHS_MAX];
	struct onr_error err;
	bool wrapped = true;

	iso_begin("seal");
	snprintf(sk_path, sizeof(sk_path), "%s/k/recipient.key", iso_dir);
	snprintf(pk_path, sizeof(pk_path), "%s/k/recipient.pub", iso_dir);
	CHECK(seal_write_secret(sk_path, kp, NULL, 0, PATHS_NO_REPLACE, &err) == 0);
	CHECK(seal_write_public(pk_path, kp->pk, 0, &err) == 0);
	CHECK(iso_mode(sk_path) == 0600 && iso_mode(pk_path) == 0600);
	CHECK(seal_write_secret(sk_path, kp, NULL, 0, PATHS_NO_REPLACE, &err) == 1); /* never replaced */
	CHECK(seal_load_public(pk_path, pk, &err) == 0);
	CHECK(memcmp(pk, kp->pk, SEAL_KEY_BYTES) == 0);
	CHECK(seal_secret_info(sk_path, pk, &wrapped, &err) == 0 && !wrapped);
	CHECK(seal_load_secret(sk_path, NULL, &back, &err) == 0);
	CHECK(back && sodium_memcmp(back->sk, kp->sk, SEAL_KEY_BYTES) == 0);
	seal_keypair_free(back);
	/* damage: a byte of the secret key line */
	char *text;
	size_t len;
	paths_read(sk_path, 8192, false, &text, &len, &err);
	long off = (long)(strstr(text, "\nsecret ") - text) + 10;
	free(text);
	flip_byte(sk_path, off, 0x04);
	CHECK(seal_load_secret(sk_path, NULL, &back, &err) == -1);
	CHECK_STR(err.code, "seal.key_damaged");
	CHECK(strstr(err.message, sk_path) != NULL);
	flip_byte(sk_path, 0, 0x20); /* the header */
	CHECK(seal_load_secret(sk_path, NULL, &back, &err) == -1 && strcmp(err.code, "seal.key_damaged") == 0);
	/* a newer format is named as such */
	paths_write_atomic(pk_path, "onramp-public-key 2\npublic AAAA\n", 32, 0, &err);
	CHECK(seal_load_public(pk_path, pk, &err) == -1);
	CHECK_STR(err.code, "seal.key_version");
	unlink(pk_path);
	CHECK(seal_load_public(pk_path, pk, &err) == -1);
	CHECK_STR(err.code, "seal.no_public_key");
	CHECK(strstr(err.message, pk_path) != NULL);
	seal_keypair_free(kp);
	iso_end();
}

static int ask_right(void *ctx, const char *prompt, char *buf, size_t size)
{
	(void)prompt;
	snprintf(buf, size, "%s", (const char *)ctx);
	return (int)strlen(buf);
}

static int ask_none(void *ctx, const char *prompt, char *buf, size_t size)
{
	(void)ctx, (void)prompt, (void)buf, (void)size;
	return -1;
}

static void test_wrapped_key(void)
{
	struct seal_keypair *kp = seal_keypair_new(), *back = NULL;
	char sk_path[PATHS_MAX], *text, pfile[PATHS_MAX];
	const char *pw = "correct horse battery staple";
	struct seal_pass pass = {.fd = -1};
	struct onr_error err;
	unsigned char pk[SEAL_KEY_BYTES];
	bool wrapped = false;
	size_t len;

	iso_begin("seal");
	snprintf(sk_path, sizeof(sk_path), "%s/recipient.key", iso_dir);
	CHECK(seal_write_secret(sk_path, kp, pw, strlen(pw), 0, &err) == 0);
	CHECK(seal_secret_info(sk_path, pk, &wrapped, &err) == 0 && wrapped);
	CHECK(memcmp(pk, kp->pk, SEAL_KEY_BYTES) == 0);
	CHECK(paths_read(sk_path, 8192, false, &text, &len, &err) == 0);
	CHECK(strstr(text, "wrap argon2id13-xsalsa20poly1305\n") != NULL);
	CHECK(strstr(text, "opslimit 3\n") != NULL);
	CHECK(strstr(text, "memlimit 268435456\n") != NULL);
	CHECK(strstr(text, "\nsecret ") == NULL);
	free(text);
	/* right passphrase, from a file descriptor */
	pass.fd = pass_pipe(pw);
	CHECK(seal_load_secret(sk_path, &pass, &back, &err) == 0);
	CHECK(back && sodium_memcmp(back->sk, kp->sk, SEAL_KEY_BYTES) == 0);
	seal_keypair_free(back);
	close(pass.fd);
	/* wrong passphrase, from a file */
	snprintf(pfile, sizeof(pfile), "%s/pass.txt", iso_dir);
	paths_write_atomic(pfile, "Correct horse battery staple\n", 29, 0, &err);
	pass.fd = -1;
	pass.file = pfile;
	CHECK(seal_load_secret(sk_path, &pass, &back, &err) == -1);
	CHECK(back == NULL);
	CHECK_STR(err.code, "seal.passphrase_wrong");
	CHECK(strstr(err.message, sk_path) != NULL);
	/* no way to get one */
	CHECK(seal_load_secret(sk_path, NULL, &back, &err) == -1);
	CHECK_STR(err.code, "seal.passphrase_needed");
	CHECK(strstr(err.hint, "--passphrase-fd") != NULL);
	pass.file = NULL;
	pass.ask = ask_none;
	CHECK(seal_load_secret(sk_path, &pass, &back, &err) == -1);
	CHECK_STR(err.code, "seal.passphrase_needed");
	/* right passphrase from the callback */
	pass.ask = ask_right;
	pass.ctx = (void *)pw;
	CHECK(seal_load_secret(sk_path, &pass, &back, &err) == 0);
	seal_keypair_free(back);
	seal_keypair_free(kp);
	iso_end();
}

static void test_ensure_keys(void)
{
	struct config cfg;
	struct onr_error err;
	unsigned char pk[SEAL_KEY_BYTES], pk2[SEAL_KEY_BYTES];
	bool wrapped;

	iso_begin("seal");
	CHECK(config_load(&cfg, &err) == 0);
	CHECK(seal_ensure_keys(&cfg, &err) == 1); /* first run: made */
	CHECK(iso_mode(cfg.secret_key) == 0600 && iso_mode(cfg.public_key) == 0600);
	CHECK(seal_load_public(cfg.public_key, pk, &err) == 0);
	CHECK(seal_ensure_keys(&cfg, &err) == 0); /* second run: nothing */
	CHECK(seal_load_public(cfg.public_key, pk2, &err) == 0 && memcmp(pk, pk2, 32) == 0);
	unlink(cfg.public_key); /* a lost public key comes back from the secret key */
	CHECK(seal_ensure_keys(&cfg, &err) == 0);
	CHECK(seal_load_public(cfg.public_key, pk2, &err) == 0 && memcmp(pk, pk2, 32) == 0);
	CHECK(seal_secret_info(cfg.secret_key, pk2, &wrapped, &err) == 0 && !wrapped);
	/* public key alone: this install only seals, no pair is made */
	unlink(cfg.secret_key);
	CHECK(seal_ensure_keys(&cfg, &err) == 0);
	CHECK(access(cfg.secret_key, F_OK) != 0);
	iso_end();

	iso_begin("seal"); /* a kiosk makes nothing */
	iso_write_config("kiosk = true\n");
	CHECK(config_load(&cfg, &err) == 0);
	CHECK(seal_ensure_keys(&cfg, &err) == 0);
	CHECK(access(cfg.public_key, F_OK) != 0);
	iso_end();
}

T_SUITE(seal) = {
	{"paths_xdg", test_paths_xdg},
	{"paths_atomic", test_paths_atomic},
	{"config_defaults", test_config_defaults},
	{"config_values", test_config_values},
	{"config_errors", test_config_errors},
	{"token", test_token},
	{"roundtrip", test_roundtrip},
	{"tampered_box", test_tampered_box},
	{"wrong_key", test_wrong_key},
	{"key_files", test_key_files},
	{"wrapped_key", test_wrapped_key},
	{"ensure_keys", test_ensure_keys},
	{0},
};
