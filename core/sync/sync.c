/* sync.c: one sync run (see sync.h). The reader hands orders over one at a
 * time during each page's parse; they are kept until the page is complete
 * (the next page's first order, or the end). Whole pages are then written
 * together, SYNC_GROUP_RECORDS or SYNC_GROUP_MS at a time, in one
 * transaction: one commit (and one disk sync) per group instead of per
 * page, and the write lock is never held across the network. */
#include "sync/sync_impl.h"
#include "data/errors.h"
#include "data/open.h"
#include "data/raw.h"
#include "util.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static time_t parse_utc(const char *s)
{
	struct tm tm = {0};
	if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			 &tm.tm_min, &tm.tm_sec) < 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* Forgets the kept orders from index from on. */
static void page_truncate(struct sync *s, size_t from)
{
	for (size_t i = from; i < s->npage; i++) {
		free(s->page[i].remote_id);
		free(s->page[i].json);
		free(s->page[i].raw_status);
		free(s->page[i].raw);
	}
	s->npage = from;
	if (s->page_start > from)
		s->page_start = from;
}

static void page_clear(struct sync *s)
{
	page_truncate(s, 0);
	s->kept_pages = 0;
}

/* A page just completed: write the kept pages now, or keep reading? */
static bool group_full(const struct sync *s)
{
	size_t most = s->o.group > 0 ? (size_t)s->o.group : SYNC_GROUP_RECORDS;
	return s->npage >= most || now_ms() - s->flushed_ms >= SYNC_GROUP_MS;
}

/* A zeroed slot for the next order of the page being read (writing the
 * kept pages first when this one starts a new page and they are enough),
 * or NULL when the run stopped. Not counted until the caller does. */
static struct rec *page_slot(struct sync *s)
{
	struct rec *r;
	if (s->stopping)
		return NULL;
	if (s->npage && rd_pages(s->rd) != s->page_no) { /* the previous page is complete */
		s->kept_pages++;
		s->page_start = s->npage;
		if (group_full(s) && sync_flush(s, false) != 0)
			return NULL;
	}
	s->page_no = rd_pages(s->rd);
	if (s->npage == s->cap)
		s->page = xrealloc(s->page, (s->cap = s->cap ? s->cap * 2 : 128) * sizeof(*s->page));
	r = &s->page[s->npage];
	memset(r, 0, sizeof(*r));
	r->model = SYNC_MODEL;
	return r;
}

/* rd_src_fn: an order stored from these very bytes is only seen (a full
 * run must not sweep it): no tree, model, scrubbed copy or comparison. */
_Static_assert(PO_SRC_HEX == SYNC_SRC_HEX, "one hash, one size");

static int on_src(void *arg, const char *bytes, size_t len, char hex[PO_SRC_HEX])
{
	struct sync *s = arg;
	const char *id;
	struct rec *r;
	sync_src_hash(s->src, bytes, len, hex);
	if (!(id = src_known_find(s->known, hex)))
		return 0;
	/* a copy met before (another page) is left out: the first is kept */
	if (!rd_skipped_once(s->rd, id) || !(r = page_slot(s)))
		return 1;
	r->remote_id = xstrdup(id);
	r->unchanged = true;
	s->npage++;
	s->records++;
	return 1;
}

static void known_add(void *arg, const char *src_hash, const char *remote_id)
{
	src_known_add(arg, src_hash, remote_id);
}

/* The hashes this connection's orders were stored from, read once. A
 * failure only means nothing is skipped. */
static void src_start(struct sync *s, const struct reader *r, const unsigned char *key)
{
	struct onr_error ignore;
	/* the settings: another company or address is another source */
	if (!r->list_key || !(s->src = sync_src_new(key, SYNC_SRC_VERSION, r->name, s->info.public_json)))
		return;
	s->known = src_known_new(true); /* the ids: the "two pages" check (rd_skipped_once) */
	if (db_records_src_each(s->db, s->run.conn, SYNC_MODEL, known_add, s->known, &ignore) != 0) {
		src_known_free(s->known);
		s->known = NULL;
	}
}

