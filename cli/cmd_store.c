/* cmd_store.c: the store's commands: keygen, list, disconnect, purge,
 * token check, open. Each accepts --json and returns an exit code; their
 * entries are at the end of the file. */
#include "commands.h"
#include "i18n.h"
#include "config.h"
#include "lifecycle.h"
#include "print.h"
#include "seal.h"
#include "util.h"
#include "form.h"
#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>

#define EXIT_CODES                                                                       \
	N_("Exit codes:\n"                                                               \
	"  0  success\n"                                                                 \
	"  2  usage: an unknown option or a missing argument\n"                          \
	"  3  input: an unknown connection id, purge of an active connection, a bad\n"   \
	"     config file\n"                                                             \
	"  6  token check: the token is not valid (unknown, or its connection is\n"      \
	"     disconnected)\n"                                                           \
	"  8  store or seal: files, keys, passphrase, damaged files, credit pool\n"      \
	"  9  cancelled\n"                                                               \
	"With --json, results are JSON on stdout and failures are\n"                     \
	"{\"ok\":false,\"error\":{\"stage\",\"code\",\"message\",\"hint\",\"field\"}}.\n")

#define JSON_OPT {"--json", NULL, N_("print the result as JSON")}
#define PASS_OPTS \
	{"--passphrase-fd", "N", N_("the secret key's passphrase, from descriptor N")}, \
	{"--passphrase-file", "FILE", N_("... from the first line of FILE")}

static const struct cli_opt keygen_opts[] = {
	PASS_OPTS,
	{"--ask-passphrase", NULL, N_("... asked twice on the terminal")},
	{"--public-only-out", "FILE", N_("also copy the public key to FILE, for kiosks")},
	{"--wrap", NULL, N_("protect the existing secret key with a passphrase")},
	JSON_OPT,
	{NULL},
};
static const struct cli_opt json_only_opts[] = {JSON_OPT, {NULL}};
static const struct cli_opt open_opts[] = {PASS_OPTS, JSON_OPT, {NULL}};

/* --- shared ------------------------------------------------------------- */

struct store_opts {
	bool json, ask, wrap;
	int pass_fd;
	const char *pass_file, *public_out;
};

static int usage_error(const struct cli_args *a, const char *msg)
{
	return cli_usage(a, NULL, "%s", msg);
}

/* The options the store commands share, each command taking the ones its
 * table lists. */
static int store_opts_from(const struct cli_args *a, struct store_opts *o)
{
	const char *fd = cli_value(a, "--passphrase-fd");
	long n = -1;
	memset(o, 0, sizeof(*o));
	if (fd && !cli_number(fd, 0, 1000000, &n))
		return usage_error(a, _("--passphrase-fd needs a file descriptor number."));
	o->pass_fd = (int)n;
	o->json = a->json;
	o->ask = cli_flag(a, "--ask-passphrase");
	o->wrap = cli_flag(a, "--wrap");
	o->pass_file = cli_value(a, "--passphrase-file");
	o->public_out = cli_value(a, "--public-only-out");
	return 0;
}

static void no_core_dumps(void)
{
	struct rlimit rl = {0, 0};
	setrlimit(RLIMIT_CORE, &rl);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* Asks on /dev/tty with echo off. Returns the length, or -1. */
static int tty_ask(void *ctx, const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), n = 0;
	bool restore;

	(void)ctx;
	if (fd < 0)
		return -1;
	if (write(fd, prompt, strlen(prompt)) < 0) {
		close(fd);
		return -1;
	}
	restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			n = r < 0 ? -1 : n;
			break;
		}
		if (c == '\n' || c == '\r')
			break;
		if ((size_t)n + 1 < size)
			buf[n++] = c;
	}
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	close(fd);
	if (n >= 0)
		buf[n] = 0;
	return n;
}

static void set_pass(struct seal_pass *p, const struct store_opts *o, bool may_ask)
{
	memset(p, 0, sizeof(*p));
	p->fd = o->pass_fd;
	p->file = o->pass_file;
	if (may_ask)
		p->ask = tty_ask;
}

