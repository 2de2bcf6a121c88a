/* invite.c: the invite string, its signature and its checks (invite.h). */
#include "invite.h"
#include "i18n.h"
#include "store.h"
#include "util.h"
#include <cJSON.h>
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define B64URL sodium_base64_VARIANT_URLSAFE_NO_PADDING

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; /* no I, L, O, U */

void invite_random_chars(char *out, size_t n)
{
	unsigned char r[64];
	while (n) {
		size_t k = n < sizeof(r) ? n : sizeof(r);
		randombytes_buf(r, k);
		for (size_t i = 0; i < k; i++)
			*out++ = alphabet[r[i] & 31];
		n -= k;
	}
}

static void invite_err(struct onr_error *err, const char *code, const char *msg, const char *hint)
{
	error_set(err, EXIT_INPUT, "invite", code, msg, hint, NULL);
}

static void malformed(struct onr_error *err, const char *what)
{
	invite_err(err, "invite.malformed", _("This is not a complete onramp invite."),
		   _("Copy the whole invite again: it starts with \"onr1.\" and is one long line. Or type "
		   "the short code (ONR-XXXX-XXXX) instead."));
	str_copy(err->tech, sizeof(err->tech), what);
}

char *invite_payload(const struct invite_spec *s, const char *id, const char *code)
{
	cJSON *j = cJSON_CreateObject(), *pre, *locks;
	char pk[64];
	char *out;
	sodium_bin2base64(pk, sizeof(pk), s->seal_pk, 32, sodium_base64_VARIANT_ORIGINAL);
	cJSON_AddNumberToObject(j, "v", 1);
	cJSON_AddStringToObject(j, "id", id);
	cJSON_AddStringToObject(j, "code", code);
	cJSON_AddStringToObject(j, "platform", s->platform);
	cJSON_AddStringToObject(j, "api", s->api);
	cJSON_AddStringToObject(j, "seal_key", pk);
	cJSON_AddStringToObject(j, "system", s->system);
	pre = cJSON_AddObjectToObject(j, "presets");
	locks = cJSON_AddArrayToObject(j, "locks");
	for (size_t i = 0; i < s->npresets; i++) {
		if (s->presets[i].value)
			cJSON_AddStringToObject(pre, s->presets[i].key, s->presets[i].value);
		if (s->presets[i].lock)
			cJSON_AddItemToArray(locks, cJSON_CreateString(s->presets[i].key));
	}
	cJSON_AddNumberToObject(j, "expires", (double)s->expires);
	cJSON_AddNumberToObject(j, "uses", s->uses);
	cJSON_AddBoolToObject(j, "relay", s->relay);
	out = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	return out;
}

/* base64url of n bytes, appended to b. */
static void add_b64(struct buf *b, const unsigned char *bin, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, B64URL);
	char *t = xmalloc(cap);
	sodium_bin2base64(t, cap, bin, n, B64URL);
	buf_adds(b, t);
	free(t);
}

char *invite_sign(const char *payload, const unsigned char secret[INVITE_SECRET],
		  const unsigned char sign_pk[INVITE_SIGN_PK], const unsigned char *sign_sk)
{
	cJSON *j = cJSON_Parse(payload);
	char sec[64], *full;
	unsigned char *signed_msg;
	unsigned long long slen;
	struct buf b;
	sodium_bin2base64(sec, sizeof(sec), secret, INVITE_SECRET, B64URL);
	cJSON_AddStringToObject(j, "secret", sec);
	full = cJSON_PrintUnformatted(j);
	cJSON_Delete(j); /* its copy of sec: the invite goes to the caller anyway */
	sodium_memzero(sec, sizeof(sec));
	signed_msg = xmalloc(strlen(full) + crypto_sign_BYTES);
	crypto_sign(signed_msg, &slen, (const unsigned char *)full, strlen(full), sign_sk);
	sodium_memzero(full, strlen(full));
	free(full);
	buf_init(&b);
	buf_adds(&b, INVITE_PREFIX);
	add_b64(&b, sign_pk, INVITE_SIGN_PK);
	buf_adds(&b, ".");
	add_b64(&b, signed_msg, (size_t)slen);
	free(signed_msg);
	return b.data;
}

void invite_free(struct invite *inv)
{
	for (size_t i = 0; i < inv->npresets; i++) {
		free((char *)inv->presets[i].key);
		free((char *)inv->presets[i].value);
	}
	if (inv->secret)
		sodium_free(inv->secret);
	memset(inv, 0, sizeof(*inv));
}

static bool copy_str(cJSON *j, const char *name, char *out, size_t size)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
	if (!cJSON_IsString(v) || !*v->valuestring || strlen(v->valuestring) >= size)
		return false;
	str_copy(out, size, v->valuestring);
	return true;
}

static bool copy_b64(cJSON *j, const char *name, int variant, unsigned char *out, size_t n)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
	size_t got = 0;
	return cJSON_IsString(v) &&
	       sodium_base642bin(out, n, v->valuestring, strlen(v->valuestring), NULL, &got, NULL, variant) == 0 &&
	       got == n;
}

