/* The drop-in cache (core/catalog/dropin_cache.h): a second start reads
 * the stubs and the search index from the cache; a changed file (even
 * with its size and time kept), a damaged, truncated or foreign cache
 * is never used: the entries are always the file's own. */
#include "catalog.h"
#include "catalog_index.h"
#include "dropin_cache.h"
#include "iso.h"
#include "search.h"
#include "t.h"
#include "util.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char file_a[] =
	"{\"version\": 1, \"systems\": [\n"
	"  {\"id\": \"acme-erp\", \"name\": \"Acme ERP\", \"vendor\": \"Acme\", \"category\": \"ERP\",\n"
	"   \"aliases\": [\"acme one\", \"a1\"], \"auth\": \"basic\", \"popular\": 3},\n"
	"  {\"id\": \"tryton\", \"name\": \"Tryton (ours)\", \"auth\": \"tryton\"},\n"
	"  {\"id\": \"zed-wms\", \"name\": \"Zed Warehouse\", \"vendor\": \"Zed\", \"category\": \"WMS\",\n"
	"   \"auth\": {\"method\": \"bearer\"}, \"core\": true, \"available\": false}\n"
	"]}\n";
/* the same length: one letter of a name changed ("Acme" to "Acne") */
static const char file_b[] =
	"{\"version\": 1, \"systems\": [\n"
	"  {\"id\": \"acme-erp\", \"name\": \"Acne ERP\", \"vendor\": \"Acme\", \"category\": \"ERP\",\n"
	"   \"aliases\": [\"acme one\", \"a1\"], \"auth\": \"basic\", \"popular\": 3},\n"
	"  {\"id\": \"tryton\", \"name\": \"Tryton (ours)\", \"auth\": \"tryton\"},\n"
	"  {\"id\": \"zed-wms\", \"name\": \"Zed Warehouse\", \"vendor\": \"Zed\", \"category\": \"WMS\",\n"
	"   \"auth\": {\"method\": \"bearer\"}, \"core\": true, \"available\": false}\n"
	"]}\n";

static char dropin[600], stubs_cache[700], search_cache[700];

static void setup(const char *text)
{
	char dir[512];
	iso_begin("dcache");
	iso_data_dir(dir, sizeof(dir), "systems.d");
	snprintf(dropin, sizeof(dropin), "%s/a.json", dir);
	iso_spit(dropin, text, strlen(text));
	stubs_cache[0] = search_cache[0] = 0;
}

/* The cache files, once a load has written them. */
static void find_caches(void)
{
	char cdir[300];
	struct dirent *e;
	snprintf(cdir, sizeof(cdir), "%s/cache/onramp", iso_dir);
	DIR *d = opendir(cdir);
	while (d && (e = readdir(d))) {
		if (!strncmp(e->d_name, "dropin-", 7))
			snprintf(stubs_cache, sizeof(stubs_cache), "%s/%.64s", cdir, e->d_name);
		else if (!strncmp(e->d_name, "search-", 7))
			snprintf(search_cache, sizeof(search_cache), "%s/%.64s", cdir, e->d_name);
	}
	if (d)
		closedir(d);
}

static ino_t inode(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* The catalog loaded and searched as the wizard does; what it says of
 * acme-erp, zed-wms and tryton must be the file's, and the index must
 * rank as one built fresh did at the test's first load (expect). */
static const char *const queries[] = {"acme", "acne", "zed", "a1", "warehouse", "tryton", "erp"};
static size_t expect[7][5]; /* per query: the count, then the first four */

static void check_load(const char *acme_name, const char *why, bool fresh)
{
	struct catalog cat;
	struct onr_error err;
	size_t out[4];
	CHECK(catalog_load_default(&cat, &err) == 0);
	const struct system *a = catalog_find(&cat, "acme-erp"), *z = catalog_find(&cat, "zed-wms");
	const struct system *t = catalog_find(&cat, "tryton");
	if (!a || !z || !t || strcmp(a->name, acme_name) || a->naliases != 2 || strcmp(a->aliases[1], "a1") ||
	    a->popular != 3 || !z->core || z->available || strcmp(z->auth.method, "bearer") || !t->replaces ||
	    strcmp(t->name, "Tryton (ours)"))
		T_FAIL("%s: the entries differ from the file's", why);
	struct search *s = fresh ? search_new(&cat) : catalog_search_new(&cat);
	for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
		size_t n = search_run(s, queries[q], NULL, NULL, 0, out, 4);
		if (fresh) {
			expect[q][0] = n;
			memcpy(&expect[q][1], out, (n < 4 ? n : 4) * sizeof(*out));
		} else if (n != expect[q][0] || memcmp(out, &expect[q][1], (n < 4 ? n : 4) * sizeof(*out))) {
			T_FAIL("%s: \"%s\" ranks otherwise than a fresh index", why, queries[q]);
		}
	}
	search_free(s);
	catalog_free(&cat);
}