static cJSON *conn_json(const struct conn *c)
{
	char t[32];
	cJSON *o = cJSON_CreateObject();
	cJSON *fields = cJSON_Parse(c->public_json ? c->public_json : "{}");

	cJSON_AddStringToObject(o, "id", c->id);
	cJSON_AddStringToObject(o, "system", c->system);
	cJSON_AddStringToObject(o, "status", conn_status_name(c->status));
	store_time_str(c->created, t);
	cJSON_AddStringToObject(o, "created", t);
	store_time_str(c->checked, t);
	if (t[0])
		cJSON_AddStringToObject(o, "checked", t);
	else
		cJSON_AddNullToObject(o, "checked");
	if (c->status == CONN_DISCONNECTED) {
		store_time_str(c->disconnected, t);
		cJSON_AddStringToObject(o, "disconnected", t);
	}
	char url[1024];
	cJSON_AddStringToObject(o, "url", url_hide_userinfo(c->url, url, sizeof(url)));
	cJSON_AddStringToObject(o, "user", c->user);
	cJSON_AddNumberToObject(o, "credits", c->credits);
	cJSON_AddItemToObject(o, "pins", c->npins ? cJSON_CreateStringArray((const char *const *)c->pins, (int)c->npins) : cJSON_CreateArray());
	cJSON_AddStringToObject(o, "cafile", c->cafile);
	if (c->plain_http && *c->plain_http) { /* the user's yes to plain http, for this address only */
		cJSON *ph = cJSON_AddObjectToObject(o, "plain_http");
		cJSON_AddStringToObject(ph, "address", c->plain_http);
		store_time_str(c->plain_http_at, t);
		cJSON_AddStringToObject(ph, "allowed", t);
	} else {
		cJSON_AddNullToObject(o, "plain_http");
	}
	cJSON_AddStringToObject(o, "schedule", c->schedule);
	store_time_str(c->next_sync, t);
	if (t[0])
		cJSON_AddStringToObject(o, "next_sync", t);
	else
		cJSON_AddNullToObject(o, "next_sync");
	if (c->attention && *c->attention) /* a sync's sign-in was rejected: why */
		cJSON_AddStringToObject(o, "needs_attention", c->attention);
	else
		cJSON_AddNullToObject(o, "needs_attention");
	if (!cJSON_IsObject(fields)) {
		cJSON_Delete(fields);
		fields = cJSON_CreateObject();
	}
	/* The public field values also appear at the top level, where their
	 * names do not clash with the fixed keys above. */
	const cJSON *f;
	cJSON_ArrayForEach(f, fields)
		if (f->string && strcmp(f->string, "fields") != 0 &&
		    !cJSON_GetObjectItemCaseSensitive(o, f->string))
			cJSON_AddItemToObject(o, f->string, cJSON_Duplicate(f, true));
	cJSON_AddItemToObject(o, "fields", fields);
	return o;
}

/* Text that came from a file is cleaned before it reaches a terminal. */
static const char *clean(char *dst, size_t size, const char *s)
{
	return str_clean(dst, size, s, strlen(s));
}

/* --- keygen ------------------------------------------------------------- */

static int keygen_ok(const struct store_opts *o, const struct config *cfg, const unsigned char *pk,
		     bool created, bool wrapped, bool rewrapped)
{
	char b64[sodium_base64_ENCODED_LEN(SEAL_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL)];
	sodium_bin2base64(b64, sizeof(b64), pk, SEAL_KEY_BYTES, sodium_base64_VARIANT_ORIGINAL);
	if (o->json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddBoolToObject(j, "ok", true);
		cJSON_AddBoolToObject(j, "created", created);
		cJSON_AddBoolToObject(j, "wrapped", wrapped);
		cJSON_AddStringToObject(j, "public_key", cfg->public_key);
		cJSON_AddStringToObject(j, "secret_key", cfg->secret_key);
		cJSON_AddStringToObject(j, "public", b64);
		if (o->public_out)
			cJSON_AddStringToObject(j, "exported", o->public_out);
		else
			cJSON_AddNullToObject(j, "exported");
		print_json(j);
		return EXIT_OK;
	}
	if (created)
		printf(_("Made a new recipient key pair.\n"));
	else if (rewrapped)
		printf(_("The secret key is now protected by a passphrase.\n"));
	else
		printf(_("The recipient key pair already exists; it was left as it is.\n"));
	printf(_("  Public key: %s\n"), cfg->public_key);
	printf(_("  Secret key: %s (%s)\n"), cfg->secret_key,
	       wrapped ? _("protected by a passphrase") : _("not protected by a passphrase; keep it private and backed up"));
	if (o->public_out)
		printf(_("  Copy of the public key for kiosks: %s\n"), o->public_out);
	printf(_("Kiosks seal credentials to the public key; only the holder of the secret key can open them.\n"));
	return EXIT_OK;
}

