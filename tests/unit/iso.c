#include "iso.h"
#include "paths.h"
#include "pq_dl.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char iso_dir[256];
static const char *const env_names[4] = {"HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"};
static char *env_saved[4];

void iso_begin(const char *tag)
{
	char p[512];
	const char *tmp = getenv("TMPDIR");
	snprintf(iso_dir, sizeof(iso_dir), "%s/onramp-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
	if (!mkdtemp(iso_dir))
		abort();
	for (int i = 0; i < 4; i++)
		env_saved[i] = getenv(env_names[i]) ? strdup(getenv(env_names[i])) : NULL;
	snprintf(p, sizeof(p), "%s/data", iso_dir);
	setenv("XDG_DATA_HOME", p, 1);
	snprintf(p, sizeof(p), "%s/config", iso_dir);
	setenv("XDG_CONFIG_HOME", p, 1);
	snprintf(p, sizeof(p), "%s/cache", iso_dir);
	setenv("XDG_CACHE_HOME", p, 1);
	setenv("HOME", iso_dir, 1);
	iso_pg_database();
}

/* With ONRAMP_T_PG_SOCK (the PostgreSQL pass, tests/lib/pg.sh): a new
 * database on that server for each isolated test, as ONRAMP_DATABASE. */
void iso_pg_database(void)
{
	const char *sock = getenv("ONRAMP_T_PG_SOCK");
	static int n;
	char url[512], sql[128], name[64];
	const char *why;
	PGconn *c;

	if (!sock || !*sock)
		return;
	if (!pq_dl_load(&why)) { /* the program loads libpq itself (pq_dl.h); so do we */
		fprintf(stderr, "# libpq: %s\n", why);
		abort();
	}
	snprintf(name, sizeof(name), "t%ld_%d", (long)getpid(), ++n);
	snprintf(url, sizeof(url), "postgresql://onramp@/postgres?host=%s", sock);
	c = PQconnectdb(url);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s STRATEGY FILE_COPY", name);
	PQclear(PQexec(c, sql));
	PQfinish(c);
	snprintf(url, sizeof(url), "postgresql://onramp@/%s?host=%s", name, sock);
	setenv("ONRAMP_DATABASE", url, 1);
}

void iso_end(void)
{
	struct onr_error err;
	paths_remove_tree(iso_dir, &err);
	for (int i = 0; i < 4; i++) {
		if (env_saved[i])
			setenv(env_names[i], env_saved[i], 1);
		else
			unsetenv(env_names[i]);
		free(env_saved[i]);
		env_saved[i] = NULL;
	}
}

void iso_write_config(const char *text)
{
	char dir[PATHS_MAX], path[PATHS_MAX];
	struct onr_error err;
	paths_config_dir(dir, sizeof(dir), true, &err);
	paths_join(path, sizeof(path), dir, "config");
	paths_write_atomic(path, text, strlen(text), 0, &err);
}

int iso_mode(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (int)(st.st_mode & 0777) : -1;
}

void iso_data_path(char *out, size_t size, const char *rel)
{
	snprintf(out, size, "%s/data/onramp/%s", iso_dir, rel);
}

void iso_data_dir(char *out, size_t size, const char *rel)
{
	iso_data_path(out, size, rel);
	for (char *p = strchr(out + 1, '/'); p; p = strchr(p + 1, '/')) /* mkdir -p */
		*p = 0, mkdir(out, 0700), *p = '/';
	mkdir(out, 0700);
}

__attribute__((noinline)) char *iso_slurp(const char *path, size_t *len)
{
	char *t = NULL;
	struct onr_error err;
	paths_read(path, 1 << 24, false, &t, len, &err);
	return t;
}

void iso_spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, len, f);
	fclose(f);
}
