/* libFuzzer: Maximo MXAPIPO pages (core/data/read_maximo.c). */
#include "po_fuzz.h"

extern const struct reader reader_maximo;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_maximo, data, size);
}
