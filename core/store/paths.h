/* paths.h: where onramp keeps its files (XDG base directories), and the
 * careful file operations the store and the key files share: folders made
 * 0700 on demand, atomic 0600 writes (temporary file, fsync, rename, fsync
 * of the folder) and destruction of a file (overwrite, fsync, unlink).
 *
 *   config: $XDG_CONFIG_HOME/onramp  (else ~/.config/onramp)
 *   data:   $XDG_DATA_HOME/onramp    (else ~/.local/share/onramp)
 *
 * A relative XDG_*_HOME is ignored, as the XDG spec says. Every failure
 * fills an onr_error (exit EXIT_STORE, stage "store") naming the path. */
#ifndef ONRAMP_PATHS_H
#define ONRAMP_PATHS_H
#include <stdbool.h>
#include <stddef.h>
#include "error.h"

#define PATHS_MAX 4096

/* The onramp config / data folder. With create, missing folders are made
 * 0700 (and onramp's own folder is tightened to 0700 if it is looser). */
int paths_config_dir(char *out, size_t size, bool create, struct onr_error *err);
int paths_data_dir(char *out, size_t size, bool create, struct onr_error *err);

/* out = dir + "/" + name. Returns -1 (out = "") when it does not fit. */
int paths_join(char *out, size_t size, const char *dir, const char *name);
/* Resolves a path from a config file: "~/x" is under $HOME, a relative path
 * is under base, an absolute path stays. Returns -1 when it does not fit. */
int paths_expand(char *out, size_t size, const char *base, const char *path);

/* Makes path and any missing parents (new folders 0700). With tighten, the
 * last folder is chmod'ed to 0700 when it is looser. */
int paths_mkdirs(const char *path, bool tighten, struct onr_error *err);
/* fsyncs a folder so a rename or unlink in it survives a crash. */
int paths_fsync_dir(const char *dir);

/* Writes data to path atomically as a 0600 file: a temporary file beside
 * it, write, fsync, then rename (or, with PATHS_NO_REPLACE, link: the call
 * returns 1 and leaves the existing file alone when path exists), then
 * fsync of the folder. Returns 0 on success, -1 on error. */
#define PATHS_NO_REPLACE 1
int paths_write_atomic(const char *path, const void *data, size_t len, int flags,
		       struct onr_error *err);

/* Overwrites a file with zeros, fsyncs it, unlinks it and fsyncs the folder.
 * A file that is already gone is not an error. (On copy-on-write or
 * journalling file systems old blocks may survive; the sealed content is
 * ciphertext anyway.) */
int paths_destroy(const char *path, struct onr_error *err);
/* Removes a folder and everything under it (does not follow symlinks).
 * A folder that is already gone is not an error. */
int paths_remove_tree(const char *path, struct onr_error *err);

/* Reads a regular file of at most max bytes into memory that is
 * NUL-terminated; with secure the memory is sodium_malloc'd (free it with
 * sodium_free), else malloc'd. Returns 0, 1 when the file does not exist
 * (err untouched), -1 on error. */
int paths_read(const char *path, size_t max, bool secure, char **out, size_t *len,
	       struct onr_error *err);

/* Fills err for a failed file operation: fmt is the whole sentence with the
 * path, e.g. _("Could not write \"%s\"."), path (so translators get whole
 * sentences); errnum gives the hint, and errno's text the technical line. */
void paths_error(struct onr_error *err, int errnum, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#endif
