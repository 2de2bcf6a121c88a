/* dropin_cache.c: see dropin_cache.h.
 *
 * A cache file is a header, then its body; the header holds the checksum
 * of the body, so a flipped bit anywhere is found before anything is
 * used. The stubs' file body: records (struct dc_rec), alias string
 * offsets, then the strings, each NUL-terminated, the last byte a NUL, so
 * any offset below the strings' length names a terminated string. */
#include "dropin_cache.h"
#include "catalog_index.h"
#include "fasthash.h"
#include "paths.h"
#include "search.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define DC_MAGIC "onrdc001"
#define DS_MAGIC "onrds001"

struct dc_header {
	char magic[8];
	uint32_t recsize, syssize; /* this build's layouts */
	uint64_t key;      /* stubs: the drop-in file's checksum; search: the catalog's key */
	uint64_t file_len; /* stubs: the drop-in file's length */
	uint64_t n, naliases, strlen;
	uint64_t body_len, body_sum;
};

struct dc_rec {
	uint32_t id, name, vendor, category, method; /* string offsets */
	uint32_t naliases;
	uint64_t alias0; /* first of its alias offsets */
	int32_t tier, popular;
	uint8_t core, available, pad[6];
	uint64_t src_off, src_len;
};

uint64_t dropin_sum(const char *text, size_t len)
{
	return fast_hash(text, len, 0x6f6e72616d70ull);
}

/* A cache body's checksum, chained over 1 MiB pieces, so the writer can
 * take it reading the file back a piece at a time (a 250 MB index read
 * back whole would count twice in the peak memory of a first start). */
enum { SUM_PIECE = 1 << 20 };

static uint64_t body_sum(const char *p, size_t len, uint64_t key)
{
	uint64_t h = key;
	for (size_t at = 0; at < len; at += SUM_PIECE)
		h = fast_hash(p + at, len - at < SUM_PIECE ? len - at : SUM_PIECE, h);
	return h;
}

/* $XDG_CACHE_HOME/onramp (an absolute XDG_CACHE_HOME only), else
 * ~/.cache/onramp; made 0700 when create. */
static int cache_dir(char *out, size_t size, bool create)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct onr_error err;
	if (xdg && xdg[0] == '/')
		str_fmt(out, size, "%s/onramp", xdg);
	else if (home && home[0] == '/')
		str_fmt(out, size, "%s/.cache/onramp", home);
	else
		return -1;
	return create ? paths_mkdirs(out, true, &err) : 0;
}

static int cache_path(char *out, size_t size, const char *kind, uint64_t name, bool create)
{
	char dir[PATHS_MAX], file[64];
	if (cache_dir(dir, sizeof(dir), create) < 0)
		return -1;
	str_fmt(file, sizeof(file), "%s-%016llx", kind, (unsigned long long)name);
	return paths_join(out, size, dir, file);
}

/* ---- reading: a mapped cache file, checked -------------------------------- */

struct mapped {
	char *p;
	size_t len;
	const struct dc_header *h;
	const char *body;
};

/* Maps path when it is ours, private, and its header and body checksum
 * are sound for magic and key. */
static int map_cache(const char *path, const char *magic, uint64_t key, struct mapped *m)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077) ||
	    (size_t)st.st_size < sizeof(struct dc_header)) {
		close(fd);
		return -1;
	}
	m->len = (size_t)st.st_size;
	m->p = mmap(NULL, m->len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (m->p == MAP_FAILED)
		return -1;
	m->h = (const struct dc_header *)m->p;
	m->body = m->p + sizeof(*m->h);
	if (memcmp(m->h->magic, magic, 8) || m->h->recsize != sizeof(struct dc_rec) ||
	    m->h->syssize != sizeof(struct system) || m->h->key != key ||
	    m->h->body_len != m->len - sizeof(*m->h) || body_sum(m->body, m->h->body_len, key) != m->h->body_sum) {
		munmap(m->p, m->len);
		return -1;
	}
	return 0;
}

/* Every record's numbers inside the body and the drop-in file. */
static bool stubs_sound(const struct dc_header *h, const struct dc_rec *rec, const uint32_t *aoff,
			const char *str, size_t file_len)
{
	if (!h->strlen || str[h->strlen - 1])
		return false;
	for (uint64_t a = 0; a < h->naliases; a++)
		if (aoff[a] >= h->strlen)
			return false;
	for (uint64_t i = 0; i < h->n; i++) {
		const struct dc_rec *x = &rec[i];
		if (x->id >= h->strlen || x->name >= h->strlen || x->vendor >= h->strlen ||
		    x->category >= h->strlen || x->method >= h->strlen || !str[x->id] ||
		    x->alias0 > h->naliases || x->naliases > h->naliases - x->alias0 ||
		    x->src_off > file_len || x->src_len > file_len - x->src_off)
			return false;
	}
	return true;
}