static struct preset *find_preset(struct invite *inv, const char *key)
{
	for (size_t i = 0; i < inv->npresets; i++)
		if (!strcmp(inv->presets[i].key, key))
			return &inv->presets[i];
	if (inv->npresets >= INVITE_MAX_PRESETS)
		return NULL;
	inv->presets[inv->npresets] = (struct preset){xstrdup(key), NULL, false};
	return &inv->presets[inv->npresets++];
}

/* presets {KEY: VALUE} and locks [KEY] into the one preset list. */
static bool take_presets(struct invite *inv, cJSON *j)
{
	cJSON *pre = cJSON_GetObjectItemCaseSensitive(j, "presets"),
	      *locks = cJSON_GetObjectItemCaseSensitive(j, "locks");
	cJSON *it;
	struct preset *p;
	if (!cJSON_IsObject(pre) || !cJSON_IsArray(locks))
		return false;
	cJSON_ArrayForEach (it, pre) {
		if (!cJSON_IsString(it) || !(p = find_preset(inv, it->string)))
			return false;
		free((char *)p->value);
		p->value = xstrdup(it->valuestring);
	}
	cJSON_ArrayForEach (it, locks) {
		if (!cJSON_IsString(it) || !(p = find_preset(inv, it->valuestring)))
			return false;
		p->lock = true;
	}
	return true;
}

static bool take_payload(struct invite *inv, cJSON *j)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "v"), *exp = cJSON_GetObjectItemCaseSensitive(j, "expires"),
	      *uses = cJSON_GetObjectItemCaseSensitive(j, "uses");
	if (!cJSON_IsNumber(v) || v->valueint != 1 || !cJSON_IsNumber(exp) || !cJSON_IsNumber(uses))
		return false;
	inv->expires = (time_t)exp->valuedouble;
	inv->uses = uses->valueint;
	inv->relay = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "relay"));
	inv->secret = sodium_malloc(INVITE_SECRET);
	return inv->secret && copy_str(j, "id", inv->id, sizeof(inv->id)) &&
	       copy_str(j, "code", inv->code, sizeof(inv->code)) &&
	       copy_str(j, "platform", inv->platform, sizeof(inv->platform)) &&
	       copy_str(j, "api", inv->api, sizeof(inv->api)) &&
	       copy_str(j, "system", inv->system, sizeof(inv->system)) &&
	       copy_b64(j, "seal_key", sodium_base64_VARIANT_ORIGINAL, inv->seal_pk, 32) &&
	       copy_b64(j, "secret", B64URL, inv->secret, INVITE_SECRET) && take_presets(inv, j);
}

/* The signed part, opened with the key the invite names. 1: bad signature. */
static int open_signed(const char *b64, const unsigned char *pk, unsigned char **msg, size_t *len)
{
	size_t n = strlen(b64), got = 0;
	unsigned char *sm = xmalloc(n + 1);
	unsigned long long mlen = 0;
	int rc = -1;
	if (sodium_base642bin(sm, n, b64, n, NULL, &got, NULL, B64URL) == 0 && got > crypto_sign_BYTES) {
		*msg = sodium_malloc(got + 1); /* it holds the delivery secret */
		rc = *msg && crypto_sign_open(*msg, &mlen, sm, got, pk) == 0 ? 0 : 1;
		if (rc == 0)
			(*msg)[mlen] = 0, *len = (size_t)mlen;
		else if (*msg)
			sodium_free(*msg), *msg = NULL;
	}
	free(sm);
	return rc;
}

int invite_decode(const char *text, struct invite *out, struct onr_error *err)
{
	const char *dot;
	size_t got = 0, len = 0;
	unsigned char *msg = NULL;
	cJSON *j;
	int rc;

	memset(out, 0, sizeof(*out));
	while (text && isspace((unsigned char)*text))
		text++;
	if (!text || !str_starts(text, INVITE_PREFIX) || strlen(text) > INVITE_MAX) {
		malformed(err, "no onr1. prefix, or longer than 16 KiB");
		return -1;
	}
	text += strlen(INVITE_PREFIX);
	if (!(dot = strchr(text, '.')) ||
	    sodium_base642bin(out->sign_pk, INVITE_SIGN_PK, text, (size_t)(dot - text), NULL, &got, NULL, B64URL) !=
		    0 ||
	    got != INVITE_SIGN_PK) {
		malformed(err, "the signing key part is not 32 bytes of base64url");
		return -1;
	}
	char *rest = xstrdup(dot + 1);
	rest[strcspn(rest, " \t\r\n")] = 0;
	rc = open_signed(rest, out->sign_pk, &msg, &len);
	free(rest);
	if (rc < 0) {
		malformed(err, "the signed part is not base64url, or too short");
		return -1;
	}
	if (rc == 1) {
		invite_err(err, "invite.tampered", _("This invite was changed after it was made, so it cannot be used."),
			   _("Ask the platform for a new invite, and copy it whole. Nothing was sent."));
		str_copy(err->tech, sizeof(err->tech), "Ed25519 signature does not match the payload");
		return -1;
	}
	j = cJSON_ParseWithLength((const char *)msg, len);
	bool ok = cJSON_IsObject(j) && take_payload(out, j);
	cJSON *sec = cJSON_GetObjectItemCaseSensitive(j, "secret");
	if (cJSON_IsString(sec))
		sodium_memzero(sec->valuestring, strlen(sec->valuestring));
	cJSON_Delete(j);
	sodium_free(msg);
	if (!ok) {
		invite_free(out);
		malformed(err, "the signed payload lacks a field or has a wrong one");
		return -1;
	}
	return 0;
}

