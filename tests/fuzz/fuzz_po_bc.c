/* libFuzzer target: the bc reader's page parser (core/data/read_bc.c). */
#include "po_fuzz.h"

extern const struct reader reader_bc;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_bc, data, size);
}
