/* The record side of a read: stable ids, duplicates, filters, warnings;
 * and reads without the network for tests and fuzzing. */
#include "data/rd_impl.h"
#include "i18n.h"
#include "data/errors.h"
#include "data/json.h"
#include "data/raw.h"
#include "util.h"
#include <cJSON.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void rd_common_init(struct rd *rd, const struct reader *r, const struct rd_opts *opts, rd_record_fn on_record,
		    rd_warn_fn on_warn, void *arg)
{
	rd->r = r;
	if (opts)
		rd->opts = *opts;
	if (!rd->opts.scope)
		rd->opts.scope = "preview";
	if (!rd->opts.page_size)
		rd->opts.page_size = 100;
	if (!rd->opts.max_pages)
		rd->opts.max_pages = 10000;
	rd->state = xcalloc(1, r->state_size ? r->state_size : 1);
	rd->on_record = on_record;
	rd->on_warn = on_warn;
	rd->arg = arg;
	rd->first = true;
}

void rd_common_free(struct rd *rd)
{
	if (rd->r->free_state)
		rd->r->free_state(rd->state);
	free(rd->state);
	free(rd->next);
	seen_free(&rd->records);
	seen_free(&rd->requests);
	seen_free(&rd->warned);
	raw_ctx_free(rd->raw_ctx);
	rd_src_free(rd);
}

void *rd_state(struct rd *rd) { return rd->state; }
bool rd_first(const struct rd *rd) { return rd->first; }
int rd_page_size(const struct rd *rd) { return rd->opts.page_size; }
const char *rd_since(const struct rd *rd) { return rd->opts.since; }
const struct system *rd_system(const struct rd *rd) { return rd->sys; }
const struct form *rd_form(const struct rd *rd) { return rd->form; }
const char *rd_next(const struct rd *rd) { return rd->next; }
bool rd_done(const struct rd *rd) { return rd->done; }
const struct onr_error *rd_error(const struct rd *rd) { return rd->failed ? &rd->err : NULL; }
long rd_count(const struct rd *rd) { return rd->count; }
int rd_pages(const struct rd *rd) { return rd->pages; }

const char *rd_field(const struct rd *rd, const char *key)
{
	return rd->form ? form_value(rd->form, key) : NULL;
}

void rd_warn(struct rd *rd, const char *fmt, ...)
{
	char raw[512], clean[512];
	va_list ap;
	if (!rd->on_warn || rd->warnings > RD_MAX_WARNINGS)
		return;
	if (rd->warnings == RD_MAX_WARNINGS) {
		rd->warnings++;
		rd->on_warn(rd->arg, _("more warnings were left out"));
		return;
	}
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	str_clean(clean, sizeof(clean), raw, strlen(raw));
	if (seen_add(&rd->warned, seen_hash(clean, strlen(clean), 0))) { /* once each */
		rd->warnings++;
		rd->on_warn(rd->arg, clean);
	}
}

int rd_fail_page(struct onr_error *err, const char *why)
{
	return data_fail(err, "data.bad_page", NULL, why);
}

void rd_keep_raw(struct rd *rd, struct po *po, const cJSON *record)
{
	cJSON *copy;
	char *text;
	rd_src_mark(rd, po, record);
	if (!rd->opts.raw)
		return;
	if (!rd->raw_ctx)
		rd->raw_ctx = raw_ctx_new();
	if ((text = raw_write(rd->raw_ctx, record, rd->redact))) { /* the usual way: no copy of the tree */
		po_drop(&po->remote_raw);
		po->remote_raw = text;
		return;
	}
	if (!(copy = cJSON_Duplicate(record, true)))
		return;
	json_unmark(copy); /* the digits as the source sent them */
	raw_scrub(copy, rd->redact);
	cJSON_Delete(po->remote_data);
	po->remote_data = copy;
}

/* The 16 bytes of h as 32 lowercase hex digits at out (no NUL): all
 * sixteen at once with SSE2 (each nibble to '0'-'9', or on by 39 to
 * 'a'-'f'), else a byte at a time. */