static uint64_t path_name(const char *path)
{
	return fast_hash(path, strlen(path), 1);
}

int dropin_cache_read(struct catalog *cat, const char *path, const char *text, size_t len,
		      uint64_t sum, struct scan_result *r)
{
	char file[PATHS_MAX];
	struct mapped m;
	if (cache_path(file, sizeof(file), "dropin", path_name(path), false) < 0 ||
	    map_cache(file, DC_MAGIC, sum, &m) < 0)
		return -1;
	const struct dc_header *h = m.h;
	/* the body's parts, their sizes checked against its length first */
	uint64_t n = h->n, na = h->naliases, sl = h->strlen;
	bool fits = h->file_len == len && n <= h->body_len / sizeof(struct dc_rec) &&
		    na <= h->body_len / 4 && sl <= h->body_len &&
		    n * sizeof(struct dc_rec) + na * 4 + sl == h->body_len;
	const struct dc_rec *rec = (const struct dc_rec *)m.body;
	const uint32_t *aoff = (const uint32_t *)(m.body + n * sizeof(struct dc_rec));
	const char *str = m.body + n * sizeof(struct dc_rec) + na * 4;
	if (!fits || !stubs_sound(h, rec, aoff, str, len)) {
		munmap(m.p, m.len);
		return -1;
	}
	if (r->cap - r->n < n) {
		r->cap = r->n + n;
		r->stubs = xrealloc(r->stubs, r->cap * sizeof(*r->stubs));
	}
	const char **aliases = catalog_alloc(cat, (na + 1) * sizeof(*aliases));
	for (uint64_t a = 0; a < na; a++)
		aliases[a] = str + aoff[a];
	for (uint64_t i = 0; i < n; i++) {
		const struct dc_rec *x = &rec[i];
		r->stubs[r->n++] = (struct system){
			/* stubs own nothing and their strings are never written */
			.id = (char *)str + x->id, .name = (char *)str + x->name,
			.vendor = (char *)str + x->vendor, .category = (char *)str + x->category,
			.aliases = (char **)aliases + x->alias0, .naliases = x->naliases,
			.tier = x->tier, .popular = x->popular, .core = x->core, .available = x->available,
			.auth.method = (char *)str + x->method, .src = text + x->src_off, .srclen = x->src_len};
	}
	catalog_keep_map(cat, m.p, m.len);
	return 0;
}

/* ---- writing: a temporary file, then its header, then the rename -------- */

struct writer {
	FILE *f;
	bool failed;
};

static void put(void *ctx, const void *p, size_t n)
{
	struct writer *w = ctx;
	if (!w->failed && n && fwrite(p, 1, n, w->f) != n)
		w->failed = true;
}

/* Opens a temporary file beside the cache file; the header comes last. */
static int begin(const char *file, char *tmp, size_t size, struct writer *w)
{
	static const struct dc_header blank;
	str_fmt(tmp, size, "%s.%ld.tmp", file, (long)getpid());
	int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600); /* read back for the checksum */
	if (fd < 0 || !(w->f = fdopen(fd, "w+b"))) {
		if (fd >= 0)
			close(fd), unlink(tmp);
		return -1;
	}
	w->failed = false;
	put(w, &blank, sizeof(blank));
	return 0;
}

/* body_sum of the file's bytes after the header, read back a piece at a time. */
static int file_sum(int fd, uint64_t len, uint64_t key, uint64_t *sum)
{
	char *piece = xmalloc(SUM_PIECE);
	uint64_t h = key, at = 0;
	while (at < len) {
		size_t want = len - at < SUM_PIECE ? (size_t)(len - at) : SUM_PIECE;
		if (pread(fd, piece, want, (off_t)(sizeof(struct dc_header) + at)) != (ssize_t)want)
			break;
		h = fast_hash(piece, want, h);
		at += want;
	}
	free(piece);
	*sum = h;
	return at == len ? 0 : -1;
}

