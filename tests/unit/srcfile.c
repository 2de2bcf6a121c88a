/* srcfile.c: see srcfile.h. */
#include "srcfile.h"
#include "util.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder above the one this binary is in (build/unit-san). */
static const char *exe_root(void)
{
	static char dir[1024];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	char *slash;
	if (n <= 0)
		return ".";
	dir[n] = 0;
	for (int up = 0; up < 2 && (slash = strrchr(dir, '/')); up++)
		*slash = 0;
	return dir;
}

const char *src_root(void)
{
	const char *dir = getenv("ONRAMP_SRCDIR");
	if (dir && *dir)
		return dir;
	return access("core/base/error.h", R_OK) == 0 ? "." : exe_root();
}

char *src_read(const char *rel, size_t *len)
{
	char path[1024];
	return file_read(str_fmt(path, sizeof(path), "%s/%s", src_root(), rel), len);
}

static bool is_c_file(const char *name)
{
	size_t n = strlen(name);
	return n > 2 && !strcmp(name + n - 2, ".c");
}

void src_each_c(const char *rel, void (*fn)(const char *path, void *arg), void *arg)
{
	char dir[1024], path[1024];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(str_fmt(dir, sizeof(dir), "%s/%s", src_root(), rel));
	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		str_fmt(path, sizeof(path), "%s/%s", rel, e->d_name);
		if (stat(str_fmt(dir, sizeof(dir), "%s/%s", src_root(), path), &st) == 0 && S_ISDIR(st.st_mode))
			src_each_c(path, fn, arg);
		else if (is_c_file(e->d_name))
			fn(path, arg);
	}
	closedir(d);
}
