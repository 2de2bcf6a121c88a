/* libFuzzer: Oracle Fusion purchaseOrders pages (core/data/read_oracle.c). */
#include "po_fuzz.h"

extern const struct reader reader_oracle;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_oracle, data, size);
}
