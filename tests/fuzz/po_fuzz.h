/* po_fuzz.h: the body of every reader's fuzz target (fuzz_po_*.c). The
 * input is one server answer, fed to the reader's page parser and, when the
 * reader fetches records one by one, to its record parser too, without the
 * network (reader.h: rd_new_offline). Anything but a clean return is a bug:
 * sanitizers report crashes, leaks and undefined behaviour. */
#ifndef PO_FUZZ_H
#define PO_FUZZ_H
#include "data/reader.h"
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void po_fuzz_record(void *arg, const struct po *po)
{
	char *j = po_to_json(po, 1); /* the writer must cope with whatever came */
	(void)arg;
	free(j);
}

static void po_fuzz_warn(void *arg, const char *text)
{
	(void)arg, (void)text;
}

static int po_fuzz(const struct reader *r, const uint8_t *data, size_t size)
{
	struct rd_opts opts = {.scope = "fuzz", .status = -1, .raw = size & 1, .page_size = 3};
	struct onr_error err;
	struct rd *rd = rd_new_offline(r, &opts, po_fuzz_record, po_fuzz_warn, NULL);
	char *body = malloc(size + 1);
	memcpy(body, data, size);
	body[size] = 0; /* what the HTTP layer hands over: a counted, NUL-ended buffer */
	rd_offline_page(rd, body, size, &err);
	rd_offline_page(rd, body, size, &err); /* readers with two kinds of page (Odoo: orders, lines) */
	if (r->parse_item)
		rd_offline_item(rd, body, size, &err);
	free(body);
	rd_free(rd);
	return 0;
}
#endif
