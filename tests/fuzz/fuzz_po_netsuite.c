/* libFuzzer: NetSuite's list and record answers (core/data/read_netsuite.c). */
#include "po_fuzz.h"

extern const struct reader reader_netsuite;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_netsuite, data, size);
}
