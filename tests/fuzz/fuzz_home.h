/* fuzz_home.h: a HOME and XDG folders of the fuzzer's own (under /dev/shm
 * when there is one, so the store's fsyncs cost little), made once, and a
 * way to write one file of it per input. */
#ifndef FUZZ_HOME_H
#define FUZZ_HOME_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static char fuzz_dir[256];

static const char *fuzz_home(void)
{
	if (fuzz_dir[0])
		return fuzz_dir;
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/onramp-fuzz-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(fuzz_dir))
		abort();
	char p[320];
	setenv("HOME", fuzz_dir, 1);
	snprintf(p, sizeof(p), "%s/config", fuzz_dir);
	setenv("XDG_CONFIG_HOME", p, 1);
	snprintf(p, sizeof(p), "%s/data", fuzz_dir);
	setenv("XDG_DATA_HOME", p, 1);
	snprintf(p, sizeof(p), "%s/cache", fuzz_dir);
	setenv("XDG_CACHE_HOME", p, 1);
	unsetenv("XDG_RUNTIME_DIR");
	return fuzz_dir;
}

/* $fuzz_dir/REL (folders made 0700). */
static void fuzz_path(char *out, size_t size, const char *rel)
{
	char tmp[512];
	snprintf(out, size, "%s/%s", fuzz_home(), rel);
	snprintf(tmp, sizeof(tmp), "%s", out);
	for (char *s = tmp + strlen(fuzz_dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = 0;
		mkdir(tmp, 0700);
		*s = '/';
	}
}

static void fuzz_spit(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len))
		abort();
	fclose(f);
	chmod(path, 0600);
}

/* Removes the files of $fuzz_dir/REL whose names start with prefix. */
static void fuzz_clean(const char *rel, const char *prefix)
{
	char dir[512], p[1024];
	snprintf(dir, sizeof(dir), "%s/%s", fuzz_home(), rel);
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL)
		if (!strncmp(e->d_name, prefix, strlen(prefix))) {
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
	closedir(d);
}
#endif