static int read_new_pass(const struct store_opts *o, char **pw, size_t *len, struct onr_error *err)
{
	struct seal_pass p;
	set_pass(&p, o, o->ask);
	*pw = NULL;
	if (seal_pass_read(&p, _("New passphrase for the secret key: "), pw, len, err) != 0)
		return -1;
	if (*len == 0) {
		sodium_free(*pw);
		*pw = NULL;
		error_set(err, EXIT_INPUT, "seal", "seal.passphrase_empty", _("The passphrase is empty."),
			  _("Give a passphrase, or leave out the passphrase option to keep the key unprotected."),
			  NULL);
		return -1;
	}
	if (o->ask && p.fd < 0 && !p.file) {
		char *again = NULL;
		size_t alen = 0;
		if (seal_pass_read(&p, _("Repeat the passphrase: "), &again, &alen, err) != 0) {
			sodium_free(*pw);
			*pw = NULL;
			return -1;
		}
		bool same = alen == *len && sodium_memcmp(again, *pw, alen) == 0;
		sodium_free(again);
		if (!same) {
			sodium_free(*pw);
			*pw = NULL;
			error_set(err, EXIT_INPUT, "seal", "seal.passphrase_mismatch",
				  _("The two passphrases differ."), _("Run the command again and type the same passphrase twice."),
				  NULL);
			return -1;
		}
	}
	return 0;
}

static bool wants_pass(const struct store_opts *o)
{
	return o->pass_fd >= 0 || o->pass_file || o->ask;
}

/* What keygen works on: the options, the config, and the secrets it holds
 * (the key pair, a new passphrase) until they are freed in one place. */
struct keygen {
	struct store_opts o;
	struct config cfg;
	struct seal_keypair *kp;
	char *pw;
	size_t pwlen;
	struct onr_error err;
};

/* A kiosk, or a config without a secret key path, makes no pair here. */
static int keygen_not_here(struct keygen *k)
{
	char hint[768];
	str_fmt(hint, sizeof(hint),
		_("Make the key pair on the administrator's machine (\"onramp keygen --public-only-out "
		"FILE\") and copy FILE to %s on this machine."), k->cfg.public_key);
	error_set(&k->err, EXIT_STORE, "seal", "seal.kiosk",
		  k->cfg.kiosk ? _("This machine is a kiosk: it keeps only a public key and makes no key pair.")
			       : _("The config sets no secret key path (secret_key is empty), so no key pair is made here."),
		  hint, NULL);
	return -1;
}

/* --wrap on an existing pair: protect its secret key with a new passphrase. */
static int keygen_wrap(struct keygen *k, bool wrapped)
{
	if (wrapped) {
		error_set(&k->err, EXIT_STORE, "seal", "seal.already_wrapped",
			  _("The secret key is already protected by a passphrase."), _("Nothing was changed."), NULL);
		return -1;
	}
	if (seal_load_secret(k->cfg.secret_key, NULL, &k->kp, &k->err) != 0 ||
	    read_new_pass(&k->o, &k->pw, &k->pwlen, &k->err) != 0)
		return -1;
	return seal_write_secret(k->cfg.secret_key, k->kp, k->pw, k->pwlen, 0, &k->err) != 0 ? -1 : 0;
}

/* A pair exists: it is never replaced. keygen may wrap it, copy its public
 * key out, or put back a missing public key file. */
static int keygen_existing(struct keygen *k, const unsigned char *pk, bool wrapped)
{
	if (k->o.wrap) {
		if (keygen_wrap(k, wrapped) != 0)
			return -1;
		wrapped = true;
	} else if (!k->o.public_out || wants_pass(&k->o)) {
		char msg[256];
		str_fmt(msg, sizeof(msg), _("A recipient key pair already exists (%s)."), k->cfg.secret_key);
		error_set(&k->err, EXIT_STORE, "seal", "seal.key_exists", msg,
			  _("It is never replaced: credentials sealed to it could no longer be opened. To "
			    "protect it with a passphrase, add --wrap. To copy its public key for kiosks, use "
			    "--public-only-out FILE. To start over, move the old files away first."), NULL);
		return -1;
	}
	if (access(k->cfg.public_key, F_OK) != 0 &&
	    seal_write_public(k->cfg.public_key, pk, PATHS_NO_REPLACE, &k->err) < 0)
		return -1;
	if (k->o.public_out && seal_write_public(k->o.public_out, pk, 0, &k->err) != 0)
		return -1;
	return keygen_ok(&k->o, &k->cfg, pk, false, wrapped, k->o.wrap);
}

