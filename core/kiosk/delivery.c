/* delivery.c: the delivery's wire form and its HMAC (delivery.h). */
#include "delivery.h"
#include "i18n.h"
#include "store.h"
#include "util.h"
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void delivery_free(struct delivery *d)
{
	free(d->url);
	free(d->user);
	free(d->fields);
	free(d->box);
	memset(d, 0, sizeof(*d));
}

static void mac_part(crypto_auth_hmacsha256_state *st, const char *s)
{
	crypto_auth_hmacsha256_update(st, (const unsigned char *)s, strlen(s) + 1); /* the NUL separates */
}

void delivery_mac(const struct delivery *d, const unsigned char secret[INVITE_SECRET], char out[DELIVERY_MAC_HEX])
{
	crypto_auth_hmacsha256_state st;
	unsigned char h[32], mac[crypto_auth_hmacsha256_BYTES];
	crypto_generichash(h, sizeof(h), d->box, d->boxlen, NULL, 0);
	crypto_auth_hmacsha256_init(&st, secret, INVITE_SECRET);
	mac_part(&st, "onramp-delivery 1");
	mac_part(&st, d->invite_id);
	mac_part(&st, d->conn_id);
	mac_part(&st, d->system);
	mac_part(&st, d->url ? d->url : "");
	mac_part(&st, d->user ? d->user : "");
	mac_part(&st, d->fields ? d->fields : "{}");
	mac_part(&st, d->pin);
	if (d->plain_http[0]) /* only when given: outbox entries made before it keep their MAC */
		mac_part(&st, d->plain_http);
	crypto_auth_hmacsha256_update(&st, h, sizeof(h));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, DELIVERY_MAC_HEX, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

void delivery_relay_mac(const unsigned char secret[INVITE_SECRET], const char *invite_id, const char *system,
			const char *fields, const char *nonce, char out[DELIVERY_MAC_HEX])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, secret, INVITE_SECRET);
	mac_part(&st, "onramp-relay 1");
	mac_part(&st, invite_id);
	mac_part(&st, system);
	mac_part(&st, fields);
	mac_part(&st, nonce);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, DELIVERY_MAC_HEX, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}

char *delivery_json(const struct delivery *d, bool keep)
{
	cJSON *j = cJSON_CreateObject();
	size_t cap = sodium_base64_ENCODED_LEN(d->boxlen, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = xmalloc(cap), *out;
	sodium_bin2base64(b64, cap, d->box, d->boxlen, sodium_base64_VARIANT_ORIGINAL);
	cJSON_AddStringToObject(j, "invite_id", d->invite_id);
	cJSON_AddStringToObject(j, "connection_id", d->conn_id);
	cJSON_AddStringToObject(j, "system", d->system);
	cJSON_AddStringToObject(j, "url", d->url ? d->url : "");
	cJSON_AddStringToObject(j, "user", d->user ? d->user : "");
	cJSON_AddStringToObject(j, "fields", d->fields ? d->fields : "{}");
	cJSON_AddStringToObject(j, "pin", d->pin);
	if (d->plain_http[0])
		cJSON_AddStringToObject(j, "plain_http", d->plain_http);
	cJSON_AddStringToObject(j, "sealed", b64);
	if (keep) {
		cJSON_AddStringToObject(j, "api", d->api);
		cJSON_AddStringToObject(j, "platform", d->platform);
		cJSON_AddStringToObject(j, "mac", d->mac);
	}
	out = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	free(b64);
	return out;
}

static bool take(cJSON *j, const char *name, char *out, size_t size)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
	return cJSON_IsString(v) && strlen(v->valuestring) < size && str_copy(out, size, v->valuestring);
}

/* The optional plain_http: absent, or a plain http:// address. */
static bool take_plain(cJSON *j, struct delivery *d)
{
	if (!cJSON_GetObjectItemCaseSensitive(j, "plain_http"))
		return true;
	return take(j, "plain_http", d->plain_http, sizeof(d->plain_http)) && str_starts(d->plain_http, "http://") &&
	       d->plain_http[7];
}

static char *take_dup(cJSON *j, const char *name)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
	return cJSON_IsString(v) && strlen(v->valuestring) <= 8192 ? xstrdup(v->valuestring) : NULL;
}

static bool take_box(cJSON *j, struct delivery *d)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "sealed");
	size_t n = cJSON_IsString(v) ? strlen(v->valuestring) : 0;
	if (!n || n > 64 * 1024)
		return false;
	d->box = xmalloc(n);
	return sodium_base642bin(d->box, n, v->valuestring, n, NULL, &d->boxlen, NULL,
				 sodium_base64_VARIANT_ORIGINAL) == 0 &&
	       d->boxlen > crypto_box_SEALBYTES;
}

int delivery_parse(const char *text, size_t len, bool keep, struct delivery *d, struct onr_error *err)
{
	cJSON *j = cJSON_ParseWithLength(text, len), *f;
	bool ok;
	memset(d, 0, sizeof(*d));
	ok = cJSON_IsObject(j) && take(j, "invite_id", d->invite_id, sizeof(d->invite_id)) &&
	     take(j, "connection_id", d->conn_id, sizeof(d->conn_id)) && store_id_valid(d->conn_id) &&
	     take(j, "system", d->system, sizeof(d->system)) && (d->url = take_dup(j, "url")) &&
	     (d->user = take_dup(j, "user")) && (d->fields = take_dup(j, "fields")) && take_box(j, d) &&
	     take(j, "pin", d->pin, sizeof(d->pin)) && (!d->pin[0] || str_starts(d->pin, "sha256//")) && take_plain(j, d) &&
	     (!keep ||
	      (take(j, "api", d->api, sizeof(d->api)) && take(j, "platform", d->platform, sizeof(d->platform)) &&
	       take(j, "mac", d->mac, sizeof(d->mac))));
	cJSON_Delete(j);
	f = ok ? cJSON_Parse(d->fields) : NULL;
	ok = cJSON_IsObject(f);
	cJSON_Delete(f);
	if (ok)
		return 0;
	delivery_free(d);
	error_set(err, EXIT_INPUT, "delivery", "delivery.bad_request", N_("The delivery is incomplete or damaged."),
		  N_("The kiosk sends it again by itself; if this goes on, update onramp on the kiosk."), NULL);
	return -1;
}
