/* invite_admin.c: invites on the platform (invite_admin.h). */
#include "invite_admin.h"
#include "i18n.h"
#include "config.h"
#include "invite_key.h"
#include "seal.h"
#include "util.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* What the spec leaves out comes from the config. */
static int fill_spec(struct invite_spec *s, unsigned char pk[32], struct onr_error *err)
{
	static struct config cfg;
	if (config_load(&cfg, err) != 0)
		return -1;
	if (!s->platform)
		s->platform = cfg.platform_name[0] ? cfg.platform_name : "the platform";
	if (!s->api && !*(s->api = cfg.platform_api)) {
		error_set(err, EXIT_USAGE, "invite", "invite.no_api",
			  _("An invite needs the address where kiosks reach this platform's API."),
			  _("Give it with --api https://HOST:PORT (what \"onramp serve\" listens on, as kiosks "
			  "see it), or set \"platform_api = ...\" in the config file."),
			  NULL);
		return -1;
	}
	if (!s->seal_pk) {
		if (seal_ensure_keys(&cfg, err) < 0 || seal_load_public(cfg.public_key, pk, err) != 0)
			return -1;
		s->seal_pk = pk;
	}
	return 0;
}

static int sign_into(struct invite_key *k, const char *payload, const char *id, char **text)
{
	unsigned char *secret = sodium_malloc(INVITE_SECRET);
	if (!secret)
		return -1;
	invite_key_secret(k, id, secret);
	*text = invite_sign(payload, secret, k->pk, k->sk);
	sodium_free(secret);
	return 0;
}

int invite_create(const struct invite_spec *spec, char **text, struct db_invite *out, struct onr_error *err)
{
	struct invite_spec s = *spec;
	s.relay = s.relay_len > 0;
	unsigned char pk[32];
	struct invite_key *k;
	struct db *db = NULL;
	int rc = -1;

	*text = NULL;
	memset(out, 0, sizeof(*out));
	if (fill_spec(&s, pk, err) != 0 || !(k = invite_key_load(true, err)))
		return -1;
	memcpy(out->id, "inv_", 4);
	invite_random_chars(out->id + 4, 16);
	memcpy(out->code, "ONR-", 4);
	invite_random_chars(out->code + 4, 4);
	out->code[8] = '-';
	invite_random_chars(out->code + 9, 4);
	for (char *c = out->id + 4; *c; c++)
		*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	str_copy(out->system, sizeof(out->system), s.system);
	out->payload = invite_payload(&s, out->id, out->code);
	out->created = time(NULL);
	out->expires = s.expires;
	out->uses = s.uses;
	if ((out->relay_len = s.relay ? s.relay_len : 0)) {
		out->relay = xmalloc(s.relay_len);
		memcpy(out->relay, s.relay_box, s.relay_len);
	}
	if (db_open(&db, err) == 0 && db_invite_insert(db, out, err) == 0 &&
	    sign_into(k, out->payload, out->id, text) == 0)
		rc = 0;
	db_close(db);
	invite_key_free(k);
	if (rc)
		db_invite_free(out);
	return rc;
}

int invite_list(struct db_invite **v, size_t *n, struct onr_error *err)
{
	struct db *db;
	int rc;
	*v = NULL;
	*n = 0;
	if (db_open(&db, err) != 0)
		return -1;
	rc = db_invite_list(db, v, n, err);
	db_close(db);
	return rc;
}

static void unknown(struct onr_error *err, const char *id)
{
	char msg[256];
	str_fmt(msg, sizeof(msg), _("There is no invite \"%s\"."), id);
	error_set(err, EXIT_INPUT, "invite", "invite.unknown", msg,
		  _("Check the id or code: \"onramp invite list\" shows the platform's invites."), NULL);
}

int invite_revoke(const char *id, struct onr_error *err)
{
	struct db *db;
	int rc;
	if (db_open(&db, err) != 0)
		return -1;
	rc = db_invite_revoke(db, id, err);
	db_close(db);
	if (rc == 1)
		unknown(err, id);
	return rc ? -1 : 0;
}

const char *invite_state(const struct db_invite *i, time_t now)
{
	return i->revoked ? "revoked" : i->used >= i->uses ? "used up" : now > i->expires ? "expired" : "active";
}

int invite_usable(const struct db_invite *i, time_t now, struct onr_error *err)
{
	if (i->revoked)
		error_set(err, EXIT_INPUT, "invite", "invite.revoked", _("The platform has withdrawn this invite."),
			  _("Ask the platform for a new invite. Nothing was sent."), NULL);
	else if (now > i->expires)
		error_set(err, EXIT_INPUT, "invite", "invite.expired", _("This invite has expired."),
			  _("Ask the platform for a new invite (\"onramp invite create\" there). Nothing was sent."),
			  NULL);
	else if (i->used >= i->uses)
		error_set(err, EXIT_INPUT, "invite", "invite.used_up",
			  _("This invite has been used already, as often as it allows."),
			  _("Ask the platform for a new invite. The connection made with it is not changed."), NULL);
	else
		return 0;
	return -1;
}

int invite_give(struct db *db, const char *code, char **text, struct onr_error *err)
{
	struct db_invite i;
	struct invite_key *k;
	int rc = db_invite_get(db, code, &i, err);
	*text = NULL;
	if (rc != 0)
		return rc;
	/* a code gives the invite only while it can be used */
	if (invite_usable(&i, time(NULL), err) == 0 && (k = invite_key_load(false, err))) {
		rc = sign_into(k, i.payload, i.id, text);
		invite_key_free(k);
	} else {
		rc = -1;
	}
	db_invite_free(&i);
	return rc;
}
