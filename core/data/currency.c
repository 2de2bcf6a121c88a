/* The table holds the currencies ERP customers use most, with the names
 * NetSuite, Tryton (its currency module's data), SAP and Business Central
 * show. Minor units from ISO 4217 (SIX's list one, 2024). */
#include "data/currency.h"
#include "util.h"
#include <stddef.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *iso;
	int places;
	const char *names[3];
} table[] = {
	{"EUR", 2, {"Euro", NULL}},
	{"USD", 2, {"US Dollar", "U.S. Dollar", "United States Dollar"}},
	{"GBP", 2, {"British Pound", "Pound Sterling", "British pound sterling"}},
	{"CHF", 2, {"Swiss Franc", NULL}},
	{"JPY", 0, {"Japanese Yen", "Yen", NULL}},
	{"CNY", 2, {"Chinese Yuan", "Yuan Renminbi", "Renminbi"}},
	{"CAD", 2, {"Canadian Dollar", NULL}},
	{"AUD", 2, {"Australian Dollar", NULL}},
	{"NZD", 2, {"New Zealand Dollar", NULL}},
	{"SEK", 2, {"Swedish Krona", NULL}},
	{"NOK", 2, {"Norwegian Krone", NULL}},
	{"DKK", 2, {"Danish Krone", NULL}},
	{"PLN", 2, {"Polish Zloty", "Zloty", NULL}},
	{"CZK", 2, {"Czech Koruna", NULL}},
	{"HUF", 2, {"Hungarian Forint", "Forint", NULL}},
	{"INR", 2, {"Indian Rupee", NULL}},
	{"MXN", 2, {"Mexican Peso", NULL}},
	{"BRL", 2, {"Brazilian Real", NULL}},
	{"ZAR", 2, {"South African Rand", "Rand", NULL}},
	{"SGD", 2, {"Singapore Dollar", NULL}},
	{"HKD", 2, {"Hong Kong Dollar", NULL}},
	{"KRW", 0, {"South Korean Won", "Won", NULL}},
	{"TRY", 2, {"Turkish Lira", NULL}},
	{"AED", 2, {"UAE Dirham", "United Arab Emirates Dirham", NULL}},
	{"SAR", 2, {"Saudi Riyal", NULL}},
	{"KWD", 3, {"Kuwaiti Dinar", NULL}},
	{"BHD", 3, {"Bahraini Dinar", NULL}},
};

static const char *lookup(const char *s)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (!strcasecmp(s, table[i].iso))
			return table[i].iso;
		for (int k = 0; k < 3 && table[i].names[k]; k++)
			if (!strcasecmp(s, table[i].names[k]))
				return table[i].iso;
	}
	return NULL;
}

const char *currency_iso(const char *s)
{
	/* the orders of a page are mostly in one currency */
	static _Thread_local struct last_lookup last;
	return s && *s ? last_lookup(&last, s, lookup) : NULL;
}

int currency_places(const char *iso)
{
	static _Thread_local size_t last; /* the row found last time: the usual answer */
	if (iso && last < sizeof(table) / sizeof(table[0]) && !strcmp(iso, table[last].iso))
		return table[last].places;
	for (size_t i = 0; iso && i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(iso, table[i].iso)) {
			last = i;
			return table[i].places;
		}
	return 2;
}
