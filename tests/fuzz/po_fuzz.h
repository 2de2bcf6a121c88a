/* po_fuzz.h: what the reader fuzz targets share: the bytes go to one
 * reader's parse() as a page (twice, so paging state and duplicates are
 * exercised too), each record is written as JSON, with --raw. Readers that
 * fetch each record by its own URL (reader.h: parse_item) get the bytes as
 * a record answer too; readers with a list_key are read once more as a
 * sync reads them, skipping some elements by their bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "data/reader.h"

static void po_fuzz_record(void *arg, const struct po *po)
{
	(void)arg;
	free(po_to_json(po, 1));
}

/* A sync's skipping (reader.h: list_key): "knows" each element of odd
 * length, so pages mix nulled and built elements. */
static int po_fuzz_src(void *arg, const char *bytes, size_t len, char hex[PO_SRC_HEX])
{
	(void)arg;
	(void)bytes;
	memset(hex, 'a' + (int)(len % 16), PO_SRC_HEX - 1);
	hex[PO_SRC_HEX - 1] = 0;
	return (int)(len & 1);
}

static int po_fuzz_page(const struct reader *r, const uint8_t *data, size_t size)
{
	struct rd_opts o = {.status = -1, .page_size = 2, .raw = true};
	struct onr_error err;
	struct rd *rd = rd_new_offline(r, &o, po_fuzz_record, NULL, NULL);
	rd_offline_page(rd, (const char *)data, size, &err);
	rd_offline_page(rd, (const char *)data, size, &err);
	if (r->parse_item)
		rd_offline_item(rd, (const char *)data, size, &err);
	rd_free(rd);
	if (r->list_key) { /* the page scanned for its elements first */
		rd = rd_new_offline(r, &o, po_fuzz_record, NULL, NULL);
		rd_set_src(rd, po_fuzz_src);
		rd_offline_page(rd, (const char *)data, size, &err);
		rd_offline_page(rd, (const char *)data, size, &err);
		rd_free(rd);
	}
	return 0;
}
