/* libFuzzer: SAP Business One Service Layer pages (core/data/read_b1.c). */
#include "po_fuzz.h"

extern const struct reader reader_b1;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_b1, data, size);
}