/* No secret key yet: refuse what needs one, then make and write the pair. */
static int keygen_new(struct keygen *k)
{
	if (k->o.wrap) {
		error_set(&k->err, EXIT_STORE, "seal", "seal.no_secret_key", _("There is no secret key to protect yet."),
			  _("Run \"onramp keygen\" with a passphrase option (without --wrap) to make a protected pair."),
			  NULL);
		return -1;
	}
	if (access(k->cfg.public_key, F_OK) == 0) {
		char msg[256];
		str_fmt(msg, sizeof(msg), _("There is a public key (%s) but no secret key."), k->cfg.public_key);
		error_set(&k->err, EXIT_STORE, "seal", "seal.key_exists", msg,
			  _("This install only seals to that key. To make a new pair here instead, move the public key file away first."),
			  NULL);
		return -1;
	}
	if (wants_pass(&k->o) && read_new_pass(&k->o, &k->pw, &k->pwlen, &k->err) != 0)
		return -1;
	if (!(k->kp = seal_keypair_new())) {
		error_set(&k->err, EXIT_STORE, "seal", "seal.no_memory", _("Could not set aside protected memory for the key."),
			  _("Close other programs and try again."), NULL);
		return -1;
	}
	int rc = seal_write_secret(k->cfg.secret_key, k->kp, k->pw, k->pwlen, PATHS_NO_REPLACE, &k->err);
	if (rc == 1)
		error_set(&k->err, EXIT_STORE, "seal", "seal.key_exists", _("Another onramp made a key pair at the same moment."),
			  _("Nothing was replaced; run the command again to see it."), NULL);
	if (rc != 0 || seal_write_public(k->cfg.public_key, k->kp->pk, 0, &k->err) != 0 ||
	    (k->o.public_out && seal_write_public(k->o.public_out, k->kp->pk, 0, &k->err) != 0))
		return -1;
	return keygen_ok(&k->o, &k->cfg, k->kp->pk, true, k->pwlen > 0, false);
}

/* keygen: the options are checked first, then the config says whether this
 * machine may hold a secret key, then an existing pair or a new one. */
static int keygen_run(struct keygen *k)
{
	unsigned char pk[SEAL_KEY_BYTES];
	bool wrapped = false;
	if (seal_init() != 0 || config_load(&k->cfg, &k->err) != 0)
		return -1;
	if (k->cfg.kiosk || !k->cfg.secret_key[0])
		return keygen_not_here(k);
	int rc = seal_secret_info(k->cfg.secret_key, pk, &wrapped, &k->err);
	if (rc < 0)
		return -1;
	return rc == 0 ? keygen_existing(k, pk, wrapped) : keygen_new(k);
}

static int run_keygen(const struct cli_args *a)
{
	struct keygen k = {0};
	int rc;
	error_clear(&k.err);
	if ((rc = store_opts_from(a, &k.o)) != 0)
		return rc;
	no_core_dumps();
	if ((k.o.pass_fd >= 0) + !!k.o.pass_file + k.o.ask > 1)
		return usage_error(a, _("Give the passphrase one way only."));
	if (k.o.wrap && !wants_pass(&k.o))
		return usage_error(a, _("--wrap needs --passphrase-fd, --passphrase-file or --ask-passphrase."));
	rc = keygen_run(&k);
	if (rc < 0)
		rc = print_fail(&k.err, k.o.json);
	if (k.pw)
		sodium_free(k.pw);
	seal_keypair_free(k.kp);
	return rc;
}

/* --- list --------------------------------------------------------------- */