static void on_record(void *arg, const struct po *po)
{
	struct sync *s = arg;
	struct rec *r = page_slot(s);

	if (!r)
		return;
	str_copy(r->src_hash, sizeof(r->src_hash), po->src_hash);
	r->remote_id = xstrdup(po->remote_id ? po->remote_id : po->id ? po->id : "");
	r->json = po_to_json(po, 0);
	r->raw_status = xstrdup(po->remote_status ? po->remote_status : "");
	r->raw = po->remote_raw ? (strlen(po->remote_raw) <= RAW_MAX ? xstrdup(po->remote_raw) : NULL)
				: raw_json(po->remote_data, RAW_MAX);
	if (!r->raw)
		r->raw = xstrdup(""); /* too big: stored as not kept */
	r->modified = parse_utc(po->updated_at ? po->updated_at : po->created_at);
	if (!r->json || sync_hash(r->json, r->hash) != 0) {
		free(r->remote_id);
		free(r->json);
		free(r->raw_status);
		free(r->raw);
		return;
	}
	s->npage++;
	s->records++;
	if (po->updated_at && strcmp(po->updated_at, s->max_seen) > 0)
		str_copy(s->max_seen, sizeof(s->max_seen), po->updated_at);
}

void sync_drop_incomplete(struct sync *s)
{
	/* the reader counts a page once it parsed all of it: orders of the
	 * page whose parse failed are not a page (the whole pages before it
	 * stay kept) */
	if (s->npage && s->rd && rd_pages(s->rd) == s->page_no)
		page_truncate(s, s->page_start);
}

static void on_warn(void *arg, const char *text)
{
	struct sync *s = arg;
	if (s->o.trace)
		fprintf(s->o.trace, "warning: %s\n", text);
}

/* Inside the page's transaction: the page's records, counted. */
static int write_page(struct sync *s, time_t now)
{
	struct onr_error ignore;
	/* at the first order to write: a bigger cache (its RSS only then); a
	 * failure only leaves it slower */
	for (size_t i = 0; !s->tuned && i < s->npage; i++) {
		if (!s->page[i].unchanged) {
			db_records_tune(s->db, &ignore);
			s->tuned = true;
		}
	}
	for (size_t i = 0; i < s->npage; i++) {
		enum rec_action act;
		if (db_record_put(s->db, s->run.conn, s->run.id, &s->page[i], now, s->sweep, &act,
				  &s->err) != 0)
			return -1;
		s->run.added += act == REC_ADDED;
		s->run.updated += act == REC_UPDATED;
		s->run.skipped += s->page[i].unchanged;
	}
	return 0;
}

/* Inside the last page's transaction of a run that read every page. */
static int finish_complete(struct sync *s, time_t now)
{
	char mark[32];
	int deleted = 0;
	if (db_mark_get(s->db, s->run.conn, SYNC_MODEL, mark, &s->err) != 0)
		return -1;
	if (s->max_seen[0] && strcmp(s->max_seen, mark) > 0 &&
	    db_mark_set(s->db, s->run.conn, SYNC_MODEL, s->max_seen, &s->err) != 0)
		return -1;
	if (s->sweep && db_records_sweep(s->db, s->run.conn, SYNC_MODEL, s->run.id, now, &deleted,
					    &s->err) != 0)
		return -1;
	s->run.deleted += deleted;
	return 0;
}

/* Writes the kept pages in one transaction; with last, also the mark (when
 * complete), the sweep (full runs) and the run's end. A disconnect that
 * came first wins: nothing is written and the run stops. */
int sync_flush(struct sync *s, bool last)
{
	time_t now = time(NULL);
	bool cancel = false;
	struct db_run before = s->run;
	int rc = db_begin(s->db, &s->err);

	if (rc == 0 && (rc = db_run_cancelled(s->db, s->run.id, &cancel, &s->err)) == 0 && cancel) {
		db_rollback(s->db);
		page_clear(s);
		s->stopping = true;
		return 1;
	}
	if (rc == 0 && s->npage) {
		rc = write_page(s, now);
		/* the kept whole pages, and the last one when the reading ended */
		s->run.pages += rc == 0 ? s->kept_pages + (s->npage > s->page_start) : 0;
	}
	if (rc == 0 && last && s->complete)
		rc = finish_complete(s, now);
	if (rc == 0 && last)
		rc = sync_record_end(s, now);
	if (rc == 0)
		rc = db_commit(s->db, &s->err);
	page_clear(s);
	s->flushed_ms = now_ms();
	if (rc != 0) {
		db_rollback(s->db);
		s->run = before; /* counts of what was rolled back do not count */
		s->write_failed = true;
		s->stopping = true;
		return -1;
	}
	if (s->o.on_page && !last)
		s->o.on_page(s->o.arg, s);
	return 0;
}

static void finish_cb(void *arg)
{
	sync_finish((struct sync *)arg);
}

static void on_done(void *arg)
{
	struct sync *s = arg;
	/* rd calls this from inside itself: finish from the loop instead */
	s->finish_timer = loop_after(s->l, 0, finish_cb, s);
}

