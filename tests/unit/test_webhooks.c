/* test_webhooks.c: Standard Webhooks signing and verification, ported from
 * the reference libraries' tests (libraries/python/tests/test_webhooks.py),
 * with the spec's test vector. */
#include "t.h"
#include "webhooks/sign.h"
#include <sodium.h>
#include <stdlib.h>

#define SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
#define MSG_ID "msg_p5jXN8AQM9LWM0D4loKWxJek"
#define BODY "{\"test\": 2432232314}"
#define SIG "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
#define TS 1614265330

static struct wh_key *key(void)
{
	return wh_key_parse(SECRET, strlen(SECRET));
}

static enum wh_verdict verify(const char *id, const char *ts, const char *sigs, time_t now)
{
	struct wh_key *k = key();
	enum wh_verdict v = wh_verify(k, id, ts, sigs, BODY, strlen(BODY), now);
	wh_key_free(k);
	return v;
}

static void test_vector(void)
{
	char sig[WH_SIG_MAX];
	struct wh_key *k = key();
	CHECK(k && k->len == 24);
	wh_sign(k, MSG_ID, TS, BODY, strlen(BODY), sig);
	CHECK_STR(sig, SIG);
	wh_key_free(k);
}

static void test_valid_and_missing(void)
{
	CHECK(verify(MSG_ID, "1614265330", SIG, TS) == WH_OK);
	CHECK(verify(NULL, "1614265330", SIG, TS) == WH_MISSING);
	CHECK(verify(MSG_ID, NULL, SIG, TS) == WH_MISSING);
	CHECK(verify(MSG_ID, "1614265330", NULL, TS) == WH_MISSING);
	CHECK(verify("", "1614265330", SIG, TS) == WH_MISSING);
}

static void test_bad_timestamp(void)
{
	CHECK(verify(MSG_ID, "not-a-number", SIG, TS) == WH_BAD_HEADER);
	CHECK(verify(MSG_ID, "1614265330x", SIG, TS) == WH_BAD_HEADER);
	CHECK(verify(MSG_ID, "-1", SIG, TS) == WH_BAD_HEADER);
	CHECK(verify(MSG_ID, "", SIG, TS) == WH_BAD_HEADER);
}

static void test_wrong_signature(void)
{
	CHECK(verify(MSG_ID, "1614265330", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", TS) ==
	      WH_BAD_SIGNATURE);
	CHECK(verify("msg_other", "1614265330", SIG, TS) == WH_BAD_SIGNATURE);
	CHECK(verify(MSG_ID, "1614265330", "v1,", TS) == WH_BAD_SIGNATURE);
	CHECK(verify(MSG_ID, "1614265330", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", TS) ==
	      WH_BAD_SIGNATURE);
	/* the same body under another key */
	struct wh_key *k = wh_key_parse("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 38);
	CHECK(k && wh_verify(k, MSG_ID, "1614265330", SIG, BODY, strlen(BODY), TS) == WH_BAD_SIGNATURE);
	wh_key_free(k);
	/* a changed body */
	k = key();
	CHECK(wh_verify(k, MSG_ID, "1614265330", SIG, "{\"test\": 2432232315}", 20, TS) == WH_BAD_SIGNATURE);
	wh_key_free(k);
}

/* the reference libraries: 5 minutes and 1 second either way fails */
static void test_window(void)
{
	char sig[WH_SIG_MAX], ts[24];
	struct wh_key *k = key();
	long long now = 1700000000;
	long long cases[][2] = {{now - 301, WH_TOO_OLD}, {now + 301, WH_TOO_NEW},
				{now - 300, WH_OK}, {now + 300, WH_OK}};
	for (size_t i = 0; i < 4; i++) {
		snprintf(ts, sizeof(ts), "%lld", cases[i][0]);
		wh_sign(k, MSG_ID, cases[i][0], BODY, strlen(BODY), sig);
		CHECK(wh_verify(k, MSG_ID, ts, sig, BODY, strlen(BODY), (time_t)now) == cases[i][1]);
	}
	wh_key_free(k);
}

static void test_multiple_signatures(void)
{
	CHECK(verify(MSG_ID, "1614265330",
		     "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,junk v1a,xyz " SIG
		     " v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE", TS) == WH_OK);
	CHECK(verify(MSG_ID, "1614265330", "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= junk", TS) ==
	      WH_BAD_SIGNATURE);
}

static void test_secret_prefix(void)
{
	const char *bare = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
	struct wh_key *a = key(), *b = wh_key_parse(bare, strlen(bare));
	CHECK(a && b && a->len == b->len && !memcmp(a->k, b->k, a->len));
	wh_key_free(a);
	wh_key_free(b);
	CHECK(wh_key_parse("whsec_", 6) == NULL);
	CHECK(wh_key_parse("whsec_c2hvcnQ=", 14) == NULL); /* 5 bytes: too short */
	CHECK(wh_key_parse("whsec_!!!!", 10) == NULL);
}

static void test_new_key(void)
{
	struct wh_key *k, *back;
	char *secret, sig[WH_SIG_MAX];
	CHECK(wh_key_new(&k, &secret) == 0);
	CHECK(!strncmp(secret, "whsec_", 6) && strlen(secret) == 6 + 44);
	back = wh_key_parse(secret, strlen(secret));
	CHECK(back && back->len == 32 && !memcmp(back->k, k->k, 32));
	wh_sign(k, "evt_1", 1700000000, "{}", 2, sig);
	CHECK(wh_verify(back, "evt_1", "1700000000", sig, "{}", 2, 1700000000) == WH_OK);
	CHECK(wh_verify(back, "evt.1", "1700000000", sig, "{}", 2, 1700000000) == WH_BAD_HEADER);
	wh_key_free(k);
	wh_key_free(back);
	sodium_free(secret);
}

T_SUITE(webhooks) = {
	{"sign: the spec's test vector", test_vector},
	{"verify: valid; missing id, timestamp or signature", test_valid_and_missing},
	{"verify: non-numeric timestamp", test_bad_timestamp},
	{"verify: wrong signature, other key, changed body", test_wrong_signature},
	{"verify: 5 min + 1 s too old or too new", test_window},
	{"verify: several signatures with one valid", test_multiple_signatures},
	{"key: with and without whsec_", test_secret_prefix},
	{"key: new keys round-trip", test_new_key},
	{0},
};