static void second_start_reads_the_cache(void)
{
	setup(file_a);
	check_load("Acme ERP", "fresh", true);
	check_load("Acme ERP", "first start", false);
	find_caches();
	CHECK(stubs_cache[0] && search_cache[0]);
	CHECK(iso_mode(stubs_cache) == 0600 && iso_mode(search_cache) == 0600);
	ino_t i1 = inode(stubs_cache), i2 = inode(search_cache);
	check_load("Acme ERP", "second start", false);
	CHECK(inode(stubs_cache) == i1 && inode(search_cache) == i2); /* read, not rewritten */
	iso_end();
}

/* An edit that keeps the size and the time is still seen: the key is the content. */
static void changed_file_same_size_and_time(void)
{
	struct stat st;
	setup(file_a);
	check_load("Acme ERP", "fresh", true);
	check_load("Acme ERP", "first start", false);
	find_caches();
	ino_t i1 = inode(stubs_cache);
	CHECK(stat(dropin, &st) == 0);
	iso_spit(dropin, file_b, strlen(file_b));
	struct timespec times[2] = {st.st_atim, st.st_mtim};
	CHECK(utimensat(AT_FDCWD, dropin, times, 0) == 0);
	CHECK(stat(dropin, &st) == 0 && (size_t)st.st_size == strlen(file_a) &&
	      st.st_mtim.tv_sec == times[1].tv_sec && st.st_mtim.tv_nsec == times[1].tv_nsec);
	check_load("Acne ERP", "fresh, changed", true); /* the new name, not the cached one */
	CHECK(inode(stubs_cache) != i1); /* rewritten for the new content */
	check_load("Acne ERP", "changed file", false);
	check_load("Acne ERP", "changed file, cached", false);
	iso_spit(dropin, file_a, strlen(file_a)); /* and back */
	check_load("Acme ERP", "fresh, restored", true);
	check_load("Acme ERP", "file restored", false);
	iso_end();
}

/* Every byte of each cache flipped in turn, then cut short: never a crash
 * (ASan), never an entry that is not the file's. */
static void damaged_cache_is_rebuilt(void)
{
	setup(file_a);
	check_load("Acme ERP", "fresh", true);
	check_load("Acme ERP", "first start", false);
	find_caches();
	const char *caches[2] = {stubs_cache, search_cache};
	for (int c = 0; c < 2; c++) {
		size_t len;
		char *good = iso_slurp(caches[c], &len);
		CHECK(good && len > 64);
		for (size_t i = 0; good && i < len; i += 1 + i / (c ? 16 : 32)) {
			char *bad = xmalloc(len);
			memcpy(bad, good, len);
			bad[i] ^= (char)(1 << (i % 8));
			iso_spit(caches[c], bad, len);
			chmod(caches[c], 0600);
			check_load("Acme ERP", c ? "search cache damaged" : "stubs cache damaged", false);
			free(bad);
		}
		for (size_t cut = 0; good && cut < len; cut += len / 7 + 1) {
			iso_spit(caches[c], good, cut);
			chmod(caches[c], 0600);
			check_load("Acme ERP", "cache cut short", false);
		}
		free(good);
	}
	/* a cache others may write is not trusted */
	check_load("Acme ERP", "rebuilt", false);
	chmod(stubs_cache, 0666);
	ino_t i1 = inode(stubs_cache);
	check_load("Acme ERP", "cache of mode 0666", false);
	CHECK(inode(stubs_cache) != i1 && iso_mode(stubs_cache) == 0600);
	iso_end();
}

/* A broken drop-in file is still refused with its line, cache or not. */
static void broken_file_not_cached(void)
{
	static const char broken[] = "{\"systems\": [\n{\"id\": \"a\", \"name\": \"A\", \"auth\": \"basic\"},\n"
				     "{\"id\": \"b\", \"name\": \"B\", \"fields\": {}, \"auth\": \"basic\"}]}";
	struct catalog cat;
	struct onr_error err;
	setup(broken);
	for (int round = 0; round < 2; round++) {
		CHECK(catalog_load_default(&cat, &err) == 0);
		CHECK(strstr(err.message, "line 3") && catalog_find(&cat, "a") == NULL);
		catalog_free(&cat);
	}
	find_caches();
	CHECK(!stubs_cache[0]);
	iso_end();
}

T_SUITE(dropin_cache) = {
	{"second_start_reads_the_cache", second_start_reads_the_cache},
	{"changed_file_same_size_and_time", changed_file_same_size_and_time},
	{"damaged_cache_is_rebuilt", damaged_cache_is_rebuilt},
	{"broken_file_not_cached", broken_file_not_cached},
	{0},
};