static void poll_cb(void *arg)
{
	struct sync *s = arg;
	bool cancel = false;
	struct onr_error ignore;
	s->poll_timer = -1;
	if (s->finished)
		return;
	if (s->write_failed) {
		sync_finish(s);
		return;
	}
	if (s->stopping || (db_run_cancelled(s->db, s->run.id, &cancel, &ignore) == 0 && cancel)) {
		sync_cancel_now(s, true);
		return;
	}
	s->poll_timer = loop_after(s->l, SYNC_CANCEL_POLL_MS, poll_cb, s);
}

static int read_start(struct sync *s, const struct catalog *cat, struct onr_error *err)
{
	char mark[32];
	const struct reader *r;

	unsigned char *key = NULL;

	if (data_open_form_keyed(s->run.conn, s->o.pass, cat, &s->form, &s->info, &key, err) != 0)
		return -1;
	if (!(r = reader_for(s->form->sys->id))) {
		struct err_vars v = {.detail = s->form->sys->name};
		sodium_free(key);
		data_fail(err, "data.no_reader", &v, NULL);
		return -1;
	}
	src_start(s, r, key);
	sodium_free(key);
	if (!s->run.full && db_mark_get(s->db, s->run.conn, SYNC_MODEL, mark, err) != 0)
		return -1;
	if (!s->run.full && mark[0]) {
		time_t t = parse_utc(mark) - SYNC_LOOKBACK_S;
		store_time_str(t > 0 ? t : 1, s->since);
	}
	struct rd_opts ro = {.scope = s->run.conn,
			     .since = s->since[0] ? s->since : NULL,
			     .status = -1,
			     .page_size = s->o.page_size,
			     .trace = s->o.trace,
			     .raw = true,
			     .cafile = *s->info.cafile ? s->info.cafile : NULL,
			     .pin = s->info.npins ? s->info.pins[0] : NULL,
			     .plain_http = s->info.plain_http && *s->info.plain_http ? s->info.plain_http : NULL};
	/* a first sync has nothing to sweep: no seen ids */
	if (s->run.full && (db_records_live(s->db, s->run.conn, SYNC_MODEL, &s->sweep, err) != 0 ||
			    (s->sweep && db_seen_reset(s->db, s->run.conn, err) != 0)))
		return -1;
	s->rd = rd_start(s->l, r, s->form->sys, s->form, &ro, on_record, on_warn, on_done, s);
	if (s->src)
		rd_set_src(s->rd, on_src);
	return 0;
}

struct sync *sync_start(struct loop *l, struct db *db, const struct catalog *cat, const char *id,
			const struct sync_opts *o, struct onr_error *err)
{
	struct sync *s = xcalloc(1, sizeof(*s));
	s->l = l;
	s->db = db;
	s->o = *o;
	s->poll_timer = s->finish_timer = -1;
	s->flushed_ms = now_ms();
	s->run.full = o->full;
	s->run.started = time(NULL);
	str_copy(s->run.conn, sizeof(s->run.conn), id);
	str_copy(s->run.model, sizeof(s->run.model), SYNC_MODEL);
	if (sync_begin_run(s, err) != 0) {
		sync_free(s);
		return NULL;
	}
	if (read_start(s, cat, err) != 0) {
		s->err = *err;
		sync_fail_start(s);
		sync_free(s);
		return NULL;
	}
	s->poll_timer = loop_after(l, SYNC_CANCEL_POLL_MS, poll_cb, s);
	return s;
}

bool sync_done(const struct sync *s)
{
	return s->finished;
}

const struct db_run *sync_run(const struct sync *s)
{
	return &s->run;
}

long sync_records(const struct sync *s)
{
	return s->records;
}

const struct onr_error *sync_error(const struct sync *s)
{
	return s->run.status == RUN_DONE ? NULL : &s->err;
}

void sync_free(struct sync *s)
{
	if (!s)
		return;
	s->o.on_done = NULL; /* the caller is freeing it: no call back */
	if (!s->finished && s->run.id)
		sync_cancel_now(s, false);
	if (s->poll_timer >= 0)
		loop_cancel(s->l, s->poll_timer);
	if (s->finish_timer >= 0)
		loop_cancel(s->l, s->finish_timer);
	rd_free(s->rd);
	page_clear(s);
	free(s->page);
	form_free(s->form);
	conn_free(&s->info);
	sync_src_free(s->src);
	src_known_free(s->known);
	free(s);
}
