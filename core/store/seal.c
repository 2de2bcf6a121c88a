/* seal.c: key files, sealing and tokens (see seal.h for the formats). */
#include "seal.h"
#include "i18n.h"
#include "paths.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#define PUB_MAGIC "onramp-public-key"
#define SEC_MAGIC "onramp-secret-key"
#define WRAP_NONE "none"
#define WRAP_PW "argon2id13-xsalsa20poly1305"
#define KEYFILE_MAX 8192

int seal_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static void seal_err(struct onr_error *err, const char *code, const char *msg, const char *hint)
{
	error_set(err, EXIT_STORE, "seal", code, msg, hint, NULL);
}

static void key_damaged(struct onr_error *err, const char *path, const char *what)
{
	char msg[256], hint[768];
	str_fmt(msg, sizeof(msg), _("The key file \"%s\" is damaged or is not an onramp key file."), path);
	str_fmt(hint, sizeof(hint),
		_("Restore it from a backup. If it is lost, make a new key pair with \"onramp keygen\" "
		"after moving the old file away; credentials sealed to the old key can then no longer "
		"be opened, so reconnect those systems."));
	seal_err(err, "seal.key_damaged", msg, hint);
	str_copy(err->tech, sizeof(err->tech), what);
}

struct seal_keypair *seal_keypair_new(void)
{
	if (seal_init() != 0)
		return NULL;
	struct seal_keypair *kp = sodium_malloc(sizeof(*kp));
	if (kp)
		crypto_box_keypair(kp->pk, kp->sk);
	return kp;
}

void seal_keypair_free(struct seal_keypair *kp)
{
	if (kp)
		sodium_free(kp); /* sodium_free zeroes the memory */
}

/* --- key file text ------------------------------------------------------ */

/* Checks the first line "MAGIC VERSION". Returns 0, or -1 with err. */
static int check_magic(const char *text, const char *magic, const char *path,
		       struct onr_error *err)
{
	size_t ml = strlen(magic);
	if (strncmp(text, magic, ml) != 0 || text[ml] != ' ') {
		key_damaged(err, path, "first line is not the onramp key file header");
		return -1;
	}
	char *end;
	long v = strtol(text + ml + 1, &end, 10);
	if (end == text + ml + 1 || (*end != '\n' && *end != '\r' && *end != 0)) {
		key_damaged(err, path, "bad format version");
		return -1;
	}
	if (v != 1) {
		char msg[256];
		str_fmt(msg, sizeof(msg), _("The key file \"%s\" has format %ld, which this onramp does not know."),
			path, v);
		seal_err(err, "seal.key_version", msg,
			 _("It was probably made by a newer onramp. Update onramp on this machine, then try again."));
		return -1;
	}
	return 0;
}

/* Finds the line "name value" after the first line; value without CR. */
static int find_value(const char *text, const char *name, const char **v, size_t *vlen)
{
	size_t nl = strlen(name);
	const char *p = strchr(text, '\n');

	while (p && *p) {
		p++;
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l > nl && strncmp(p, name, nl) == 0 && p[nl] == ' ') {
			*v = p + nl + 1;
			*vlen = l - nl - 1;
			while (*vlen && ((*v)[*vlen - 1] == '\r' || (*v)[*vlen - 1] == ' '))
				(*vlen)--;
			return 0;
		}
		p = e;
	}
	return -1;
}

