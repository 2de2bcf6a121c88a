/* The language (core/base/i18n.c): names, the switch with no restart, the
 * error table in another language, and the config's language key. Reads
 * the catalogs `make check` builds (build/locale, beside build/unit-san). */
#include "t.h"
#include "config.h"
#include "errtable.h"
#include "i18n.h"
#include "paths.h"
#include "theme.h"
#include "webhooks/wh_status.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void names(void)
{
	CHECK(i18n_valid("de"));
	CHECK(i18n_valid("pt_BR"));
	CHECK(i18n_valid("en@pseudo"));
	CHECK(!i18n_valid(""));
	CHECK(!i18n_valid("../de"));
	CHECK(!i18n_valid("de de"));
	CHECK(i18n_set("a/b") < 0);
}

/* Every text is looked up when it is used, so a switch takes effect at once;
 * English leaves the msgid as it is. */
static void switch_at_once(void)
{
	i18n_start();
	CHECK(i18n_set("de") == 0);
	CHECK_STR(_("Connection failed"), "Verbindung fehlgeschlagen");
	CHECK_STR(i18n_current(), "de");
	CHECK_STR(i18n_next(), "es");
	CHECK_STR(_("Connection failed"), "Conexión fallida");
	CHECK_STR(i18n_next(), "fr");
	CHECK_STR(i18n_next(), "pt_BR");
	CHECK_STR(i18n_next(), "en");
	CHECK_STR(_("Connection failed"), "Connection failed");
	CHECK_STR(i18n_current(), "en");
	CHECK_STR(NG_("uses %d credit", "uses %d credits", 2), "uses %d credits");
	i18n_set("de");
	CHECK_STR(NG_("uses %d credit", "uses %d credits", 1), "belegt %d Credit");
	i18n_set("en");
}

/* The error table's rows are translated before {host} goes in; the code
 * and the exit code stay. */
static void errtable_translated(void)
{
	struct onr_error e;
	struct err_vars v = {.host = "erp.example"};
	const struct err_row *row = errtable_for_code("connect.refused");
	i18n_start();
	CHECK(row != NULL);
	if (!row)
		return;
	i18n_set("fr");
	errtable_fill(&e, row, &v);
	CHECK_STR(e.message, "Le serveur \"erp.example\" n'a pas accepté la connexion.");
	CHECK_STR(e.code, "connect.refused");
	CHECK(e.exit == EXIT_NETWORK);
	i18n_set("en");
	errtable_fill(&e, row, &v);
	CHECK_STR(e.message, "The server \"erp.example\" did not accept the connection.");
}

/* core's store, theme and webhook texts: a whole sentence per file action
 * (never "Could not %s" with an English verb), a theme's mistake with its
 * reason, and the webhook words' plural forms with reordered arguments. */
static void core_texts_translated(void)
{
	struct onr_error e;
	struct theme t;
	struct db_failing f = {.eid = "evt_1", .type = "sync.completed", .endpoint = "wh_1", .attempts = 1,
			       .last_status = 500};
	struct wh_words w;
	i18n_start();
	i18n_set("de");
	paths_error(&e, EACCES, _("Could not write \"%s\"."), "/x/y");
	CHECK_STR(e.message, "\"/x/y\" konnte nicht geschrieben werden.");
	CHECK(strstr(e.hint, "onramp darf das nicht") != NULL);
	CHECK_STR(e.code, "store.io");
	CHECK(theme_parse(&t, "title = white\n", "x.theme", &e) != 0);
	CHECK_STR(e.message,
		  "Das Farbschema x.theme hat einen Fehler in Zeile 1: braucht eine Vordergrund- und eine Hintergrundfarbe.");
	CHECK(theme_load(&t, "nosuch", &e) != 0);
	CHECK_STR(e.message, "Es gibt kein Farbschema namens \"nosuch\".");
	wh_failing_words(&f, 1000, &w);
	CHECK(strstr(w.what, "wh_1: 1 Versuch fehlgeschlagen; letzte Antwort: HTTP 500") != NULL);
	f.attempts = 2;
	wh_failing_words(&f, 1000, &w);
	CHECK(strstr(w.what, "2 Versuche fehlgeschlagen") != NULL);
	i18n_set("en");
	wh_failing_words(&f, 1000, &w);
	CHECK(strstr(w.what, "sync.completed (evt_1) to wh_1: 2 attempts failed") != NULL);
}

static void config_language(void)
{
	struct config cfg;
	struct onr_error err;
	config_defaults(&cfg, "/tmp");
	CHECK_STR(cfg.language, "");
	CHECK(config_parse(&cfg, "language = pt_BR\n", "test", &err) == 0);
	CHECK_STR(cfg.language, "pt_BR");
	CHECK(config_parse(&cfg, "language =\n", "test", &err) == 0);
	CHECK_STR(cfg.language, "");
	CHECK(config_parse(&cfg, "language = ../de\n", "test", &err) != 0);
	CHECK_STR(err.code, "config.invalid");
	CHECK(strstr(err.message, "language") != NULL);
}

T_SUITE(i18n) = {
	{"names", names},
	{"switch_at_once", switch_at_once},
	{"errtable_translated", errtable_translated},
	{"core_texts_translated", core_texts_translated},
	{"config_language", config_language},
	{0},
};
