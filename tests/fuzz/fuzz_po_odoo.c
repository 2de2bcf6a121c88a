/* libFuzzer: Odoo's JSON-RPC search_read answers (core/data/read_odoo.c). */
#include "po_fuzz.h"

extern const struct reader reader_odoo;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_odoo, data, size);
}