static int run_list(const struct cli_args *a)
{
	struct onr_error err;
	struct conn_list l;
	int rc;

	error_clear(&err);
	if (lifecycle_list(&l, &err) != 0)
		return print_fail(&err, a->json);
	if (a->json) {
		cJSON *arr = cJSON_CreateArray();
		for (size_t i = 0; i < l.n; i++)
			cJSON_AddItemToArray(arr, conn_json(&l.v[i]));
		print_json(arr);
	} else if (l.n == 0) {
		printf(_("No connections yet. Run \"onramp\" to connect a system, or \"onramp connect SYSTEM_ID\".\n"));
		printf(_("Credits: 0 of %d used.\n"), l.pool);
	} else {
		char sys[40], url[200], t[32], shown[1024];
		static const struct print_col head[] = {
			{N_("ID"), 9, false, 1},	{N_("SYSTEM"), 20, false, 1},  {N_("STATUS"), 13, false, 1},
			{N_("CREDITS"), 7, true, 2}, {N_("CREATED"), 20, false, 1}, {N_("URL"), 0, false, 0},
			{NULL}};
		print_head(stdout, head);
		for (size_t i = 0; i < l.n; i++) {
			store_time_str(l.v[i].created, t);
			printf("%-9s %-20s %-13s %7d  %-20s %s\n", l.v[i].id, clean(sys, sizeof(sys), l.v[i].system),
			       conn_status_name(l.v[i].status), l.v[i].credits, t,
			       clean(url, sizeof(url), url_hide_userinfo(l.v[i].url, shown, sizeof(shown))));
		}
		printf(_("Credits: %d of %d used.\n"), l.used, l.pool);
	}
	rc = EXIT_OK;
	if (l.damage.exit) {
		fprintf(stderr, _("\nonramp: %s\n%s\n(%s; code %s)\n"), l.damage.message, l.damage.hint,
			l.damage.tech, l.damage.code);
		rc = l.damage.exit;
	}
	conn_list_free(&l);
	return rc;
}

/* --- disconnect / purge ------------------------------------------------- */

static int run_disconnect(const struct cli_args *a)
{
	struct onr_error err;
	struct conn c;
	int freed = 0, used = 0, pool = 0;

	error_clear(&err);
	if (lifecycle_disconnect(a->pos[0], &freed, &err) != 0)
		return print_fail(&err, a->json);
	if (lifecycle_get(a->pos[0], &c, &err) != 0 || lifecycle_credits(&used, &pool, &err) != 0)
		return print_fail(&err, a->json);
	if (a->json) {
		cJSON *j = cJSON_CreateObject(), *cr = cJSON_CreateObject();
		cJSON_AddBoolToObject(j, "ok", true);
		cJSON_AddItemToObject(j, "connection", conn_json(&c));
		cJSON_AddNumberToObject(j, "credits_freed", freed);
		cJSON_AddNumberToObject(cr, "used", used);
		cJSON_AddNumberToObject(cr, "pool", pool);
		cJSON_AddItemToObject(j, "credits", cr);
		print_json(j);
	} else {
		char sys[64];
		clean(sys, sizeof(sys), c.system);
		if (freed)
			printf(NG_("Disconnected %s (%s). Its token no longer works, its scheduled syncs stopped, its "
				   "%d credit went back to the pool (%d of %d used now) and its sealed credentials "
				   "were destroyed.\nIts history stays until \"onramp purge %s\".\n",
				   "Disconnected %s (%s). Its token no longer works, its scheduled syncs stopped, its "
				   "%d credits went back to the pool (%d of %d used now) and its sealed credentials "
				   "were destroyed.\nIts history stays until \"onramp purge %s\".\n", freed),
			       c.id, sys, freed, used, pool, c.id);
		else
			printf(_("%s (%s) was already disconnected; its sealed credentials are gone.\nIts history "
			       "stays until \"onramp purge %s\".\n"), c.id, sys, c.id);
	}
	conn_free(&c);
	return EXIT_OK;
}

static int run_purge(const struct cli_args *a)
{
	struct onr_error err;

	error_clear(&err);
	if (lifecycle_purge(a->pos[0], &err) != 0)
		return print_fail(&err, a->json);
	if (a->json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddBoolToObject(j, "ok", true);
		cJSON_AddStringToObject(j, "id", a->pos[0]);
		cJSON_AddBoolToObject(j, "purged", true);
		print_json(j);
	} else {
		printf(_("Purged %s: its history was deleted and it is no longer listed.\n"), a->pos[0]);
	}
	return EXIT_OK;
}

/* --- token check -------------------------------------------------------- */