static void hex16(char *out, const unsigned char h[16])
{
#if defined(__SSE2__)
	const __m128i mask = _mm_set1_epi8(0x0f), nine = _mm_set1_epi8(9), zero = _mm_set1_epi8('0'),
		      gap = _mm_set1_epi8('a' - '0' - 10);
	__m128i b = _mm_loadu_si128((const __m128i *)(const void *)h);
	__m128i hi = _mm_and_si128(_mm_srli_epi16(b, 4), mask), lo = _mm_and_si128(b, mask);
	__m128i x = _mm_unpacklo_epi8(hi, lo), y = _mm_unpackhi_epi8(hi, lo); /* high nibble first */
	x = _mm_add_epi8(_mm_add_epi8(x, zero), _mm_and_si128(_mm_cmpgt_epi8(x, nine), gap));
	y = _mm_add_epi8(_mm_add_epi8(y, zero), _mm_and_si128(_mm_cmpgt_epi8(y, nine), gap));
	_mm_storeu_si128((__m128i *)(void *)out, x);
	_mm_storeu_si128((__m128i *)(void *)(out + 16), y);
#else
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < 16; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
#endif
}

/* "po_" + 32 hex of BLAKE2b(scope, system, remote id): the same order
 * read through the same connection always gets the same id. The hash of
 * the first two, the same for every order of a read, is taken once and
 * its state copied for each order. */
static void stable_id(struct rd *rd, struct po *po)
{
	unsigned char h[16];
	char id[3 + 2 * sizeof(h)] = "po_";
	crypto_generichash_state st;
	if (!rd->id_ready) {
		const char *sys = rd->sys ? rd->sys->id : rd->r->name;
		crypto_generichash_init(&rd->id_prefix, NULL, 0, sizeof(h));
		crypto_generichash_update(&rd->id_prefix, (const unsigned char *)rd->opts.scope, strlen(rd->opts.scope) + 1);
		crypto_generichash_update(&rd->id_prefix, (const unsigned char *)sys, strlen(sys) + 1);
		rd->id_ready = true;
	}
	st = rd->id_prefix;
	crypto_generichash_update(&st, (const unsigned char *)po->remote_id, strlen(po->remote_id));
	crypto_generichash_final(&st, h, sizeof(h));
	/* sodium_bin2hex is written to take the same time for every input,
	 * which an id made public anyway does not need */
	hex16(id + 3, h);
	po_set_clean_n(&po->id, id, sizeof(id)); /* hex: nothing to clean */
}

/* The first time this read meets remote_id? Else the warning (shown: how
 * the order is named in it). */
static bool first_time(struct rd *rd, const char *remote_id, const char *shown)
{
	if (seen_add(&rd->records, seen_hash(remote_id, strlen(remote_id), 0)))
		return true;
	rd_warn(rd, _("%s came on two pages (the list changed while it was read); the first was kept"), shown);
	return false;
}

bool rd_skipped_once(struct rd *rd, const char *remote_id)
{
	return !*remote_id || first_time(rd, remote_id, remote_id);
}

void rd_emit(struct rd *rd, struct po *po)
{
	if (!po->remote_id) {
		rd_warn(rd, _("an order without a key was left out"));
	} else if (!first_time(rd, po->remote_id, po->number ? po->number : po->remote_id)) {
		; /* the first was kept */
	} else {
		rd->emitted_page++;
		po_finish(po);
		stable_id(rd, po);
		if (rd->opts.limit && rd->count >= rd->opts.limit)
			rd->full = true;
		else if (rd->opts.status < 0 || (int)po->status == rd->opts.status) {
			if (rd->on_record)
				rd->on_record(rd->arg, po);
			rd->count++;
			rd->full = rd->opts.limit && rd->count >= rd->opts.limit;
		}
	}
	po_free(po);
}

struct rd *rd_new_offline(const struct reader *r, const struct rd_opts *opts, rd_record_fn on_record,
			  rd_warn_fn on_warn, void *arg)
{
	struct rd *rd = xcalloc(1, sizeof(*rd));
	rd_common_init(rd, r, opts, on_record, on_warn, arg);
	return rd;
}

int rd_offline_page(struct rd *rd, const char *body, size_t len, struct onr_error *err)
{
	free(rd->next);
	rd->next = NULL;
	rd_fan_free(rd); /* the previous page's rd_fetch list */
	rd->emitted_page = 0;
	body = rd_src_page(rd, body, len, &len);
	int rc = rd->r->parse(rd, body, len, err);
	rd->first = false;
	rd->pages++;
	return rc;
}
