/* Unit tests: invites (core/kiosk/invite*.c): signing and decoding, each
 * refusal with its own code (tampered, wrong key, first use, mismatch,
 * expired, malformed), short codes, fingerprints, the delivery HMAC and
 * the delivery's wire form, and the kiosk's outbox files. */
#include "t.h"
#include "iso.h"
#include "delivery.h"
#include "invite.h"
#include "invite_key.h"
#include "outbox.h"
#include "util.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static unsigned char seal_pk[32];

struct signer {
	unsigned char pk[32], sk[64];
};

static void signer_new(struct signer *s)
{
	crypto_sign_keypair(s->pk, s->sk);
}

/* An invite for tryton with url preset and locked, database preset. */
static char *make(const struct signer *s, time_t expires, const unsigned char secret[32])
{
	struct preset p[] = {{"url", "https://erp.example.com", true}, {"database", "prod", false}};
	struct invite_spec spec = {
		"ACME Integration", "https://platform.example:8470", "tryton", seal_pk, p, 2, expires, 1};
	char *payload = invite_payload(&spec, "inv_abc", "ONR-7K2M-QX9P");
	char *text = invite_sign(payload, secret, s->pk, s->sk);
	free(payload);
	return text;
}

static void test_roundtrip(void)
{
	struct signer s;
	struct invite inv;
	struct onr_error err;
	unsigned char secret[32];
	bool first;
	randombytes_buf(seal_pk, sizeof(seal_pk));
	randombytes_buf(secret, sizeof(secret));
	signer_new(&s);
	char *text = make(&s, time(NULL) + 3600, secret);
	CHECK(str_starts(text, "onr1."));
	CHECK(invite_decode(text, &inv, &err) == 0);
	CHECK_STR(inv.id, "inv_abc");
	CHECK_STR(inv.code, "ONR-7K2M-QX9P");
	CHECK_STR(inv.platform, "ACME Integration");
	CHECK_STR(inv.api, "https://platform.example:8470");
	CHECK_STR(inv.system, "tryton");
	CHECK(memcmp(inv.seal_pk, seal_pk, 32) == 0);
	CHECK(memcmp(inv.secret, secret, 32) == 0);
	CHECK(inv.uses == 1 && inv.npresets == 2);
	CHECK_STR(inv.presets[0].key, "url");
	CHECK_STR(inv.presets[0].value, "https://erp.example.com");
	CHECK(inv.presets[0].lock && !inv.presets[1].lock);
	CHECK_STR(inv.presets[1].value, "prod");
	CHECK(invite_check_key(&inv, s.pk, NULL, &first, &err) == 0 && !first);
	CHECK(invite_check_time(&inv, time(NULL), &err) == 0);
	invite_free(&inv);
	CHECK(inv.secret == NULL);
	free(text);
}

/* Every byte of the signed part changed in turn: never accepted. */
static void test_tampered(void)
{
	struct signer s;
	struct invite inv;
	struct onr_error err;
	unsigned char secret[32] = {1};
	signer_new(&s);
	char *text = make(&s, time(NULL) + 3600, secret);
	char *body = strchr(text + 5, '.') + 1;
	size_t n = strlen(body);
	int accepted = 0, tampered = 0;
	for (size_t i = 0; i < n; i += 7) {
		char keep = body[i];
		body[i] = keep == 'A' ? 'B' : 'A';
		if (invite_decode(text, &inv, &err) == 0) {
			accepted++;
			invite_free(&inv);
		} else if (!strcmp(err.code, "invite.tampered")) {
			tampered++;
		}
		body[i] = keep;
	}
	CHECK(accepted == 0);
	CHECK(tampered > 0);
	CHECK(invite_decode(text, &inv, &err) == 0);
	invite_free(&inv);
	free(text);
}

static void test_wrong_key(void)
{
	struct signer s, other;
	struct invite inv;
	struct onr_error err;
	unsigned char secret[32] = {2};
	bool first;
	signer_new(&s);
	signer_new(&other);
	char *text = make(&other, time(NULL) + 3600, secret);
	CHECK(invite_decode(text, &inv, &err) == 0); /* well signed, by another platform */
	CHECK(invite_check_key(&inv, s.pk, NULL, &first, &err) == -1);
	CHECK_STR(err.code, "invite.wrong_key");
	CHECK(err.exit == 3);
	invite_free(&inv);
	free(text);
}

