/* The language (core/base/i18n.c): names, the switch with no restart, the
 * error table in another language, and the config's language key. Reads
 * the catalogs `make check` builds (build/locale, beside build/unit-san). */
#include "t.h"
#include "config.h"
#include "errtable.h"
#include "i18n.h"
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
	{"config_language", config_language},
	{0},
};