static int get_b64(const char *text, const char *name, unsigned char *out, size_t n)
{
	const char *v;
	size_t vlen, got = 0;
	if (find_value(text, name, &v, &vlen) != 0)
		return -1;
	if (sodium_base642bin(out, n, v, vlen, NULL, &got, NULL, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    got != n)
		return -1;
	return 0;
}

static int get_u64(const char *text, const char *name, unsigned long long *out)
{
	const char *v;
	size_t vlen;
	char tmp[32], *end;
	if (find_value(text, name, &v, &vlen) != 0 || vlen == 0 || vlen >= sizeof(tmp))
		return -1;
	memcpy(tmp, v, vlen);
	tmp[vlen] = 0;
	errno = 0;
	*out = strtoull(tmp, &end, 10);
	return *end || errno || tmp[0] == '-' ? -1 : 0;
}

static bool value_is(const char *text, const char *name, const char *want)
{
	const char *v;
	size_t vlen;
	return find_value(text, name, &v, &vlen) == 0 && vlen == strlen(want) &&
	       memcmp(v, want, vlen) == 0;
}

/* Appends "name <base64>\n" to a sodium buffer. */
static void put_b64(char *buf, size_t size, const char *name, const unsigned char *bin, size_t n)
{
	size_t l = strlen(buf);
	int w = snprintf(buf + l, size - l, "%s ", name);
	l += (size_t)w;
	sodium_bin2base64(buf + l, size - l, bin, n, sodium_base64_VARIANT_ORIGINAL);
	l = strlen(buf);
	if (l + 1 < size) {
		buf[l] = '\n';
		buf[l + 1] = 0;
	}
}

static int mkparent(const char *path, struct onr_error *err)
{
	char dir[PATHS_MAX];
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return 0;
	str_fmt(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	return paths_mkdirs(dir, false, err);
}

int seal_write_public(const char *path, const unsigned char pk[SEAL_KEY_BYTES], int flags,
		      struct onr_error *err)
{
	char text[256];
	str_fmt(text, sizeof(text), "%s 1\n", PUB_MAGIC);
	put_b64(text, sizeof(text), "public", pk, SEAL_KEY_BYTES);
	if (mkparent(path, err) != 0)
		return -1;
	return paths_write_atomic(path, text, strlen(text), flags, err);
}

int seal_write_secret(const char *path, const struct seal_keypair *kp, const char *pass,
		      size_t passlen, int flags, struct onr_error *err)
{
	const size_t size = 1024;
	char *text;
	int rc = -1;

	if (seal_init() != 0 || !(text = sodium_malloc(size))) {
		seal_err(err, "seal.no_memory", _("Could not set aside protected memory for the key."),
			 _("Close other programs and try again."));
		return -1;
	}
	str_fmt(text, size, "%s 1\n", SEC_MAGIC);
	put_b64(text, size, "public", kp->pk, SEAL_KEY_BYTES);
	if (passlen == 0) {
		str_fmt(text + strlen(text), size - strlen(text), "wrap %s\n", WRAP_NONE);
		put_b64(text, size, "secret", kp->sk, SEAL_KEY_BYTES);
	} else {
		unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
		unsigned char box[SEAL_KEY_BYTES + crypto_secretbox_MACBYTES];
		unsigned char *key = sodium_malloc(crypto_secretbox_KEYBYTES);
		unsigned long long ops = crypto_pwhash_OPSLIMIT_MODERATE;
		size_t mem = crypto_pwhash_MEMLIMIT_MODERATE;

		randombytes_buf(salt, sizeof(salt));
		randombytes_buf(nonce, sizeof(nonce));
		if (!key || crypto_pwhash(key, crypto_secretbox_KEYBYTES, pass, passlen, salt, ops, mem,
					  crypto_pwhash_ALG_ARGON2ID13) != 0) {
			if (key)
				sodium_free(key);
			sodium_free(text);
			seal_err(err, "seal.no_memory",
				 _("Could not derive a key from the passphrase: not enough memory."),
				 _("Argon2id needs about 256 MB here. Close other programs and try again."));
			return -1;
		}
		crypto_secretbox_easy(box, kp->sk, SEAL_KEY_BYTES, nonce, key);
		sodium_free(key);
		str_fmt(text + strlen(text), size - strlen(text), "wrap %s\nopslimit %llu\nmemlimit %zu\n",
			WRAP_PW, ops, mem);
		put_b64(text, size, "salt", salt, sizeof(salt));
		put_b64(text, size, "nonce", nonce, sizeof(nonce));
		put_b64(text, size, "box", box, sizeof(box));
	}
	if (mkparent(path, err) == 0)
		rc = paths_write_atomic(path, text, strlen(text), flags, err);
	sodium_free(text);
	return rc;
}

int seal_load_public(const char *path, unsigned char pk[SEAL_KEY_BYTES], struct onr_error *err)
{
	char *text;
	int rc = paths_read(path, KEYFILE_MAX, false, &text, NULL, err);

	if (rc == 1) {
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), _("There is no public key to seal credentials with (\"%s\" is missing)."),
			path);
		str_fmt(hint, sizeof(hint),
			_("On a kiosk, copy the public key made on the administrator's machine "
			"(\"onramp keygen --public-only-out FILE\") to that path, or name it with "
			"\"public_key = PATH\" in the config file. On a normal install, run \"onramp keygen\"."));
		seal_err(err, "seal.no_public_key", msg, hint);
		return -1;
	}
	if (rc < 0)
		return -1;
	rc = check_magic(text, PUB_MAGIC, path, err);
	if (rc == 0 && get_b64(text, "public", pk, SEAL_KEY_BYTES) != 0) {
		key_damaged(err, path, "public key line missing or not 32 bytes of base64");
		rc = -1;
	}
	free(text);
	return rc;
}

