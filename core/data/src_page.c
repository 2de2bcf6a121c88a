/* Skipping records a sync already stored, before they are built (reader.h:
 * list_key, rd_set_src). Each element of the page's list is found by its
 * bytes (spans.c) and shown to the caller; an element it knows is replaced
 * by null in a copy of the page, so the reader's parse passes over it at
 * the cost of reading four bytes: no tree, no model, no scrubbed copy.
 * The others keep their hash until rd_keep_raw is given their element. */
#include "data/rd_impl.h"
#include "data/spans.h"
#include "util.h"
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

void rd_set_src(struct rd *rd, rd_src_fn fn)
{
	rd->src_fn = fn;
}

/* The page with the known elements (skip[i]) written as null. */
static char *nulled(const char *body, size_t len, const struct span *sp, const bool *skip, long n,
		    size_t *outlen)
{
	char *out = xmalloc(len + 4 * (size_t)n + 1), *w = out; /* "{}" becomes "null" */
	size_t from = 0;
	for (long i = 0; i < n; i++) {
		if (!skip[i])
			continue;
		memcpy(w, body + from, sp[i].start - from);
		w += sp[i].start - from;
		memcpy(w, "null", 4);
		w += 4;
		from = sp[i].end;
	}
	memcpy(w, body + from, len - from);
	w += len - from;
	*w = 0;
	*outlen = (size_t)(w - out);
	return out;
}

/* The next page's link, handed to the reader before the page's orders
 * are hashed: it sends the next request now (rd_prefetch), so the next
 * page comes while this one is read, as it does when nothing is skipped
 * (then its parse, which comes first, sends it). */
static void early_next(struct rd *rd, const char *value, size_t len)
{
	cJSON *j = cJSON_ParseWithLength(value, len);
	if (cJSON_IsString(j) && rd->r->next_early)
		rd->r->next_early(rd, j->valuestring);
	cJSON_Delete(j);
}

const char *rd_src_page(struct rd *rd, const char *body, size_t len, size_t *outlen)
{
	struct span *sp = NULL;
	bool *skip;
	long n, known = 0;
	*outlen = len;
	rd->src_n = 0;
	free(rd->src_body);
	rd->src_body = NULL;
	struct span next;
	if (!rd->src_fn || !rd->r->list_key ||
	    (n = spans_of(body, len, rd->r->list_key, &sp, rd->r->next_key, &next)) <= 0)
		return body;
	if (rd->r->next_key && next.end)
		early_next(rd, body + next.start, next.end - next.start);
	if (n > rd->src_cap)
		rd->src_hex = xrealloc(rd->src_hex, (size_t)(rd->src_cap = n) * sizeof(*rd->src_hex));
	skip = xcalloc((size_t)n, sizeof(*skip));
	for (long i = 0; i < n; i++) {
		rd->src_hex[i][0] = 0;
		/* only orders: a page of other things (BC's companies) asks nothing */
		if (body[sp[i].start] == '{' &&
		    rd->src_fn(rd->arg, body + sp[i].start, sp[i].end - sp[i].start, rd->src_hex[i]) == 1)
			known += skip[i] = true;
	}
	rd->src_n = n;
	rd->emitted_page += known; /* progress, as if emitted */
	if (known)
		body = rd->src_body = nulled(body, len, sp, skip, n, outlen);
	free(skip);
	free(sp);
	return body;
}

void rd_src_mark(struct rd *rd, struct po *po, const cJSON *record)
{
	long after = 0, at;
	if (!rd->src_n || !record)
		return;
	/* cJSON keeps no index: count the elements after it */
	for (const cJSON *c = record->next; c && after < rd->src_n; c = c->next)
		after++;
	at = rd->src_n - 1 - after;
	if (at >= 0)
		memcpy(po->src_hash, rd->src_hex[at], PO_SRC_HEX);
}

void rd_src_free(struct rd *rd)
{
	free(rd->src_hex);
	free(rd->src_body);
	rd->src_hex = NULL;
	rd->src_body = NULL;
	rd->src_n = rd->src_cap = 0;
}
