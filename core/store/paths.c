/* paths.c: XDG folders and careful file writes (see paths.h). */
#include "paths.h"
#include "i18n.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

/* The message is a whole sentence per action (a translator never gets a
 * verb to fit into "Could not %s"); errno decides the hint. */
void paths_error(struct onr_error *err, int errnum, const char *fmt, ...)
{
	char msg[256];
	const char *cause;
	va_list ap;

	switch (errnum) {
	case EACCES:
	case EPERM:
		cause = _("onramp is not allowed to do that. Check the owner and permissions of the file and its folder, "
			  "then try again.");
		break;
	case ENOSPC:
	case EDQUOT:
		cause = _("The disk is full. Free some space, then try again.");
		break;
	case EROFS:
		cause = _("The file system is read-only. Use a writable home folder or set XDG_DATA_HOME / "
			  "XDG_CONFIG_HOME, then try again.");
		break;
	case ENAMETOOLONG:
		cause = _("The path is too long. Use a shorter XDG_DATA_HOME / XDG_CONFIG_HOME, then try again.");
		break;
	default:
		cause = _("Check that the folder exists, is yours and is writable, then try again.");
		break;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	error_set(err, EXIT_STORE, "store", "store.io", msg, cause, NULL);
	str_copy(err->tech, sizeof(err->tech), strerror(errnum));
}

int paths_join(char *out, size_t size, const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	int n;

	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	n = snprintf(out, size, "%.*s/%s", (int)dl, dir, name);
	if (n < 0 || (size_t)n >= size) {
		if (size)
			out[0] = 0;
		return -1;
	}
	return 0;
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && h[0] == '/')
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

int paths_expand(char *out, size_t size, const char *base, const char *path)
{
	if (path[0] == '/')
		return snprintf(out, size, "%s", path) < (int)size ? 0 : -1;
	if (path[0] == '~' && (path[1] == '/' || path[1] == 0))
		return paths_join(out, size, home_dir(), path[1] ? path + 2 : "");
	return paths_join(out, size, base, path);
}

/* mkdir of path and each folder above it that is missing */
static int make_each(const char *path, struct onr_error *err)
{
	char tmp[PATHS_MAX];
	if (strlen(path) >= sizeof(tmp) || path[0] != '/') {
		paths_error(err, path[0] != '/' ? EINVAL : ENAMETOOLONG, _("Could not create the folder \"%s\"."), path);
		return -1;
	}
	str_copy(tmp, sizeof(tmp), path);
	for (char *p = tmp + 1; ; p++) {
		if (*p != '/' && *p != 0)
			continue;
		char c = *p;
		*p = 0;
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST) {
			paths_error(err, errno, _("Could not create the folder \"%s\"."), tmp);
			return -1;
		}
		*p = c;
		if (!c)
			return 0;
	}
}