/* A secret key that other users can read (or one that is not ours) is as
 * good as theirs: it is refused with the way out, never used silently. */
static int key_private(const char *path, struct onr_error *err)
{
	struct stat st;
	char msg[256], hint[768];
	if (stat(path, &st) != 0 || (!(st.st_mode & 077) && st.st_uid == getuid()))
		return 0; /* a missing file: the read says so */
	if (st.st_uid != getuid())
		str_fmt(msg, sizeof(msg), _("The secret key \"%s\" belongs to another user."), path);
	else
		str_fmt(msg, sizeof(msg),
			_("The secret key \"%s\" can be read by other users of this computer (permissions %04o)."),
			path, (unsigned)(st.st_mode & 07777));
	str_fmt(hint, sizeof(hint),
		_("Make it yours and private: chown \"$USER\" and chmod 600 \"%s\", then try again. If someone "
		"may have copied it, make a new key pair (onramp keygen) and connect the systems again."), path);
	seal_err(err, "seal.key_exposed", msg, hint);
	return -1;
}

int seal_secret_info(const char *path, unsigned char pk[SEAL_KEY_BYTES], bool *wrapped,
		     struct onr_error *err)
{
	char *text;
	int rc = key_private(path, err) ? -1 : paths_read(path, KEYFILE_MAX, true, &text, NULL, err);

	if (rc != 0)
		return rc;
	rc = check_magic(text, SEC_MAGIC, path, err);
	if (rc == 0 && get_b64(text, "public", pk, SEAL_KEY_BYTES) != 0) {
		key_damaged(err, path, "public key line missing or not 32 bytes of base64");
		rc = -1;
	}
	if (rc == 0)
		*wrapped = !value_is(text, "wrap", WRAP_NONE);
	sodium_free(text);
	return rc;
}

static int read_line_fd(int fd, char *buf, size_t size)
{
	size_t n = 0;
	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0 || c == '\n')
			break;
		if (n + 1 >= size)
			return -2;
		buf[n++] = c;
	}
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = 0;
	return (int)n;
}

int seal_pass_read(const struct seal_pass *pass, const char *prompt, char **out, size_t *len,
		   struct onr_error *err)
{
	char *buf;
	int n = -1;