/* token rotate ID: a new token, printed once; the old one stops working. */
static int run_token_rotate(const char *id, bool json)
{
	struct onr_error err;
	char *tok = sodium_malloc(LIFECYCLE_TOKEN_MAX);
	if (!tok) {
		error_set(&err, EXIT_STORE, "seal", "seal.no_memory", _("Could not set aside protected memory."),
			  _("Close other programs and try again."), NULL);
		return print_fail(&err, json);
	}
	if (lifecycle_token_rotate(id, tok, &err) != 0) {
		sodium_free(tok);
		return print_fail(&err, json);
	}
	if (json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddBoolToObject(j, "ok", true);
		cJSON_AddStringToObject(j, "id", id);
		print_json_secret(j, cJSON_AddStringToObject(j, "token", tok));
	} else {
		printf(_("New API token for %s (shown once; the old token no longer works):\n%s\n"), id, tok);
	}
	sodium_free(tok); /* wipes */
	return EXIT_OK;
}

static int run_token(const struct cli_args *a)
{
	struct onr_error err;
	char id[16], sys[128], *tok;
	size_t n = 0;
	int rc;

	error_clear(&err);
	if (a->npos == 2 && strcmp(a->pos[0], "rotate") == 0)
		return run_token_rotate(a->pos[1], a->json);
	if (a->npos < 1 || strcmp(a->pos[0], "check") != 0)
		return usage_error(a, _("Use: onramp token check - (the token on standard input), or onramp token rotate ID."));
	if (a->npos != 2 || strcmp(a->pos[1], "-") != 0)
		return usage_error(a, _("Tokens are read from standard input, never from the command line: onramp token check -"));
	if (!(tok = sodium_malloc(1024))) {
		error_set(&err, EXIT_STORE, "seal", "seal.no_memory", _("Could not set aside protected memory."),
			  _("Close other programs and try again."), NULL);
		return print_fail(&err, a->json);
	}
	while (n < 1023) {
		ssize_t r = read(STDIN_FILENO, tok + n, 1023 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	tok[n] = 0;
	rc = lifecycle_token_check(tok, n, id, sys, sizeof(sys), &err);
	sodium_free(tok);
	if (rc != 0)
		return print_fail(&err, a->json);
	if (a->json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddBoolToObject(j, "ok", true);
		cJSON_AddStringToObject(j, "id", id);
		cJSON_AddStringToObject(j, "system", sys);
		print_json(j);
	} else {
		printf("%s\n", id);
	}
	return EXIT_OK;
}

/* --- open --------------------------------------------------------------- */

static int write_out(const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(STDOUT_FILENO, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int run_open(const struct cli_args *a)
{
	struct store_opts o;
	struct onr_error err;
	struct seal_pass pass;
	struct conn info;
	unsigned char *secret = NULL;
	size_t len = 0;
	int rc;

	error_clear(&err);
	if ((rc = store_opts_from(a, &o)) != 0)
		return rc;
	if (o.pass_fd >= 0 && o.pass_file)
		return usage_error(a, _("Give the passphrase one way only."));
	no_core_dumps();
	/* Ask on the terminal only when stdin is one and no other way was given. */
	set_pass(&pass, &o, isatty(STDIN_FILENO));
	if (lifecycle_open(a->pos[0], &pass, &secret, &len, &info, &err) != 0)
		return print_fail(&err, o.json);
	/* Written with write(2) straight from protected memory: no stdio copy. */
	cJSON *id = cJSON_CreateString(info.id), *sys = cJSON_CreateString(info.system);
	char *qid = cJSON_PrintUnformatted(id), *qsys = cJSON_PrintUnformatted(sys);
	struct buf head;
	buf_init(&head);
	buf_addf(&head, "{\"id\":%s,\"system\":%s,\"credentials\":", qid ? qid : "\"\"", qsys ? qsys : "\"\"");
	fflush(stdout);
	rc = write_out(head.data, head.len) == 0 && write_out(secret, len) == 0 && write_out("}\n", 2) == 0
		     ? EXIT_OK
		     : EXIT_STORE;
	buf_free(&head);
	free(qid);
	free(qsys);
	cJSON_Delete(id);
	cJSON_Delete(sys);
	sodium_free(secret);
	conn_free(&info);
	return rc;
}

/* --- the entries (commands.c) ------------------------------------------- */

const struct cli_command cmd_keygen_entry = {
	.name = "keygen",
	.flags = CLI_LAZY_NET, /* reads and writes the store only */
	.usage = N_("onramp keygen [--passphrase-fd N | --passphrase-file FILE\n"
		 "               | --ask-passphrase] [--wrap]\n"
		 "              [--public-only-out FILE] [--json]"),
	.about = N_("Makes the recipient key pair that connections are sealed to: the public key\n"
		 "and the secret key at the paths the config names (public_key, secret_key;\n"
		 "by default recipient.pub and recipient.key in ~/.config/onramp/). A normal\n"
		 "install makes an unprotected pair by itself on first use. A passphrase\n"
		 "option protects the secret key. An existing key pair is never replaced."),
	.opts = keygen_opts,
	.exits = EXIT_CODES,
	.run = run_keygen,
};

const struct cli_command cmd_list_entry = {
	.name = "list",
	.flags = CLI_LAZY_NET, /* reads and writes the store only */
	.usage = N_("onramp list [--json]"),
	.about = N_("Shows the connections: id, system, status (active | disconnected), credits,\n"
		 "created, instance URL and user, and the credit pool. --json prints an array;\n"
		 "each has id, system, status, created, checked, url, user, credits, pins,\n"
		 "cafile, plain_http (the address a yes to sending the password unencrypted is\n"
		 "for, and when; or null), schedule, next_sync, needs_attention (why a sync's\n"
		 "sign-in was rejected, or null) and fields (the non-secret form values, which\n"
		 "also appear at the top level unless their name clashes). Secrets and tokens are\n"
		 "never shown. Damaged entries are reported on stderr (exit 8); the others are\n"
		 "still listed."),
	.opts = json_only_opts,
	.exits = EXIT_CODES,
	.run = run_list,
};

const struct cli_command cmd_disconnect_entry = {
	.name = "disconnect",
	.args = N_("the connection's ID"),
	.usage = N_("onramp disconnect ID [--json]"),
	.about = N_("Disconnects a connection: its token stops working at once, its scheduled\n"
		 "syncs stop, its credits go back to the pool and its sealed credentials are\n"
		 "destroyed. Its synced history stays until \"onramp purge ID\"."),
	.opts = json_only_opts,
	.min_args = 1,
	.max_args = 1,
	.exits = EXIT_CODES,
	.run = run_disconnect,
};

const struct cli_command cmd_purge_entry = {
	.name = "purge",
	.flags = CLI_LAZY_NET, /* reads and writes the store only */
	.args = N_("the connection's ID"),
	.usage = N_("onramp purge ID [--json]"),
	.about = N_("Deletes a disconnected connection's synced history and removes it from the\n"
		 "list. Refuses while the connection is active (exit 3)."),
	.opts = json_only_opts,
	.min_args = 1,
	.max_args = 1,
	.exits = EXIT_CODES,
	.run = run_purge,
};

const struct cli_command cmd_token_entry = {
	.name = "token",
	.flags = CLI_LAZY_NET, /* reads and writes the store only */
	.args = N_("check - | rotate ID"),
	.usage = N_("onramp token check - [--json]   (the token on standard input)\n"
		 "       onramp token rotate ID [--json]"),
	.about = N_("check: reads a token on standard input, prints the id of its connection and\n"
		 "exits 0 while that connection is active; exits 6 otherwise. Tokens are never\n"
		 "taken on the command line. rotate: a new token for the same connection,\n"
		 "printed once; the old token stops working at once (a lost token needs no\n"
		 "reconnect, and no second connection's credits)."),
	.opts = json_only_opts,
	.max_args = 2,
	.exits = EXIT_CODES,
	.run = run_token,
};

const struct cli_command cmd_open_entry = {
	.name = "open",
	.flags = CLI_LAZY_NET, /* reads and writes the store only */
	.args = N_("the connection's ID"),
	.usage = N_("onramp open ID [--passphrase-fd N | --passphrase-file FILE] [--json]"),
	.about = N_("For whoever holds the secret key: opens the connection's sealed credentials\n"
		 "and prints {\"id\":..,\"system\":..,\"credentials\":{...}} on stdout. When the\n"
		 "secret key is protected by a passphrase it is read from --passphrase-fd or\n"
		 "--passphrase-file, or asked on the terminal when standard input is one.\n"
		 "A kiosk (public key only) cannot open anything."),
	.opts = open_opts,
	.min_args = 1,
	.max_args = 1,
	.exits = EXIT_CODES,
	.run = run_open,
};