int paths_mkdirs(const char *path, bool tighten, struct onr_error *err)
{
	struct stat st;
	/* nearly always the folder is there: one stat, not a mkdir for each
	 * folder from the root down (a connect asked for them a dozen times) */
	bool there = path[0] == '/' && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	if (!there && make_each(path, err) != 0)
		return -1;
	if (!there && stat(path, &st) != 0) {
		paths_error(err, errno, _("Could not use the folder \"%s\"."), path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		paths_error(err, ENOTDIR, _("Could not use the folder \"%s\"."), path);
		return -1;
	}
	if (tighten && st.st_uid != getuid()) {
		/* the sealed credentials and the database would be another's to read and swap */
		char msg[256], hint[768];
		str_fmt(msg, sizeof(msg), _("The folder \"%s\" belongs to another user."), path);
		str_fmt(hint, sizeof(hint),
			_("onramp keeps credentials there, so it must be yours. Use your own home folder, or "
			"point XDG_DATA_HOME / XDG_CONFIG_HOME at a folder of yours."));
		error_set(err, EXIT_STORE, "store", "store.not_owner", msg, hint, NULL);
		return -1;
	}
	if (tighten && (st.st_mode & 077) && chmod(path, 0700) != 0) {
		paths_error(err, errno, _("Could not set the permissions of \"%s\"."), path);
		return -1;
	}
	return 0;
}

static int onramp_dir(const char *var, const char *fallback, char *out, size_t size,
		      bool create, struct onr_error *err)
{
	const char *x = getenv(var);
	char base[PATHS_MAX];

	if (x && x[0] == '/')
		str_copy(base, sizeof(base), x);
	else if (paths_join(base, sizeof(base), home_dir(), fallback) != 0)
		goto toolong;
	if (paths_join(out, size, base, "onramp") != 0)
		goto toolong;
	if (create && paths_mkdirs(out, true, err) != 0)
		return -1;
	return 0;
toolong:
	paths_error(err, ENAMETOOLONG, _("Could not use the folder \"%s\"."), x ? x : fallback);
	return -1;
}

int paths_config_dir(char *out, size_t size, bool create, struct onr_error *err)
{
	return onramp_dir("XDG_CONFIG_HOME", ".config", out, size, create, err);
}

int paths_data_dir(char *out, size_t size, bool create, struct onr_error *err)
{
	return onramp_dir("XDG_DATA_HOME", ".local/share", out, size, create, err);
}

static void dir_of(char *out, size_t size, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		str_copy(out, size, ".");
	else if (slash == path)
		str_copy(out, size, "/");
	else
		str_fmt(out, size, "%.*s", (int)(slash - path), path);
}

int paths_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int paths_write_atomic(const char *path, const void *data, size_t len, int flags,
		       struct onr_error *err)
{
	char dir[PATHS_MAX], tmp[PATHS_MAX];
	const char *base = strrchr(path, '/');
	uint32_t r = randombytes_random();
	int fd, e, rc = 0;

	base = base ? base + 1 : path;
	dir_of(dir, sizeof(dir), path);
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.tmp.%ld.%08x", dir, base, (long)getpid(),
		     (unsigned)r) >= (int)sizeof(tmp)) {
		paths_error(err, ENAMETOOLONG, _("Could not write \"%s\"."), path);
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		paths_error(err, errno, _("Could not write \"%s\"."), path);
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		e = errno;
		close(fd);
		unlink(tmp);
		paths_error(err, e, _("Could not write \"%s\"."), path);
		return -1;
	}
	if (close(fd) != 0) {
		e = errno;
		unlink(tmp);
		paths_error(err, e, _("Could not write \"%s\"."), path);
		return -1;
	}
	if (flags & PATHS_NO_REPLACE) {
		if (link(tmp, path) != 0) {
			e = errno;
			unlink(tmp);
			if (e == EEXIST)
				return 1;
			paths_error(err, e, _("Could not write \"%s\"."), path);
			return -1;
		}
		unlink(tmp);
	} else if (rename(tmp, path) != 0) {
		e = errno;
		unlink(tmp);
		paths_error(err, e, _("Could not write \"%s\"."), path);
		return -1;
	}
	if (paths_fsync_dir(dir) != 0) {
		paths_error(err, errno, _("Could not save the folder of \"%s\" to disk."), path);
		rc = -1;
	}
	return rc;
}

int paths_destroy(const char *path, struct onr_error *err)
{
	char dir[PATHS_MAX];
	static const char zeros[4096];
	struct stat st;
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		if (errno != ELOOP) {
			paths_error(err, errno, _("Could not destroy \"%s\"."), path);
			return -1;
		}
	} else {
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
			off_t left = st.st_size;
			while (left > 0) {
				size_t n = left > (off_t)sizeof(zeros) ? sizeof(zeros) : (size_t)left;
				if (write_all(fd, zeros, n) != 0)
					break;
				left -= (off_t)n;
			}
			fsync(fd);
		}
		close(fd);
	}
	if (unlink(path) != 0 && errno != ENOENT) {
		paths_error(err, errno, _("Could not delete \"%s\"."), path);
		return -1;
	}
	dir_of(dir, sizeof(dir), path);
	paths_fsync_dir(dir);
	return 0;
}

static int rm_one(const char *fpath, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (type == FTW_DP)
		return rmdir(fpath) == 0 ? 0 : -1;
	return unlink(fpath) == 0 ? 0 : -1;
}

int paths_remove_tree(const char *path, struct onr_error *err)
{
	struct stat st;
	char dir[PATHS_MAX];

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		paths_error(err, errno, _("Could not delete \"%s\"."), path);
		return -1;
	}
	errno = 0;
	if (nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0) {
		paths_error(err, errno ? errno : EIO, _("Could not delete \"%s\"."), path);
		return -1;
	}
	dir_of(dir, sizeof(dir), path);
	paths_fsync_dir(dir);
	return 0;
}

int paths_read(const char *path, size_t max, bool secure, char **out, size_t *len,
	       struct onr_error *err)
{
	struct stat st;
	char *p;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*out = NULL;
	if (len)
		*len = 0;
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		paths_error(err, errno, _("Could not read \"%s\"."), path);
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		paths_error(err, e, _("Could not read \"%s\"."), path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		paths_error(err, S_ISDIR(st.st_mode) ? EISDIR : EINVAL, _("Could not read \"%s\"."), path);
		return -1;
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		paths_error(err, EFBIG, _("Could not read \"%s\": it is far larger than expected."), path);
		return -1;
	}
	p = secure ? sodium_malloc((size_t)st.st_size + 1) : malloc((size_t)st.st_size + 1);
	if (!p) {
		close(fd);
		paths_error(err, ENOMEM, _("Could not read \"%s\"."), path);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, p + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			secure ? sodium_free(p) : free(p);
			paths_error(err, e, _("Could not read \"%s\"."), path);
			return -1;
		}
		if (n == 0)
			break; /* the file shrank meanwhile */
		got += (size_t)n;
	}
	close(fd);
	p[got] = 0;
	*out = p;
	if (len)
		*len = got;
	return 0;
}
