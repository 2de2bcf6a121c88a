/* Field checks while typing: URL through curl_url, digits, required. */
#include "t.h"
#include "catalog.h"
#include "form.h"
#include <string.h>

static const char spec[] =
	"{\"systems\":[{\"id\":\"t\",\"name\":\"T\",\"auth\":\"basic\",\"fields\":["
	"{\"key\":\"url\",\"label\":\"URL\",\"kind\":\"url\",\"required\":true},"
	"{\"key\":\"client\",\"label\":\"Client\",\"kind\":\"number\",\"default\":\"100\"},"
	"{\"key\":\"mail\",\"label\":\"Mail\",\"kind\":\"email\"},"
	"{\"key\":\"password\",\"label\":\"Password\",\"kind\":\"text\",\"secret\":true,\"required\":true}]}]}";

static struct catalog cat;

static struct form *make(void)
{
	struct onr_error err;
	catalog_free(&cat);
	catalog_add_json(&cat, spec, strlen(spec), "test", &err);
	return form_new(&cat.systems[0]);
}

static void url_rules(void)
{
	CHECK(url_check("https://erp.example.com", NULL, 0));
	CHECK(url_check("http://127.0.0.1:8000/", NULL, 0));
	CHECK(!url_check("ftp://erp.example.com", NULL, 0));
	CHECK(url_check("erp.example.com", NULL, 0)); /* https:// is added when the check starts */
	CHECK(url_check("127.0.0.1:8101", NULL, 0));
	CHECK(url_scheme_missing("erp.example.com") && !url_scheme_missing("https://erp.example.com"));
	CHECK(!url_check("https://", NULL, 0));
	CHECK(!url_check("https://exa mple.com", NULL, 0));
	char why[160];
	url_check("ftp://x", why, sizeof(why));
	CHECK(strstr(why, "https://") != NULL);
	CHECK(!url_check("https://erp.example.com:70000", why, sizeof(why))); /* a port out of range: its own words */
	CHECK(strstr(why, "1 to 65535") != NULL);
	CHECK(!url_check("https://erp.example.com:0", why, sizeof(why)));
	CHECK(strstr(why, "1 to 65535") != NULL);
}

static void live_checks(void)
{
	struct form *f = make();
	CHECK_STR(form_value(f, "client"), "100"); /* default */
	CHECK(form_first_problem(f) < 0);           /* untouched: nothing shown yet */
	form_check(f, true);
	CHECK(form_first_problem(f) == 0); /* required URL now flagged */
	form_set(f, "url", "ftp://erp.example.com");
	CHECK(form_get(f, "url")->problem[0] != 0);
	form_set(f, "url", "erp.example.com"); /* no scheme: not marked, https:// comes at the check */
	CHECK(form_get(f, "url")->problem[0] == 0);
	form_set(f, "url", "https://erp.example.com");
	CHECK(form_get(f, "url")->problem[0] == 0);
	form_set(f, "client", "1a0");
	CHECK(strstr(form_get(f, "client")->problem, "digits") != NULL);
	form_set(f, "mail", "alice");
	CHECK(form_get(f, "mail")->problem[0] != 0);
	form_free(f);
}

static void editing(void)
{
	struct form *f = make();
	f->focus = 0;
	form_insert(f, "https://a\nb", 11); /* a pasted newline is dropped */
	CHECK_STR(form_value(f, "url"), "https://ab");
	form_kill_line(f);
	form_insert(f, "  https://c \n", 13); /* the blanks around a paste go */
	CHECK_STR(form_value(f, "url"), "https://c");
	form_kill_line(f);
	form_insert(f, "https://ab", 10);
	form_cursor(f, -1);
	form_insert(f, ".c", 2);
	CHECK_STR(form_value(f, "url"), "https://a.cb");
	form_backspace(f);
	form_delete(f);
	CHECK_STR(form_value(f, "url"), "https://a.");
	form_home(f);
	form_delete(f);
	CHECK_STR(form_value(f, "url"), "ttps://a.");
	form_kill_line(f);
	CHECK_STR(form_value(f, "url"), "");
	form_insert(f, "\xc3\xa9t\xc3\xa9", 5); /* UTF-8: backspace removes whole characters */
	form_backspace(f);
	CHECK_STR(form_value(f, "url"), "\xc3\xa9t");
	form_free(f);
}

static void focus_skips_locked(void)
{
	struct form *f = make();
	form_lock(f, "client");
	f->focus = 0;
	form_focus_next(f, 1);
	CHECK(f->focus == 2);
	form_focus_next(f, -1);
	CHECK(f->focus == 0);
	f->focus = 1;
	form_insert(f, "9", 1); /* locked: ignored */
	CHECK_STR(form_value(f, "client"), "100");
	form_reset(f);
	CHECK_STR(form_value(f, "client"), "100");
	form_free(f);
	catalog_free(&cat);
}

T_SUITE(form) = {
	{"url_rules", url_rules},
	{"live_checks", live_checks},
	{"editing", editing},
	{"focus_skips_locked", focus_skips_locked},
	{0},
};