void invite_fingerprint(const unsigned char pk[INVITE_SIGN_PK], char out[INVITE_FP_LEN])
{
	unsigned char h[10];
	unsigned acc = 0;
	int o = 0, bits = 0, n = 0;
	crypto_generichash(h, sizeof(h), pk, INVITE_SIGN_PK, (const unsigned char *)"onramp-invite-key", 17);
	for (size_t k = 0; k < sizeof(h); k++) { /* 80 bits, 5 at a time */
		acc = (acc << 8 | h[k]) & 0xffff;
		for (bits += 8; bits >= 5; bits -= 5, n++) {
			if (n && n % 4 == 0)
				out[o++] = '-';
			out[o++] = alphabet[(acc >> (bits - 5)) & 31];
		}
	}
	out[o] = 0;
}

/* Upper case, without dashes or spaces. */
static void squeeze(const char *in, char *out, size_t size)
{
	size_t o = 0;
	for (; *in && o + 1 < size; in++)
		if (*in != '-' && *in != ' ')
			out[o++] = (char)toupper((unsigned char)*in);
	out[o] = 0;
}

bool invite_fingerprint_matches(const unsigned char pk[INVITE_SIGN_PK], const char *typed)
{
	char want[INVITE_FP_LEN], a[32], b[32];
	invite_fingerprint(pk, want);
	squeeze(want, a, sizeof(a));
	squeeze(typed ? typed : "", b, sizeof(b));
	return !strcmp(a, b);
}

int invite_check_key(const struct invite *inv, const unsigned char *trusted, const char *confirm, bool *first_use,
		     struct onr_error *err)
{
	char fp[INVITE_FP_LEN], msg[256], hint[768];
	*first_use = false;
	if (trusted) {
		if (sodium_memcmp(trusted, inv->sign_pk, INVITE_SIGN_PK) == 0)
			return 0;
		invite_fingerprint(inv->sign_pk, fp);
		invite_err(err, "invite.wrong_key", _("This invite was not signed by the platform this kiosk trusts."),
			   _("Ask your own platform for the invite. If the platform really changed its key, the "
			   "kiosk's administrator removes platform.pub from the config folder to trust the new one."));
		str_fmt(err->tech, sizeof(err->tech), "signed by key %s", fp);
		return -1;
	}
	invite_fingerprint(inv->sign_pk, fp);
	if (!confirm) {
		str_fmt(msg, sizeof(msg), _("This kiosk does not know the platform yet. Its key fingerprint is %s."), fp);
		str_fmt(hint, sizeof(hint),
			_("Compare it with the fingerprint the platform printed (\"onramp invite key\" there). If it is "
			"the same, confirm it: on the command line with --platform-key %s."),
			fp);
		invite_err(err, "invite.key_unconfirmed", msg, hint);
		return -1;
	}
	if (!invite_fingerprint_matches(inv->sign_pk, confirm)) {
		str_fmt(msg, sizeof(msg), _("The platform key fingerprint does not match: the invite's key is %s."), fp);
		invite_err(err, "invite.key_mismatch", msg,
			   _("Do not use this invite: it may not come from your platform. Check the fingerprint "
			   "with the platform's administrator."));
		return -1;
	}
	*first_use = true;
	return 0;
}

int invite_check_time(const struct invite *inv, time_t now, struct onr_error *err)
{
	char when[32];
	if (now <= inv->expires)
		return 0;
	store_time_str(inv->expires, when);
	invite_err(err, "invite.expired", _("This invite has expired."),
		   _("Ask the platform for a new invite (\"onramp invite create\" there). Nothing was sent."));
	str_fmt(err->tech, sizeof(err->tech), "expired %s", when);
	return -1;
}

bool invite_is_code(const char *text, char out[INVITE_CODE_LEN])
{
	char s[32];
	squeeze(text ? text : "", s, sizeof(s));
	if (strlen(s) != 11 || strncmp(s, "ONR", 3))
		return false;
	for (int i = 3; i < 11; i++)
		if (!strchr(alphabet, s[i]))
			return false;
	snprintf(out, INVITE_CODE_LEN, "ONR-%.4s-%.4s", s + 3, s + 7);
	return true;
}