/* Checksums the body as written, writes the header, renames into place. */
static void finish(const char *file, const char *tmp, struct writer *w, struct dc_header *h)
{
	int fd = fileno(w->f);
	w->failed = w->failed || fflush(w->f) != 0;
	off_t end = w->failed ? -1 : lseek(fd, 0, SEEK_END);
	if (end >= (off_t)sizeof(*h)) {
		h->body_len = (uint64_t)end - sizeof(*h);
		w->failed = file_sum(fd, h->body_len, h->key, &h->body_sum) < 0 ||
			    pwrite(fd, h, sizeof(*h), 0) != (ssize_t)sizeof(*h) || fsync(fd) != 0;
	} else {
		w->failed = true;
	}
	if (fclose(w->f) != 0)
		w->failed = true;
	if (w->failed || rename(tmp, file) != 0)
		unlink(tmp);
}

/* Offsets of the strings as they will be laid out: each string after the
 * previous one, in record order. */
static uint32_t next_str(uint64_t *at, const char *s)
{
	uint32_t here = (uint32_t)*at;
	*at += strlen(s ? s : "") + 1;
	return here;
}

static void put_str(struct writer *w, const char *s)
{
	put(w, s ? s : "", strlen(s ? s : "") + 1);
}

void dropin_cache_write(const char *path, const char *text, size_t len, uint64_t sum,
			const struct system *stubs, size_t n)
{
	char file[PATHS_MAX], tmp[PATHS_MAX + 32];
	struct writer w;
	struct dc_header h = {.recsize = sizeof(struct dc_rec), .syssize = sizeof(struct system),
			      .key = sum, .file_len = len, .n = n};
	struct buf aoff;
	uint64_t at = 0;
	if (cache_path(file, sizeof(file), "dropin", path_name(path), true) < 0 ||
	    begin(file, tmp, sizeof(tmp), &w) < 0)
		return;
	memcpy(h.magic, DC_MAGIC, 8);
	buf_init(&aoff);
	for (size_t i = 0; i < n; i++) { /* the records, and where their strings will be */
		const struct system *s = &stubs[i];
		struct dc_rec x = {.naliases = (uint32_t)s->naliases, .alias0 = h.naliases,
				   .tier = s->tier, .popular = s->popular, .core = s->core,
				   .available = s->available, .src_off = (uint64_t)(s->src - text),
				   .src_len = s->srclen};
		x.id = next_str(&at, s->id), x.name = next_str(&at, s->name);
		x.vendor = next_str(&at, s->vendor), x.category = next_str(&at, s->category);
		x.method = next_str(&at, s->auth.method);
		for (size_t a = 0; a < s->naliases; a++) {
			uint32_t off = next_str(&at, s->aliases[a]);
			buf_add(&aoff, &off, sizeof(off));
		}
		h.naliases += s->naliases;
		put(&w, &x, sizeof(x));
	}
	w.failed = w.failed || at >= UINT32_MAX; /* offsets are 32-bit: such a file is not cached */
	put(&w, aoff.data, aoff.len);
	buf_free(&aoff);
	h.strlen = at;
	for (size_t i = 0; i < n && !w.failed; i++) { /* the strings, in the same order */
		const struct system *s = &stubs[i];
		put_str(&w, s->id), put_str(&w, s->name), put_str(&w, s->vendor);
		put_str(&w, s->category), put_str(&w, s->auth.method);
		for (size_t a = 0; a < s->naliases; a++)
			put_str(&w, s->aliases[a]);
	}
	finish(file, tmp, &w, &h);
}

/* ---- the search index ------------------------------------------------------- */

struct search *dropin_search_read(const struct catalog *cat, uint64_t key)
{
	char file[PATHS_MAX];
	struct mapped m;
	if (cache_path(file, sizeof(file), "search", 0, false) < 0 || map_cache(file, DS_MAGIC, key, &m) < 0)
		return NULL;
	if (m.h->n != cat->n) {
		munmap(m.p, m.len);
		return NULL;
	}
	struct search *s = search_load_catalog(cat, m.body, m.h->body_len);
	if (!s) {
		munmap(m.p, m.len);
		return NULL;
	}
	search_own_map(s, m.p, m.len);
	return s;
}

void dropin_search_write(const struct search *s, const struct catalog *cat, uint64_t key)
{
	char file[PATHS_MAX], tmp[PATHS_MAX + 32];
	struct writer w;
	struct dc_header h = {.recsize = sizeof(struct dc_rec), .syssize = sizeof(struct system), .key = key};
	if (cache_path(file, sizeof(file), "search", 0, true) < 0 || begin(file, tmp, sizeof(tmp), &w) < 0)
		return;
	memcpy(h.magic, DS_MAGIC, 8);
	h.n = cat->n;
	search_save_to(s, put, &w);
	finish(file, tmp, &w, &h);
}
