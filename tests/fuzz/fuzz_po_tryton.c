/* libFuzzer target: the tryton reader's page parser (core/data/read_tryton.c). */
#include "po_fuzz.h"

extern const struct reader reader_tryton;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_tryton, data, size);
}