static void test_first_use(void)
{
	struct signer s;
	struct invite inv;
	struct onr_error err;
	unsigned char secret[32] = {3};
	char fp[INVITE_FP_LEN], typed[32];
	bool first = true;
	signer_new(&s);
	char *text = make(&s, time(NULL) + 3600, secret);
	CHECK(invite_decode(text, &inv, &err) == 0);
	invite_fingerprint(s.pk, fp);
	CHECK(strlen(fp) == 19 && fp[4] == '-' && fp[9] == '-' && fp[14] == '-');
	CHECK(invite_check_key(&inv, NULL, NULL, &first, &err) == -1 && !first);
	CHECK_STR(err.code, "invite.key_unconfirmed");
	CHECK(strstr(err.message, fp) != NULL);
	CHECK(invite_check_key(&inv, NULL, "AAAA-BBBB-CCCC-DDDD", &first, &err) == -1);
	CHECK_STR(err.code, "invite.key_mismatch");
	/* typed in lower case and without dashes still matches */
	size_t o = 0;
	for (const char *c = fp; *c; c++)
		if (*c != '-')
			typed[o++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
	typed[o] = 0;
	CHECK(invite_check_key(&inv, NULL, typed, &first, &err) == 0 && first);
	invite_free(&inv);
	free(text);
}

static void test_expired_and_malformed(void)
{
	struct signer s;
	struct invite inv;
	struct onr_error err;
	unsigned char secret[32] = {4};
	signer_new(&s);
	char *text = make(&s, time(NULL) - 10, secret);
	CHECK(invite_decode(text, &inv, &err) == 0);
	CHECK(invite_check_time(&inv, time(NULL), &err) == -1);
	CHECK_STR(err.code, "invite.expired");
	invite_free(&inv);
	text[strlen(text) / 2] = 0; /* cut off */
	CHECK(invite_decode(text, &inv, &err) == -1);
	CHECK(!strcmp(err.code, "invite.malformed") || !strcmp(err.code, "invite.tampered"));
	CHECK(invite_decode("hello", &inv, &err) == -1);
	CHECK_STR(err.code, "invite.malformed");
	CHECK(invite_decode("onr1.AAAA.BBBB", &inv, &err) == -1);
	CHECK_STR(err.code, "invite.malformed");
	free(text);
}

static void test_codes(void)
{
	char code[INVITE_CODE_LEN];
	CHECK(invite_is_code("ONR-7K2M-QX9P", code));
	CHECK_STR(code, "ONR-7K2M-QX9P");
	CHECK(invite_is_code(" onr-7k2m-qx9p", code));
	CHECK_STR(code, "ONR-7K2M-QX9P");
	CHECK(invite_is_code("onr7k2mqx9p", code));
	CHECK(!invite_is_code("ONR-7K2M-QX9", code));
	CHECK(!invite_is_code("ONR-7K2M-QX9U", code)); /* U is not in the alphabet */
	CHECK(!invite_is_code("onr1.abcd", code));
}

static void test_delivery_mac(void)
{
	struct delivery d = {.invite_id = "inv_abc", .conn_id = "k3m9x2qa", .system = "tryton"}, back;
	struct onr_error err;
	unsigned char secret[32], other[32];
	char mac[DELIVERY_MAC_HEX], mac2[DELIVERY_MAC_HEX];
	randombytes_buf(secret, sizeof(secret));
	memcpy(other, secret, 32);
	other[0] ^= 1;
	d.url = xstrdup("https://erp.example.com");
	d.user = xstrdup("alice");
	d.fields = xstrdup("{\"url\":\"https://erp.example.com\"}");
	d.boxlen = 80;
	d.box = xmalloc(d.boxlen);
	randombytes_buf(d.box, d.boxlen);
	delivery_mac(&d, secret, mac);
	delivery_mac(&d, secret, mac2);
	CHECK_STR(mac, mac2);
	delivery_mac(&d, other, mac2);
	CHECK(strcmp(mac, mac2) != 0);
	d.box[5] ^= 1; /* the box is covered */
	delivery_mac(&d, secret, mac2);
	CHECK(strcmp(mac, mac2) != 0);
	d.box[5] ^= 1;
	strcpy(d.pin, "sha256//AAAA"); /* and the pin */
	delivery_mac(&d, secret, mac2);
	CHECK(strcmp(mac, mac2) != 0);
	d.pin[0] = 0;
	strcpy(d.plain_http, "http://erp.example.com:80"); /* and the plain-http yes */
	delivery_mac(&d, secret, mac2);
	CHECK(strcmp(mac, mac2) != 0);
	char *body = delivery_json(&d, false);
	CHECK(delivery_parse(body, strlen(body), false, &back, &err) == 0);
	CHECK_STR(back.plain_http, "http://erp.example.com:80");
	delivery_mac(&back, secret, mac);
	CHECK_STR(mac, mac2); /* it travels, and the HMAC still holds */
	delivery_free(&back);
	free(body);
	d.plain_http[0] = 0; /* none: the MAC of a delivery made before plain_http existed */
	delivery_mac(&d, secret, mac);
	body = delivery_json(&d, false);
	CHECK(strstr(body, "plain_http") == NULL);
	CHECK(delivery_parse(body, strlen(body), false, &back, &err) == 0);
	delivery_mac(&back, secret, mac2);
	CHECK_STR(mac, mac2); /* the wire form keeps every byte the HMAC covers */
	delivery_free(&back);
	free(body);
	strcpy(d.plain_http, "https://erp.example.com"); /* a yes is only ever for plain http */
	body = delivery_json(&d, false);
	CHECK(delivery_parse(body, strlen(body), false, &back, &err) == -1);
	d.plain_http[0] = 0;
	free(body);
	body = delivery_json(&d, false);
	CHECK(delivery_parse(body, strlen(body), true, &back, &err) == -1); /* no api/mac: not an outbox file */
	CHECK_STR(err.code, "delivery.bad_request");
	free(body);
	strcpy(d.conn_id, "../../x");
	body = delivery_json(&d, false);
	CHECK(delivery_parse(body, strlen(body), false, &back, &err) == -1);
	free(body);
	delivery_free(&d);
}

static void test_outbox(void)
{
	struct outbox_item it = {.attempts = 2, .next_at = 1234, .created = 99, .refused = false}, *v;
	struct onr_error err;
	size_t n;
	iso_begin("invite");
	it.d = (struct delivery){.invite_id = "inv_abc",
				 .conn_id = "abcd2345",
				 .system = "tryton",
				 .platform = "ACME",
				 .api = "http://127.0.0.1:1",
				 .mac = "00ff"};
	it.d.url = xstrdup("u");
	it.d.user = xstrdup("");
	it.d.fields = xstrdup("{}");
	it.d.boxlen = 60;
	it.d.box = xcalloc(1, 60);
	str_copy(it.last_error, sizeof(it.last_error), "no answer");
	CHECK(outbox_put(&it, &err) == 0);
	char path[512];
	iso_data_path(path, sizeof(path), "outbox/abcd2345.json");
	CHECK(iso_mode(path) == 0600);
	CHECK(outbox_list(&v, &n, &err) == 0 && n == 1);
	if (n == 1) {
		CHECK_STR(v[0].d.conn_id, "abcd2345");
		CHECK(v[0].attempts == 2 && v[0].next_at == 1234 && v[0].created == 99);
		CHECK_STR(v[0].last_error, "no answer");
		CHECK_STR(v[0].d.platform, "ACME");
	}
	outbox_items_free(v, n);
	CHECK(outbox_remove("abcd2345", &err) == 0);
	CHECK(outbox_list(&v, &n, &err) == 0 && n == 0);
	outbox_items_free(v, n);
	delivery_free(&it.d);
	iso_end();
}

/* The platform's key is made once, and the same secret comes from it for
 * the same invite id; the kiosk's trusted key is never replaced. */
static void test_keys(void)
{
	struct onr_error err;
	unsigned char a[32], b[32], pk[32], got[32];
	iso_begin("invite");
	CHECK(invite_key_load(false, &err) == NULL);
	CHECK_STR(err.code, "invite.no_key");
	struct invite_key *k = invite_key_load(true, &err), *k2 = invite_key_load(true, &err);
	CHECK(k && k2 && memcmp(k->pk, k2->pk, 32) == 0);
	if (k && k2) {
		invite_key_secret(k, "inv_a", a);
		invite_key_secret(k2, "inv_a", b);
		CHECK(memcmp(a, b, 32) == 0);
		invite_key_secret(k, "inv_b", b);
		CHECK(memcmp(a, b, 32) != 0);
	}
	invite_key_free(k);
	invite_key_free(k2);
	CHECK(invite_trust_load(got, &err) == 1);
	randombytes_buf(pk, sizeof(pk));
	CHECK(invite_trust_save(pk, &err) == 0);
	CHECK(invite_trust_load(got, &err) == 0 && memcmp(got, pk, 32) == 0);
	pk[0] ^= 1;
	invite_trust_save(pk, &err); /* a second save does not replace the first */
	CHECK(invite_trust_load(got, &err) == 0 && memcmp(got, pk, 32) != 0);
	iso_end();
}

T_SUITE(invite) = {
	{"roundtrip", test_roundtrip},
	{"tampered", test_tampered},
	{"wrong_key", test_wrong_key},
	{"first_use", test_first_use},
	{"expired_and_malformed", test_expired_and_malformed},
	{"codes", test_codes},
	{"delivery_mac", test_delivery_mac},
	{"outbox", test_outbox},
	{"keys", test_keys},
	{0},
};
