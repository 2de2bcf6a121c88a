/* Codes: UN/ECE Recommendation 20 rev. 17 (annex I). Piece, unit and each
 * are one thing in purchasing, so they all map to H87 (piece). */
#include "data/unit.h"
#include "util.h"
#include <stddef.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *code;
	const char *names[8];
} table[] = {
	{"H87", {"u", "unit", "units", "pc", "pcs", "st", "ea", "each"}},
	{"H87", {"piece", "pieces", "stk", "stück", "h87", "c62", "nos", NULL}}, /* ERPNext: Nos */
	{"KGM", {"kg", "kgm", "kilogram", NULL}},
	{"GRM", {"g", "gr", "grm", "gram", NULL}},
	{"TNE", {"t", "tne", "to", "tonne", NULL}},
	{"MTR", {"m", "mtr", "meter", "metre", NULL}},
	{"CMT", {"cm", "cmt", "centimeter", NULL}},
	{"MMT", {"mm", "mmt", "millimeter", NULL}},
	{"LTR", {"l", "ltr", "liter", "litre", NULL}},
	{"MTK", {"m²", "m2", "mtk", NULL}},
	{"MTQ", {"m³", "m3", "mtq", NULL}},
	{"HUR", {"h", "hr", "hur", "hour", "hours", NULL}},
	{"DAY", {"d", "day", "days", NULL}},
	{"BX", {"box", "bx", NULL}},
	{"PK", {"pack", "pk", "pac", NULL}},
	{"PR", {"pair", "pr", NULL}},
	{"SET", {"set", NULL}},
};

static const char *lookup(const char *s)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		for (int k = 0; k < 8 && table[i].names[k]; k++)
			if (!strcasecmp(s, table[i].names[k]))
				return table[i].code;
	return NULL;
}

const char *unit_code(const char *s)
{
	/* an order's lines mostly share their unit */
	static _Thread_local struct last_lookup last;
	return s && *s ? last_lookup(&last, s, lookup) : NULL;
}