	*out = NULL;
	if (seal_init() != 0 || !(buf = sodium_malloc(SEAL_PASS_MAX))) {
		seal_err(err, "seal.no_memory", _("Could not set aside protected memory for the passphrase."),
			 _("Close other programs and try again."));
		return -1;
	}
	sodium_mlock(buf, SEAL_PASS_MAX);
	if (pass && pass->fd >= 0) {
		n = read_line_fd(pass->fd, buf, SEAL_PASS_MAX);
		if (n == -1) {
			char tech[64];
			str_fmt(tech, sizeof(tech), "read from file descriptor %d: %s", pass->fd,
				strerror(errno));
			seal_err(err, "seal.passphrase_unreadable", _("Could not read the passphrase."),
				 _("Check the number given with --passphrase-fd: that descriptor must be open for reading."));
			str_copy(err->tech, sizeof(err->tech), tech);
		}
	} else if (pass && pass->file) {
		int fd = open(pass->file, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read_line_fd(fd, buf, SEAL_PASS_MAX);
			close(fd);
		}
		if (n == -1) {
			char msg[256];
			str_fmt(msg, sizeof(msg), _("Could not read the passphrase file \"%s\"."), pass->file);
			seal_err(err, "seal.passphrase_unreadable", msg,
				 _("Check the path given with --passphrase-file and that the file is readable."));
			str_copy(err->tech, sizeof(err->tech), strerror(errno));
		}
	} else if (pass && pass->ask) {
		n = pass->ask(pass->ctx, prompt, buf, SEAL_PASS_MAX);
		if (n < 0)
			seal_err(err, "seal.passphrase_needed",
				 _("A passphrase is needed, but there is no terminal to ask for it on."),
				 _("Give it with --passphrase-fd N or --passphrase-file FILE, or run the command in a terminal to be asked for it."));
		else
			n = (int)strnlen(buf, SEAL_PASS_MAX - 1);
	} else {
		seal_err(err, "seal.passphrase_needed", _("A passphrase is needed."),
			 _("Give it with --passphrase-fd N or --passphrase-file FILE, or run the command in a terminal to be asked for it."));
	}
	if (n == -2) {
		seal_err(err, "seal.passphrase_too_long", _("The passphrase is too long."),
			 _("Use a passphrase of fewer than 1024 bytes."));
		n = -1;
	}
	if (n < 0) {
		sodium_free(buf);
		return -1;
	}
	*out = buf;
	*len = (size_t)n;
	return 0;
}

static void no_secret_key(struct onr_error *err, const char *path)
{
	char hint[768];
	if (path && *path)
		str_fmt(hint, sizeof(hint),
			_("There is no secret key at \"%s\". Re-check or open this connection from the machine "
			"that holds the secret key."), path);
	else
		str_copy(hint, sizeof(hint),
			 _("This is a kiosk: it keeps only the public key. Re-check or open this connection from "
			 "the machine that holds the secret key."));
	seal_err(err, "seal.no_secret_key",
		 _("This machine can only seal credentials, not read them back."),
		 hint);
}

int seal_load_secret(const char *path, const struct seal_pass *pass, struct seal_keypair **out,
		     struct onr_error *err)
{
	char *text = NULL;
	struct seal_keypair *kp = NULL;
	unsigned char check[SEAL_KEY_BYTES];
	int rc;

