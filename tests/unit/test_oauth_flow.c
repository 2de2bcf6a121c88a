/* The browser sign-in's own logic: PKCE, the sign-in address, and which
 * answers are taken (the loopback listener and the screen are tested end
 * to end in tests/e2e/test_oauth_code.sh). */
#include "catalog.h"
#include "loop.h"
#include "oauth_flow.h"
#include "t.h"
#include <stdio.h>
#include <string.h>

/* RFC 7636 appendix B's example */
static void pkce_rfc7636_example(void)
{
	char ch[64];
	oauth_pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", ch, sizeof(ch));
	CHECK_STR(ch, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static const char *entry =
	"{\"version\":1,\"systems\":[{\"id\":\"oc\",\"name\":\"OC\",\"vendor\":\"T\",\"category\":\"Other\",\"tier\":1,"
	"\"needs\":\"n\",\"where\":\"w\",\"base_url\":\"{url}\",\"auth\":{\"method\":\"oauth2_code\","
	"\"authorize_url\":\"{url}/authorize?audience=api\",\"token_url\":\"{url}/token\",\"scope\":\"read write\","
	"\"authorize_params\":\"access_type=offline\"},\"fields\":[{\"key\":\"url\",\"label\":\"URL\",\"kind\":\"url\","
	"\"required\":true,\"help\":\"h\"},{\"key\":\"client_id\",\"label\":\"C\",\"kind\":\"text\",\"required\":true,"
	"\"help\":\"h\"},{\"key\":\"redirect_uri\",\"label\":\"R\",\"kind\":\"url\",\"required\":true,\"help\":\"h\"}],"
	"\"probe\":{\"url\":\"{url}/me\"}}]}";

struct fixture {
	struct catalog cat;
	struct form *form;
	struct loop *loop;
	struct oauth_flow f;
};

static bool begin(struct fixture *x, const char *redirect)
{
	struct onr_error err;
	memset(&x->cat, 0, sizeof(x->cat));
	if (catalog_add_json(&x->cat, entry, strlen(entry), "test", &err) < 0)
		return false;
	x->form = form_new(&x->cat.systems[0]);
	form_set(x->form, "url", "https://idp.example.test");
	form_set(x->form, "client_id", "app 1");
	form_set(x->form, "redirect_uri", redirect);
	x->loop = loop_new();
	return oauth_flow_begin(&x->f, &x->cat.systems[0], x->form, x->loop, NULL, NULL, &err) == 0;
}

static void end(struct fixture *x)
{
	oauth_flow_end(&x->f);
	form_free(x->form);
	loop_free(x->loop);
	catalog_free(&x->cat);
}

static void address_has_every_parameter(void)
{
	struct fixture x = {0};
	char want[200], ch[64];
	CHECK(begin(&x, "https://app.example.test/cb"));
	const char *u = x.f.auth_url;
	const char *start = "https://idp.example.test/authorize?audience=api&response_type=code&";
	CHECK(strncmp(u, start, strlen(start)) == 0);
	CHECK(strstr(u, "&client_id=app%201&") != NULL);
	CHECK(strstr(u, "&redirect_uri=https%3A%2F%2Fapp.example.test%2Fcb&") != NULL);
	CHECK(strstr(u, "&scope=read%20write&") != NULL);
	snprintf(want, sizeof(want), "&state=%s&", x.f.state);
	CHECK(strstr(u, want) != NULL);
	oauth_pkce_challenge(x.f.grant.verifier.p, ch, sizeof(ch));
	snprintf(want, sizeof(want), "&code_challenge=%s&code_challenge_method=S256&access_type=offline", ch);
	CHECK(strstr(u, want) != NULL);
	CHECK(strlen(x.f.grant.verifier.p) >= 43);
	/* not on this computer: nothing listens, and the screen says to paste */
	CHECK(x.f.listener == NULL);
	CHECK(strstr(x.f.listen_note, "paste") != NULL);
	end(&x);
}

static void answers_taken_and_refused(void)
{
	struct fixture x = {0};
	char good[300];
	CHECK(begin(&x, "http://127.0.0.1:9/cb"));
	snprintf(good, sizeof(good), "http://127.0.0.1:9/cb?code=a%%2Bb&state=%s#frag", x.f.state);
	CHECK(!oauth_flow_paste(&x.f, "", 0));
	CHECK(!oauth_flow_paste(&x.f, "http://127.0.0.1:9/cb?code=abc&state=other", 42));
	CHECK(strstr(x.f.problem, "another sign-in attempt") != NULL);
	CHECK(!x.f.have_code);
	/* an error answer needs the state too (issue 12): without it, any
	 * page could put its words on the sign-in screen */
	CHECK(!oauth_flow_paste(&x.f, "http://127.0.0.1:9/cb?error=access_denied&state=x", 48));
	CHECK(strstr(x.f.problem, "another sign-in attempt") != NULL);
	CHECK(!oauth_flow_paste(&x.f, "http://127.0.0.1:9/cb?error=access_denied", 41));
	CHECK(strstr(x.f.problem, "another sign-in attempt") != NULL);
	char err[300];
	snprintf(err, sizeof(err), "http://127.0.0.1:9/cb?error=access_denied&state=%s", x.f.state);
	CHECK(!oauth_flow_paste(&x.f, err, strlen(err)));
	CHECK(strstr(x.f.problem, "not allowed") != NULL);
	snprintf(err, sizeof(err), "http://h/cb?error=%%1b%%5b31mbad&error_description=%%3Cb%%3E&state=%s", x.f.state);
	CHECK(!oauth_flow_paste(&x.f, err, strlen(err)));
	CHECK(strchr(x.f.problem, 0x1b) == NULL); /* a server's text is shown inert */
	snprintf(err, sizeof(err), "http://127.0.0.1:9/cb?state=%s", x.f.state);
	CHECK(!oauth_flow_paste(&x.f, err, strlen(err)));
	CHECK(strstr(x.f.problem, "no sign-in code") != NULL);
	CHECK(oauth_flow_paste(&x.f, good, strlen(good)));
	CHECK_STR(x.f.grant.code.p, "a+b");
	CHECK(!oauth_flow_paste(&x.f, "nonsense", 8)); /* a word, not a code */
	CHECK(oauth_flow_paste(&x.f, "  4/0AbCd-ef_9  \n", 17)); /* a code shown on a page */
	CHECK_STR(x.f.grant.code.p, "4/0AbCd-ef_9");
	end(&x);
}

T_SUITE(oauth_flow) = {
	{"pkce_rfc7636_example", pkce_rfc7636_example},
	{"address_has_every_parameter", address_has_every_parameter},
	{"answers_taken_and_refused", answers_taken_and_refused},
	{0},
};
