/* systems_stats.c: `onramp systems --stats`, the catalog counted as the
 * README states it (issue 16). The output is the README's table, line for
 * line, so the README can be checked against the program. */
#include "systems_stats.h"
#include "catalog_stats.h"
#include "util.h"
#include <stdio.h>

/* 1976 -> "1,976": the README's way of writing counts */
static const char *grouped(size_t n, char *buf, size_t size)
{
	if (n < 1000)
		str_fmt(buf, size, "%zu", n);
	else
		str_fmt(buf, size, "%zu,%03zu", n / 1000, n % 1000);
	return buf;
}

/* one cell: "| text " or, empty, "| " (the README's table writes "| |") */
static void cell(const char *text)
{
	printf(*text ? "| %s " : "| ", text);
}

static void row(const char *left, size_t nl, bool has_left, const char *right, size_t nr, bool has_right)
{
	char a[32], b[32];
	cell(has_left ? left : "");
	cell(has_left ? grouped(nl, a, sizeof(a)) : "");
	cell(has_right ? right : "");
	cell(has_right ? grouped(nr, b, sizeof(b)) : "");
	printf("|\n");
}

void systems_stats_print(const struct catalog *cat)
{
	struct catalog_stats st;
	char t[32], av[32], ia[32];
	static const char *const depth[] = {"credentials verified",
					    "server and its auth challenge only (the screen says so)",
					    "listed as \"not available yet\", with the reason"};
	catalog_stats(cat, &st);
	const size_t dn[] = {st.verified, st.server_only, st.unavailable};
	printf("| by category (available) | | by depth of the check | |\n|---|---|---|---|\n");
	for (size_t i = 0; i < st.ncats || i < 3; i++)
		row(i < st.ncats ? st.cats[i].name : "", i < st.ncats ? st.cats[i].available : 0, i < st.ncats,
		    i < 3 ? depth[i] : "", i < 3 ? dn[i] : 0, i < 3);
	printf("\n%s systems, %s available to connect.\n", grouped(st.total, t, sizeof(t)),
	       grouped(st.available, av, sizeof(av)));
	printf("**Industrial** (ERP, CMMS/EAM, WMS, MES, procurement): %zu entries, %s connectable, "
	       "%zu of them verifying the credentials.\n",
	       st.industrial, grouped(st.industrial_available, ia, sizeof(ia)), st.industrial_verified);
	fflush(stdout);
}