	*out = NULL;
	if (!path || !*path) {
		no_secret_key(err, path);
		return -1;
	}
	if (key_private(path, err) != 0)
		return -1;
	rc = paths_read(path, KEYFILE_MAX, true, &text, NULL, err);
	if (rc == 1) {
		no_secret_key(err, path);
		return -1;
	}
	if (rc < 0)
		return -1;
	if (check_magic(text, SEC_MAGIC, path, err) != 0)
		goto fail;
	if (!(kp = sodium_malloc(sizeof(*kp)))) {
		seal_err(err, "seal.no_memory", _("Could not set aside protected memory for the key."),
			 _("Close other programs and try again."));
		goto fail;
	}
	if (get_b64(text, "public", kp->pk, SEAL_KEY_BYTES) != 0) {
		key_damaged(err, path, "public key line missing or not 32 bytes of base64");
		goto fail;
	}
	if (value_is(text, "wrap", WRAP_NONE)) {
		if (get_b64(text, "secret", kp->sk, SEAL_KEY_BYTES) != 0) {
			key_damaged(err, path, "secret key line missing or not 32 bytes of base64");
			goto fail;
		}
	} else if (value_is(text, "wrap", WRAP_PW)) {
		unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
		unsigned char box[SEAL_KEY_BYTES + crypto_secretbox_MACBYTES];
		unsigned long long ops, mem;
		char *pw = NULL;
		size_t pwlen = 0;
		unsigned char *key;

		if (get_u64(text, "opslimit", &ops) != 0 || get_u64(text, "memlimit", &mem) != 0 ||
		    ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_SENSITIVE ||
		    mem < crypto_pwhash_MEMLIMIT_MIN || mem > crypto_pwhash_MEMLIMIT_SENSITIVE ||
		    get_b64(text, "salt", salt, sizeof(salt)) != 0 ||
		    get_b64(text, "nonce", nonce, sizeof(nonce)) != 0 ||
		    get_b64(text, "box", box, sizeof(box)) != 0) {
			key_damaged(err, path, "wrapped key parameters missing or out of range");
			goto fail;
		}
		char prompt[PATHS_MAX + 64];
		str_fmt(prompt, sizeof(prompt), _("Passphrase for %s: "), path);
		if (seal_pass_read(pass, prompt, &pw, &pwlen, err) != 0) {
			if (strcmp(err->code, "seal.passphrase_needed") == 0) {
				char msg[256];
				str_fmt(msg, sizeof(msg), _("The secret key \"%s\" is protected by a passphrase."), path);
				str_copy(err->message, sizeof(err->message), msg);
			}
			goto fail;
		}
		key = sodium_malloc(crypto_secretbox_KEYBYTES);
		if (!key || crypto_pwhash(key, crypto_secretbox_KEYBYTES, pw, pwlen, salt, ops, (size_t)mem,
					  crypto_pwhash_ALG_ARGON2ID13) != 0) {
			if (key)
				sodium_free(key);
			sodium_free(pw);
			seal_err(err, "seal.no_memory",
				 _("Could not derive a key from the passphrase: not enough memory."),
				 _("Close other programs and try again."));
			goto fail;
		}
		sodium_free(pw);
		rc = crypto_secretbox_open_easy(kp->sk, box, sizeof(box), nonce, key);
		sodium_free(key);
		if (rc != 0) {
			char msg[256];
			str_fmt(msg, sizeof(msg), _("The passphrase does not open the secret key \"%s\"."), path);
			seal_err(err, "seal.passphrase_wrong", msg,
				 _("Check the passphrase (it is case-sensitive) and try again."));
			goto fail;
		}
	} else {
		key_damaged(err, path, "unknown or missing wrap method");
		goto fail;
	}
	crypto_scalarmult_base(check, kp->sk);
	if (sodium_memcmp(check, kp->pk, SEAL_KEY_BYTES) != 0) {
		key_damaged(err, path, "the secret key does not match its public key");
		goto fail;
	}
	sodium_free(text);
	*out = kp;
	return 0;
fail:
	if (kp)
		sodium_free(kp);
	if (text)
		sodium_free(text);
	return -1;
}

