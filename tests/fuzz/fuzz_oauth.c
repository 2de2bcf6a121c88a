/* libFuzzer target: the browser sign-in's two ways in. The loopback
 * listener's request head (the request line cut to its query, then the
 * state check and the answer), and the address a user pastes back. Only
 * an answer carrying this attempt's state may ever give a code. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "catalog.h"
#include "curl_dl.h"
#include "form.h"
#include "loop.h"
#include "oauth_flow.h"
#include "oauth_listen.h"
#include <sodium.h>

static const char entry[] =
	"{\"version\":1,\"systems\":[{\"id\":\"oc\",\"name\":\"OC\",\"vendor\":\"T\",\"category\":\"Other\",\"tier\":1,"
	"\"needs\":\"n\",\"where\":\"w\",\"base_url\":\"{url}\",\"auth\":{\"method\":\"oauth2_code\","
	"\"authorize_url\":\"{url}/authorize\",\"token_url\":\"{url}/token\",\"scope\":\"read\"},"
	"\"fields\":[{\"key\":\"url\",\"label\":\"URL\",\"kind\":\"url\",\"required\":true,\"help\":\"h\"},"
	"{\"key\":\"client_id\",\"label\":\"C\",\"kind\":\"text\",\"required\":true,\"help\":\"h\"},"
	"{\"key\":\"redirect_uri\",\"label\":\"R\",\"kind\":\"url\",\"required\":true,\"help\":\"h\"}],"
	"\"probe\":{\"url\":\"{url}/me\"}}]}";

static struct catalog cat;
static struct form *form;
static struct loop *lp;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct onr_error err;
	struct oauth_flow f;
	if (!form) {
		if (sodium_init() < 0 || curl_dl_load(&err) != 0 || catalog_add_json(&cat, entry, strlen(entry), "fuzz", &err) < 0)
			abort();
		form = form_new(&cat.systems[0]);
		form_set(form, "url", "https://idp.example.test");
		form_set(form, "client_id", "app");
		form_set(form, "redirect_uri", "https://app.example.test/cb"); /* no listener */
		lp = loop_new();
	}
	if (oauth_flow_begin(&f, &cat.systems[0], form, lp, NULL, NULL, &err) != 0)
		abort();
	char *head = malloc(size + 1);
	memcpy(head, data, size);
	head[size] = 0;
	bool ours;
	const char *q = oauth_listen_query(head, "/cb", &ours);
	if (q) {
		bool state = oauth_flow_state_ok(&f, q, strlen(q));
		if (oauth_flow_answer(&f, q, strlen(q)) && !state)
			abort(); /* a code from another attempt */
	}
	oauth_flow_paste(&f, (const char *)data, size);
	free(head);
	oauth_flow_end(&f);
	return 0;
}
