/* libFuzzer: Dynamics 365 F&O header and line pages (core/data/read_fo.c). */
#include "po_fuzz.h"

extern const struct reader reader_fo;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_fo, data, size);
}