int seal_ensure_keys(const struct config *cfg, struct onr_error *err)
{
	unsigned char pk[SEAL_KEY_BYTES];
	bool wrapped;
	int rc;

	if (cfg->kiosk || !cfg->secret_key[0])
		return 0;
	if (seal_init() != 0) {
		seal_err(err, "seal.init", _("The encryption library could not start."),
			 _("Reinstall libsodium, then try again."));
		return -1;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		rc = seal_secret_info(cfg->secret_key, pk, &wrapped, err);
		if (rc < 0)
			return -1;
		if (rc == 0) { /* secret key exists: make sure its public half is there */
			if (access(cfg->public_key, F_OK) == 0)
				return 0;
			rc = seal_write_public(cfg->public_key, pk, PATHS_NO_REPLACE, err);
			return rc < 0 ? -1 : 0;
		}
		if (access(cfg->public_key, F_OK) == 0)
			return 0; /* a public key alone: this install only seals */
		struct seal_keypair *kp = seal_keypair_new();
		if (!kp) {
			seal_err(err, "seal.no_memory", _("Could not set aside protected memory for the key."),
				 _("Close other programs and try again."));
			return -1;
		}
		rc = seal_write_secret(cfg->secret_key, kp, NULL, 0, PATHS_NO_REPLACE, err);
		if (rc == 0) /* ours: now its public half */
			rc = seal_write_public(cfg->public_key, kp->pk, PATHS_NO_REPLACE, err) < 0 ? -1 : 1;
		else if (rc == 1) /* another onramp made one first: use that */
			rc = 2;
		seal_keypair_free(kp);
		if (rc != 2)
			return rc;
	}
	return 0;
}

int seal_box(const unsigned char pk[SEAL_KEY_BYTES], const unsigned char *msg, size_t len,
	     unsigned char **box, size_t *boxlen, struct onr_error *err)
{
	*box = NULL;
	if (seal_init() != 0 || len > (1u << 24)) {
		seal_err(err, "seal.failed", _("Could not seal the credentials."),
			 _("The credentials are unusually large, or the encryption library could not start."));
		return -1;
	}
	*boxlen = len + crypto_box_SEALBYTES;
	*box = xmalloc(*boxlen);
	if (crypto_box_seal(*box, msg, len, pk) != 0) {
		free(*box);
		*box = NULL;
		seal_err(err, "seal.failed", _("Could not seal the credentials."),
			 _("The public key may be damaged. Check the public_key file, then try again."));
		return -1;
	}
	return 0;
}

int seal_open(const struct seal_keypair *kp, const unsigned char *box, size_t boxlen,
	      const char *source, unsigned char **msg, size_t *len, struct onr_error *err)
{
	unsigned char *m;
	char text[256];

	*msg = NULL;
	*len = 0;
	if (seal_init() != 0)
		return -1;
	if (boxlen < crypto_box_SEALBYTES) {
		m = NULL;
		goto bad;
	}
	m = sodium_malloc(boxlen - crypto_box_SEALBYTES + 1);
	if (!m) {
		seal_err(err, "seal.no_memory", _("Could not set aside protected memory for the credentials."),
			 _("Close other programs and try again."));
		return -1;
	}
	if (crypto_box_seal_open(m, box, boxlen, kp->pk, kp->sk) != 0)
		goto bad;
	m[boxlen - crypto_box_SEALBYTES] = 0;
	*msg = m;
	*len = boxlen - crypto_box_SEALBYTES;
	return 0;
bad:
	if (m)
		sodium_free(m);
	str_fmt(text, sizeof(text), _("The sealed credentials in \"%s\" could not be opened."),
		source ? source : _("(memory)"));
	seal_err(err, "seal.open_failed", text,
		 _("The file was changed or damaged, or it was sealed to another key than this machine's "
		 "secret key. The other connections are not affected. Restore the file from a backup, "
		 "or disconnect this connection and connect the system again."));
	return -1;
}

int seal_token_mint(char *out, size_t size)
{
	unsigned char raw[32];
	if (size < SEAL_TOKEN_LEN + 1 || seal_init() != 0)
		return -1;
	randombytes_buf(raw, sizeof(raw));
	memcpy(out, "onr_", 4);
	sodium_bin2base64(out + 4, size - 4, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}

void seal_hash_hex(const void *data, size_t len, char hex[SEAL_HASH_HEX])
{
	unsigned char h[32];
	seal_init();
	crypto_generichash(h, sizeof(h), data, len, NULL, 0);
	sodium_bin2hex(hex, SEAL_HASH_HEX, h, sizeof(h));
}

bool seal_hex_ok(const char *s)
{
	size_t i;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}
