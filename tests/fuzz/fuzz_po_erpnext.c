/* libFuzzer: ERPNext list and document answers (core/data/read_erpnext.c). */
#include "po_fuzz.h"

extern const struct reader reader_erpnext;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_erpnext, data, size);
}
